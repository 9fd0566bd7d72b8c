// Elementwise kernels over n f32 values. dst may alias an input (in-place use is allowed).
import { ldf, stf } from '../common/ptr';
import { f32x4_load_tail, f32x4_store_tail } from '../common/math';

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

// ------------------------------------------------------------ dispatch
// Bodies of 4 lanes, then a scalar tail doing the same f32 operation, so every result is
// bit-identical to its _ref. `o` is a byte offset.

export function f32_fill(dst: usize, n: i32, v: f32): void {
  if (ASC_FEATURE_SIMD) {
    const vv = f32x4.splat(v);
    let i = 0;
    for (; i + 8 <= n; i += 8) {
      const o = <usize>i << 2;
      v128.store(dst + o, vv);
      v128.store(dst + o, vv, 16);
    }
    for (; i < n; i++) stf(dst, i, v);
  } else {
    f32_fill_ref(dst, n, v);
  }
}
export function f32_copy(dst: usize, src: usize, n: i32): void {
  // memory.copy is memmove: any overlap is fine.
  if (n > 0) memory.copy(dst, src, <usize>n << 2);
}
export function f32_add(dst: usize, a: usize, b: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(dst + o, f32x4.add(v128.load(a + o), v128.load(b + o)));
    }
    for (; i < n; i++) stf(dst, i, ldf(a, i) + ldf(b, i));
  } else {
    f32_add_ref(dst, a, b, n);
  }
}
export function f32_sub(dst: usize, a: usize, b: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(dst + o, f32x4.sub(v128.load(a + o), v128.load(b + o)));
    }
    for (; i < n; i++) stf(dst, i, ldf(a, i) - ldf(b, i));
  } else {
    f32_sub_ref(dst, a, b, n);
  }
}
export function f32_mul(dst: usize, a: usize, b: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(dst + o, f32x4.mul(v128.load(a + o), v128.load(b + o)));
    }
    for (; i < n; i++) stf(dst, i, ldf(a, i) * ldf(b, i));
  } else {
    f32_mul_ref(dst, a, b, n);
  }
}
// Not fused even in the relaxed build: backward sums must match the _ref bit for bit.
export function f32_mul_acc(dst: usize, a: usize, b: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(dst + o, f32x4.add(v128.load(dst + o), f32x4.mul(v128.load(a + o), v128.load(b + o))));
    }
    for (; i < n; i++) stf(dst, i, ldf(dst, i) + ldf(a, i) * ldf(b, i));
  } else {
    f32_mul_acc_ref(dst, a, b, n);
  }
}
export function f32_axpy(y: usize, alpha: f32, x: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    const va = f32x4.splat(alpha);
    let i = 0;
    for (; i + 8 <= n; i += 8) {
      const o = <usize>i << 2;
      v128.store(y + o, f32x4.add(v128.load(y + o), f32x4.mul(va, v128.load(x + o))));
      v128.store(y + o, f32x4.add(v128.load(y + o, 16), f32x4.mul(va, v128.load(x + o, 16))), 16);
    }
    for (; i < n; i++) stf(y, i, ldf(y, i) + alpha * ldf(x, i));
  } else {
    f32_axpy_ref(y, alpha, x, n);
  }
}
export function f32_scale(dst: usize, src: usize, alpha: f32, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    const va = f32x4.splat(alpha);
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(dst + o, f32x4.mul(va, v128.load(src + o)));
    }
    for (; i < n; i++) stf(dst, i, alpha * ldf(src, i));
  } else {
    f32_scale_ref(dst, src, alpha, n);
  }
}
export function f32_add_row_bias(dst: usize, bias: usize, rows: i32, cols: i32): void {
  if (ASC_FEATURE_SIMD) {
    for (let r = 0; r < rows; r++) {
      const row = dst + (<usize>(r * cols) << 2);
      let c = 0;
      for (; c + 4 <= cols; c += 4) {
        const o = <usize>c << 2;
        v128.store(row + o, f32x4.add(v128.load(row + o), v128.load(bias + o)));
      }
      for (; c < cols; c++) stf(row, c, ldf(row, c) + ldf(bias, c));
    }
  } else {
    f32_add_row_bias_ref(dst, bias, rows, cols);
  }
}
// f32x4.min/max (not pmin/pmax): NaN in gives NaN out, as min<f32>/max<f32> in the _ref.
export function f32_clamp(dst: usize, src: usize, lo: f32, hi: f32, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    const vlo = f32x4.splat(lo);
    const vhi = f32x4.splat(hi);
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(dst + o, f32x4.min(f32x4.max(v128.load(src + o), vlo), vhi));
    }
    for (; i < n; i++) stf(dst, i, min(max(ldf(src, i), lo), hi));
  } else {
    f32_clamp_ref(dst, src, lo, hi, n);
  }
}
