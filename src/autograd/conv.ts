// conv1d: the differentiable 1-D convolution (PyTorch F.conv1d semantics) and its forward, which
// nn.Conv1d (through the op) and the ONNX Conv both run. Lowered to GEMM: per batch element and
// group, im2col (assembly/conv/conv1d.ts) unrolls the input into col (Cg*K, Lout) and the packed
// GEMM computes yᵀ = colᵀ · W_gᵀ on W packed once as the right operand (conv1dForward).
// Legend: B batch, Cin/Cout channels, g groups, Cg = Cin/g, Og = Cout/g, K taps, L/Lout lengths.
import { fmtShape, ShapeError } from '../errors.js';
import type { Runtime } from '../runtime/runtime.js';
import { gemmPacked } from '../runtime/parallel.js';
import { Tensor } from '../tensor/tensor.js';
import { checkFloat, runtimeOf } from './check.js';
import { conv1dColumns, conv1dGeometry, conv1dIsPointwise, type Conv1dGeometry, type Conv1dOptions } from './conv_geometry.js';
import { at } from './kern.js';
import type { PackSource } from './recurrent/index.js';
import { needsGrad } from './tape.js';
import { track } from './records.js';
import './backward.js'; // registers Tensor.backward (the reverse walk)

export type { Conv1dOptions, Conv1dPadding, Conv1dGeometry } from './conv_geometry.js';
export { conv1dGeometry } from './conv_geometry.js';

const align4 = (n: number): number => (n + 3) & ~3; // floats, so every scratch buffer is 16-byte aligned

/** Bytes of the packed weights conv1dForward reads: each group's W_g (Og, Cg*K) as the GEMM's right operand. */
export function conv1dPackedBytes(rt: Runtime, g: Conv1dGeometry): number {
  return g.groups * Number(rt.k.f32_packed_b_bytes((g.Cin / g.groups) * g.K, g.Cout / g.groups));
}

/** Packs w (Cout, Cg, K) at `dst` (conv1dPackedBytes of room): group j's panels follow group j-1's. */
export function conv1dPackWeights(rt: Runtime, g: Conv1dGeometry, w: number, dst: number): void {
  const Og = g.Cout / g.groups, KK = (g.Cin / g.groups) * g.K;
  const per = Number(rt.k.f32_packed_b_bytes(KK, Og));
  for (let j = 0; j < g.groups; j++) rt.k.f32_pack_b(dst + j * per, at(w, j * Og * KK), KK, 1, KK, Og);
}

/** Scratch floats conv1dForward needs: col (Cg*K, Lout) unless pointwise; colᵀ and yᵀ (Lout, Og) when Lout > 1. */
export function conv1dWorkFloats(g: Conv1dGeometry): number {
  const KK = (g.Cin / g.groups) * g.K, Og = g.Cout / g.groups;
  const col = conv1dIsPointwise(g) ? 0 : align4(KK * g.Lout);
  return col + (g.Lout > 1 ? align4(g.Lout * KK) + align4(g.Lout * Og) : 0);
}

/**
 * y (B, Cout, Lout) = conv(x (B, Cin, L)) (+ b (Cout)) on weights packed by conv1dPackWeights;
 * `work` holds conv1dWorkFloats(g) floats. Per batch element and group: col = im2col(x_g), then
 * yᵀ (Lout, Og) = colᵀ · W_gᵀ, so the GEMM's wide dimension is the out channels. Conv front-ends
 * (Silero's STFT and encoder) have Lout of 1 to 4, where W·col (N = Lout) leaves most SIMD lanes
 * idle: 3-5x slower. Lout = 1 writes y directly (colᵀ and yᵀ are col and y themselves); otherwise
 * two transposes move col and yᵀ, each a pass over a buffer the GEMM reads Og or Cg*K times.
 */
