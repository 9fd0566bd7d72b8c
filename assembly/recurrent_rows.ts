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

// dst (cols, rows) = src (rows, cols)ᵀ: lays the gate grads of all steps out as (G, T*B) so the
// weight-gradient GEMMs run without a transposed operand.
export function f32_rows_transpose_ref(dst: usize, src: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) stf(dst, c * rows + r, ldf(src, r * cols + c));
}

// 4x4 tiles transposed in registers (two rounds of lane shuffles); edges scalar.
function rows_transpose_simd(dst: usize, src: usize, rows: i32, cols: i32): void {
  const r4 = rows & ~3, c4 = cols & ~3;
  const rs = <usize>cols << 2, ds = <usize>rows << 2;
  for (let r = 0; r < r4; r += 4) {
    const s0 = src + <usize>r * rs;
    for (let c = 0; c < c4; c += 4) {
      const p = s0 + (<usize>c << 2);
      const a = v128.load(p), b = v128.load(p + rs), e = v128.load(p + 2 * rs), f = v128.load(p + 3 * rs);
      const t0 = v128.shuffle<f32>(a, b, 0, 4, 1, 5), t1 = v128.shuffle<f32>(a, b, 2, 6, 3, 7);
      const t2 = v128.shuffle<f32>(e, f, 0, 4, 1, 5), t3 = v128.shuffle<f32>(e, f, 2, 6, 3, 7);
      const q = dst + <usize>c * ds + (<usize>r << 2);
      v128.store(q, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
      v128.store(q + ds, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
      v128.store(q + 2 * ds, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
      v128.store(q + 3 * ds, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
    }
    for (let c = c4; c < cols; c++) for (let k = r; k < r + 4; k++) stf(dst, c * rows + k, ldf(src, k * cols + c));
  }
  for (let r = r4; r < rows; r++) for (let c = 0; c < cols; c++) stf(dst, c * rows + r, ldf(src, r * cols + c));
}

export function f32_rows_transpose(dst: usize, src: usize, rows: i32, cols: i32): void {
  if (ASC_FEATURE_SIMD) {
    rows_transpose_simd(dst, src, rows, cols);
  } else {
    f32_rows_transpose_ref(dst, src, rows, cols);
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
