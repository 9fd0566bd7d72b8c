// Packing for the tiled GEMM path (SIMD builds only; referenced from ASC_FEATURE_SIMD branches,
// not a wasm export): one panel of a transposed B for f32_pack_b, and A packed into the quads
// that f32_gemm_4x8p_simd reads.
import { transpose4_store } from '../layout/transpose_tiles';

// One full panel from a transposed B (8 rows of B[n, k], row stride ldb bytes): panel rows
// k = 0..k4 (k4 a multiple of 4), 32 bytes each, by 4x4 transposes. The caller packs k >= k4.
export function pack_panel_t_simd(panel: usize, b: usize, ldb: usize, k4: i32): void {
  const kend = <usize>k4 << 2;
  for (let ko: usize = 0; ko < kend; ko += 16) {
    const p = b + ko;
    const dst = panel + (ko << 3);
    transpose4_store(dst, 32, v128.load(p), v128.load(p + ldb), v128.load(p + 2 * ldb), v128.load(p + 3 * ldb));
    const q = p + 4 * ldb;
    transpose4_store(dst + 16, 32, v128.load(q), v128.load(q + ldb), v128.load(q + 2 * ldb), v128.load(q + 3 * ldb));
  }
}


// Packed A of the tiled path: rows of A in quads, quad q holds A[4q..4q+4, k] for k = 0..kc at
// byte offset (q*kc + k)*16, in APACK_FLOATS floats (128 KiB) of the caller's scratch (`apack`,
// see gemm_ws_bytes): the row block of panels.ts (mc_rows) is sized to fit.
export const APACK_FLOATS: i32 = 32768;

// Packs A[0..M, 0..kc) (row stride lda bytes) into quads at apack; rows past M read as row M-1
// (never stored by the kernel). M * kc <= APACK_FLOATS after rounding M up to 4.
export function pack_a_quads_simd(apack: usize, a: usize, lda: usize, M: i32, kc: i32): void {
  const k4 = kc & ~3;
  for (let m0 = 0; m0 < M; m0 += 4) {
    const r0 = a + <usize>m0 * lda;
    const r1 = m0 + 1 < M ? r0 + lda : r0;
    const r2 = m0 + 2 < M ? r1 + lda : r1;
    const r3 = m0 + 3 < M ? r2 + lda : r2;
    const q = apack + (<usize>(m0 >> 2) * <usize>kc << 4);
    for (let k = 0; k < k4; k += 4) {
      const o = <usize>k << 2;
      transpose4_store(q + (o << 2), 16, v128.load(r0 + o), v128.load(r1 + o), v128.load(r2 + o), v128.load(r3 + o));
    }
    for (let k = k4; k < kc; k++) {
      const o = <usize>k << 2;
      const d = q + (o << 2);
      store<f32>(d, load<f32>(r0 + o));
      store<f32>(d, load<f32>(r1 + o), 4);
      store<f32>(d, load<f32>(r2 + o), 8);
      store<f32>(d, load<f32>(r3 + o), 12);
    }
  }
}

// The same quads from A^T: op(A)[m, k] = at[k*lda + m] (lda in bytes), so quad q at k is the 4
// contiguous floats at at + k*lda + 16q. Lanes past M repeat row M-1 (never stored).
export function pack_a_quads_t_simd(apack: usize, at: usize, lda: usize, M: i32, kc: i32): void {
  for (let m0 = 0; m0 < M; m0 += 4) {
    const q = apack + (<usize>(m0 >> 2) * <usize>kc << 4);
    const src = at + (<usize>m0 << 2);
    if (m0 + 4 <= M) {
      for (let k = 0; k < kc; k++) v128.store(q + (<usize>k << 4), v128.load(src + <usize>k * lda));
    } else {
      const last = <usize>(M - 1 - m0) << 2;
      for (let k = 0; k < kc; k++) {
        const p = src + <usize>k * lda;
        const d = q + (<usize>k << 4);
        for (let r = 0; r < 4; r++) store<f32>(d + (<usize>r << 2), load<f32>(p + min(<usize>r << 2, last)));
      }
    }
  }
}

