// Row softmax / log-softmax over a row-major (rows, cols) matrix, max-subtracted for stability.
// Backward accumulates into dx from the saved forward output y.
import { ldf, stf } from '../common/ptr';
import { f32x4_exp, f32x4_load_tail, f32x4_store_tail } from '../common/math';
import { row_max_simd, row_sum_exp_simd } from './row_simd';

export function f32_softmax_fwd_ref(y: usize, x: usize, rows: i32, cols: i32): void {
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
export function f32_log_softmax_fwd_ref(y: usize, x: usize, rows: i32, cols: i32): void {
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
export function f32_softmax_bwd_ref(dx: usize, dy: usize, y: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let dot: f32 = 0;
    for (let c = 0; c < cols; c++) dot += ldf(dy, o + c) * ldf(y, o + c);
    for (let c = 0; c < cols; c++) stf(dx, o + c, ldf(dx, o + c) + ldf(y, o + c) * (ldf(dy, o + c) - dot));
  }
}
// dx += dy - exp(y) * sum(dy), y = log-softmax output
export function f32_log_softmax_bwd_ref(dx: usize, dy: usize, y: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let s: f32 = 0;
    for (let c = 0; c < cols; c++) s += ldf(dy, o + c);
    for (let c = 0; c < cols; c++) {
      stf(dx, o + c, ldf(dx, o + c) + ldf(dy, o + c) - <f32>Math.exp(<f64>ldf(y, o + c)) * s);
    }
  }
}

// ------------------------------------------------------------ dispatch
// One row at a time: max, e^(x - max) summed in f64 lanes, then a scale or a log. The tail of
// a row goes through the same lane code (see f32x4_load_tail), so rounding is position-free.

@inline function scale_row(yr: usize, cols: i32, inv: f32): void {
  const vi = f32x4.splat(inv);
  let c = 0;
  for (; c + 4 <= cols; c += 4) {
    const o = <usize>c << 2;
    v128.store(yr + o, f32x4.mul(v128.load(yr + o), vi));
  }
  for (; c < cols; c++) stf(yr, c, ldf(yr, c) * inv);
}

export function f32_softmax_fwd(y: usize, x: usize, rows: i32, cols: i32): void {
  if (ASC_FEATURE_SIMD) {
    if (cols <= 0) return;
    for (let r = 0; r < rows; r++) {
      const xr = x + (<usize>(r * cols) << 2);
      const yr = y + (<usize>(r * cols) << 2);
      const s = row_sum_exp_simd(yr, xr, cols, row_max_simd(xr, cols));
      scale_row(yr, cols, <f32>(1.0 / s));
    }
  } else {
    f32_softmax_fwd_ref(y, x, rows, cols);
  }
}
// y = (x - max) - lse, the _ref's rounding order; y may alias x (the sum pass stores nothing).
export function f32_log_softmax_fwd(y: usize, x: usize, rows: i32, cols: i32): void {
  if (ASC_FEATURE_SIMD) {
    if (cols <= 0) return;
    for (let r = 0; r < rows; r++) {
      const xr = x + (<usize>(r * cols) << 2);
      const yr = y + (<usize>(r * cols) << 2);
      const mx = row_max_simd(xr, cols);
      const lse = <f32>Math.log(row_sum_exp_simd(0, xr, cols, mx));
      const vm = f32x4.splat(mx);
      const vl = f32x4.splat(lse);
      let c = 0;
      for (; c + 4 <= cols; c += 4) {
        const o = <usize>c << 2;
        v128.store(yr + o, f32x4.sub(f32x4.sub(v128.load(xr + o), vm), vl));
      }
      for (; c < cols; c++) stf(yr, c, ldf(xr, c) - mx - lse);
    }
  } else {
    f32_log_softmax_fwd_ref(y, x, rows, cols);
  }
}
// dx += y * (dy - sum(dy * y)); the dot product uses 4 f32 partial sums.
export function f32_softmax_bwd(dx: usize, dy: usize, y: usize, rows: i32, cols: i32): void {
  if (ASC_FEATURE_SIMD) {
    for (let r = 0; r < rows; r++) {
      const ob = <usize>(r * cols) << 2;
      const dxr = dx + ob, dyr = dy + ob, yr = y + ob;
      let acc = f32x4.splat(0);
      let c = 0;
      for (; c + 4 <= cols; c += 4) {
        const o = <usize>c << 2;
        acc = f32x4.add(acc, f32x4.mul(v128.load(dyr + o), v128.load(yr + o)));
      }
      let dot: f32 = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
      for (; c < cols; c++) dot += ldf(dyr, c) * ldf(yr, c);
      const vd = f32x4.splat(dot);
      c = 0;
      for (; c + 4 <= cols; c += 4) {
        const o = <usize>c << 2;
        const g = f32x4.mul(v128.load(yr + o), f32x4.sub(v128.load(dyr + o), vd));
        v128.store(dxr + o, f32x4.add(v128.load(dxr + o), g));
      }
      for (; c < cols; c++) stf(dxr, c, ldf(dxr, c) + ldf(yr, c) * (ldf(dyr, c) - dot));
    }
  } else {
    f32_softmax_bwd_ref(dx, dy, y, rows, cols);
  }
}
// dx += dy - exp(y) * sum(dy), y = log-softmax output.
export function f32_log_softmax_bwd(dx: usize, dy: usize, y: usize, rows: i32, cols: i32): void {
  if (ASC_FEATURE_SIMD) {
    for (let r = 0; r < rows; r++) {
      const ob = <usize>(r * cols) << 2;
      const dxr = dx + ob, dyr = dy + ob, yr = y + ob;
      let acc = f32x4.splat(0);
      let c = 0;
      for (; c + 4 <= cols; c += 4) acc = f32x4.add(acc, v128.load(dyr + (<usize>c << 2)));
      let s: f32 = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
      for (; c < cols; c++) s += ldf(dyr, c);
      const vs = f32x4.splat(s);
      c = 0;
      for (; c + 4 <= cols; c += 4) {
        const o = <usize>c << 2;
        const g = f32x4.sub(v128.load(dyr + o), f32x4.mul(f32x4_exp(v128.load(yr + o)), vs));
        v128.store(dxr + o, f32x4.add(v128.load(dxr + o), g));
      }
      if (c < cols) {
        const k = cols - c;
        const o = <usize>c << 2;
        const g = f32x4.sub(f32x4_load_tail(dyr + o, k), f32x4.mul(f32x4_exp(f32x4_load_tail(yr + o, k)), vs));
        f32x4_store_tail(dxr + o, f32x4.add(f32x4_load_tail(dxr + o, k), g), k);
      }
    }
  } else {
    f32_log_softmax_bwd_ref(dx, dy, y, rows, cols);
  }
}
