// The 4x8 f32 GEMM microkernel on a packed A quad (wasm SIMD; relaxed_madd FMA in the relaxed
// build), and the packing of A into quads. Same products, in the same order, as
// f32_gemm_4x8_simd: only the addressing differs. With 4 row pointers V8 spends ~30 x64
// instructions per k on 8 FMAs (a zero-extending move and an add per pointer, see
// --print-wasm-code); one A pointer and one B pointer leave ~20.
// Only referenced from `if (ASC_FEATURE_SIMD)` branches of gemm.ts.
import { madd, store_tile_4x8, to_sums, transpose4_store } from './gemm_simd';

// Packed A of the tiled path: rows of A in quads, quad q holds A[4q..4q+4, k] for k = 0..kc at
// byte offset (q*kc + k)*16. 128 KiB: the row block of gemm.ts (mc_rows) is sized to fit. It sits
// right above the static data, below heap_base() (heap.ts), so it costs no bytes in the binary
// (a memory.data buffer would ship 128 KiB of zeros).
export const APACK_FLOATS: i32 = 32768;
@inline export function apack(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}

// Packs A[0..M, 0..kc) (row stride lda bytes) into quads at apack(); rows past M read as row M-1
// (never stored by the kernel). M * kc <= APACK_FLOATS after rounding M up to 4.
export function pack_a_quads(a: usize, lda: usize, M: i32, kc: i32): void {
  const k4 = kc & ~3;
  for (let m0 = 0; m0 < M; m0 += 4) {
    const r0 = a + <usize>m0 * lda;
    const r1 = m0 + 1 < M ? r0 + lda : r0;
    const r2 = m0 + 2 < M ? r1 + lda : r1;
    const r3 = m0 + 3 < M ? r2 + lda : r2;
    const q = apack() + (<usize>(m0 >> 2) * <usize>kc << 4);
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
export function pack_a_quads_t(at: usize, lda: usize, M: i32, kc: i32): void {
  for (let m0 = 0; m0 < M; m0 += 4) {
    const q = apack() + (<usize>(m0 >> 2) * <usize>kc << 4);
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

// C[0..mr, 0..nc) (+)= Aquad[0..kc) · Bpanel[0..kc, 0..8) (+ bias); the B panel is packed
// (32 bytes per k), ldc in bytes.
export function f32_gemm_4x8p_simd(
  mr: i32, nc: i32, kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, bias: usize, accumulate: i32,
): void {
  let acc0x0123 = f32x4.splat(0), acc0x4567 = f32x4.splat(0);
  let acc1x0123 = f32x4.splat(0), acc1x4567 = f32x4.splat(0);
  let acc2x0123 = f32x4.splat(0), acc2x4567 = f32x4.splat(0);
  let acc3x0123 = f32x4.splat(0), acc3x4567 = f32x4.splat(0);
  const aend = pa + (<usize>kc << 4);
  for (; pa < aend; pa += 16) {
    const vb0123 = v128.load(pb);
    const vb4567 = v128.load(pb, 16);
    const va0 = v128.load32_splat(pa);
    const va1 = v128.load32_splat(pa, 4);
    const va2 = v128.load32_splat(pa, 8);
    const va3 = v128.load32_splat(pa, 12);
    acc0x0123 = madd(va0, vb0123, acc0x0123);
    acc0x4567 = madd(va0, vb4567, acc0x4567);
    acc1x0123 = madd(va1, vb0123, acc1x0123);
    acc1x4567 = madd(va1, vb4567, acc1x4567);
    acc2x0123 = madd(va2, vb0123, acc2x0123);
    acc2x4567 = madd(va2, vb4567, acc2x4567);
    acc3x0123 = madd(va3, vb0123, acc3x0123);
    acc3x4567 = madd(va3, vb4567, acc3x4567);
    pb += 32;
  }
  // Through memory to the epilogue (gemm_simd.ts SUMS: its branches made TurboFan spill in the loop).
  to_sums(acc0x0123, acc0x4567, acc1x0123, acc1x4567, acc2x0123, acc2x4567, acc3x0123, acc3x4567);
  store_tile_4x8(c, ldc, mr, nc, bias, accumulate);
}
