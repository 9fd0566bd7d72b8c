// Elementwise kernels over n f32 values. dst may alias an input (in-place use is allowed).
import { ldf, stf } from './util';

export function f32_fill_ref(dst: usize, n: i32, v: f32): void {
  for (let i = 0; i < n; i++) stf(dst, i, v);
}
export function f32_copy_ref(dst: usize, src: usize, n: i32): void {
  for (let i = 0; i < n; i++) stf(dst, i, ldf(src, i));
}
export function f32_add_ref(dst: usize, a: usize, b: usize, n: i32): void {
  for (let i = 0; i < n; i++) stf(dst, i, ldf(a, i) + ldf(b, i));
}
export function f32_sub_ref(dst: usize, a: usize, b: usize, n: i32): void {
  for (let i = 0; i < n; i++) stf(dst, i, ldf(a, i) - ldf(b, i));
}
export function f32_mul_ref(dst: usize, a: usize, b: usize, n: i32): void {
  for (let i = 0; i < n; i++) stf(dst, i, ldf(a, i) * ldf(b, i));
}
// dst += a * b (backward of mul)
export function f32_mul_acc_ref(dst: usize, a: usize, b: usize, n: i32): void {
  for (let i = 0; i < n; i++) stf(dst, i, ldf(dst, i) + ldf(a, i) * ldf(b, i));
}
// y += alpha * x
export function f32_axpy_ref(y: usize, alpha: f32, x: usize, n: i32): void {
  for (let i = 0; i < n; i++) stf(y, i, ldf(y, i) + alpha * ldf(x, i));
}
// dst = alpha * src
export function f32_scale_ref(dst: usize, src: usize, alpha: f32, n: i32): void {
  for (let i = 0; i < n; i++) stf(dst, i, alpha * ldf(src, i));
}
// dst[r, c] += bias[c] for a row-major (rows, cols) matrix
export function f32_add_row_bias_ref(dst: usize, bias: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const row = dst + (<usize>(r * cols) << 2);
    for (let c = 0; c < cols; c++) stf(row, c, ldf(row, c) + ldf(bias, c));
  }
}
// dst = clamp(src, lo, hi)
export function f32_clamp_ref(dst: usize, src: usize, lo: f32, hi: f32, n: i32): void {
  for (let i = 0; i < n; i++) stf(dst, i, min(max(ldf(src, i), lo), hi));
}

export function f32_fill(dst: usize, n: i32, v: f32): void { f32_fill_ref(dst, n, v); }
export function f32_copy(dst: usize, src: usize, n: i32): void { f32_copy_ref(dst, src, n); }
export function f32_add(dst: usize, a: usize, b: usize, n: i32): void { f32_add_ref(dst, a, b, n); }
export function f32_sub(dst: usize, a: usize, b: usize, n: i32): void { f32_sub_ref(dst, a, b, n); }
export function f32_mul(dst: usize, a: usize, b: usize, n: i32): void { f32_mul_ref(dst, a, b, n); }
export function f32_mul_acc(dst: usize, a: usize, b: usize, n: i32): void { f32_mul_acc_ref(dst, a, b, n); }
export function f32_axpy(y: usize, alpha: f32, x: usize, n: i32): void { f32_axpy_ref(y, alpha, x, n); }
export function f32_scale(dst: usize, src: usize, alpha: f32, n: i32): void { f32_scale_ref(dst, src, alpha, n); }
export function f32_add_row_bias(dst: usize, bias: usize, rows: i32, cols: i32): void { f32_add_row_bias_ref(dst, bias, rows, cols); }
export function f32_clamp(dst: usize, src: usize, lo: f32, hi: f32, n: i32): void { f32_clamp_ref(dst, src, lo, hi, n); }
