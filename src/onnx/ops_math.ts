// The arithmetic ops: elementwise (kernels for same-shape float data, a broadcasting loop
// otherwise), activations, Softmax, ReduceMean, MatMul/Gemm on the GEMM kernel, and 1-D Conv on
// the conv1d op's forward (im2col kernels + the packed GEMM, autograd/conv.ts).
import { conv1dForward, conv1dPackedBytes, conv1dPackWeights, conv1dWorkFloats, type Conv1dGeometry } from '../autograd/conv.js';
import { gemm } from '../autograd/kern.js';
import { fmtShape } from '../errors.js';
import type { Runtime } from '../runtime/runtime.js';
import { attrFloat, attrInt, attrInts, attrString } from './attrs.js';
import { broadcastShapes, broadcastStrides, checkSize, normAxis, stridedCopy, stridesOf } from './ops_shape.js';
import {
  dev, devVal, fail, hostVal, ints, newHost, newTensor, read, runtime, sizeOf, type Ctx, type Val,
} from './values.js';

type Op = (c: Ctx, ins: (Val | null)[]) => Val[];

function need(c: Ctx, ins: (Val | null)[], i: number): Val {
  const v = ins[i];
  if (!v) fail(c, `input ${i} is missing`);
  return v;
}

/** Float output that lives in wasm memory when any input does (or when the node is dynamic). */
function onDevice(c: Ctx, xs: Val[]): boolean {
  return xs.some((v) => v.dtype === 'float32' && (v.dev !== null || v.dyn)) && c.rt !== null;
}

type Bin = 'Add' | 'Sub' | 'Mul' | 'Div' | 'Pow';
const BIN: Record<Bin, (a: number, b: number) => number> = {
  Add: (a, b) => a + b, Sub: (a, b) => a - b, Mul: (a, b) => a * b, Div: (a, b) => a / b, Pow: (a, b) => Math.pow(a, b),
};

function binary(kind: Bin): Op {
  return (c, ins) => {
    const a = need(c, ins, 0), b = need(c, ins, 1);
    if (a.dtype !== b.dtype && kind !== 'Pow') fail(c, `input types differ: ${a.dtype} and ${b.dtype}`);
    const shape = broadcastShapes(c, [a.shape, b.shape]);
    checkSize(c, shape);
    const n = sizeOf(shape);
    const f = BIN[kind];
    const isInt = a.dtype !== 'float32' && a.dtype !== 'float64';
    if (a.dtype === 'float32' && onDevice(c, [a, b])) {
      const rt = runtime(c), k = rt.k;
      const out = newTensor(c, shape);
      const same = a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
      const bScalar = sizeOf(b.shape) === 1 && sizeOf(a.shape) === n;
      if (same && (kind === 'Add' || kind === 'Sub' || kind === 'Mul')) {
        (kind === 'Add' ? k.f32_add : kind === 'Sub' ? k.f32_sub : k.f32_mul)(out.ptr, dev(c, a).ptr, dev(c, b).ptr, n);
        return [devVal(out, c.dyn)];
      }
      if (bScalar && (kind === 'Mul' || kind === 'Div' || kind === 'Pow') && b.host) {
        const s = b.host[0];
        if (kind === 'Pow' && s === 2) k.f32_mul(out.ptr, dev(c, a).ptr, dev(c, a).ptr, n);
        else if (kind !== 'Pow') k.f32_scale(out.ptr, dev(c, a).ptr, kind === 'Mul' ? s : 1 / s, n);
        if (kind !== 'Pow' || s === 2) return [devVal(out, c.dyn)];
      }
      const ta = new Float32Array(n), tb = new Float32Array(n);
      stridedCopy(ta, read(c, a), shape, broadcastStrides(a.shape, shape), 0);
      stridedCopy(tb, read(c, b), shape, broadcastStrides(b.shape, shape), 0);
      const dst = rt.f32(out.ptr, n);
      for (let i = 0; i < n; i++) dst[i] = f(ta[i], tb[i]);
      return [devVal(out, c.dyn)];
    }
    const ta = new Float64Array(n), tb = new Float64Array(n);
    stridedCopy(ta, read(c, a), shape, broadcastStrides(a.shape, shape), 0);
    stridedCopy(tb, read(c, b), shape, broadcastStrides(b.shape, shape), 0);
    const dst = newHost(a.dtype, n);
    for (let i = 0; i < n; i++) {
      const v = f(ta[i], tb[i]);
      dst[i] = isInt ? (kind === 'Div' ? Math.trunc(v) : v) : v;
    }
    return [hostVal(a.dtype, shape, dst, c.dyn)];
  };
}

