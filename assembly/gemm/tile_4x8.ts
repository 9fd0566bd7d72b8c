// The 4x8 f32 GEMM microkernel (wasm SIMD; relaxed_madd FMA in the relaxed build), after
// XNNPACK's f32-gemm-4x8 wasmsimd "loadsplat": each k broadcasts one A value per row and
// multiplies it into two 4-wide B vectors, 8 independent accumulators in registers.
// Only referenced from `if (ASC_FEATURE_SIMD)` branches of gemm.ts.
import { madd, store_tile_4x8, to_sums } from './epilogue';

// C[0..mr, 0..nc) (+)= A[0..mr, 0..kc) · Bpanel[0..kc, 0..8) (+ bias). Strides in bytes:
// lda between A rows, bs between panel rows (32 when packed, ldb*4 in place), ldc between C rows.
// Rows past mr alias the last real row for loading (XNNPACK's trick), but are never stored.
export function f32_gemm_4x8_simd(
  mr: i32, nc: i32, kc: i32, a: usize, lda: usize, b: usize, bs: usize,
  c: usize, ldc: usize, bias: usize, accumulate: i32, sums: usize,
): void {
  let p0 = a;
  let p1 = mr > 1 ? p0 + lda : p0;
  let p2 = mr > 2 ? p1 + lda : p1;
  let p3 = mr > 3 ? p2 + lda : p2;
  let acc0x0123 = f32x4.splat(0), acc0x4567 = f32x4.splat(0);
  let acc1x0123 = f32x4.splat(0), acc1x4567 = f32x4.splat(0);
  let acc2x0123 = f32x4.splat(0), acc2x4567 = f32x4.splat(0);
  let acc3x0123 = f32x4.splat(0), acc3x4567 = f32x4.splat(0);
  // One k per iteration on purpose: TurboFan hoists every load of an unrolled body above the
  // multiply-adds, and 2x/4x unrolling then spills accumulators (seen in --print-wasm-code);
  // this body needs 8 accumulators + 2 B + 4 A = 14 of the 16 xmm registers.
  let pb = b;
  for (let k = 0; k < kc; k++) {
    const vb0123 = v128.load(pb);
    const vb4567 = v128.load(pb, 16);
    const va0 = v128.load32_splat(p0);
    const va1 = v128.load32_splat(p1);
    const va2 = v128.load32_splat(p2);
    const va3 = v128.load32_splat(p3);
    acc0x0123 = madd(va0, vb0123, acc0x0123);
    acc0x4567 = madd(va0, vb4567, acc0x4567);
    acc1x0123 = madd(va1, vb0123, acc1x0123);
    acc1x4567 = madd(va1, vb4567, acc1x4567);
    acc2x0123 = madd(va2, vb0123, acc2x0123);
    acc2x4567 = madd(va2, vb4567, acc2x4567);
    acc3x0123 = madd(va3, vb0123, acc3x0123);
    acc3x4567 = madd(va3, vb4567, acc3x4567);
    p0 += 4; p1 += 4; p2 += 4; p3 += 4;
    pb += bs;
  }
  // Through memory to the epilogue (the sums buffer, epilogue.ts: its branches made TurboFan spill in the loop).
  to_sums(sums, acc0x0123, acc0x4567, acc1x0123, acc1x4567, acc2x0123, acc2x4567, acc3x0123, acc3x4567);
  store_tile_4x8(sums, c, ldc, mr, nc, bias, accumulate);
}
