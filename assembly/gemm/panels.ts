// The tiled path of the GEMM (f32_gemm on B packed per call or read in place, f32_gemm_packed on
// B packed by the host): panels of 8 columns outermost, A in L2 row blocks and K blocks; 4x8
// tiles (on A packed into quads when B is packed), 2x16 tiles for 1-2 leftover rows, and the
// 1x32/1x24/1x8 GEMV kernels when M = 1. Not a wasm export: index.ts does not list this file.
import { f32_gemm_4x8_simd } from './tile_4x8';
import { f32_gemm_2x16_simd } from './tile_2x16';
import { f32_gemm_4x8p_simd } from './tile_4x8p';
import { APACK_FLOATS, pack_a_quads_simd, pack_a_quads_t_simd } from './pack_simd';
import { SUMS_BYTES } from './epilogue';
import { f32_gemv_1x24_simd, f32_gemv_1x32_packed_simd, f32_gemv_1x8_simd } from './gemv';

// Scratch of the tiled path, from the caller (no mutable statics: threads share one memory):
// the sums buffer (epilogue.ts) at ws, the packed A quads (pack_simd.ts) at ws + SUMS_BYTES.
export const PANELS_WS_BYTES: usize = SUMS_BYTES + (<usize>APACK_FLOATS << 2);

// K block of the tiled GEMM (see panels_gemm): a 16 KiB panel slice stays in L1. 512 measured
// about 5% faster than 256 on the 2-layer input projection (K = 512): one pass over C fewer.
const KC: i32 = 512;
// K block of the M = 1 path when B is read in place (see panels_gemm).
const GEMV_KC: i32 = 8;

// C[M, 0..N) over panels: panel p starts at b + p*ps, its rows bs bytes apart. Panels outermost,
// so one panel (K x 8 floats) stays in L1 while all row blocks of A stream past it.
// aT != 0 (packed B and M > 1 only): a holds A^T, op(A)[m, k] = a[k*lda + m].
// ws: PANELS_WS_BYTES of scratch, 16-byte aligned.
export function panels_gemm(
  M: i32, N: i32, K: i32, a: usize, lda: i32, aT: i32, b: usize, bs: usize, ps: usize,
  C: usize, ldc: i32, bias: usize, accumulate: i32, ws: usize,
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
          f32_gemv_1x32_packed_simd(kc, ak, bk + <usize>(n0 >> 3) * ps, ps, C + off, bias && first ? bias + off : 0, acc, ws);
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
    panels_block(min(mc, M - mb), N, K, am, ldab, aT, b, bs, ps, C + <usize>mb * ldcb, ldcb, bias, accumulate, ws);
  }
}

// Rows per L2 block of A: MC * K floats <= 128 Ki floats (512 KiB, half the 1 MiB L2 measured
// on), a multiple of 4, at least 16. Each block streams all of packed B once more.
// Also MC * min(K, KC) <= APACK_FLOATS, the packed-A buffer (pack_simd.ts).
@inline function mc_rows(K: i32): i32 {
  const k = max(K, 1);
  return max(16, min(131072 / k, APACK_FLOATS / min(k, KC)) & ~3);
}

// One row block of panels_gemm (M > 1): ldab/ldcb are byte strides.
function panels_block(
  M: i32, N: i32, K: i32, a: usize, ldab: usize, aT: i32, b: usize, bs: usize, ps: usize,
  C: usize, ldcb: usize, bias: usize, accumulate: i32, ws: usize,
): void {
  const apack = ws + SUMS_BYTES;
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
      if (aT) pack_a_quads_t_simd(apack, ak, ldab, m4, kc);
      else pack_a_quads_simd(apack, ak, ldab, m4, kc);
      for (let n0 = 0; n0 < N; n0 += 8) {
        const nc = min(8, N - n0);
        const panel = b + <usize>(n0 >> 3) * ps + <usize>k0 * bs;
        const off = <usize>n0 << 2;
        const pbias = bias && first ? bias + off : 0;
        for (let m0 = 0; m0 < m4; m0 += 4) {
          f32_gemm_4x8p_simd(min(4, M - m0), nc, kc, apack + (<usize>(m0 >> 2) * <usize>kc << 4), panel, C + <usize>m0 * ldcb + off, ldcb, pbias, acc, ws);
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
          C + <usize>m0 * ldcb + off, ldcb, pbias, acc, ws,
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
          f32_gemm_2x16_simd(M - m4, min(16, N - n0), kc, am, ldab, panel, bs, ps, cm + off, ldcb, pbias, acc, ws);
        } else {
          f32_gemm_4x8_simd(M - m4, N - n0, kc, am, ldab, panel, bs, cm + off, ldcb, pbias, acc, ws);
        }
      }
    }
  }
}