type Un = 'Sqrt' | 'Neg' | 'Log' | 'Relu' | 'Sigmoid' | 'Tanh';
const UN: Record<Un, (x: number) => number> = {
  Sqrt: Math.sqrt, Neg: (x) => -x, Log: Math.log, Relu: (x) => (x > 0 ? x : 0), Sigmoid: (x) => 1 / (1 + Math.exp(-x)), Tanh: Math.tanh,
};

function unary(kind: Un): Op {
  return (c, ins) => {
    const x = need(c, ins, 0);
    const n = sizeOf(x.shape);
    if (x.dtype === 'float32' && onDevice(c, [x])) {
      const rt = runtime(c), k = rt.k;
      const out = newTensor(c, x.shape);
      const px = dev(c, x).ptr;
      if (kind === 'Relu') k.f32_relu_fwd(out.ptr, px, n);
      else if (kind === 'Sigmoid') k.f32_sigmoid_fwd(out.ptr, px, n);
      else if (kind === 'Tanh') k.f32_tanh_fwd(out.ptr, px, n);
      else if (kind === 'Neg') k.f32_scale(out.ptr, px, -1, n);
      else {
        const f = UN[kind], src = rt.f32(px, n), dst = rt.f32(out.ptr, n);
        for (let i = 0; i < n; i++) dst[i] = f(src[i]);
      }
      return [devVal(out, c.dyn)];
    }
    if (x.dtype !== 'float32' && x.dtype !== 'float64' && kind !== 'Neg' && kind !== 'Relu') fail(c, `input must be a float tensor, got ${x.dtype}`);
    const src = read(c, x), dst = newHost(x.dtype, n);
    for (let i = 0; i < n; i++) dst[i] = UN[kind](src[i]);
    return [hostVal(x.dtype, x.shape.slice(), dst, c.dyn)];
  };
}

function floatIn(c: Ctx, v: Val, what: string): void {
  if (v.dtype !== 'float32') fail(c, `${what} must be float32, got ${v.dtype}`);
}

const softmax: Op = (c, ins) => {
  const x = need(c, ins, 0);
  floatIn(c, x, 'input');
  const r = x.shape.length;
  const axis = normAxis(c, attrInt(c.node, 'axis', c.opset < 13 ? 1 : -1), r);
  // Opset < 13 flattens to 2-D at axis; opset 13 normalises along the one axis.
  const outer = sizeOf(x.shape.slice(0, axis));
  const d = c.opset < 13 ? sizeOf(x.shape.slice(axis)) : x.shape[axis];
  const inner = c.opset < 13 ? 1 : sizeOf(x.shape.slice(axis + 1));
  const rt = runtime(c);
  const out = newTensor(c, x.shape.slice());
  const px = dev(c, x).ptr;
  if (inner === 1) rt.k.f32_softmax_fwd(out.ptr, px, outer, d);
  else {
    const src = rt.f32(px, sizeOf(x.shape)), dst = rt.f32(out.ptr, sizeOf(x.shape));
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * d * inner + i;
        let m = -Infinity, s = 0;
        for (let j = 0; j < d; j++) m = Math.max(m, src[base + j * inner]);
        for (let j = 0; j < d; j++) s += (dst[base + j * inner] = Math.exp(src[base + j * inner] - m));
        for (let j = 0; j < d; j++) dst[base + j * inner] /= s;
      }
    }
  }
  return [devVal(out, c.dyn)];
};

const reduceMean: Op = (c, ins) => {
  const x = need(c, ins, 0);
  floatIn(c, x, 'input');
  const r = x.shape.length;
  const keep = attrInt(c.node, 'keepdims', 1) === 1;
  let axes = c.opset < 18 ? attrInts(c.node, 'axes') : ins[1] ? ints(c, ins[1], 'axes') : null;
  if (!axes || axes.length === 0) {
    if (c.opset >= 18 && attrInt(c.node, 'noop_with_empty_axes', 0) === 1) return [x];
    axes = x.shape.map((_, i) => i);
  }
  const norm = [...new Set(axes.map((a) => normAxis(c, a, r)))].sort((p, q) => q - p);
  const rt = runtime(c);
  let cur = dev(c, x), shape = x.shape.slice();
  for (const a of norm) {
    const outer = sizeOf(shape.slice(0, a)), d = shape[a], inner = sizeOf(shape.slice(a + 1));
    const next = shape.slice();
    next[a] = 1;
    const t = newTensor(c, next);
    rt.k.f32_sum_dim(t.ptr, cur.ptr, outer, d, inner, 1 / d, 0);
    cur = t;
    shape = next;
  }
  const final = keep ? shape : shape.filter((_, i) => !norm.includes(i));
  return [devVal(cur.view(final), c.dyn)];
};

