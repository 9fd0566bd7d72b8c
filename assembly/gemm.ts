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
import { f32_gemm_4x8_simd } from './gemm_4x8';
import { f32_gemm_2x16_simd } from './gemm_2x16';
import { APACK_FLOATS, apack, f32_gemm_4x8p_simd, pack_a_quads, pack_a_quads_t } from './gemm_4x8p';
import { f32_gemv_1x24_simd, f32_gemv_1x32_packed_simd, f32_gemv_1x8_simd, f32_gemv_nt_1x4_simd, pack_panel_t_simd, transpose_simd } from './gemm_simd';

// Up to this many rows, a row-major B is read in place: packing it would cost about as much as
// the product itself. Above it, packing gives the microkernel a contiguous, cache-friendly stream.
const DIRECT_MAX_M: i32 = 8;
// Up to this many rows, A·B^T runs as dot products over B's rows instead of packing B.
const NT_DOT_MAX_M: i32 = 3;

// K block of the tiled GEMM (see panels_gemm): a 16 KiB panel slice stays in L1. 512 measured
// about 5% faster than 256 on the 2-layer input projection (K = 512): one pass over C fewer.
const KC: i32 = 512;
// K block of the M = 1 path when B is read in place (see panels_gemm).
const GEMV_KC: i32 = 8;

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

// Packed right-hand operand for weights reused many times (recurrent W_hh every step).
// Layout (private to pack_b / f32_gemm_packed): panels of 8 columns; panel p holds op(B)[k, 8p..8p+8)
// for k = 0..K at byte offset (p*K + k)*32; columns past N are zero.
export function packed_b_bytes(K: i32, N: i32): usize {
  return <usize>K * <usize>((N + 7) & ~7) * 4;
}

