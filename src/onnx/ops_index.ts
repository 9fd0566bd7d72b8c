// Index ops: TopK and ScatterElements. PyTorch's exporter emits them around a packed sequence
// with `enforce_sorted=False` (sort the batch by length with TopK, undo the sort with the inverse
// permutation that ScatterElements builds), on a handful of values; plain host loops suffice.
import { fmtShape } from '../errors.js';
import { attrInt, attrString } from './attrs.js';
import { checkSize, normAxis, stridesOf } from './ops_shape.js';
import { fail, hostVal, ints, outLike, read, sizeOf, type Ctx, type Val } from './values.js';

type Op = (c: Ctx, ins: (Val | null)[]) => Val[];

function need(c: Ctx, ins: (Val | null)[], i: number): Val {
  const v = ins[i];
  if (!v) fail(c, `input ${i} is missing`);
  return v;
}

/** TopK (opsets 1-24): the k largest (or smallest) along an axis, sorted; ties keep the lower index first. */
const topK: Op = (c, ins) => {
  const x = need(c, ins, 0);
  const r = x.shape.length;
  if (r === 0) fail(c, 'input is a scalar; TopK needs at least one axis');
  const axis = normAxis(c, attrInt(c.node, 'axis', -1), r);
  let k: number;
  if (c.opset < 10) k = attrInt(c.node, 'k', -1);
  else {
    const kv = ints(c, need(c, ins, 1), 'K');
    if (kv.length !== 1) fail(c, `K must hold one value, got ${kv.length}`);
    k = kv[0];
  }
  const n = x.shape[axis];
  if (!Number.isInteger(k) || k < 0 || k > n) fail(c, `k = ${k} must be in [0, ${n}] (axis ${axis} of ${fmtShape(x.shape)})`);
  const largest = c.opset < 11 || attrInt(c.node, 'largest', 1) !== 0;
  const shape = x.shape.slice();
  shape[axis] = k;
  checkSize(c, shape);
  const values = outLike(c, x.dtype, shape, [x]);
  const indices = hostVal('int64', shape, new Float64Array(sizeOf(shape)), c.dyn);
  const src = read(c, x), dv = read(c, values), di = indices.host!;
  const inner = sizeOf(x.shape.slice(axis + 1)), outer = sizeOf(x.shape.slice(0, axis));
  const order = new Array<number>(n);
  for (let a = 0; a < outer; a++) {
    for (let b = 0; b < inner; b++) {
      const base = a * n * inner + b;
      for (let i = 0; i < n; i++) order[i] = i;
      // NaN (order undefined by ONNX) goes after every number either way, as onnxruntime's largest does
      const v = (i: number): number => src[base + i * inner];
      order.sort((i, j) => {
        const vi = v(i), vj = v(j);
        const ni = Number.isNaN(vi), nj = Number.isNaN(vj);
        if (ni || nj) return ni && nj ? i - j : ni ? 1 : -1;
        const d = vi < vj ? -1 : vi > vj ? 1 : 0; // not vi - vj: Infinity - Infinity is NaN
        return d !== 0 ? (largest ? -d : d) : i - j;
      });
      const obase = a * k * inner + b;
      for (let i = 0; i < k; i++) {
        dv[obase + i * inner] = v(order[i]);
        di[obase + i * inner] = order[i];
      }
    }
  }
  return [values, indices];
};

/** ScatterElements (opsets 11-18; Scatter, opsets 9-10, is the same op): a copy of data with
 *  out[..., indices[i..], ...] (index on `axis`) = updates[i..], or combined by `reduction`. */
const scatterElements: Op = (c, ins) => {
  const data = need(c, ins, 0), idx = need(c, ins, 1), upd = need(c, ins, 2);
  const r = data.shape.length;
  if (idx.shape.length !== r || upd.shape.length !== r || idx.shape.some((d, i) => d !== upd.shape[i])) {
    fail(c, `indices ${fmtShape(idx.shape)} and updates ${fmtShape(upd.shape)} must have one shape of the rank of data ${fmtShape(data.shape)}`);
  }
  if (idx.dtype !== 'int64' && idx.dtype !== 'int32') fail(c, `indices must be int32 or int64, got ${idx.dtype}`);
  if (upd.dtype !== data.dtype) fail(c, `updates are ${upd.dtype}, data ${data.dtype}`);
  const axis = normAxis(c, attrInt(c.node, 'axis', 0), Math.max(r, 1));
  for (let i = 0; i < r; i++) if (i !== axis && idx.shape[i] > data.shape[i]) fail(c, `indices ${fmtShape(idx.shape)} exceed data ${fmtShape(data.shape)} on axis ${i}`);
  const reduction = attrString(c.node, 'reduction', 'none');
  if (!['none', 'add', 'mul', 'max', 'min'].includes(reduction)) fail(c, `reduction '${reduction}' is not supported (none, add, mul, max, min)`);
  const out = outLike(c, data.dtype, data.shape.slice(), [data, upd]);
  const dst = read(c, out);
  dst.set(read(c, data));
  const ids = read(c, idx), u = read(c, upd);
  const st = stridesOf(data.shape), n = data.shape[axis] ?? 1;
  const pos = new Array<number>(r).fill(0);
  for (let e = 0; e < ids.length; e++) {
    const j = ids[e] < 0 ? ids[e] + n : ids[e];
    if (!(j >= 0 && j < n)) fail(c, `index ${ids[e]} is out of range for axis ${axis} of size ${n}`);
    let p = 0;
    for (let k = 0; k < r; k++) p += (k === axis ? j : pos[k]) * st[k];
    const w = u[e];
    dst[p] = reduction === 'add' ? dst[p] + w : reduction === 'mul' ? dst[p] * w : reduction === 'max' ? Math.max(dst[p], w) : reduction === 'min' ? Math.min(dst[p], w) : w;
    for (let k = r - 1; k >= 0; k--) { if (++pos[k] < idx.shape[k]) break; pos[k] = 0; }
  }
  return [out];
};

export const INDEX_OPS: ReadonlyMap<string, Op> = new Map<string, Op>([
  ['TopK', topK], ['ScatterElements', scatterElements], ['Scatter', scatterElements],
]);
