// Typed wrappers of the kernels the scan calls in several places, so call sites read by name
// (the per-cell step kernels are called in one place each, their table entry in cells.ts).
import type { Kernels, Runtime } from '../../runtime/runtime.js';
import { gemmPacked } from '../../runtime/parallel.js';

/** out (rows, cols) (+)= a (rows, depth; row stride lda) · packed (depth, cols) (+ bias (cols)). */
export interface PackedProduct {
  rows: number;
  cols: number;
  depth: number;
  a: number;
  lda: number;
  packed: number; // what packB wrote for (depth, cols)
  out: number;
  ldOut: number;
  bias?: number; // 0 / absent = none
  accumulate?: boolean;
  /** Scan step: a single-row product alternates its column order per step (cache reuse, same sums). */
  step?: number;
}

/** On a multi-thread runtime split by columns (runtime/parallel.ts); scratch: rt.gemmWs per thread. */
export function packedProduct(rt: Runtime, p: PackedProduct): void {
  gemmPacked(rt, p.rows, p.cols, p.depth, p.a, p.lda, p.packed, p.out, p.ldOut, p.bias ?? 0, p.accumulate ? 1 : 0, (p.step ?? 0) & 1);
}

/** Bytes packB needs for a (depth, cols) right operand. */
export function packedBytes(k: Kernels, depth: number, cols: number): number {
  return Number(k.f32_packed_b_bytes(depth, cols));
}

/**
 * Packs a (depth, cols) right operand into dst from w with row stride ld: `transposed` reads w as
 * (cols, depth) (a PyTorch weight (out, in) used as x · wᵀ), otherwise as (depth, cols).
 */
export function packB(k: Kernels, dst: number, w: number, ld: number, transposed: boolean, depth: number, cols: number): void {
  k.f32_pack_b(dst, w, ld, transposed ? 1 : 0, depth, cols);
}

/** dst row r (width len) = src row idx[r] (row stride srcStride); n rows. */
export function gatherRows(k: Kernels, dst: number, src: number, srcStride: number, idx: number, n: number, len: number): void {
  k.f32_gather_rows(dst, src, srcStride, idx, n, len);
}

/** dst row idx[r] (row stride dstStride) (+)= src row r; rows with idx -1 are skipped. */
export function scatterRows(k: Kernels, dst: number, dstStride: number, src: number, idx: number, n: number, len: number, accumulate: boolean): void {
  k.f32_scatter_rows(dst, dstStride, src, idx, n, len, -1, accumulate ? 1 : 0);
}

/** dst (n) = src, or zeros when src is 0. */
export function copyOrZero(k: Kernels, dst: number, src: number, n: number): void {
  if (src) k.f32_copy(dst, src, n);
  else k.f32_fill(dst, n, 0);
}
