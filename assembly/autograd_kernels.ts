// Kernels the autograd ops need beyond the elementwise set: row gather/scatter-add (Embedding),
// batched transpose, strided block copy (concat/slice) and reduce/broadcast along one dim (sum/mean).
import { ldf, stf, ldi } from './util';

// dst[r, :] = table[ids[r], :] for r < n; ids are checked by the host to lie in [0, rows).
export function f32_gather_rows_ref(dst: usize, table: usize, ids: usize, n: i32, dim: i32): void {
  for (let r = 0; r < n; r++) {
    const src = table + (<usize>(ldi(ids, r) * dim) << 2);
    const d = dst + (<usize>(r * dim) << 2);
    for (let c = 0; c < dim; c++) stf(d, c, ldf(src, c));
  }
}
// dtable[ids[r], :] += dy[r, :]; repeated ids accumulate; rows with id == skipId are left out
// (Embedding paddingIdx; pass -1 for none).
export function f32_scatter_add_rows_ref(dtable: usize, dy: usize, ids: usize, n: i32, dim: i32, skipId: i32): void {
  for (let r = 0; r < n; r++) {
    const id = ldi(ids, r);
    if (id == skipId) continue;
    const d = dtable + (<usize>(id * dim) << 2);
    const s = dy + (<usize>(r * dim) << 2);
    for (let c = 0; c < dim; c++) stf(d, c, ldf(d, c) + ldf(s, c));
  }
}
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
// dst[r*dstStride + c] (+)= src[r*srcStride + c] for r < rows, c < cols (strides in elements).
export function f32_copy_block_ref(dst: usize, dstStride: i32, src: usize, srcStride: i32, rows: i32, cols: i32, accumulate: i32): void {
  for (let r = 0; r < rows; r++) {
    const d = dst + (<usize>(r * dstStride) << 2);
    const s = src + (<usize>(r * srcStride) << 2);
    for (let c = 0; c < cols; c++) stf(d, c, accumulate ? ldf(d, c) + ldf(s, c) : ldf(s, c));
  }
}
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
// dx[o, k, i] += alpha * dy[o, i]: the backward of sum_dim.
export function f32_broadcast_dim_acc_ref(dx: usize, dy: usize, outer: i32, d: i32, inner: i32, alpha: f32): void {
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < d; k++) {
      for (let i = 0; i < inner; i++) {
        const at = (o * d + k) * inner + i;
        stf(dx, at, ldf(dx, at) + alpha * ldf(dy, o * inner + i));
      }
    }
  }
}

// f32x4 bodies. Copies and single adds in the same order as the _ref twins, so the results are
// bit-identical (no fused multiply-add).
@inline function run_simd(d: usize, s: usize, len: i32, accumulate: i32): void {
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
function gather_rows_simd(dst: usize, table: usize, ids: usize, n: i32, dim: i32): void {
  for (let r = 0; r < n; r++) run_simd(dst + (<usize>(r * dim) << 2), table + (<usize>(ldi(ids, r) * dim) << 2), dim, 0);
}
function scatter_add_rows_simd(dtable: usize, dy: usize, ids: usize, n: i32, dim: i32, skipId: i32): void {
  for (let r = 0; r < n; r++) {
    const id = ldi(ids, r);
    if (id == skipId) continue;
    run_simd(dtable + (<usize>(id * dim) << 2), dy + (<usize>(r * dim) << 2), dim, 1);
  }
}
function copy_block_simd(dst: usize, dstStride: i32, src: usize, srcStride: i32, rows: i32, cols: i32, accumulate: i32): void {
  for (let r = 0; r < rows; r++) run_simd(dst + (<usize>(r * dstStride) << 2), src + (<usize>(r * srcStride) << 2), cols, accumulate);
}
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
function broadcast_dim_acc_simd(dx: usize, dy: usize, outer: i32, d: i32, inner: i32, alpha: f32): void {
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

// Dispatch entries (transpose stays scalar: it is off every hot path).
export function f32_gather_rows(dst: usize, table: usize, ids: usize, n: i32, dim: i32): void {
  if (ASC_FEATURE_SIMD) gather_rows_simd(dst, table, ids, n, dim);
  else f32_gather_rows_ref(dst, table, ids, n, dim);
}
export function f32_scatter_add_rows(dtable: usize, dy: usize, ids: usize, n: i32, dim: i32, skipId: i32): void {
  if (ASC_FEATURE_SIMD) scatter_add_rows_simd(dtable, dy, ids, n, dim, skipId);
  else f32_scatter_add_rows_ref(dtable, dy, ids, n, dim, skipId);
}
export function f32_transpose(dst: usize, src: usize, batch: i32, rows: i32, cols: i32, accumulate: i32): void { f32_transpose_ref(dst, src, batch, rows, cols, accumulate); }
export function f32_copy_block(dst: usize, dstStride: i32, src: usize, srcStride: i32, rows: i32, cols: i32, accumulate: i32): void {
  if (ASC_FEATURE_SIMD) copy_block_simd(dst, dstStride, src, srcStride, rows, cols, accumulate);
  else f32_copy_block_ref(dst, dstStride, src, srcStride, rows, cols, accumulate);
}
export function f32_sum_dim(dst: usize, src: usize, outer: i32, d: i32, inner: i32, alpha: f32, accumulate: i32): void {
  if (ASC_FEATURE_SIMD) sum_dim_simd(dst, src, outer, d, inner, alpha, accumulate);
  else f32_sum_dim_ref(dst, src, outer, d, inner, alpha, accumulate);
}
export function f32_broadcast_dim_acc(dx: usize, dy: usize, outer: i32, d: i32, inner: i32, alpha: f32): void {
  if (ASC_FEATURE_SIMD) broadcast_dim_acc_simd(dx, dy, outer, d, inner, alpha);
  else f32_broadcast_dim_acc_ref(dx, dy, outer, d, inner, alpha);
}
