// Differentiable data-movement ops: reshape, transpose of the last two dims, concat and slice
// along a dim, and gather of rows (the embedding lookup).
import { fmtShape, ShapeError, ValueError } from '../errors.js';
import { checkShape, sizeOf, Tensor } from '../tensor/tensor.js';
import { checkFloat, checkRank, normDim, runtimeOf, splitAt } from './check.js';
import { at } from './kern.js';
import { needsGrad } from './tape.js';
import { track } from './records.js';
import './backward.js'; // registers Tensor.backward (the reverse walk)

/**
 * Same data in a new shape (one dim may be -1). The result is a copy-free view.
 * @example
 * ```ts
 * reshape(Tensor.zeros([2, 3, 4]), [6, -1]).shape; // [6, 4]
 * ```
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  runtimeOf('reshape', { x });
  const s = shape.slice();
  const free = s.indexOf(-1);
  if (free >= 0 && s.indexOf(-1, free + 1) < 0) {
    const rest = sizeOf(s.filter((_, i) => i !== free));
    if (rest > 0 && x.size % rest === 0) s[free] = x.size / rest;
  }
  checkShape('reshape', s);
  if (sizeOf(s) !== x.size) throw new ShapeError(`reshape: shape ${fmtShape(shape)} does not fit ${x.size} elements of ${fmtShape(x.shape)}`);
  const out = new Tensor(x.runtime, x.arena, x.ptr, s, x.dtype, needsGrad(x));
  track({ op: 'reshape', x, out }, [out]);
  return out;
}

/**
 * Swaps the last two dims: [..., R, C] → [..., C, R] (a copy).
 * @example
 * ```ts
 * transpose(Tensor.from([[1, 2, 3]])).shape; // [3, 1]
 * ```
 */
export function transpose(x: Tensor): Tensor {
  const rt = runtimeOf('transpose', { x });
  checkFloat('transpose', 'x', x);
  checkRank('transpose', 'x', x, 2, '[..., R, C]');
  const rows = x.shape[x.shape.length - 2], cols = x.shape[x.shape.length - 1];
  const lead = x.shape.slice(0, -2);
  const batch = sizeOf(lead);
  const out = Tensor.empty([...lead, cols, rows], { runtime: rt });
  out.requiresGrad = needsGrad(x);
  rt.k.f32_transpose(out.ptr, x.ptr, batch, rows, cols, 0);
  track({ op: 'transpose', x, out, batch, rows, cols }, [out]);
  return out;
}

/**
 * Joins tensors along `dim`; all other dims must match.
 * @example
 * ```ts
 * concat([Tensor.zeros([2, 3]), Tensor.zeros([2, 5])], 1).shape; // [2, 8]
 * ```
 */
export function concat(xs: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ValueError('concat: xs must be a non-empty array of tensors');
  const named: Record<string, Tensor> = {};
  xs.forEach((t, i) => (named[`xs[${i}]`] = t));
  const rt = runtimeOf('concat', named);
  xs.forEach((t, i) => checkFloat('concat', `xs[${i}]`, t));
  const rank = xs[0].shape.length;
  const d = normDim('concat', dim, rank);
  const shape = xs[0].shape.slice();
  shape[d] = 0;
  xs.forEach((t, i) => {
    const ok = t.shape.length === rank && t.shape.every((v: number, j: number) => j === d || v === xs[0].shape[j]);
    if (!ok) throw new ShapeError(`concat: xs[${i}] must match ${fmtShape(xs[0].shape)} except in dim ${d}, got ${fmtShape(t.shape)}`);
    shape[d] += t.shape[d];
  });
  const [outer] = splitAt(shape, d);
  const total = outer === 0 ? 0 : sizeOf(shape) / outer;
  const widths = xs.map((t) => (outer === 0 ? 0 : t.size / outer));
  const offsets: number[] = [];
  let off = 0;
  for (const w of widths) { offsets.push(off); off += w; }
  const out = Tensor.empty(shape, { runtime: rt });
  out.requiresGrad = needsGrad(...xs);
  xs.forEach((t, j) => rt.k.f32_copy_block(at(out.ptr, offsets[j]), total, t.ptr, widths[j], outer, widths[j], 0));
  track({ op: 'concat', xs: xs.slice(), out, outer, widths, offsets }, [out]);
  return out;
}

/**
 * Elements [start, end) of x along `dim` (a copy). Negative start/end count from the end.
 * @example
 * ```ts
 * const lastStep = slice(output, 1, -1); // [B, 1, H] from [B, T, H]
 * ```
 */
export function slice(x: Tensor, dim: number, start: number, end?: number): Tensor {
  const rt = runtimeOf('slice', { x });
  checkFloat('slice', 'x', x);
  const d = normDim('slice', dim, x.shape.length);
  const n = x.shape[d];
  const s = start < 0 ? start + n : start;
  const e = end === undefined ? n : end < 0 ? end + n : end;
  if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > n || s > e) {
    throw new ValueError(`slice: range [${start}, ${end ?? n}) is outside dim ${d} of size ${n} (x ${fmtShape(x.shape)}): start and end must be integers, start <= end`);
  }
  const [outer, , inner] = splitAt(x.shape, d);
  const shape = x.shape.slice();
  shape[d] = e - s;
  const out = Tensor.empty(shape, { runtime: rt });
  out.requiresGrad = needsGrad(x);
  const srcWidth = n * inner, width = (e - s) * inner, startEl = s * inner;
  rt.k.f32_copy_block(out.ptr, width, at(x.ptr, startEl), srcWidth, outer, width, 0);
  track({ op: 'slice', x, out, outer, srcWidth, start: startEl, width }, [out]);
  return out;
}

/**
 * Rows of table[V, D] picked by int32 ids of any shape → [...ids.shape, D]. The backward adds
 * into the picked rows (repeated ids accumulate); rows picked by `skipId` get no gradient.
 * @example
 * ```ts
 * const table = Tensor.from([[0, 0], [1, 1], [2, 2]]);
 * gather(table, Tensor.from([2, 0], [2], { dtype: 'int32' })).toArray(); // [2, 2, 0, 0]
 * ```
 */
export function gather(table: Tensor, ids: Tensor, skipId = -1): Tensor {
  const rt = runtimeOf('gather', { table, ids });
  checkFloat('gather', 'table', table);
  if (table.shape.length !== 2) throw new ShapeError(`gather: table must be [V, D], got ${fmtShape(table.shape)}`);
  if (ids.dtype !== 'int32') throw new ValueError(`gather: ids must be int32, got ${ids.dtype}`);
  const [V, D] = table.shape;
  const idv = ids.data();
  for (let i = 0; i < idv.length; i++) {
    if (!(idv[i] >= 0 && idv[i] < V)) throw new ValueError(`gather: ids must lie in [0, ${V}), got ${idv[i]} at flat index ${i}`);
  }
  const out = Tensor.empty([...ids.shape, D], { runtime: rt });
  out.requiresGrad = needsGrad(table);
  rt.k.f32_gather_rows(out.ptr, table.ptr, D, ids.ptr, ids.size, D);
  track({ op: 'gather', table, ids, out, n: ids.size, dim: D, skipId }, [out]);
  return out;
}
