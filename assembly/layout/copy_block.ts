// Strided block copy: the forward and backward of concat and slice.
import { ldf, stf } from '../common/ptr';

// dst[r*dst_stride + c] (+)= src[r*src_stride + c] for r < rows, c < cols (strides in elements).
export function f32_copy_block_ref(dst: usize, dst_stride: i32, src: usize, src_stride: i32, rows: i32, cols: i32, accumulate: i32): void {
  for (let r = 0; r < rows; r++) {
    const d = dst + (<usize>(r * dst_stride) << 2);
    const s = src + (<usize>(r * src_stride) << 2);
    for (let c = 0; c < cols; c++) stf(d, c, accumulate ? ldf(d, c) + ldf(s, c) : ldf(s, c));
  }
}

// One row, f32x4: copies and single adds in the _ref's order, so the results are bit-identical.
@inline function copy_row_simd(d: usize, s: usize, len: i32, accumulate: i32): void {
  const len4 = len & ~3;
  let c = 0;
  if (accumulate) {
    for (; c < len4; c += 4) {
      const o = <usize>c << 2;
      v128.store(d + o, f32x4.add(v128.load(d + o), v128.load(s + o)));
    }
    for (; c < len; c++) stf(d, c, ldf(d, c) + ldf(s, c));
  } else {
    for (; c < len4; c += 4) v128.store(d + (<usize>c << 2), v128.load(s + (<usize>c << 2)));
    for (; c < len; c++) stf(d, c, ldf(s, c));
  }
}

export function f32_copy_block(dst: usize, dst_stride: i32, src: usize, src_stride: i32, rows: i32, cols: i32, accumulate: i32): void {
  if (ASC_FEATURE_SIMD) {
    for (let r = 0; r < rows; r++) copy_row_simd(dst + (<usize>(r * dst_stride) << 2), src + (<usize>(r * src_stride) << 2), cols, accumulate);
  } else {
    f32_copy_block_ref(dst, dst_stride, src, src_stride, rows, cols, accumulate);
  }
}
