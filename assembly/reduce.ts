// Reductions. Whole-array sums accumulate in f64 so that norms and losses do not drift with n.
import { ldf, stf } from './util';

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
// dst[r] (+)= sum_c src[r, c]
export function f32_sum_cols_ref(dst: usize, src: usize, rows: i32, cols: i32, accumulate: i32): void {
  for (let r = 0; r < rows; r++) {
    let s: f32 = accumulate ? ldf(dst, r) : 0;
    for (let c = 0; c < cols; c++) s += ldf(src, r * cols + c);
    stf(dst, r, s);
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

export function f32_sum(src: usize, n: i32): f64 { return f32_sum_ref(src, n); }
export function f32_sumsq(src: usize, n: i32): f64 { return f32_sumsq_ref(src, n); }
export function f32_sum_rows(dst: usize, src: usize, rows: i32, cols: i32, accumulate: i32): void { f32_sum_rows_ref(dst, src, rows, cols, accumulate); }
export function f32_sum_cols(dst: usize, src: usize, rows: i32, cols: i32, accumulate: i32): void { f32_sum_cols_ref(dst, src, rows, cols, accumulate); }
export function f32_find_nonfinite(src: usize, n: i32): i32 { return f32_find_nonfinite_ref(src, n); }