// Scalar oracle of pack_b: every element through its index formula.
export function pack_b_ref(dst: usize, B: usize, ldb: i32, transB: i32, K: i32, N: i32): void {
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

export function pack_b(dst: usize, B: usize, ldb: i32, transB: i32, K: i32, N: i32): void {
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
export function f32_gemm_packed(
  M: i32, N: i32, K: i32, A: usize, lda: i32, packedB: usize,
  C: usize, ldc: i32, bias: usize, accumulate: i32, reverse: i32,
): void {
  if (M <= 0 || N <= 0) return;
  if (ASC_FEATURE_SIMD) {
    if (M == 1 && reverse) {
      gemv_packed_reverse(N, K, A, packedB, C, bias, accumulate);
      return;
    }
    panels_gemm(M, N, K, A, lda, 0, packedB, 32, <usize>K << 5, C, ldc, bias, accumulate);
  } else {
    f32_gemm_packed_ref(M, N, K, A, lda, packedB, C, ldc, bias, accumulate);
  }
}

// panels_gemm's M = 1 path over a packed B, the same blocks visited last to first: the 1..2
// leftover panels (1x8), then a 24-column block if there is one, then the 32-column blocks from
// the end. Same kernels on the same columns, so the same sums.
function gemv_packed_reverse(N: i32, K: i32, a: usize, b: usize, C: usize, bias: usize, accumulate: i32): void {
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
    f32_gemv_1x32_packed_simd(kc, a, b + <usize>(n0 >> 3) * ps, ps, C + off, bias ? bias + off : 0, accumulate);
  }
}

// C[M, 0..N) over panels: panel p starts at b + p*ps, its rows bs bytes apart. Panels outermost,
// so one panel (K x 8 floats) stays in L1 while all row blocks of A stream past it.
// aT != 0 (packed B and M > 1 only): a holds A^T, op(A)[m, k] = a[k*lda + m].
function panels_gemm(
  M: i32, N: i32, K: i32, a: usize, lda: i32, aT: i32, b: usize, bs: usize, ps: usize,
  C: usize, ldc: i32, bias: usize, accumulate: i32,
): void {
  if (N <= 0) return;
  if (M == 1) {
    // B read in place (bs = row stride) would touch a new page per k for every 24 columns; in
    // blocks of GEMV_KC rows the whole block streams row by row and C takes the partial sums.
    const kcb = bs == 32 ? max(K, 1) : GEMV_KC;
    for (let k0 = 0; k0 < K || k0 == 0; k0 += kcb) {
      const kc = min(kcb, K - k0);
      const first = k0 == 0;
      const acc = first ? accumulate : 1;
      const ak = a + (<usize>k0 << 2);
      const bk = b + <usize>k0 * bs;
      let n0 = 0;
      if (bs == 32) {
        for (; n0 + 32 <= N; n0 += 32) {
          const off = <usize>n0 << 2;
          f32_gemv_1x32_packed_simd(kc, ak, bk + <usize>(n0 >> 3) * ps, ps, C + off, bias && first ? bias + off : 0, acc);
        }
      }
      for (; n0 + 24 <= N; n0 += 24) {
        const off = <usize>n0 << 2;
        f32_gemv_1x24_simd(kc, ak, bk + <usize>(n0 >> 3) * ps, bs, ps, C + off, bias && first ? bias + off : 0, acc);
      }
      for (; n0 < N; n0 += 8) {
        const off = <usize>n0 << 2;
        f32_gemv_1x8_simd(min(8, N - n0), kc, ak, bk + <usize>(n0 >> 3) * ps, bs, C + off, bias && first ? bias + off : 0, acc);
      }
    }
    return;
  }
  // Rows in blocks of up to mc_rows(K): one block of A (up to 512 KiB) stays in L2 while the
  // panels stream past it. Without this, a tall A (T*B rows of the input projection) came back
  // from L3 once per panel. Every C element's sum is the same whatever the blocks and tiles.
  const mc = mc_rows(K);
  const ldab = <usize>lda << 2;
  const ldcb = <usize>ldc << 2;
  for (let mb = 0; mb < M; mb += mc) {
    const am = aT ? a + (<usize>mb << 2) : a + <usize>mb * ldab;
    panels_block(min(mc, M - mb), N, K, am, ldab, aT, b, bs, ps, C + <usize>mb * ldcb, ldcb, bias, accumulate);
  }
}

// Rows per L2 block of A: MC * K floats <= 128 Ki floats (512 KiB, half the 1 MiB L2 measured
// on), a multiple of 4, at least 16. Each block streams all of packed B once more.
// Also MC * min(K, KC) <= APACK_FLOATS, the packed-A buffer (gemm_4x8p.ts).
@inline function mc_rows(K: i32): i32 {
  const k = max(K, 1);
  return max(16, min(131072 / k, APACK_FLOATS / min(k, KC)) & ~3);
}

// One row block of panels_gemm (M > 1): ldab/ldcb are byte strides.
function panels_block(
  M: i32, N: i32, K: i32, a: usize, ldab: usize, aT: i32, b: usize, bs: usize, ps: usize,
  C: usize, ldcb: usize, bias: usize, accumulate: i32,
): void {
  // K in blocks of KC: a panel slice (KC x 8 floats, 16 KiB) and 4 rows of A stay in L1.
  // Later blocks add into C, so bias and the caller's accumulate apply to the first only.
  for (let k0 = 0; k0 < K || k0 == 0; k0 += KC) {
    const kc = min(KC, K - k0);
    const first = k0 == 0;
    const acc = first ? accumulate : 1;
    const ak = aT ? a + <usize>k0 * ldab : a + (<usize>k0 << 2);
    // Rows in 4x8 tiles; 1-2 leftover rows in 2x16 tiles (a 3-row rest still fits 4x8 well;
    // from A^T, every row goes through the quads). (A 5x8 or 6x8 tile measured 2x slower: V8
    // hoists every splat load and spills accumulators.)
    const rest = M & 3;
    const m4 = rest == 3 || aT ? M : M - rest;
    if (bs == 32 && m4 > 0) {
      // Packed B: A's rows of this K block packed into quads once, read by every panel.
      if (aT) pack_a_quads_t(ak, ldab, m4, kc);
      else pack_a_quads(ak, ldab, m4, kc);
      for (let n0 = 0; n0 < N; n0 += 8) {
        const nc = min(8, N - n0);
        const panel = b + <usize>(n0 >> 3) * ps + <usize>k0 * bs;
        const off = <usize>n0 << 2;
        const pbias = bias && first ? bias + off : 0;
        for (let m0 = 0; m0 < m4; m0 += 4) {
          f32_gemm_4x8p_simd(min(4, M - m0), nc, kc, apack() + (<usize>(m0 >> 2) * <usize>kc << 4), panel, C + <usize>m0 * ldcb + off, ldcb, pbias, acc);
        }
      }
    }
    for (let n0 = 0; bs != 32 && n0 < N; n0 += 8) {
      const nc = min(8, N - n0);
      const panel = b + <usize>(n0 >> 3) * ps + <usize>k0 * bs;
      const off = <usize>n0 << 2;
      const pbias = bias && first ? bias + off : 0;
      for (let m0 = 0; m0 < m4; m0 += 4) {
        f32_gemm_4x8_simd(
          min(4, M - m0), nc, kc, ak + <usize>m0 * ldab, ldab, panel, bs,
          C + <usize>m0 * ldcb + off, ldcb, pbias, acc,
        );
      }
    }
    if (m4 < M) {
      const am = ak + <usize>m4 * ldab;
      const cm = C + <usize>m4 * ldcb;
      for (let n0 = 0; n0 < N; n0 += 16) {
        const panel = b + <usize>(n0 >> 3) * ps + <usize>k0 * bs;
        const off = <usize>n0 << 2;
        const pbias = bias && first ? bias + off : 0;
        if (N - n0 > 8) {
          f32_gemm_2x16_simd(M - m4, min(16, N - n0), kc, am, ldab, panel, bs, ps, cm + off, ldcb, pbias, acc);
        } else {
          f32_gemm_4x8_simd(M - m4, N - n0, kc, am, ldab, panel, bs, cm + off, ldcb, pbias, acc);
        }
      }
    }
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
