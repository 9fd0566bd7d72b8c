// f32 GEMM: C[M,N] (+)= op(A)[M,K] · op(B)[K,N] (+ bias[N]), the product behind every layer.
//
// Pointers are byte offsets into the shared memory; lda/ldb/ldc are row strides in elements.
// op(A)[m,k] = transA ? A[k*lda + m] : A[m*lda + k]
// op(B)[k,n] = transB ? B[n*ldb + k] : B[k*ldb + n]
// accumulate != 0 adds into C; otherwise C is overwritten. bias == 0 means no bias.
// ws: scratch of f32_gemm_ws_bytes(M, N, K) bytes, 16-byte aligned, owned by the caller: the tiled
// path's sums and packed-A buffers (panels.ts), then room for A^T and for B packed into panels.
//
// SIMD builds (f32_gemm picks one path per call; kernels in tile_4x8/tile_2x16/gemv.ts):
//   op(A) = A^T        transposed into ws first, then as below with a row-major A
//   A·B^T, M <= 3      dot products along B's rows (f32_gemv_nt_1x4), nothing packed
//   A·B,   M <= 8      B read in place as panels of 8 columns; only the last partial panel packed
//   otherwise          B packed into ws (f32_pack_b), then the tiled path over panels
// The tiled path (panels_gemm) runs 4x8 tiles (on A packed into quads, tile_4x8p.ts, when B is
// packed), 2x16 tiles for 1-2 leftover rows, and the 1x24/1x8 GEMV kernels when M = 1, in L2 row
// blocks of A; f32_gemm_packed runs it on panels packed once by the host.
// Files: this one (f32_gemm and its oracle), gemm_packed.ts (B packed once by the host:
// f32_pack_b, f32_gemm_packed), panels.ts (the tiled path both run), tile_*.ts and gemv.ts (the
// microkernels), epilogue.ts (their stores), pack_simd.ts (B and A packing).
import { f32_gemv_nt_1x4_simd } from './gemv';
import { PANELS_WS_BYTES, panels_gemm } from './panels';
import { f32_pack_b, f32_packed_b_bytes } from './gemm_packed';
import { transpose_strided_simd } from '../layout/transpose_tiles';

// Up to this many rows, a row-major B is read in place: packing it would cost about as much as
// the product itself. Above it, packing gives the microkernel a contiguous, cache-friendly stream.
const DIRECT_MAX_M: i32 = 8;
// Up to this many rows, A·B^T runs as dot products over B's rows instead of packing B.
const NT_DOT_MAX_M: i32 = 3;

@inline function align16(bytes: usize): usize {
  return (bytes + 15) & ~(<usize>15);
}

// Scratch f32_gemm needs: the tiled path's buffers (SIMD builds), room for A^T (M x K), B packed
// into panels.
export function f32_gemm_ws_bytes(M: i32, N: i32, K: i32): usize {
  return (ASC_FEATURE_SIMD ? PANELS_WS_BYTES : 0) + align16(<usize>M * <usize>K * 4) + f32_packed_b_bytes(K, N);
}

export function f32_gemm_ref(
  M: i32, N: i32, K: i32,
  A: usize, lda: i32, transA: i32,
  B: usize, ldb: i32, transB: i32,
  C: usize, ldc: i32, bias: usize, accumulate: i32,
): void {
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let acc: f32 = 0;
      for (let k = 0; k < K; k++) {
        const a = load<f32>(A + (<usize>(transA ? k * lda + m : m * lda + k) << 2));
        const b = load<f32>(B + (<usize>(transB ? n * ldb + k : k * ldb + n) << 2));
        acc += a * b;
      }
      const pc = C + (<usize>(m * ldc + n) << 2);
      if (bias) acc += load<f32>(bias + (<usize>n << 2));
      if (accumulate) acc += load<f32>(pc);
      store<f32>(pc, acc);
    }
  }
}

export function f32_gemm(
  M: i32, N: i32, K: i32,
  A: usize, lda: i32, transA: i32,
  B: usize, ldb: i32, transB: i32,
  C: usize, ldc: i32, bias: usize, accumulate: i32, ws: usize,
): void {
  if (ASC_FEATURE_SIMD) {
    if (M <= 0 || N <= 0) return;
    const tile = ws;
    let a = A;
    let alda = lda;
    let wsB = ws + PANELS_WS_BYTES;
    // Past DIRECT_MAX_M rows the product takes the packed-B path, whose A quads are packed
    // straight from A^T (4 contiguous floats per k): no transposed copy of A.
    const aT = transA && M > DIRECT_MAX_M ? 1 : 0;
    if (transA && !aT) {
      // op(A) = A^T: make it row-major (M x K) so the microkernel reads rows with splat loads.
      a = wsB;
      transpose_strided_simd(a, A, lda, K, M);
      alda = K;
      wsB += align16(<usize>M * <usize>K * 4);
    }
    if (transB && M <= NT_DOT_MAX_M) {
      // x · W^T for a few rows: dot products along contiguous rows of B, no packing.
      const ldbb = <usize>ldb << 2;
      for (let m = 0; m < M; m++) {
        const am = a + (<usize>(m * alda) << 2);
        const cm = C + (<usize>(m * ldc) << 2);
        for (let n0 = 0; n0 < N; n0 += 4) {
          const off = <usize>n0 << 2;
          f32_gemv_nt_1x4_simd(min(4, N - n0), K, am, B + <usize>n0 * ldbb, ldbb, cm + off, bias ? bias + off : 0, accumulate);
        }
      }
      return;
    }
    if (!transB && M <= DIRECT_MAX_M) {
      // Full panels straight from B (row k of a panel is 8 contiguous floats); only the last
      // partial panel is packed, so that no load reads past column N.
      const nfull = N & ~7;
      const bs = <usize>ldb << 2;
      panels_gemm(M, nfull, K, a, alda, 0, B, bs, 32, C, ldc, bias, accumulate, tile);
      if (nfull < N) {
        const off = <usize>nfull << 2;
        f32_pack_b(wsB, B + off, ldb, 0, K, N - nfull);
        panels_gemm(M, N - nfull, K, a, alda, 0, wsB, 32, <usize>K << 5, C + off, ldc, bias ? bias + off : 0, accumulate, tile);
      }
      return;
    }
    f32_pack_b(wsB, B, ldb, transB, K, N);
    panels_gemm(M, N, K, a, alda, aT, wsB, 32, <usize>K << 5, C, ldc, bias, accumulate, tile);
  } else {
    f32_gemm_ref(M, N, K, A, lda, transA, B, ldb, transB, C, ldc, bias, accumulate);
  }
}
