// B packed once by the host and reused by many products (recurrent W_hh every step, the input
// projection's W_ih between inference forwards): f32_pack_b and f32_gemm_packed, with their oracles.
// The product runs the tiled path of panels.ts, as f32_gemm does on B packed per call.
import { f32_gemv_1x24_simd, f32_gemv_1x32_packed_simd, f32_gemv_1x8_inorder_simd, f32_gemv_1x8_simd } from './gemv';
import { PANELS_WS_BYTES, panels_gemm } from './panels';
import { pack_panel_t_simd } from './pack_simd';

// Packed right-hand operand for weights reused many times (recurrent W_hh every step).
// Layout (private to f32_pack_b / f32_gemm_packed): panels of 8 columns; panel p holds op(B)[k, 8p..8p+8)
// for k = 0..K at byte offset (p*K + k)*32; columns past N are zero.
export function f32_packed_b_bytes(K: i32, N: i32): usize {
  return <usize>K * <usize>((N + 7) & ~7) * 4;
}

// Scalar oracle of f32_pack_b: every element through its index formula.
export function f32_pack_b_ref(dst: usize, B: usize, ldb: i32, transB: i32, K: i32, N: i32): void {
  const np = (N + 7) >> 3;
  for (let p = 0; p < np; p++) {
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < 8; j++) {
        const n = (p << 3) + j;
        const v: f32 = n < N ? load<f32>(B + (<usize>(transB ? n * ldb + k : k * ldb + n) << 2)) : 0;
        store<f32>(dst + (<usize>((p * K + k) * 8 + j) << 2), v);
      }
    }
  }
}

export function f32_pack_b(dst: usize, B: usize, ldb: i32, transB: i32, K: i32, N: i32): void {
  for (let n0 = 0; n0 < N; n0 += 8) {
    const nc = min(8, N - n0);
    const panel = dst + (<usize>n0 * <usize>K << 2);
    let k = 0;
    if (ASC_FEATURE_SIMD) {
      if (transB && nc == 8) {
        k = K & ~3;
        pack_panel_t_simd(panel, B + (<usize>(n0 * ldb) << 2), <usize>ldb << 2, k);
      }
    }
    for (; k < K; k++) {
      const row = panel + (<usize>k << 5);
      if (ASC_FEATURE_SIMD) {
        if (!transB && nc == 8) {
          const src = B + (<usize>(k * ldb + n0) << 2);
          v128.store(row, v128.load(src));
          v128.store(row, v128.load(src, 16), 16);
          continue;
        }
      }
      for (let j = 0; j < 8; j++) {
        const n = n0 + j;
        const v: f32 = j < nc ? load<f32>(B + (<usize>(transB ? n * ldb + k : k * ldb + n) << 2)) : 0;
        store<f32>(row + (<usize>j << 2), v);
      }
    }
  }
}

// Scratch f32_gemm_packed needs (the same for every shape: hosts keep one block per thread).
export function f32_gemm_packed_ws_bytes(): usize {
  return ASC_FEATURE_SIMD ? PANELS_WS_BYTES : 16;
}

// Scalar oracle of f32_gemm_packed (and the scalar build's path): f32_gemm_ref's order of sums.
export function f32_gemm_packed_ref(
  M: i32, N: i32, K: i32, A: usize, lda: i32, packedB: usize,
  C: usize, ldc: i32, bias: usize, accumulate: i32,
): void {
  // Panel p, column j, row k lives at element (p*K + k)*8 + j.
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      const col = packedB + (<usize>((n >> 3) * K * 8 + (n & 7)) << 2);
      let acc: f32 = 0;
      for (let k = 0; k < K; k++) acc += load<f32>(A + (<usize>(m * lda + k) << 2)) * load<f32>(col + (<usize>k << 5));
      const pc = C + (<usize>(m * ldc + n) << 2);
      if (bias) acc += load<f32>(bias + (<usize>n << 2));
      if (accumulate) acc += load<f32>(pc);
      store<f32>(pc, acc);
    }
  }
}

// C[M,N] (+)= A[M,K] (row stride lda) · packedB[K,N] (+ bias). M = 1 takes the GEMV path.
// reverse != 0 (M = 1, SIMD): the column blocks are visited last to first. The result is the
// same (each column's sum runs over k alone); a recurrent scan alternates the order per step so
// that the panels read last, still in cache, are read first (a 1 MiB W_hh fills the L2).
// ws: f32_gemm_packed_ws_bytes() of scratch from the caller, 16-byte aligned (the tiled path's
// sums and packed-A buffers, panels.ts); not read in the scalar build.
export function f32_gemm_packed(
  M: i32, N: i32, K: i32, A: usize, lda: i32, packedB: usize,
  C: usize, ldc: i32, bias: usize, accumulate: i32, reverse: i32, ws: usize,
): void {
  if (M <= 0 || N <= 0) return;
  if (ASC_FEATURE_SIMD) {
    if (M == 1 && reverse) {
      gemv_packed_reverse(N, K, A, packedB, C, bias, accumulate, ws);
      return;
    }
    panels_gemm(M, N, K, A, lda, 0, packedB, 32, <usize>K << 5, C, ldc, bias, accumulate, ws);
  } else {
    f32_gemm_packed_ref(M, N, K, A, lda, packedB, C, ldc, bias, accumulate);
  }
}

