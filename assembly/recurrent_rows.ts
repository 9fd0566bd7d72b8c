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

export function f32_rows_gather(dst: usize, src: usize, srcStride: i32, idx: usize, n: i32, len: i32): void {
  f32_rows_gather_ref(dst, src, srcStride, idx, n, len);
}
export function f32_rows_scatter(dst: usize, dstStride: i32, src: usize, idx: usize, n: i32, len: i32, accumulate: i32): void {
  f32_rows_scatter_ref(dst, dstStride, src, idx, n, len, accumulate);
}
