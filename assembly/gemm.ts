// f32 GEMM: C[M,N] (+)= op(A)[M,K] · op(B)[K,N] (+ bias[N]), the product behind every layer.
//
// Pointers are byte offsets into the shared memory; lda/ldb/ldc are row strides in elements.
// op(A)[m,k] = transA ? A[k*lda + m] : A[m*lda + k]
// op(B)[k,n] = transB ? B[n*ldb + k] : B[k*ldb + n]
// accumulate != 0 adds into C; otherwise C is overwritten. bias == 0 means no bias.
// ws: scratch of gemm_ws_bytes(M, N, K) bytes, 16-byte aligned, owned by the host.
//
// SIMD builds (f32_gemm picks one path per call; kernels in gemm_4x8/gemm_2x16/gemm_simd.ts):
//   op(A) = A^T        transposed into ws first, then as below with a row-major A
//   A·B^T, M <= 3      dot products along B's rows (f32_gemv_nt_1x4), nothing packed
//   A·B,   M <= 8      B read in place as panels of 8 columns; only the last partial panel packed
//   otherwise          B packed into ws (pack_b), then the tiled path over panels
// The tiled path (panels_gemm) runs 4x8 tiles (on A packed into quads, gemm_4x8p.ts, when B is
// packed), 2x16 tiles for 1-2 leftover rows, and the 1x24/1x8 GEMV kernels when M = 1, in L2 row
// blocks of A; f32_gemm_packed runs it on panels packed once by the host.
// Files: this one (f32_gemm and its oracle), gemm_packed.ts (B packed once by the host:
// pack_b, f32_gemm_packed), gemm_panels.ts (the tiled path both run).
import { f32_gemv_nt_1x4_simd, transpose_simd } from './gemm_simd';
import { panels_gemm } from './gemm_panels';
import { pack_b, packed_b_bytes } from './gemm_packed';

// Up to this many rows, a row-major B is read in place: packing it would cost about as much as
// the product itself. Above it, packing gives the microkernel a contiguous, cache-friendly stream.
const DIRECT_MAX_M: i32 = 8;
// Up to this many rows, A·B^T runs as dot products over B's rows instead of packing B.
const NT_DOT_MAX_M: i32 = 3;

@inline function align16(bytes: usize): usize {
  return (bytes + 15) & ~(<usize>15);
}

// Scratch f32_gemm needs: room for A^T (M x K) plus B packed into panels.
export function gemm_ws_bytes(M: i32, N: i32, K: i32): usize {
  return align16(<usize>M * <usize>K * 4) + packed_b_bytes(K, N);
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
    let a = A;
    let alda = lda;
    let wsB = ws;
    // Past DIRECT_MAX_M rows the product takes the packed-B path, whose A quads are packed
    // straight from A^T (4 contiguous floats per k): no transposed copy of A.
    const aT = transA && M > DIRECT_MAX_M ? 1 : 0;
    if (transA && !aT) {
      // op(A) = A^T: make it row-major (M x K) so the microkernel reads rows with splat loads.
      transpose(ws, A, lda, K, M);
      a = ws;
      alda = K;
      wsB = ws + align16(<usize>M * <usize>K * 4);
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
      panels_gemm(M, nfull, K, a, alda, 0, B, bs, 32, C, ldc, bias, accumulate);
      if (nfull < N) {
        const off = <usize>nfull << 2;
        pack_b(wsB, B + off, ldb, 0, K, N - nfull);
        panels_gemm(M, N - nfull, K, a, alda, 0, wsB, 32, <usize>K << 5, C + off, ldc, bias ? bias + off : 0, accumulate);
      }
      return;
    }
    pack_b(wsB, B, ldb, transB, K, N);
    panels_gemm(M, N, K, a, alda, aT, wsB, 32, <usize>K << 5, C, ldc, bias, accumulate);
  } else {
    f32_gemm_ref(M, N, K, A, lda, transA, B, ldb, transB, C, ldc, bias, accumulate);
  }
}

// dst[c, r] = src[r, c] for a rows x cols source with row stride lds; dst is cols x rows, dense.
// 4x4 blocks with shuffles, then the edge rows/columns one by one.
function transpose(dst: usize, src: usize, lds: i32, rows: i32, cols: i32): void {
  const rows4 = rows & ~3;
  const cols4 = cols & ~3;
  transpose_simd(dst, src, <usize>lds << 2, rows, rows4, cols4);
  for (let r = 0; r < rows; r++) {
    for (let c = r < rows4 ? cols4 : 0; c < cols; c++) {
      store<f32>(dst + (<usize>(c * rows + r) << 2), load<f32>(src + (<usize>(r * lds + c) << 2)));
    }
  }
}
