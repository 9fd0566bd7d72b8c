// The register-bound SIMD peak that bench/gemm.mjs measures the GEMM against (not shipped in dist/).

// Benchmark-only: the register-bound SIMD peak the GEMM is measured against; no memory traffic.
// 12 independent chains acc = acc*x + y: one relaxed_madd each in the relaxed build, f32x4.mul
// then f32x4.add in the SIMD build (this form measured faster here than 6 pure-mul + 6 pure-add
// chains). Returns the lane sum so nothing is optimized away.
export function bench_simd_peak(iters: i32): f32 {
  if (ASC_FEATURE_SIMD) return simd_peak(iters);
  let s: f32 = 0;
  for (let i = 0; i < iters; i++) s = s * 0.999 + 0.001;
  return s;
}

// Flops per iteration of bench_simd_peak: 12 chains x 4 lanes x 2 (mul and add).
export function bench_simd_peak_flops(): i32 {
  return ASC_FEATURE_SIMD ? 96 : 2;
}

@inline function peak_step(acc: v128, x: v128, y: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(acc, x, y);
  return f32x4.add(f32x4.mul(acc, x), y);
}

function simd_peak(iters: i32): f32 {
  // acc converges to y / (1 - x) = 1: no overflow, no denormals.
  const x = f32x4.splat(<f32>0.999 + <f32>iters * <f32>1e-12);
  const y = f32x4.splat(<f32>0.001);
  let a0 = f32x4.splat(0.1), a1 = f32x4.splat(0.2), a2 = f32x4.splat(0.3), a3 = f32x4.splat(0.4);
  let a4 = f32x4.splat(0.5), a5 = f32x4.splat(0.6), a6 = f32x4.splat(0.7), a7 = f32x4.splat(0.8);
  let a8 = f32x4.splat(0.9), a9 = f32x4.splat(1.0), a10 = f32x4.splat(1.1), a11 = f32x4.splat(1.2);
  for (let i = 0; i < iters; i++) {
    a0 = peak_step(a0, x, y); a1 = peak_step(a1, x, y); a2 = peak_step(a2, x, y); a3 = peak_step(a3, x, y);
    a4 = peak_step(a4, x, y); a5 = peak_step(a5, x, y); a6 = peak_step(a6, x, y); a7 = peak_step(a7, x, y);
    a8 = peak_step(a8, x, y); a9 = peak_step(a9, x, y); a10 = peak_step(a10, x, y); a11 = peak_step(a11, x, y);
  }
  let s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)));
  s = f32x4.add(s, f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11)));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}
