// Strided block copy: the forward and backward of concat and slice.
import { ldf, stf } from '../common/ptr';
import { copy_row_simd } from './move_simd';

// dst[r*dst_stride + c] (+)= src[r*src_stride + c] for r < rows, c < cols (strides in elements).
export function f32_copy_block_ref(dst: usize, dst_stride: i32, src: usize, src_stride: i32, rows: i32, cols: i32, accumulate: i32): void {
  for (let r = 0; r < rows; r++) {
    const d = dst + (<usize>(r * dst_stride) << 2);
    const s = src + (<usize>(r * src_stride) << 2);
    for (let c = 0; c < cols; c++) stf(d, c, accumulate ? ldf(d, c) + ldf(s, c) : ldf(s, c));
  }
}

export function f32_copy_block(dst: usize, dst_stride: i32, src: usize, src_stride: i32, rows: i32, cols: i32, accumulate: i32): void {
  if (ASC_FEATURE_SIMD) {
    for (let r = 0; r < rows; r++) copy_row_simd(dst + (<usize>(r * dst_stride) << 2), src + (<usize>(r * src_stride) << 2), cols, accumulate);
  } else {
    f32_copy_block_ref(dst, dst_stride, src, src_stride, rows, cols, accumulate);
  }
}
