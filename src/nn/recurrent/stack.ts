// A stack of recurrent layers (L layers × D directions) over one sequence, on raw pointers:
// forward keeps every direction's scan workspace, backward runs the layers in reverse.
// Layouts (golden README 4.1): x (B, T, I) batch-first or (T, B, I) time-major; output the same
// layout with D*H features ([fwd | bwd], both indexed by the same t); h0/c0/hn/cn (L*D, B, H),
// row k = layer*D + direction. Layer l > 0 reads the full (D*H) output of layer l-1.
import type { Runtime } from '../../runtime/runtime.js';
import { scanBackward, scanForward, finalC, finalH, type CellKind, type DirGrads, type DirParams, type ScanCtx } from './scan.js';

export interface StackSpec {
  kind: CellKind;
  peephole: boolean;
  L: number;
  D: number;
  I: number;
  H: number;
  batchFirst: boolean;
}

export interface StackInputs {
  B: number;
  T: number;
  x: number; // byte offset of x
  h0: number; // (L*D, B, H) or 0
  c0: number; // LSTM (L*D, B, H) or 0
  lens: Int32Array | null; // (B), 1 <= len <= T
  /** Inverted dropout between layers (train only): keep probability 1 - p, scale 1/(1-p). */
  dropout: number;
  seed: number;
}

export interface StackCtx {
  spec: StackSpec;
  B: number;
  T: number;
  dirs: ScanCtx[]; // index l*D + d
  inputs: number[]; // per layer: byte offset of what the layer read (after dropout)
  masks: number[]; // per layer: dropout mask (B*T, D*H) for layer l's input, or 0
  lensPtr: number;
}

export interface StackOutputs {
  output: number; // (B*T, D*H) in the input's layout
  hn: number; // (L*D, B, H)
  cn: number; // LSTM (L*D, B, H), else 0
  ctx: StackCtx;
}

// mulberry32: seeded, so dropout masks are reproducible.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function stackForward(rt: Runtime, spec: StackSpec, params: DirParams[], inp: StackInputs): StackOutputs {
  const { L, D, H, kind } = spec;
  const { B, T } = inp;
  const k = rt.k;
  const a = rt.step;
  const BH4 = B * H * 4;
  let lensPtr = 0;
  if (inp.lens) {
    lensPtr = a.alloc(B * 4);
    rt.i32(lensPtr, B).set(inp.lens);
  }
  const hn = a.alloc(L * D * BH4);
  const cn = kind === 'lstm' ? a.alloc(L * D * BH4) : 0;
  const dirs: ScanCtx[] = [];
  const inputs: number[] = [];
  const masks: number[] = [];
  const next = rng(inp.seed);
  let x = inp.x;
  let I = spec.I;
  let out = 0;
  for (let l = 0; l < L; l++) {
    let mask = 0;
    if (l > 0 && inp.dropout > 0) {
      const n = B * T * I;
      mask = a.alloc(n * 4);
      const m = rt.f32(mask, n);
      const keep = 1 - inp.dropout;
      for (let i = 0; i < n; i++) m[i] = next() < keep ? 1 / keep : 0;
      const dropped = a.alloc(n * 4);
      k.f32_mul(dropped, x, mask, n);
      x = dropped;
    }
    inputs.push(x);
    masks.push(mask);
    out = a.alloc(B * T * D * H * 4);
    k.f32_fill(out, B * T * D * H, 0); // padded steps stay exactly 0
    for (let d = 0; d < D; d++) {
      const r = l * D + d;
      const c = scanForward(rt, { kind, peephole: spec.peephole, B, T, I, H, reverse: d === 1, batchFirst: spec.batchFirst },
        params[r], { ptr: x, stride: I }, { ptr: out + d * H * 4, stride: D * H },
        inp.h0 ? inp.h0 + r * BH4 : 0, inp.c0 ? inp.c0 + r * BH4 : 0, lensPtr, inp.lens);
      k.f32_copy(hn + r * BH4, finalH(c), B * H);
      if (cn) k.f32_copy(cn + r * BH4, finalC(c), B * H);
      dirs.push(c);
    }
    x = out;
    I = D * H;
  }
  return { output: out, hn, cn, ctx: { spec, B, T, dirs, inputs, masks, lensPtr } };
}

/**
 * Backward of stackForward. dOutput (B*T, D*H), dhn/dcn (L*D, B, H): any may be 0 (no gradient).
 * Accumulates into grads[l*D + d], dx (B*T, I) and dh0/dc0 (L*D, B, H) when non-zero.
 */
export function stackBackward(
  rt: Runtime, ctx: StackCtx, dOutput: number, dhn: number, dcn: number,
  grads: DirGrads[], dx: number, dh0: number, dc0: number,
): void {
  const { L, D, H } = ctx.spec;
  const { B, T } = ctx;
  const k = rt.k;
  const BH4 = B * H * 4;
  let dOut = dOutput;
  for (let l = L - 1; l >= 0; l--) {
    const I = l === 0 ? ctx.spec.I : D * H;
    // Gradient of this layer's input: the user's dx for layer 0, a fresh buffer otherwise.
    let dIn = 0;
    if (l > 0) {
      dIn = rt.step.alloc(B * T * I * 4);
      k.f32_fill(dIn, B * T * I, 0);
    } else dIn = dx;
    for (let d = 0; d < D; d++) {
      const r = l * D + d;
      scanBackward(rt, ctx.dirs[r], dOut ? { ptr: dOut + d * H * 4, stride: D * H } : null,
        dhn ? dhn + r * BH4 : 0, dcn ? dcn + r * BH4 : 0, grads[r],
        dIn ? { ptr: dIn, stride: I } : null, dh0 ? dh0 + r * BH4 : 0, dc0 ? dc0 + r * BH4 : 0);
    }
    if (l > 0 && ctx.masks[l]) k.f32_mul(dIn, dIn, ctx.masks[l], B * T * I);
    dOut = dIn;
  }
}
