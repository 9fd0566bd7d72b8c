// The 4x8 f32 GEMM microkernel on a packed A quad (wasm SIMD; relaxed_madd FMA in the relaxed
// build), and the packing of A into quads (pack_simd.ts). Same products, in the same order, as
// f32_gemm_4x8_simd: only the addressing differs. With 4 row pointers V8 spends ~30 x64
// instructions per k on 8 FMAs (a zero-extending move and an add per pointer, see
// --print-wasm-code); one A pointer and one B pointer leave ~20.
// Only referenced from `if (ASC_FEATURE_SIMD)` branches of gemm.ts.
import { madd, store_tile_4x8, to_sums } from './epilogue';

// C[0..mr, 0..nc) (+)= Aquad[0..kc) · Bpanel[0..kc, 0..8) (+ bias); the B panel is packed
// (32 bytes per k), ldc in bytes.
export function f32_gemm_4x8p_simd(
  mr: i32, nc: i32, kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, bias: usize, accumulate: i32, sums: usize,
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
  // Through memory to the epilogue (the sums buffer, epilogue.ts: its branches made TurboFan spill in the loop).
  to_sums(sums, acc0x0123, acc0x4567, acc1x0123, acc1x4567, acc2x0123, acc2x4567, acc3x0123, acc3x4567);
  store_tile_4x8(sums, c, ldc, mr, nc, bias, accumulate);
}
