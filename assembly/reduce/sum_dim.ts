// Sum along one dimension (sum/mean over a dim) and its backward, a broadcast that accumulates.
import { ldf, stf } from '../common/ptr';

// dst[o, i] (+)= alpha * sum_k src[o, k, i]: src viewed as (outer, d, inner).
export function f32_sum_dim_ref(dst: usize, src: usize, outer: i32, d: i32, inner: i32, alpha: f32, accumulate: i32): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let s: f32 = 0;
      for (let k = 0; k < d; k++) s += ldf(src, (o * d + k) * inner + i);
      const at = o * inner + i;
      stf(dst, at, accumulate ? ldf(dst, at) + alpha * s : alpha * s);
    }
  }
}
// dx[o, k, i] += alpha * dy[o, i]: the backward of f32_sum_dim (dy broadcast along d).
export function f32_sum_dim_bwd_ref(dx: usize, dy: usize, outer: i32, d: i32, inner: i32, alpha: f32): void {
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < d; k++) {
      for (let i = 0; i < inner; i++) {
        const at = (o * d + k) * inner + i;
        stf(dx, at, ldf(dx, at) + alpha * ldf(dy, o * inner + i));
      }
    }
  }
}

// f32x4 bodies: single adds and multiplies in the _ref's order, so the results are bit-identical
// (no fused multiply-add).
// Vectorised over the contiguous inner index; each lane sums over k in the _ref's order.
function sum_dim_simd(dst: usize, src: usize, outer: i32, d: i32, inner: i32, alpha: f32, accumulate: i32): void {
  const inner4 = inner & ~3;
  const va = f32x4.splat(alpha);
  for (let o = 0; o < outer; o++) {
    let i = 0;
    for (; i < inner4; i += 4) {
      let acc = f32x4.splat(0);
      for (let k = 0; k < d; k++) acc = f32x4.add(acc, v128.load(src + (<usize>((o * d + k) * inner + i) << 2)));
      const p = dst + (<usize>(o * inner + i) << 2);
      const v = f32x4.mul(va, acc);
      v128.store(p, accumulate ? f32x4.add(v128.load(p), v) : v);
    }
    for (; i < inner; i++) {
      let s: f32 = 0;
      for (let k = 0; k < d; k++) s += ldf(src, (o * d + k) * inner + i);
      const at = o * inner + i;
      stf(dst, at, accumulate ? ldf(dst, at) + alpha * s : alpha * s);
    }
  }
}
function sum_dim_bwd_simd(dx: usize, dy: usize, outer: i32, d: i32, inner: i32, alpha: f32): void {
  const inner4 = inner & ~3;
  const va = f32x4.splat(alpha);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < d; k++) {
      const px = dx + (<usize>((o * d + k) * inner) << 2);
      const py = dy + (<usize>(o * inner) << 2);
      let i = 0;
      for (; i < inner4; i += 4) {
        const q = <usize>i << 2;
        v128.store(px + q, f32x4.add(v128.load(px + q), f32x4.mul(va, v128.load(py + q))));
      }
      for (; i < inner; i++) stf(px, i, ldf(px, i) + alpha * ldf(py, i));
    }
  }
}

export function f32_sum_dim(dst: usize, src: usize, outer: i32, d: i32, inner: i32, alpha: f32, accumulate: i32): void {
  if (ASC_FEATURE_SIMD) sum_dim_simd(dst, src, outer, d, inner, alpha, accumulate);
  else f32_sum_dim_ref(dst, src, outer, d, inner, alpha, accumulate);
}
export function f32_sum_dim_bwd(dx: usize, dy: usize, outer: i32, d: i32, inner: i32, alpha: f32): void {
  if (ASC_FEATURE_SIMD) sum_dim_bwd_simd(dx, dy, outer, d, inner, alpha);
  else f32_sum_dim_bwd_ref(dx, dy, outer, d, inner, alpha);
}
