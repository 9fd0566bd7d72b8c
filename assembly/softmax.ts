// Row softmax / log-softmax over a row-major (rows, cols) matrix, max-subtracted for stability.
// Backward accumulates into dx from the saved forward output y.
import { ldf, stf } from './util';

export function f32_softmax_rows_ref(y: usize, x: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const xr = x + (<usize>(r * cols) << 2);
    const yr = y + (<usize>(r * cols) << 2);
    let mx = -Infinity as f32;
    for (let c = 0; c < cols; c++) mx = max(mx, ldf(xr, c));
    let s: f64 = 0;
    for (let c = 0; c < cols; c++) {
      const e = Math.exp(<f64>(ldf(xr, c) - mx));
      stf(yr, c, <f32>e);
      s += e;
    }
    const inv = 1.0 / s;
    for (let c = 0; c < cols; c++) stf(yr, c, <f32>(<f64>ldf(yr, c) * inv));
  }
}
export function f32_log_softmax_rows_ref(y: usize, x: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const xr = x + (<usize>(r * cols) << 2);
    const yr = y + (<usize>(r * cols) << 2);
    let mx = -Infinity as f32;
    for (let c = 0; c < cols; c++) mx = max(mx, ldf(xr, c));
    let s: f64 = 0;
    for (let c = 0; c < cols; c++) s += Math.exp(<f64>(ldf(xr, c) - mx));
    const lse = <f32>Math.log(s);
    for (let c = 0; c < cols; c++) stf(yr, c, ldf(xr, c) - mx - lse);
  }
}
// dx += y * (dy - sum(dy * y))
export function f32_softmax_bwd_rows_ref(dx: usize, dy: usize, y: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let dot: f32 = 0;
    for (let c = 0; c < cols; c++) dot += ldf(dy, o + c) * ldf(y, o + c);
    for (let c = 0; c < cols; c++) stf(dx, o + c, ldf(dx, o + c) + ldf(y, o + c) * (ldf(dy, o + c) - dot));
  }
}
// dx += dy - exp(y) * sum(dy), y = log-softmax output
export function f32_log_softmax_bwd_rows_ref(dx: usize, dy: usize, y: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let s: f32 = 0;
    for (let c = 0; c < cols; c++) s += ldf(dy, o + c);
    for (let c = 0; c < cols; c++) {
      stf(dx, o + c, ldf(dx, o + c) + ldf(dy, o + c) - <f32>Math.exp(<f64>ldf(y, o + c)) * s);
    }
  }
}

export function f32_softmax_rows(y: usize, x: usize, rows: i32, cols: i32): void { f32_softmax_rows_ref(y, x, rows, cols); }
export function f32_log_softmax_rows(y: usize, x: usize, rows: i32, cols: i32): void { f32_log_softmax_rows_ref(y, x, rows, cols); }
export function f32_softmax_bwd_rows(dx: usize, dy: usize, y: usize, rows: i32, cols: i32): void { f32_softmax_bwd_rows_ref(dx, dy, y, rows, cols); }
export function f32_log_softmax_bwd_rows(dx: usize, dy: usize, y: usize, rows: i32, cols: i32): void { f32_log_softmax_bwd_rows_ref(dx, dy, y, rows, cols); }
