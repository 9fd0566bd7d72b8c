// conv1d: the differentiable 1-D convolution (PyTorch F.conv1d semantics) shared by nn.Conv1d and
// the ONNX Conv. Lowered to GEMM: per batch element and group, im2col (assembly/conv/conv1d.ts)
// unrolls the input into col (Cin/g*K, Lout) and the packed GEMM computes W_g · col.
// Legend: B batch, Cin/Cout channels, g groups, Cg = Cin/g, Og = Cout/g, K taps, L/Lout lengths.
import { fmtShape, ShapeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { checkFloat, runtimeOf } from './check.js';
import { conv1dColumns, conv1dGeometry, conv1dIsPointwise, type Conv1dOptions } from './conv_geometry.js';
import { at, gemm } from './kern.js';
import { needsGrad } from './tape.js';
import { track } from './records.js';
import './backward.js'; // registers Tensor.backward (the reverse walk)

export type { Conv1dOptions, Conv1dPadding, Conv1dGeometry } from './conv_geometry.js';
export { conv1dGeometry } from './conv_geometry.js';

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
  const rt = runtimeOf('conv1d', { x, w, b }, ['b']);
  for (const [n, t] of [['x', x], ['w', w], ['b', b]] as const) if (t) checkFloat('conv1d', n, t);
  const unbatched = x.shape.length === 2;
  const g = conv1dGeometry(unbatched ? [1, ...x.shape] : x.shape, w.shape, opts);
  if (b && (b.shape.length !== 1 || b.shape[0] !== g.Cout)) throw new ShapeError(`conv1d: b must be [${g.Cout}], got ${fmtShape(b.shape)}`);
  const { B, Cout, K, Lout, groups } = g;
  const Cg = g.Cin / groups, Og = Cout / groups, KK = Cg * K;
  const shape = unbatched ? [Cout, Lout] : [B, Cout, Lout];
  const out = b ? Tensor.zeros(shape, { runtime: rt }) : Tensor.empty(shape, { runtime: rt });
  out.requiresGrad = needsGrad(x, w, b);
  const col = conv1dIsPointwise(g) ? null : Tensor.empty([KK * Lout], { runtime: rt });
  const k = rt.k;
  for (let i = 0; i < B; i++) {
    const yb = at(out.ptr, i * Cout * Lout);
    if (b) k.f32_sum_dim_bwd(yb, b.ptr, Cout, Lout, 1, 1); // y[c, t] = b[c], then += W·col
    for (let j = 0; j < groups; j++) {
      const c = conv1dColumns(rt, g, x.ptr, i, j, col ? col.ptr : 0);
      gemm(rt, Og, Lout, KK, at(w.ptr, j * Og * KK), KK, false, c, Lout, false, at(yb, j * Og * Lout), Lout, !!b);
    }
  }
  track({ op: 'conv1d', x, w, b, out, g }, [out]);
  return out;
}
