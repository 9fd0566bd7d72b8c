// Row gather and scatter by an index list: Embedding's lookup and its gradient, and the recurrent
// scan's moves between a sequence buffer ([B, T, F] or [T, B, F], any row stride) and its
// scan-major workspace (T*B contiguous rows). idx[r] is the source/destination row of row r, or
// negative for a padded step (gather writes zeros, scatter skips it).
import { ldf, stf, ldi } from '../common/ptr';
import { copy_row_simd } from './move_simd';

// dst (n, len) <- src rows idx[r] (row stride src_stride, elements); idx[r] < 0 gives a zero row.
export function f32_gather_rows_ref(dst: usize, src: usize, src_stride: i32, idx: usize, n: i32, len: i32): void {
  for (let r = 0; r < n; r++) {
    const row = ldi(idx, r);
    const o = r * len;
    if (row < 0) { for (let k = 0; k < len; k++) stf(dst, o + k, 0); continue; }
    const p = src + (<usize>row * <usize>src_stride << 2);
    for (let k = 0; k < len; k++) stf(dst, o + k, ldf(p, k));
  }
}

// dst rows idx[r] (row stride dst_stride) (+)= src (n, len); rows with idx[r] < 0 or
// idx[r] == skip_id are left out (Embedding's padding_idx; -1 for none). Repeated rows add up
// when accumulating (Embedding's gradient), the last one wins otherwise.
export function f32_scatter_rows_ref(dst: usize, dst_stride: i32, src: usize, idx: usize, n: i32, len: i32, skip_id: i32, accumulate: i32): void {
  for (let r = 0; r < n; r++) {
    const row = ldi(idx, r);
    if (row < 0 || row == skip_id) continue;
    const p = dst + (<usize>row * <usize>dst_stride << 2);
    const o = r * len;
    for (let k = 0; k < len; k++) stf(p, k, (accumulate ? ldf(p, k) : <f32>0) + ldf(src, o + k));
  }
}

// f32x4 bodies: 4 floats per move; exact (copies and one add), so they equal the _ref bit for bit.
function gather_rows_simd(dst: usize, src: usize, src_stride: i32, idx: usize, n: i32, len: i32): void {
  const len4 = len & ~3;
  for (let r = 0; r < n; r++) {
    const row = ldi(idx, r);
    const d = dst + (<usize>(r * len) << 2);
    const p = src + (<usize>row * <usize>src_stride << 2);
    let k = 0;
    if (row < 0) {
      for (; k < len4; k += 4) v128.store(d + (<usize>k << 2), f32x4.splat(0));
      for (; k < len; k++) stf(d, k, 0);
      continue;
    }
    copy_row_simd(d, p, len, 0);
  }
}

function scatter_rows_simd(dst: usize, dst_stride: i32, src: usize, idx: usize, n: i32, len: i32, skip_id: i32, accumulate: i32): void {
  for (let r = 0; r < n; r++) {
    const row = ldi(idx, r);
    if (row < 0 || row == skip_id) continue;
    const p = dst + (<usize>row * <usize>dst_stride << 2);
    copy_row_simd(p, src + (<usize>(r * len) << 2), len, accumulate);
  }
}

export function f32_gather_rows(dst: usize, src: usize, src_stride: i32, idx: usize, n: i32, len: i32): void {
  if (ASC_FEATURE_SIMD) {
    gather_rows_simd(dst, src, src_stride, idx, n, len);
  } else {
    f32_gather_rows_ref(dst, src, src_stride, idx, n, len);
  }
}

export function f32_scatter_rows(dst: usize, dst_stride: i32, src: usize, idx: usize, n: i32, len: i32, skip_id: i32, accumulate: i32): void {
  if (ASC_FEATURE_SIMD) {
    scatter_rows_simd(dst, dst_stride, src, idx, n, len, skip_id, accumulate);
  } else {
    f32_scatter_rows_ref(dst, dst_stride, src, idx, n, len, skip_id, accumulate);
  }
}
