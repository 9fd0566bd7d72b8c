// What nn.RNN/LSTM/GRU and the cells share: creating one direction's parameters under PyTorch's
// names, and running a stack of layers through the recurrent tape record (the one place its
// arguments are built). The module decides whether the packed-weight cache is used.
// Shape legend: B batch, T time, I input, H hidden, G gate rows, D directions, L layers.
import type { Runtime } from '../../runtime/runtime.js';
import type { Tensor } from '../../tensor/tensor.js';
import { isGradEnabled, needsGrad } from '../../autograd/tape.js';
import { dirTensors, recurrentLayer, type CellDef, type DirPacks, type DirSlot, type DirTensors, type StackArgs } from '../../autograd/recurrent/index.js';
import type { Rng } from '../../util/rng.js';
import { uniformValues } from '../init.js';
import { packedSource } from './pack_cache.js';

/** PyTorch's parameter name of each slot (the layer/direction suffix is appended). */
const SLOT_NAMES: Readonly<Record<DirSlot, string>> = {
  wIh: 'weight_ih', wHh: 'weight_hh', bIh: 'bias_ih', bHh: 'bias_hh', pI: 'peephole_i', pF: 'peephole_f', pO: 'peephole_o',
};

type MakeParam = (name: string, shape: number[], values: Float32Array, rt: Runtime) => Tensor;

/**
 * Creates one direction's parameters in slot order, each ~ U(-1/sqrt(H), 1/sqrt(H)) as PyTorch
 * (the draw order fixes the values for a seed), named e.g. `weight_ih_l0_reverse`.
 */
/** The parameter shapes createDir makes (sizes are checked against memory before any is drawn). */
export function dirShapes(cell: CellDef, I: number, H: number, bias: boolean): number[][] {
  const G = cell.gates * H;
  const out = [[G, I], [G, H]];
  if (bias) out.push([G], [G]);
  if (cell.peephole) out.push([H], [H], [H]);
  return out;
}

export function createDir(
  make: MakeParam, rt: Runtime, rng: Rng, cell: CellDef, I: number, H: number, bias: boolean, suffix: string,
): DirTensors {
  const G = cell.gates * H;
  const bound = 1 / Math.sqrt(H);
  const shapes: Record<DirSlot, number[] | null> = {
    wIh: [G, I], wHh: [G, H], bIh: bias ? [G] : null, bHh: bias ? [G] : null,
    pI: cell.peephole ? [H] : null, pF: cell.peephole ? [H] : null, pO: cell.peephole ? [H] : null,
  };
  const out = {} as Record<DirSlot, Tensor | null>;
  for (const [slot, shape] of Object.entries(shapes) as [DirSlot, number[] | null][]) {
    out[slot] = shape ? make(`${SLOT_NAMES[slot]}${suffix}`, shape, uniformValues(shape.reduce((s, d) => s * d, 1), bound, rng), rt) : null;
  }
  return out as DirTensors;
}

/** Packed-weight sources of a direction (kept between inference forwards, see pack_cache.ts). */
export function packsOf(p: DirTensors): DirPacks {
  return { hh: packedSource(p.wHh), ih: packedSource(p.wIh) };
}

/** A stack's fixed configuration: L*D directions in layer-major order. */
export interface StackConfig {
  cell: CellDef;
  hardGates: boolean;
  batchFirst: boolean;
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  D: number;
  dirs: readonly DirTensors[];
  packs: readonly DirPacks[];
}

export interface StackRun {
  B: number;
  T: number;
  h0: Tensor | null; // (L*D, B, H)
  c0: Tensor | null;
  hn: Tensor; // (L*D, B, H), written
  cn: Tensor | null;
  lens: Int32Array | null;
  lensPtr: number;
  /** The last layer returns its cell-state sequence too. */
  cellSeq: boolean;
  /** Applied to the input of every layer but the first (dropout between layers). */
  between?: (x: Tensor) => Tensor;
}

/** Runs every layer; returns the last layer's output (and cell sequence when asked). */
export function runStack(c: StackConfig, x: Tensor, r: StackRun): { out: Tensor; cellOut: Tensor | null } {
  const H = c.hiddenSize;
  const D = c.D;
  const a: StackArgs = {
    cell: c.cell, hardGates: c.hardGates, batchFirst: c.batchFirst, B: r.B, T: r.T, H,
    h0: r.h0, c0: r.c0, hn: r.hn, cn: r.cn, lens: r.lens, lensPtr: r.lensPtr,
  };
  let input = x;
  let res = { out: x, cellOut: null as Tensor | null };
  for (let l = 0; l < c.numLayers; l++) {
    if (l > 0 && r.between) input = r.between(input);
    const dirs = c.dirs.slice(l * D, (l + 1) * D);
    // Inference (nothing to record) reads W_hh / W_ih from the packed cache; training packs per
    // forward (the weights change every step).
    const train = isGradEnabled() && needsGrad(input, r.h0, r.c0, ...dirs.flatMap(dirTensors));
    res = recurrentLayer(a, {
      I: l === 0 ? c.inputSize : D * H, x: input, dirs, packs: train ? null : c.packs.slice(l * D, (l + 1) * D),
      rowBase: l * D, cellSeq: r.cellSeq && l === c.numLayers - 1,
    });
    input = res.out;
  }
  return res;
}

