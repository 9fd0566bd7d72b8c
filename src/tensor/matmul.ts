// Plain (non-differentiable) matrix product on the GEMM kernel: the foundation's way to
// reach the kernels through the public API. The autograd layer builds its op on gemmInto.
import { fmtShape, ShapeError, StateError } from '../errors.js';
import { Tensor } from './tensor.js';

/**
 * out[M,N] (+)= op(a)[M,K] · op(b)[K,N] (+ bias[N]) for row-major 2-D tensors.
 * transA/transB read a/b as transposed without copying them.
 */
export function gemmInto(
  out: Tensor, a: Tensor, b: Tensor,
  opts: { transA?: boolean; transB?: boolean; bias?: Tensor | null; accumulate?: boolean } = {},
): void {
  const rt = out.runtime;
  const [ar, ac] = a.shape;
  const [br, bc] = b.shape;
  const M = opts.transA ? ac : ar;
  const K = opts.transA ? ar : ac;
  const N = opts.transB ? br : bc;
  const ws = rt.scratch(rt.k.gemm_ws_bytes(M, N, K));
  rt.k.f32_gemm(
    M, N, K,
    a.ptr, ac, opts.transA ? 1 : 0,
    b.ptr, bc, opts.transB ? 1 : 0,
    out.ptr, N, opts.bias ? opts.bias.ptr : 0, opts.accumulate ? 1 : 0, ws,
  );
}

/** a[M,K] · b[K,N] → [M,N] in the step arena. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.runtime !== b.runtime) throw new StateError('matmul: a and b belong to different runtimes');
  if (a.shape.length !== 2) throw new ShapeError(`matmul: a must be 2-D [M, K], got ${fmtShape(a.shape)}`);
  if (b.shape.length !== 2) throw new ShapeError(`matmul: b must be 2-D [K, N], got ${fmtShape(b.shape)}`);
  if (a.shape[1] !== b.shape[0]) {
    throw new ShapeError(`matmul: b must be [${a.shape[1]}, N] to match a ${fmtShape(a.shape)}, got ${fmtShape(b.shape)}`);
  }
  const out = Tensor.empty([a.shape[0], b.shape[1]], { runtime: a.runtime });
  gemmInto(out, a, b);
  return out;
}
