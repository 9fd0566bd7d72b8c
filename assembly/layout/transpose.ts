// Batched transpose: the forward of transpose() and, accumulating, its backward.
import { ldf, stf } from '../common/ptr';
import { transpose_strided_simd } from './transpose_tiles';

// dst[b, c, r] (+)= src[b, r, c] for b < batch: src is (rows, cols), dst (cols, rows).
export function f32_transpose_ref(dst: usize, src: usize, batch: i32, rows: i32, cols: i32, accumulate: i32): void {
  const plane = rows * cols;
  for (let b = 0; b < batch; b++) {
    const s = src + (<usize>(b * plane) << 2);
    const d = dst + (<usize>(b * plane) << 2);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const v = ldf(s, r * cols + c);
        stf(d, c * rows + r, accumulate ? ldf(d, c * rows + r) + v : v);
      }
    }
  }
}

export function f32_transpose(dst: usize, src: usize, batch: i32, rows: i32, cols: i32, accumulate: i32): void {
  if (ASC_FEATURE_SIMD) {
    if (!accumulate) {
      // 4x4 register tiles per plane: exact copies, the _ref's values.
      const plane = <usize>(rows * cols) << 2;
      for (let b = 0; b < batch; b++) transpose_strided_simd(dst + <usize>b * plane, src + <usize>b * plane, cols, rows, cols);
      return;
    }
  }
  // Accumulating (the backward, off every hot path) stays scalar.
  f32_transpose_ref(dst, src, batch, rows, cols, accumulate);
}
