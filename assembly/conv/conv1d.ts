// 1-D convolution lowered to GEMM (as PyTorch's CPU conv does): im2col unrolls each output
// position's receptive field into a column, so the forward is y = W (Cout/g, Cin/g*K) · col
// (Cin/g*K, Lout), computed as yᵀ = colᵀ · Wᵀ on W packed once (src/autograd/conv.ts); col2im is
// its adjoint for the input gradient.
// Shapes of one batch element and group: x (C, L), col (C*K, Lout), row r = c*K + k.
// Position t of row (c, k) reads x[c, t*stride + k*dil - pad]; outside [0, L) it is a zero
// (the left pad). The right pad needs no code: it only makes Lout longer.
import { ldf, stf } from '../common/ptr';

// First t whose source index t*stride + off is >= 0, and one past the last one < L (clamped to [0, Lout]).
@inline function first_valid(off: i32, stride: i32, lout: i32): i32 {
  if (off >= 0) return 0;
  return min(lout, (-off + stride - 1) / stride);
}
@inline function end_valid(off: i32, stride: i32, l: i32, lout: i32): i32 {
  if (off > l - 1) return 0;
  return min(lout, (l - 1 - off) / stride + 1);
}

// col[c*K + k, t] = x[c, t*stride + k*dil - pad], 0 outside the input.
export function f32_conv1d_im2col_ref(col: usize, x: usize, c: i32, l: i32, k: i32, stride: i32, pad: i32, dil: i32, lout: i32): void {
  for (let ci = 0; ci < c; ci++) {
    for (let kk = 0; kk < k; kk++) {
      const row = col + (<usize>((ci * k + kk) * lout) << 2);
      for (let t = 0; t < lout; t++) {
        const j = t * stride + kk * dil - pad;
        stf(row, t, j >= 0 && j < l ? ldf(x, ci * l + j) : 0);
      }
    }
  }
}

// dx[c, t*stride + k*dil - pad] += dcol[c*K + k, t] for sources inside the input (the adjoint of
// im2col). Rows are added in order r = 0, 1, ..., so each dx element sums its terms in a fixed order.
export function f32_conv1d_col2im_ref(dx: usize, dcol: usize, c: i32, l: i32, k: i32, stride: i32, pad: i32, dil: i32, lout: i32): void {
  for (let ci = 0; ci < c; ci++) {
    for (let kk = 0; kk < k; kk++) {
      const row = dcol + (<usize>((ci * k + kk) * lout) << 2);
      for (let t = 0; t < lout; t++) {
        const j = t * stride + kk * dil - pad;
        if (j >= 0 && j < l) stf(dx, ci * l + j, ldf(dx, ci * l + j) + ldf(row, t));
      }
    }
  }
}

// ------------------------------------------------------------ dispatch
// Per row: zeros before the first in-range position, a vector copy (stride 1: contiguous loads;
// stride > 1: four strided lanes per vector) over the in-range span, zeros after. Pure copies and
// single adds in the _ref's order, so both kernels are bit-identical to their twins.

function im2col_simd(col: usize, x: usize, c: i32, l: i32, k: i32, stride: i32, pad: i32, dil: i32, lout: i32): void {
  const zero = f32x4.splat(0);
  const step = <usize>stride << 2; // bytes between the lanes of one vector
  for (let ci = 0; ci < c; ci++) {
    const xc = x + (<usize>(ci * l) << 2);
    for (let kk = 0; kk < k; kk++) {
      const row = col + (<usize>((ci * k + kk) * lout) << 2);
      const off = kk * dil - pad;
      const t0 = first_valid(off, stride, lout);
      const t1 = max(t0, end_valid(off, stride, l, lout));
      let t = 0;
      for (; t + 4 <= t0; t += 4) v128.store(row + (<usize>t << 2), zero);
      for (; t < t0; t++) stf(row, t, 0);
      let src = xc + (<usize>(t * stride + off) << 2);
      if (stride == 1) {
        for (; t + 4 <= t1; t += 4) {
          v128.store(row + (<usize>t << 2), v128.load(src));
          src += 16;
        }
      } else {
        for (; t + 4 <= t1; t += 4) {
          let v = v128.load32_zero(src);
          v = f32x4.replace_lane(v, 1, load<f32>(src + step));
          v = f32x4.replace_lane(v, 2, load<f32>(src + 2 * step));
          v = f32x4.replace_lane(v, 3, load<f32>(src + 3 * step));
          v128.store(row + (<usize>t << 2), v);
          src += step << 2;
        }
      }
      for (; t < t1; t++) {
        stf(row, t, load<f32>(src));
        src += step;
      }
      for (; t + 4 <= lout; t += 4) v128.store(row + (<usize>t << 2), zero);
      for (; t < lout; t++) stf(row, t, 0);
    }
  }
}

function col2im_simd(dx: usize, dcol: usize, c: i32, l: i32, k: i32, stride: i32, pad: i32, dil: i32, lout: i32): void {
  for (let ci = 0; ci < c; ci++) {
    const xc = dx + (<usize>(ci * l) << 2);
    for (let kk = 0; kk < k; kk++) {
      const row = dcol + (<usize>((ci * k + kk) * lout) << 2);
      const off = kk * dil - pad;
      let t = first_valid(off, stride, lout);
      const t1 = end_valid(off, stride, l, lout);
      let dst = xc + (<usize>(t * stride + off) << 2);
      // Strided destinations have no vector store; stride 1 is the common case (and Conv1d's backward).
      if (stride == 1) {
        for (; t + 4 <= t1; t += 4) {
          const p = row + (<usize>t << 2);
          v128.store(dst, f32x4.add(v128.load(dst), v128.load(p)));
          dst += 16;
        }
      }
      const step = <usize>stride << 2;
      for (; t < t1; t++) {
        store<f32>(dst, load<f32>(dst) + ldf(row, t));
        dst += step;
      }
    }
  }
}

export function f32_conv1d_im2col(col: usize, x: usize, c: i32, l: i32, k: i32, stride: i32, pad: i32, dil: i32, lout: i32): void {
  if (ASC_FEATURE_SIMD) im2col_simd(col, x, c, l, k, stride, pad, dil, lout);
  else f32_conv1d_im2col_ref(col, x, c, l, k, stride, pad, dil, lout);
}

export function f32_conv1d_col2im(dx: usize, dcol: usize, c: i32, l: i32, k: i32, stride: i32, pad: i32, dil: i32, lout: i32): void {
  if (ASC_FEATURE_SIMD) col2im_simd(dx, dcol, c, l, k, stride, pad, dil, lout);
  else f32_conv1d_col2im_ref(dx, dcol, c, l, k, stride, pad, dil, lout);
}
