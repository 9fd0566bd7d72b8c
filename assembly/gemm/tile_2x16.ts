// The 2x16 f32 GEMM microkernel for 1-2 leftover rows (M = 2 batches, M % 4 tails): two
// panels side by side keep 8 independent accumulators busy where a 4x8 tile would idle half.
// Only referenced from `if (ASC_FEATURE_SIMD)` branches of gemm.ts.
import { madd, store_tile_2x16, to_sums } from './epilogue';

// C[0..mr, 0..nc) (+)= A[0..mr, 0..kc) · [panel b | panel b+ps] (+ bias), 8 < nc <= 16,
// mr <= 2. Strides in bytes as in f32_gemm_4x8_simd; a second row past mr aliases the first.
export function f32_gemm_2x16_simd(
  mr: i32, nc: i32, kc: i32, a: usize, lda: usize, b: usize, bs: usize, ps: usize,
  c: usize, ldc: usize, bias: usize, accumulate: i32, sums: usize,
): void {
  let p0 = a;
  let p1 = mr > 1 ? p0 + lda : p0;
  let acc0x0123 = f32x4.splat(0), acc0x4567 = f32x4.splat(0), acc0x89AB = f32x4.splat(0), acc0xCDEF = f32x4.splat(0);
  let acc1x0123 = f32x4.splat(0), acc1x4567 = f32x4.splat(0), acc1x89AB = f32x4.splat(0), acc1xCDEF = f32x4.splat(0);
  // 8 accumulators + 4 B + 2 A = 14 xmm registers: one k per iteration (see f32_gemm_4x8_simd).
  let pb = b;
  let pc = b + ps;
  for (let k = 0; k < kc; k++) {
    const vb0123 = v128.load(pb);
    const vb4567 = v128.load(pb, 16);
    const vb89AB = v128.load(pc);
    const vbCDEF = v128.load(pc, 16);
    const va0 = v128.load32_splat(p0);
    const va1 = v128.load32_splat(p1);
    acc0x0123 = madd(va0, vb0123, acc0x0123);
    acc0x4567 = madd(va0, vb4567, acc0x4567);
    acc0x89AB = madd(va0, vb89AB, acc0x89AB);
    acc0xCDEF = madd(va0, vbCDEF, acc0xCDEF);
    acc1x0123 = madd(va1, vb0123, acc1x0123);
    acc1x4567 = madd(va1, vb4567, acc1x4567);
    acc1x89AB = madd(va1, vb89AB, acc1x89AB);
    acc1xCDEF = madd(va1, vbCDEF, acc1xCDEF);
    p0 += 4; p1 += 4;
    pb += bs; pc += bs;
  }
  // Through memory to the epilogue (the sums buffer, epilogue.ts: its branches made TurboFan spill in the loop).
  to_sums(sums, acc0x0123, acc0x4567, acc0x89AB, acc0xCDEF, acc1x0123, acc1x4567, acc1x89AB, acc1xCDEF);
  store_tile_2x16(sums, c, ldc, mr, nc, bias, accumulate);
}