export function conv1dForward(rt: Runtime, g: Conv1dGeometry, x: number, packed: number, b: number, y: number, work: number): void {
  const { B, Cout, K, Lout, groups } = g;
  if (Lout === 0) return;
  const Og = Cout / groups, KK = (g.Cin / groups) * K;
  const per = Number(rt.k.f32_packed_b_bytes(KK, Og));
  const col = conv1dIsPointwise(g) ? 0 : work;
  const rows = work + 4 * (col ? align4(KK * Lout) : 0); // colᵀ (Lout, KK)
  const yt = rows + 4 * align4(Lout * KK); // yᵀ (Lout, Og)
  for (let i = 0; i < B; i++) {
    for (let j = 0; j < groups; j++) {
      const c = conv1dColumns(rt, g, x, i, j, col);
      const yg = at(y, (i * Cout + j * Og) * Lout), bg = b ? at(b, j * Og) : 0;
      if (Lout === 1) {
        gemmPacked(rt, 1, Og, KK, c, KK, packed + j * per, yg, Og, bg, 0, 0);
        continue;
      }
      rt.k.f32_transpose(rows, c, 1, KK, Lout, 0);
      gemmPacked(rt, Lout, Og, KK, rows, KK, packed + j * per, yt, Og, bg, 0, 0);
      rt.k.f32_transpose(yg, yt, 1, Lout, Og, 0);
    }
  }
}

/**
 * y (B, Cout, Lout) = conv1d(x (B, Cin, L), w (Cout, Cin/groups, K)) + b (Cout), as PyTorch's
 * F.conv1d with zero padding. A 2-D x (Cin, L) is one unbatched sequence, as in PyTorch.
 * @example
 * ```ts
 * const x = Tensor.zeros([2, 4, 50]); // (B, Cin, L)
 * const w = Tensor.zeros([8, 4, 3]); // (Cout, Cin, K)
 * conv1d(x, w, null, { padding: 'same' }).shape; // [2, 8, 50]
 * ```
 */
export function conv1d(x: Tensor, w: Tensor, b: Tensor | null = null, opts: Conv1dOptions = {}): Tensor {
  return conv1dPacked(x, w, b, opts);
}

/**
 * conv1d taking w's packed form from `packs` (nn.Conv1d keeps it between inference forwards, as
 * the recurrent layers do: nn/recurrent/pack_cache.ts); without it, or when it answers 0, w is
 * packed for this call in the step arena.
 */
export function conv1dPacked(x: Tensor, w: Tensor, b: Tensor | null, opts: Conv1dOptions, packs?: PackSource): Tensor {
  const rt = runtimeOf('conv1d', { x, w, b }, ['b']);
  for (const [n, t] of [['x', x], ['w', w], ['b', b]] as const) if (t) checkFloat('conv1d', n, t);
  const unbatched = x.shape.length === 2;
  const g = conv1dGeometry(unbatched ? [1, ...x.shape] : x.shape, w.shape, opts);
  if (b && (b.shape.length !== 1 || b.shape[0] !== g.Cout)) throw new ShapeError(`conv1d: b must be [${g.Cout}], got ${fmtShape(b.shape)}`);
  const out = Tensor.empty(unbatched ? [g.Cout, g.Lout] : [g.B, g.Cout, g.Lout], { runtime: rt });
  out.requiresGrad = needsGrad(x, w, b);
  const bytes = conv1dPackedBytes(rt, g);
  const fill = (dst: number): void => conv1dPackWeights(rt, g, w.ptr, dst);
  let packed = packs ? packs(`conv1d:${g.groups}`, bytes, fill) : 0;
  if (!packed) {
    packed = Tensor.empty([bytes / 4], { runtime: rt }).ptr;
    fill(packed);
  }
  const work = Tensor.empty([Math.max(1, conv1dWorkFloats(g))], { runtime: rt });
  conv1dForward(rt, g, x.ptr, packed, b ? b.ptr : 0, out.ptr, work.ptr);
  track({ op: 'conv1d', x, w, b, out, g }, [out]);
  return out;
}