const matmul: Op = (c, ins) => {
  const a = need(c, ins, 0), b = need(c, ins, 1);
  floatIn(c, a, 'A');
  floatIn(c, b, 'B');
  const as = a.shape.length === 1 ? [1, a.shape[0]] : a.shape;
  const bs = b.shape.length === 1 ? [b.shape[0], 1] : b.shape;
  if (as.length < 2 || bs.length < 2) fail(c, `inputs must not be scalars, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  const M = as[as.length - 2], K = as[as.length - 1], N = bs[bs.length - 1];
  if (bs[bs.length - 2] !== K) fail(c, `shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)} do not multiply`);
  const batch = broadcastShapes(c, [as.slice(0, -2), bs.slice(0, -2)]);
  const full = [...batch, M, N];
  checkSize(c, full);
  const rt = runtime(c);
  const out = newTensor(c, full);
  const pa = dev(c, a).ptr, pb = dev(c, b).ptr;
  const nb = sizeOf(batch);
  const sa = broadcastStrides(as.slice(0, -2), batch), sb = broadcastStrides(bs.slice(0, -2), batch);
  const idxA = new Float64Array(nb), idxB = new Float64Array(nb);
  const ar = new Float64Array(sizeOf(as.slice(0, -2))).map((_, i) => i), br = new Float64Array(sizeOf(bs.slice(0, -2))).map((_, i) => i);
  stridedCopy(idxA, ar, batch, sa, 0);
  stridedCopy(idxB, br, batch, sb, 0);
  if (nb === 1 || (sizeOf(bs.slice(0, -2)) === 1 && sa.every((s, i) => s === stridesOf(batch)[i]))) {
    // one product: the batch of A is contiguous rows against a shared B
    gemm(rt, nb * M, N, K, pa, K, false, pb, N, false, out.ptr, N, false);
  } else {
    for (let i = 0; i < nb; i++) {
      gemm(rt, M, N, K, pa + idxA[i] * M * K * 4, K, false, pb + idxB[i] * K * N * 4, N, false, out.ptr + i * M * N * 4, N, false);
    }
  }
  let shape = full;
  if (a.shape.length === 1) shape = shape.filter((_, i) => i !== shape.length - 2);
  if (b.shape.length === 1) shape = shape.slice(0, -1);
  return [devVal(out.view(shape), c.dyn)];
};

const gemmOp: Op = (c, ins) => {
  const a = need(c, ins, 0), b = need(c, ins, 1), cc = ins[2];
  floatIn(c, a, 'A');
  floatIn(c, b, 'B');
  if (a.shape.length !== 2 || b.shape.length !== 2) fail(c, `A and B must be 2-D, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  const tA = attrInt(c.node, 'transA', 0) === 1, tB = attrInt(c.node, 'transB', 0) === 1;
  const alpha = attrFloat(c.node, 'alpha', 1), beta = attrFloat(c.node, 'beta', 1);
  const M = tA ? a.shape[1] : a.shape[0], K = tA ? a.shape[0] : a.shape[1];
  const N = tB ? b.shape[0] : b.shape[1];
  if ((tB ? b.shape[1] : b.shape[0]) !== K) fail(c, `A ${fmtShape(a.shape)} and B ${fmtShape(b.shape)} do not multiply (transA ${+tA}, transB ${+tB})`);
  const rt = runtime(c);
  const out = newTensor(c, [M, N]);
  // A bias of N values rides in the GEMM; any other C is added after.
  const rowBias = cc && beta === 1 && alpha === 1 && sizeOf(cc.shape) === N && cc.shape[cc.shape.length - 1] === N;
  gemm(rt, M, N, K, dev(c, a).ptr, a.shape[1], tA, dev(c, b).ptr, b.shape[1], tB, out.ptr, N, false, rowBias ? dev(c, cc!).ptr : 0);
  if (alpha !== 1) rt.k.f32_scale(out.ptr, out.ptr, alpha, M * N);
  if (cc && !rowBias) {
    floatIn(c, cc, 'C');
    const shape = broadcastShapes(c, [[M, N], cc.shape]);
    if (shape.length !== 2 || shape[0] !== M || shape[1] !== N) fail(c, `C ${fmtShape(cc.shape)} does not broadcast to [${M}, ${N}]`);
    const tc = new Float32Array(M * N);
    stridedCopy(tc, read(c, cc), [M, N], broadcastStrides(cc.shape, [M, N]), 0);
    const dst = rt.f32(out.ptr, M * N);
    for (let i = 0; i < M * N; i++) dst[i] += beta * tc[i];
  }
  return [devVal(out, c.dyn)];
};

