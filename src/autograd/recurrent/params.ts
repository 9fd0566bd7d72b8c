// One direction's parameters, defined once: the seven slots of a recurrent layer direction in
// PyTorch layout, as tensors (modules, tape records) or as byte offsets (the scan), plus the
// packed-weight sources a module may hand in for inference.
// Shape legend: I input, H hidden, G gate rows (RNN H, LSTM 4H, GRU 3H).
import type { Tensor } from '../../tensor/tensor.js';

/**
 * The slots, in PyTorch parameter order: wIh (G, I), wHh (G, H), bIh (G), bHh (G), and the
 * peephole LSTM's diagonal pI, pF, pO (H). Absent slots (no bias, no peephole) are null / 0.
 */
export const DIR_SLOTS = ['wIh', 'wHh', 'bIh', 'bHh', 'pI', 'pF', 'pO'] as const;
export type DirSlot = (typeof DIR_SLOTS)[number];

/** One value per slot. */
export type DirOf<T> = { [K in DirSlot]: T };

/** One direction's parameter tensors; wIh and wHh always exist. */
export type DirTensors = DirOf<Tensor | null> & { wIh: Tensor; wHh: Tensor };

/**
 * A source of a packed weight: returns the offset of `bytes` bytes holding what `fill` writes for
 * this `key` (filling them first when they are missing or out of date), or 0 to let the scan pack
 * into the step arena.
 */
export type PackSource = (key: string, bytes: number, fill: (dst: number) => void) => number;

/**
 * What a module hands the scan for inference: keep W_hh (and W_ih as the input projection's
 * right operand) packed between forwards. The module decides when (src/nn/recurrent/pack_cache.ts).
 */
export interface DirPacks {
  hh?: PackSource;
  ih?: PackSource;
}

/** Byte offsets of one direction's parameters (0 = absent) and the packed-weight sources. */
export type DirParams = DirOf<number> & { packs: DirPacks | null };

/** Offsets of the slots of a tensor direction (0 where absent) or of its gradients. */
export function dirOffsets(p: DirTensors, of: (t: Tensor) => Tensor | null = (t) => t): DirOf<number> {
  const out = {} as DirOf<number>;
  for (const s of DIR_SLOTS) {
    const t = p[s];
    const u = t ? of(t) : null;
    out[s] = u ? u.ptr : 0;
  }
  return out;
}

/** The present tensors of a direction, in slot order. */
export function dirTensors(p: DirTensors): Tensor[] {
  const out: Tensor[] = [];
  for (const s of DIR_SLOTS) {
    const t = p[s];
    if (t) out.push(t);
  }
  return out;
}