// panels_gemm's M = 1 path over a packed B, the same blocks visited last to first: the 1..2
// leftover panels (1x8), then a 24-column block if there is one, then the 32-column blocks from
// the end. Same kernels on the same columns, so the same sums.
function gemv_packed_reverse(N: i32, K: i32, a: usize, b: usize, C: usize, bias: usize, accumulate: i32, ws: usize): void {
  const kc = K;
  const ps = <usize>K << 5;
  const n32 = N - N % 32;
  const n24 = n32 + ((N - n32) >= 24 ? 24 : 0);
  for (let n0 = ((N + 7) & ~7) - 8; n0 >= n24; n0 -= 8) {
    const off = <usize>n0 << 2;
    f32_gemv_1x8_simd(min(8, N - n0), kc, a, b + <usize>(n0 >> 3) * ps, 32, C + off, bias ? bias + off : 0, accumulate);
  }
  if (n24 > n32) {
    const off = <usize>n32 << 2;
    f32_gemv_1x24_simd(kc, a, b + <usize>(n32 >> 3) * ps, 32, ps, C + off, bias ? bias + off : 0, accumulate);
  }
  for (let n0 = n32 - 32; n0 >= 0; n0 -= 32) {
    const off = <usize>n0 << 2;
    f32_gemv_1x32_packed_simd(kc, a, b + <usize>(n0 >> 3) * ps, ps, C + off, bias ? bias + off : 0, accumulate, ws);
  }
}

// Some columns of the M = 1 product C[N] (+)= A[K] · packedB[K, N] (+ bias): for q in 0..nq, the
// columns [q*qs + n0, q*qs + n1) (clipped to N), each summed exactly as f32_gemm_packed(1, N, K, ...)
// sums it, so that threads computing disjoint column sets write one thread's bits. The whole
// product sums columns below n24 (its 1x32 blocks, then one 1x24 block) in k order with one
// accumulator per column, and the rest (1x8 panels) with even and odd k apart; here the same
// kernel family is chosen per column. A recurrent scan split by hidden units [u0, u1) computes its
// units' gate rows with it: qs = H, nq = gates per unit. n0, n1 and qs: multiples of 8 (whole panels).
export function f32_gemv_packed_cols_ref(
  C: usize, A: usize, packedB: usize, bias: usize, N: i32, K: i32, n0: i32, n1: i32, nq: i32, qs: i32, accumulate: i32,
): void {
  for (let q = 0; q < nq; q++) {
    const end = min(q * qs + n1, N);
    for (let n = q * qs + n0; n < end; n++) {
      const col = packedB + (<usize>((n >> 3) * K * 8 + (n & 7)) << 2);
      let acc: f32 = 0;
      for (let k = 0; k < K; k++) acc += load<f32>(A + (<usize>k << 2)) * load<f32>(col + (<usize>k << 5));
      const pc = C + (<usize>n << 2);
      if (bias) acc += load<f32>(bias + (<usize>n << 2));
      if (accumulate) acc += load<f32>(pc);
      store<f32>(pc, acc);
    }
  }
}

// ws: f32_gemm_packed_ws_bytes() of scratch (the 1x32 kernel's sums buffer); not read in the scalar build.
export function f32_gemv_packed_cols(
  C: usize, A: usize, packedB: usize, bias: usize, N: i32, K: i32, n0: i32, n1: i32, nq: i32, qs: i32, accumulate: i32, ws: usize,
): void {
  if (ASC_FEATURE_SIMD) {
    const ps = <usize>K << 5;
    const n32 = N - N % 32;
    const n24 = n32 + (N - n32 >= 24 ? 24 : 0);
    for (let q = 0; q < nq; q++) {
      let n = q * qs + n0;
      const end = min(q * qs + n1, N);
      const inorder = min(end, n24);
      for (; n + 32 <= inorder; n += 32) {
        const off = <usize>n << 2;
        f32_gemv_1x32_packed_simd(K, A, packedB + <usize>(n >> 3) * ps, ps, C + off, bias ? bias + off : 0, accumulate, ws);
      }
      if (n + 24 <= inorder) {
        const off = <usize>n << 2;
        f32_gemv_1x24_simd(K, A, packedB + <usize>(n >> 3) * ps, 32, ps, C + off, bias ? bias + off : 0, accumulate);
        n += 24;
      }
      for (; n < inorder; n += 8) {
        const off = <usize>n << 2;
        f32_gemv_1x8_inorder_simd(min(8, inorder - n), K, A, packedB + <usize>(n >> 3) * ps, C + off, bias ? bias + off : 0, accumulate);
      }
      for (; n < end; n += 8) {
        const off = <usize>n << 2;
        f32_gemv_1x8_simd(min(8, end - n), K, A, packedB + <usize>(n >> 3) * ps, 32, C + off, bias ? bias + off : 0, accumulate);
      }
    }
  } else {
    f32_gemv_packed_cols_ref(C, A, packedB, bias, N, K, n0, n1, nq, qs, accumulate);
  }
}
