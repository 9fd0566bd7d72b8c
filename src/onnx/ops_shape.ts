// The glue ops: shape arithmetic and data movement (Shape, Gather, Slice, Concat, Reshape, Pad,
// ...). They run at import or plan time on tiny host arrays, or on the small tensors between a
// model's heavy ops (Silero: a 576-sample frame, a (258, 4) spectrum), so plain loops are enough.
import { fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { attrFloat, attrInt, attrInts, attrTensor, has } from './attrs.js';
import {
  castNumber, DTYPES, fail, hostVal, ints, outLike, read, sizeOf, type Ctx, type DType, type HostArray, type Val,
} from './values.js';

/** Elements one op output may have (64 Mi: what a file's shape arithmetic may ask for at run time; folding at import has a tighter budget). */
export const MAX_ELEMENTS = 1 << 26;

export function checkSize(c: Ctx, shape: number[]): void {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) fail(c, `invalid output dimension ${d} in ${fmtShape(shape)}`);
    n *= d;
  }
  if (n > MAX_ELEMENTS) fail(c, `output ${fmtShape(shape)} has ${n} elements, more than the ${MAX_ELEMENTS} allowed`);
}

export function normAxis(c: Ctx, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) fail(c, `axis ${axis} is out of range for rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}

export const stridesOf = (shape: readonly number[]): number[] => {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
};

/** dst[i] = src[offset + Σ idx_k · strides_k] over the multi-index of `shape` (row-major). */
export function stridedCopy(dst: HostArray, src: HostArray, shape: readonly number[], strides: readonly number[], offset: number): void {
  const n = sizeOf(shape);
  if (n === 0) return;
  const r = shape.length;
  if (r === 0) { dst[0] = src[offset]; return; }
  const idx = new Array<number>(r).fill(0);
  const last = r - 1, sLast = strides[last], nLast = shape[last];
  let base = offset;
  for (let i = 0; i < n; i += nLast) {
    if (sLast === 1 && nLast > 16) dst.set(src.subarray(base, base + nLast), i); // contiguous rows (weight slices)
    else for (let j = 0, p = base; j < nLast; j++, p += sLast) dst[i + j] = src[p];
    // carry into the outer dims
    for (let k = last - 1; k >= 0; k--) {
      idx[k]++;
      base += strides[k];
      if (idx[k] < shape[k]) break;
      base -= idx[k] * strides[k];
      idx[k] = 0;
    }
  }
}

/** Shares the data of x under a new shape (no copy). */
export function reshaped(x: Val, shape: number[], dyn: boolean): Val {
  if (x.dev) {
    const t = new Tensor(x.dev.runtime, x.dev.arena, x.dev.ptr, shape, 'float32');
    return { dtype: x.dtype, shape, host: x.host, dev: t, dyn, model: x.model, cache: undefined };
  }
  return { dtype: x.dtype, shape, host: x.host, dev: null, dyn, model: x.model };
}

export function broadcastShapes(c: Ctx, shapes: number[][]): number[] {
  const r = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(r).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = r - s.length + i;
      if (s[i] === out[o] || s[i] === 1) continue;
      if (out[o] === 1) out[o] = s[i];
      else fail(c, `shapes ${shapes.map(fmtShape).join(' and ')} do not broadcast`);
    }
  }
  return out;
}

/** Strides that read `shape` as if broadcast to `out` (0 on broadcast dims). */
export function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] {
  const st = stridesOf(shape);
  return out.map((_, i) => {
    const j = i - (out.length - shape.length);
    return j < 0 || shape[j] === 1 ? 0 : st[j];
  });
}

function stridedOp(c: Ctx, x: Val, shape: number[], strides: number[], offset: number): Val {
  checkSize(c, shape);
  const out = outLike(c, x.dtype, shape, [x]);
  stridedCopy(read(c, out), read(c, x), shape, strides, offset);
  return out;
}

type Op = (c: Ctx, ins: (Val | null)[]) => Val[];

function need(c: Ctx, ins: (Val | null)[], i: number): Val {
  const v = ins[i];
  if (!v) fail(c, `input ${i} is missing`);
  return v;
}

function axesInput(c: Ctx, ins: (Val | null)[], i: number): number[] | null {
  if (c.opset < 13) return attrInts(c.node, 'axes');
  return ins[i] ? ints(c, ins[i], 'axes') : null;
}

const shapeOp: Op = (c, ins) => {
  const x = need(c, ins, 0);
  const r = x.shape.length;
  const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
  const s = x.shape.slice(clamp(attrInt(c.node, 'start', 0)), has(c.node, 'end') ? clamp(attrInt(c.node, 'end', r)) : r);
  return [hostVal('int64', [s.length], Float64Array.from(s), false)];
};

const sizeOp: Op = (c, ins) => [hostVal('int64', [], Float64Array.of(sizeOf(need(c, ins, 0).shape)), false)];

const constantOfShape: Op = (c, ins) => {
  const shape = ints(c, need(c, ins, 0), 'shape');
  checkSize(c, shape);
  const t = attrTensor(c.node, 'value');
  let dtype: DType = 'float32', value = 0;
  if (t) {
    dtype = DTYPES.get(t.dataType) ?? fail(c, `value has unsupported data type ${t.dataType}`);
    const v = t.floats?.[0] ?? t.doubles?.[0] ?? t.ints?.[0];
    if (v !== undefined) value = v;
    else if (t.raw && t.raw.length >= 1) {
      const dv = new DataView(t.raw.buffer, t.raw.byteOffset, t.raw.length);
      const n = t.raw.length;
      value = dtype === 'float32' && n === 4 ? dv.getFloat32(0, true) : dtype === 'float64' && n === 8 ? dv.getFloat64(0, true)
        : (dtype === 'int64' || dtype === 'uint64') && n === 8 ? Number(dv.getBigInt64(0, true)) : dtype === 'int32' && n === 4 ? dv.getInt32(0, true)
          : n === 1 ? dv.getUint8(0) : fail(c, `value tensor of ${n} bytes does not hold one ${dtype}`);
    }
  }
  const out = outLike(c, dtype, shape, []);
  out.host!.fill(value);
  return [out];
};

const gather: Op = (c, ins) => {
  const x = need(c, ins, 0), idx = need(c, ins, 1);
  const axis = normAxis(c, attrInt(c.node, 'axis', 0), x.shape.length);
  const ids = read(c, idx);
  const n = x.shape[axis];
  const list: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const v = ids[i] < 0 ? ids[i] + n : ids[i];
    if (!(v >= 0 && v < n)) fail(c, `index ${ids[i]} is out of range for axis ${axis} of size ${n}`);
    list.push(v);
  }
  const outer = sizeOf(x.shape.slice(0, axis)), inner = sizeOf(x.shape.slice(axis + 1));
  const shape = [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)];
  checkSize(c, shape);
  const out = outLike(c, x.dtype, shape, [x]);
  const dst = read(c, out), src = read(c, x);
  let o = 0;
  for (let a = 0; a < outer; a++) {
    for (const v of list) {
      const s = (a * n + v) * inner;
      for (let k = 0; k < inner; k++) dst[o++] = src[s + k];
    }
  }
  return [out];
};

const unsqueeze: Op = (c, ins) => {
  const x = need(c, ins, 0);
  const axes = axesInput(c, ins, 1) ?? fail(c, 'axes are missing');
  const r = x.shape.length + axes.length;
  const norm = axes.map((a) => normAxis(c, a, r));
  if (new Set(norm).size !== norm.length) fail(c, `axes ${fmtShape(axes)} repeat an axis`);
  const shape: number[] = [];
  for (let i = 0, j = 0; i < r; i++) shape.push(norm.includes(i) ? 1 : x.shape[j++]);
  return [reshaped(x, shape, c.dyn)];
};

const squeeze: Op = (c, ins) => {
  const x = need(c, ins, 0);
  const axes = axesInput(c, ins, 1);
  const r = x.shape.length;
  const drop = axes ? axes.map((a) => normAxis(c, a, r)) : x.shape.flatMap((d, i) => (d === 1 ? [i] : []));
  for (const a of drop) if (x.shape[a] !== 1) fail(c, `cannot squeeze axis ${a} of size ${x.shape[a]} (input ${fmtShape(x.shape)})`);
  return [reshaped(x, x.shape.filter((_, i) => !drop.includes(i)), c.dyn)];
};

const concat: Op = (c, ins) => {
  const xs = ins.map((_, i) => need(c, ins, i));
  if (xs.length === 0) fail(c, 'no inputs');
  const r = xs[0].shape.length;
  const axis = normAxis(c, attrInt(c.node, 'axis', 0), r);
  const shape = xs[0].shape.slice();
  shape[axis] = 0;
  for (const x of xs) {
    if (x.shape.length !== r || x.shape.some((d, i) => i !== axis && d !== xs[0].shape[i]) || x.dtype !== xs[0].dtype) {
      fail(c, `inputs ${xs.map((v) => `${v.dtype}${fmtShape(v.shape)}`).join(', ')} do not concatenate along axis ${axis}`);
    }
    shape[axis] += x.shape[axis];
  }
  checkSize(c, shape);
  const out = outLike(c, xs[0].dtype, shape, xs);
  const outer = sizeOf(shape.slice(0, axis)), inner = sizeOf(shape.slice(axis + 1));
  const width = shape[axis] * inner;
  const dst = read(c, out);
  let off = 0;
  for (const x of xs) {
    const w = x.shape[axis] * inner, src = read(c, x);
    for (let a = 0; a < outer; a++) dst.set(src.subarray(a * w, (a + 1) * w), a * width + off);
    off += w;
  }
  return [out];
};

const slice: Op = (c, ins) => {
  const x = need(c, ins, 0);
  const r = x.shape.length;
  let starts: number[], ends: number[], axes: number[] | null, steps: number[] | null;
  if (c.opset < 10) {
    starts = attrInts(c.node, 'starts') ?? fail(c, 'starts attribute is missing');
    ends = attrInts(c.node, 'ends') ?? fail(c, 'ends attribute is missing');
    axes = attrInts(c.node, 'axes');
    steps = null;
  } else {
    starts = ints(c, need(c, ins, 1), 'starts');
    ends = ints(c, need(c, ins, 2), 'ends');
    axes = ins[3] ? ints(c, ins[3], 'axes') : null;
    steps = ins[4] ? ints(c, ins[4], 'steps') : null;
  }
  const ax = axes ?? starts.map((_, i) => i);
  if (ends.length !== starts.length || ax.length !== starts.length || (steps && steps.length !== starts.length)) fail(c, 'starts, ends, axes and steps differ in length');
  const shape = x.shape.slice();
  const st = stridesOf(x.shape);
  const strides = st.slice();
  let offset = 0;
  ax.forEach((a0, i) => {
    const a = normAxis(c, a0, r);
    const n = x.shape[a];
    const step = steps ? steps[i] : 1;
    if (step === 0 || !Number.isInteger(step)) fail(c, `step ${step} on axis ${a}`);
    let s = starts[i] < 0 ? starts[i] + n : starts[i];
    let e = ends[i] < 0 ? ends[i] + n : ends[i];
    if (step > 0) { s = Math.min(Math.max(s, 0), n); e = Math.min(Math.max(e, 0), n); }
    else { s = Math.min(Math.max(s, 0), n - 1); e = Math.min(Math.max(e, -1), n - 1); }
    const len = step > 0 ? Math.max(0, Math.ceil((e - s) / step)) : Math.max(0, Math.ceil((s - e) / -step));
    shape[a] = len;
    strides[a] = st[a] * step;
    if (len > 0) offset += s * st[a];
  });
  return [stridedOp(c, x, shape, strides, offset)];
};

const reshape: Op = (c, ins) => {
  const x = need(c, ins, 0);
  const want = c.opset < 5 ? attrInts(c.node, 'shape') ?? fail(c, 'shape attribute is missing') : ints(c, need(c, ins, 1), 'shape');
  const allowZero = attrInt(c.node, 'allowzero', 0) === 1;
  const shape = want.map((d, i) => (d === 0 && !allowZero ? x.shape[i] ?? fail(c, `shape ${fmtShape(want)} copies dim ${i} that the input ${fmtShape(x.shape)} lacks`) : d));
  const free = shape.indexOf(-1);
  if (free >= 0) {
    if (shape.indexOf(-1, free + 1) >= 0) fail(c, `shape ${fmtShape(want)} has more than one -1`);
    const rest = sizeOf(shape.filter((_, i) => i !== free));
    if (rest === 0 || sizeOf(x.shape) % rest) fail(c, `cannot reshape ${fmtShape(x.shape)} to ${fmtShape(want)}`);
    shape[free] = sizeOf(x.shape) / rest;
  }
  if (shape.some((d) => d < 0) || sizeOf(shape) !== sizeOf(x.shape)) fail(c, `cannot reshape ${fmtShape(x.shape)} to ${fmtShape(want)}`);
  return [reshaped(x, shape, c.dyn)];
};

const transpose: Op = (c, ins) => {
  const x = need(c, ins, 0);
  const r = x.shape.length;
  const perm = attrInts(c.node, 'perm') ?? x.shape.map((_, i) => r - 1 - i);
  if (perm.length !== r || new Set(perm.map((p) => normAxis(c, p, r))).size !== r) fail(c, `perm ${fmtShape(perm)} is not a permutation of ${r} axes`);
  const st = stridesOf(x.shape);
  return [stridedOp(c, x, perm.map((p) => x.shape[p]), perm.map((p) => st[p]), 0)];
};

const expand: Op = (c, ins) => {
  const x = need(c, ins, 0);
  const shape = broadcastShapes(c, [x.shape, ints(c, need(c, ins, 1), 'shape')]);
  return [stridedOp(c, x, shape, broadcastStrides(x.shape, shape), 0)];
};

const cast: Op = (c, ins) => {
  const x = need(c, ins, 0);
  const to = DTYPES.get(attrInt(c.node, 'to', 0)) ?? fail(c, `cast to data type ${attrInt(c.node, 'to', 0)} is not supported`);
  if (to === x.dtype) return [x];
  const out = outLike(c, to, x.shape, to === 'float32' ? [x] : []);
  const dst = read(c, out), src = read(c, x);
  for (let i = 0; i < src.length; i++) dst[i] = castNumber(src[i], to);
  return [out];
};

const equal: Op = (c, ins) => {
  const a = need(c, ins, 0), b = need(c, ins, 1);
  const shape = broadcastShapes(c, [a.shape, b.shape]);
  checkSize(c, shape);
  const n = sizeOf(shape);
  const ta = new Float64Array(n), tb = new Float64Array(n);
  stridedCopy(ta, read(c, a), shape, broadcastStrides(a.shape, shape), 0);
  stridedCopy(tb, read(c, b), shape, broadcastStrides(b.shape, shape), 0);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ta[i] === tb[i] ? 1 : 0;
  return [hostVal('bool', shape, out, c.dyn)];
};

const not: Op = (c, ins) => {
  const x = need(c, ins, 0);
  if (x.dtype !== 'bool') fail(c, `input must be bool, got ${x.dtype}`);
  return [hostVal('bool', x.shape, read(c, x).map((v) => (v ? 0 : 1)), c.dyn)];
};

const pad: Op = (c, ins) => {
  const x = need(c, ins, 0);
  const r = x.shape.length;
  const mode = new TextDecoder().decode(c.node.attrs.find((a) => a.name === 'mode')?.s ?? new TextEncoder().encode('constant'));
  let pads: number[], value = 0, axes: number[] | null = null;
  if (c.opset < 11) {
    pads = attrInts(c.node, 'pads') ?? fail(c, 'pads attribute is missing');
    value = attrFloat(c.node, 'value', 0);
  } else {
    pads = ints(c, need(c, ins, 1), 'pads');
    if (ins[2]) value = read(c, ins[2])[0] ?? 0;
    if (ins[3]) axes = ints(c, ins[3], 'axes').map((a) => normAxis(c, a, r));
  }
  const ax = axes ?? x.shape.map((_, i) => i);
  if (pads.length !== 2 * ax.length) fail(c, `pads has ${pads.length} values, expected ${2 * ax.length}`);
  const before = new Array<number>(r).fill(0), after = new Array<number>(r).fill(0);
  ax.forEach((a, i) => { before[a] = pads[i]; after[a] = pads[i + ax.length]; });
  const shape = x.shape.map((d, i) => d + before[i] + after[i]);
  checkSize(c, shape);
  if (mode !== 'constant' && mode !== 'reflect' && mode !== 'edge') fail(c, `mode '${mode}' is not supported (constant, reflect, edge)`);
  for (let i = 0; i < r; i++) {
    if (mode === 'reflect' && (before[i] >= x.shape[i] || after[i] >= x.shape[i]) && (before[i] > 0 || after[i] > 0)) fail(c, `reflect padding ${before[i]}/${after[i]} needs more than ${x.shape[i]} elements on axis ${i}`);
    if (mode === 'edge' && x.shape[i] === 0 && shape[i] > 0) fail(c, `edge padding of an empty axis ${i}`);
  }
  const out = outLike(c, x.dtype, shape, [x]);
  const dst = read(c, out), src = read(c, x);
  const st = stridesOf(x.shape);
  const n = sizeOf(shape);
  const idx = new Array<number>(r).fill(0);
  for (let o = 0; o < n; o++) {
    let p = 0, inside = true;
    for (let k = 0; k < r; k++) {
      let i = idx[k] - before[k];
      const d = x.shape[k];
      if (i < 0 || i >= d) {
        if (mode === 'constant') { inside = false; break; }
        if (mode === 'edge') i = i < 0 ? 0 : d - 1;
        else i = i < 0 ? -i : 2 * (d - 1) - i;
      }
      p += i * st[k];
    }
    dst[o] = inside ? src[p] : value;
    for (let k = r - 1; k >= 0; k--) { if (++idx[k] < shape[k]) break; idx[k] = 0; }
  }
  return [out];
};

export const SHAPE_OPS: ReadonlyMap<string, Op> = new Map<string, Op>([
  ['Shape', shapeOp], ['Size', sizeOp], ['ConstantOfShape', constantOfShape], ['Gather', gather],
  ['Unsqueeze', unsqueeze], ['Squeeze', squeeze], ['Concat', concat], ['Slice', slice], ['Reshape', reshape],
  ['Transpose', transpose], ['Expand', expand], ['Identity', (c, ins) => [need(c, ins, 0)]], ['Cast', cast],
  ['Equal', equal], ['Not', not], ['Pad', pad],
]);
