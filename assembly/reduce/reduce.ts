// Reductions. Whole-array sums accumulate in f64 so that norms and losses do not drift with n.
import { ldf, stf } from '../common/ptr';

export function f32_sum_ref(src: usize, n: i32): f64 {
  let s: f64 = 0;
  for (let i = 0; i < n; i++) s += <f64>ldf(src, i);
  return s;
}
export function f32_sumsq_ref(src: usize, n: i32): f64 {
  let s: f64 = 0;
  for (let i = 0; i < n; i++) {
    const v = <f64>ldf(src, i);
    s += v * v;
  }
  return s;
}
// dst[c] (+)= sum_r src[r, c]: bias gradients
export function f32_sum_rows_ref(dst: usize, src: usize, rows: i32, cols: i32, accumulate: i32): void {
  for (let c = 0; c < cols; c++) {
    let s: f32 = accumulate ? ldf(dst, c) : 0;
    for (let r = 0; r < rows; r++) s += ldf(src, r * cols + c);
    stf(dst, c, s);
  }
}
// Index of the first NaN or +-Inf, or -1 when all n values are finite.
export function f32_find_nonfinite_ref(src: usize, n: i32): i32 {
  for (let i = 0; i < n; i++) {
    const v = ldf(src, i);
    if (!isFinite<f32>(v)) return i;
  }
  return -1;
}

// ------------------------------------------------------------ dispatch

// f32 lanes 2, 3 as f64x2 (promote_low takes lanes 0, 1).
@inline function promote_high(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3));
}
@inline function hsum64(a: v128): f64 {
  return f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
}

// Four f64 partial sums (two f64x2) instead of one: each f32 converts exactly, so the result
// differs from the sequential _ref only by f64 rounding (relative ~1e-16 per add).
export function f32_sum(src: usize, n: i32): f64 {
  if (ASC_FEATURE_SIMD) {
    let a = f64x2.splat(0);
    let b = f64x2.splat(0);
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(src + (<usize>i << 2));
      a = f64x2.add(a, f64x2.promote_low_f32x4(v));
      b = f64x2.add(b, promote_high(v));
    }
    let s = hsum64(f64x2.add(a, b));
    for (; i < n; i++) s += <f64>ldf(src, i);
    return s;
  } else {
    return f32_sum_ref(src, n);
  }
}
// f32 squares are exact in f64 (24 + 24 bits), as in the _ref.
export function f32_sumsq(src: usize, n: i32): f64 {
  if (ASC_FEATURE_SIMD) {
    let a = f64x2.splat(0);
    let b = f64x2.splat(0);
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(src + (<usize>i << 2));
      const lo = f64x2.promote_low_f32x4(v);
      const hi = promote_high(v);
      a = f64x2.add(a, f64x2.mul(lo, lo));
      b = f64x2.add(b, f64x2.mul(hi, hi));
    }
    let s = hsum64(f64x2.add(a, b));
    for (; i < n; i++) {
      const v = <f64>ldf(src, i);
      s += v * v;
    }
    return s;
  } else {
    return f32_sumsq_ref(src, n);
  }
}
// Row by row into dst: per column the additions happen in the _ref's order (bit-identical),
// and src is read contiguously.
export function f32_sum_rows(dst: usize, src: usize, rows: i32, cols: i32, accumulate: i32): void {
  if (ASC_FEATURE_SIMD) {
    if (!accumulate) memory.fill(dst, 0, <usize>max(cols, 0) << 2);
    for (let r = 0; r < rows; r++) {
      const row = src + (<usize>(r * cols) << 2);
      let c = 0;
      for (; c + 4 <= cols; c += 4) {
        const o = <usize>c << 2;
        v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(row + o)));
      }
      for (; c < cols; c++) stf(dst, c, ldf(dst, c) + ldf(row, c));
    }
  } else {
    f32_sum_rows_ref(dst, src, rows, cols, accumulate);
  }
}
// A value is NaN or ±Inf exactly when its exponent bits are all ones.
export function f32_find_nonfinite(src: usize, n: i32): i32 {
  if (ASC_FEATURE_SIMD) {
    const em = i32x4.splat(0x7f800000);
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(src + (<usize>i << 2));
      if (v128.any_true(i32x4.eq(v128.and(v, em), em))) break;
    }
    for (; i < n; i++) if (!isFinite<f32>(ldf(src, i))) return i;
    return -1;
  } else {
    return f32_find_nonfinite_ref(src, n);
  }
}
