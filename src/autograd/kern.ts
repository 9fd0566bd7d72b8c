// Thin pointer-level helpers shared by the forward ops and the backward switch.
import type { Runtime } from '../runtime/runtime.js';
import { gemmParallel } from '../runtime/parallel.js';

/** C[M,N] (+)= op(A)[M,K] · op(B)[K,N] on raw byte offsets (row strides in elements). */
export function gemm(
  rt: Runtime, M: number, N: number, K: number,
  A: number, lda: number, transA: boolean,
  B: number, ldb: number, transB: boolean,
  C: number, ldc: number, accumulate: boolean, bias = 0,
): void {
  if (M === 0 || N === 0) return;
  // On a multi-thread runtime, split by output columns or rows (bit-identical to one thread).
  if (gemmParallel(rt, M, N, K, A, lda, transA ? 1 : 0, B, ldb, transB ? 1 : 0, C, ldc, bias, accumulate ? 1 : 0)) return;
  const ws = rt.scratch(rt.k.f32_gemm_ws_bytes(M, N, K));
  rt.k.f32_gemm(M, N, K, A, lda, transA ? 1 : 0, B, ldb, transB ? 1 : 0, C, ldc, bias, accumulate ? 1 : 0, ws);
}

/** Byte offset of element i of a float32/int32 buffer at p. */
export function at(p: number, i: number): number {
  return p + i * 4;
}