/** 1-D convolution: x (N, C, L), w (M, C/groups, K), b (M) → (N, M, Lout). */
const conv: Op = (c, ins) => {
  const x = need(c, ins, 0), w = need(c, ins, 1), b = ins[2];
  floatIn(c, x, 'X');
  floatIn(c, w, 'W');
  if (x.shape.length !== 3 || w.shape.length !== 3) fail(c, `only 1-D convolution is supported (X [N, C, L], W [M, C/group, K]), got X ${fmtShape(x.shape)}, W ${fmtShape(w.shape)}`);
  const [N, C, L] = x.shape;
  const [M, Cg, K] = w.shape;
  const group = attrInt(c.node, 'group', 1);
  if (!(group >= 1) || C % group || M % group || Cg !== C / group) fail(c, `channels do not fit: X has ${C}, W ${fmtShape(w.shape)}, group ${group}`);
  const ks = attrInts(c.node, 'kernel_shape');
  if (ks && (ks.length !== 1 || ks[0] !== K)) fail(c, `kernel_shape ${fmtShape(ks)} differs from W's ${K}`);
  const stride = attrInts(c.node, 'strides')?.[0] ?? 1;
  const dil = attrInts(c.node, 'dilations')?.[0] ?? 1;
  if (!(stride >= 1 && dil >= 1)) fail(c, `strides ${stride} and dilations ${dil} must be >= 1`);
  const autoPad = attrString(c.node, 'auto_pad', 'NOTSET');
  let [pl, pr] = attrInts(c.node, 'pads') ?? [0, 0];
  const span = dil * (K - 1) + 1;
  if (autoPad === 'VALID') [pl, pr] = [0, 0];
  else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    const outL = Math.ceil(L / stride);
    const total = Math.max(0, (outL - 1) * stride + span - L);
    pl = autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : Math.ceil(total / 2);
    pr = total - pl;
  } else if (autoPad !== 'NOTSET') fail(c, `auto_pad '${autoPad}' is not supported`);
  if (!(pl >= 0 && pr >= 0)) fail(c, `pads ${pl}, ${pr} must be >= 0`);
  const Lout = Math.floor((L + pl + pr - span) / stride) + 1;
  if (!(Lout >= 0)) fail(c, `input length ${L} is shorter than the kernel span ${span}`);
  if (b && (b.shape.length !== 1 || b.shape[0] !== M)) fail(c, `B must be [${M}], got ${fmtShape(b.shape)}`);
  checkSize(c, [N, M, Lout]);
  checkSize(c, [Lout, Cg * K]);
  // The conv1d op's own forward (autograd/conv.ts), on W packed once per weight value: constant
  // weights (the usual case) are packed at the first run and kept; weights computed at run time
  // are packed for each run.
  const rt = runtime(c);
  const geo: Conv1dGeometry = { B: N, Cin: C, L, Cout: M, K, stride, padL: pl, padR: pr, dilation: dil, groups: group, Lout };
  const packed = w.dyn ? packNow(c, rt, geo, w) : packedConv(c, rt, geo, w);
  const out = newTensor(c, [N, M, Lout]);
  const work = newTensor(c, [Math.max(1, conv1dWorkFloats(geo))]);
  conv1dForward(rt, geo, dev(c, x).ptr, packed, b ? dev(c, b).ptr : 0, out.ptr, work.ptr);
  return [devVal(out, c.dyn)];
};

/** The packed weights of a W computed at run time: packed for this run, in its arena. */
function packNow(c: Ctx, rt: Runtime, geo: Conv1dGeometry, w: Val): number {
  const t = newTensor(c, [conv1dPackedBytes(rt, geo) / 4]);
  conv1dPackWeights(rt, geo, dev(c, w).ptr, t.ptr);
  return t.ptr;
}

/** The packed weights of a constant W, made once per weight value (and group count). */
function packedConv(c: Ctx, rt: Runtime, geo: Conv1dGeometry, w: Val): number {
  const key = `conv:${geo.groups}`;
  const hit = w.cache?.get(key) as { ptr: number; epoch: number; arena: { epoch: number } } | undefined;
  if (hit && hit.arena.epoch === hit.epoch) return hit.ptr;
  const arena = w.model ? rt.packs : c.planArena!;
  const ptr = arena.alloc(conv1dPackedBytes(rt, geo));
  conv1dPackWeights(rt, geo, dev(c, w).ptr, ptr);
  (w.cache ??= new Map()).set(key, { ptr, epoch: arena.epoch, arena });
  return ptr;
}

export const MATH_OPS: ReadonlyMap<string, Op> = new Map<string, Op>([
  ['Add', binary('Add')], ['Sub', binary('Sub')], ['Mul', binary('Mul')], ['Div', binary('Div')], ['Pow', binary('Pow')],
  ['Sqrt', unary('Sqrt')], ['Neg', unary('Neg')], ['Log', unary('Log')], ['Relu', unary('Relu')], ['Sigmoid', unary('Sigmoid')],
  ['Tanh', unary('Tanh')], ['Softmax', softmax], ['ReduceMean', reduceMean], ['MatMul', matmul], ['Gemm', gemmOp], ['Conv', conv],
]);

