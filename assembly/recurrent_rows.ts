// Row gather/scatter between a sequence buffer ([B, T, F] or [T, B, F], any row stride) and the
// scan-major workspace (T*B contiguous rows, scan step major). idx[r] is the source/destination row
// number (row r of the workspace), or -1 for a padded step (gather writes zeros, scatter skips it).
import { ldf, stf, ldi } from './util';

// dst (n, len) <- src rows idx[r] (row stride srcStride, elements).
export function f32_rows_gather_ref(dst: usize, src: usize, srcStride: i32, idx: usize, n: i32, len: i32): void {
  for (let r = 0; r < n; r++) {
    const row = ldi(idx, r);
    const o = r * len;
    if (row < 0) { for (let k = 0; k < len; k++) stf(dst, o + k, 0); continue; }
    const p = src + (<usize>row * <usize>srcStride << 2);
    for (let k = 0; k < len; k++) stf(dst, o + k, ldf(p, k));
  }
}

// dst rows idx[r] (row stride dstStride) (+)= src (n, len).
export function f32_rows_scatter_ref(dst: usize, dstStride: i32, src: usize, idx: usize, n: i32, len: i32, accumulate: i32): void {
  for (let r = 0; r < n; r++) {
    const row = ldi(idx, r);
    if (row < 0) continue;
    const p = dst + (<usize>row * <usize>dstStride << 2);
    const o = r * len;
    for (let k = 0; k < len; k++) stf(p, k, (accumulate ? ldf(p, k) : <f32>0) + ldf(src, o + k));
  }
}

// f32x4 bodies: 4 floats per move; exact (copies and one add), so they equal the _ref bit for bit.
function rows_gather_simd(dst: usize, src: usize, srcStride: i32, idx: usize, n: i32, len: i32): void {
  const len4 = len & ~3;
  for (let r = 0; r < n; r++) {
    const row = ldi(idx, r);
    const d = dst + (<usize>(r * len) << 2);
    const p = src + (<usize>row * <usize>srcStride << 2);
    let k = 0;
    if (row < 0) {
      for (; k < len4; k += 4) v128.store(d + (<usize>k << 2), f32x4.splat(0));
      for (; k < len; k++) stf(d, k, 0);
      continue;
    }
    for (; k < len4; k += 4) v128.store(d + (<usize>k << 2), v128.load(p + (<usize>k << 2)));
    for (; k < len; k++) stf(d, k, ldf(p, k));
  }
}

function rows_scatter_simd(dst: usize, dstStride: i32, src: usize, idx: usize, n: i32, len: i32, accumulate: i32): void {
  const len4 = len & ~3;
  for (let r = 0; r < n; r++) {
    const row = ldi(idx, r);
    if (row < 0) continue;
    const p = dst + (<usize>row * <usize>dstStride << 2);
    const s = src + (<usize>(r * len) << 2);
    let k = 0;
    if (accumulate) {
      for (; k < len4; k += 4) {
        const o = <usize>k << 2;
        v128.store(p + o, f32x4.add(v128.load(p + o), v128.load(s + o)));
      }
      for (; k < len; k++) stf(p, k, ldf(p, k) + ldf(s, k));
    } else {
      for (; k < len4; k += 4) v128.store(p + (<usize>k << 2), v128.load(s + (<usize>k << 2)));
      for (; k < len; k++) stf(p, k, ldf(s, k));
    }
  }
}

export function f32_rows_gather(dst: usize, src: usize, srcStride: i32, idx: usize, n: i32, len: i32): void {
  if (ASC_FEATURE_SIMD) {
    rows_gather_simd(dst, src, srcStride, idx, n, len);
  } else {
    f32_rows_gather_ref(dst, src, srcStride, idx, n, len);
  }
}
export function f32_rows_scatter(dst: usize, dstStride: i32, src: usize, idx: usize, n: i32, len: i32, accumulate: i32): void {
  if (ASC_FEATURE_SIMD) {
    rows_scatter_simd(dst, dstStride, src, idx, n, len, accumulate);
  } else {
    f32_rows_scatter_ref(dst, dstStride, src, idx, n, len, accumulate);
  }
}
