// Values flowing through an imported ONNX graph, and what an op implementation gets to work with.
// A value is float32 data in wasm memory (a Tensor), or a host array: Float32Array for float32,
// Float64Array for every integer and bool type (int64 clamped to ±2^53, which keeps Slice's
// INT64_MAX "to the end" meaning). Shape arithmetic stays on the host; heavy math runs on tensors.
import { fmtShape, FormatError } from '../errors.js';
import type { Arena } from '../runtime/heap.js';
import type { Runtime } from '../runtime/runtime.js';
import { Tensor } from '../tensor/tensor.js';
import type { OnnxNode, OnnxTensor } from './proto_read.js';

export type DType = 'float32' | 'float64' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'bool';

/** ONNX TensorProto.DataType numbers of the types this importer computes with. */
export const DTYPES: ReadonlyMap<number, DType> = new Map([
  [1, 'float32'], [2, 'uint8'], [3, 'int8'], [4, 'uint16'], [5, 'int16'], [6, 'int32'], [7, 'int64'],
  [9, 'bool'], [11, 'float64'], [12, 'uint32'], [13, 'uint64'],
] as [number, DType][]);
const BYTES: Record<DType, number> = { float32: 4, float64: 8, int64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, uint16: 2, uint32: 4, uint64: 8, bool: 1 };

export type HostArray = Float32Array | Float64Array;

export interface Val {
  dtype: DType;
  shape: number[];
  host: HostArray | null;
  dev: Tensor | null; // float32 only
  /** Depends on the float data of an input (recomputed every run); false: fixed for a plan. */
  dyn: boolean;
  /** A constant of the model (initializer or folded at import): uploaded once for every plan. */
  model?: boolean;
  /** Derived forms made once (recurrent weights in kernel gate order, ...), keyed by who made them. */
  cache?: Map<string, unknown>;
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function hostVal(dtype: DType, shape: number[], host: HostArray, dyn = false): Val {
  return { dtype, shape, host, dev: null, dyn };
}

export const newHost = (dtype: DType, n: number): HostArray => (dtype === 'float32' ? new Float32Array(n) : new Float64Array(n));

/** Thrown by ops that need the wasm runtime while constants are folded at import (no runtime yet). */
export class NeedsRuntime extends Error {}

/** What an op implementation works with: the runtime, where new tensors go, and the node. */
export interface Ctx {
  rt: Runtime | null;
  node: OnnxNode;
  /** The node's outputs depend on run-time data: new tensors go to the run arena. */
  dyn: boolean;
  /** Arena of tensors made by a dyn node (reset every run), by a static one (kept with the plan), and of model constants. */
  runArena: Arena | null;
  planArena: Arena | null;
  modelArena: Arena | null;
  opset: number;
  /** An int8 model's options (nn.quantizeDynamic on an OnnxModel); null or absent: float32. */
  int8?: Int8Options | null;
}

/** How an int8 OnnxModel quantizes its constant recurrent weights. */
export interface Int8Options {
  /** One scale per tensor instead of one per row. */
  perTensor: boolean;
}

export function where(c: Ctx): string {
  return `importOnnx: ${c.node.opType} node '${c.node.name}'`;
}

export function fail(c: Ctx, msg: string): never {
  throw new FormatError(`${where(c)}: ${msg}`);
}

export function runtime(c: Ctx): Runtime {
  if (!c.rt) throw new NeedsRuntime();
  return c.rt;
}

/** A new float32 tensor for this node's output. */
export function newTensor(c: Ctx, shape: number[]): Tensor {
  const rt = runtime(c);
  const arena = (c.dyn ? c.runArena : c.planArena)!;
  return new Tensor(rt, arena, arena.alloc(sizeOf(shape) * 4), shape, 'float32');
}

export function devVal(t: Tensor, dyn: boolean): Val {
  return { dtype: 'float32', shape: t.shape.slice(), host: null, dev: t, dyn };
}

/** The value as a tensor: uploaded once (kept on the value) when it lives on the host. */
export function dev(c: Ctx, v: Val): Tensor {
  if (v.dtype !== 'float32') fail(c, `expected float32 data, got ${v.dtype}`);
  if (v.dev) return v.dev;
  const rt = runtime(c);
  // Values fixed for the model (weights) go to the model's arena, plan constants to the plan's.
  const arena = (v.dyn ? c.runArena : v.model ? c.modelArena : c.planArena)!;
  const t = new Tensor(rt, arena, arena.alloc(v.host!.length * 4), v.shape, 'float32');
  rt.f32(t.ptr, v.host!.length).set(v.host!);
  if (!v.dyn) v.dev = t;
  return t;
}

/** A readable array of the value's data: the host copy, or a live view of wasm memory (take it after allocating). */
export function read(c: Ctx, v: Val): HostArray {
  if (v.host) return v.host;
  return runtime(c).f32(v.dev!.ptr, v.dev!.size);
}

/** Integer list of a small host-side value (shape inputs, axes, pads). */
export function ints(c: Ctx, v: Val | null, what: string): number[] {
  if (!v) fail(c, `input '${what}' is missing`);
  if (v.dtype === 'float32' || v.dtype === 'float64') fail(c, `input '${what}' must be an integer tensor, got ${v.dtype}`);
  if (v.shape.length > 1) fail(c, `input '${what}' must be a scalar or 1-D, got shape ${fmtShape(v.shape)}`);
  return Array.from(read(c, v));
}

/** Output of a data-movement op: a tensor when an input lives in wasm memory, else a host array. */
export function outLike(c: Ctx, dtype: DType, shape: number[], inputs: (Val | null)[]): Val {
  const onDev = dtype === 'float32' && inputs.some((v) => v && v.dtype === 'float32' && !v.host && v.dev);
  if (onDev) return devVal(newTensor(c, shape), c.dyn);
  return hostVal(dtype, shape, newHost(dtype, sizeOf(shape)), c.dyn);
}

/** Casts a number to a dtype the way ONNX Cast does (truncation toward zero, wrap for narrow ints). */
export function castNumber(x: number, to: DType): number {
  switch (to) {
    case 'float32': return Math.fround(x);
    case 'float64': return x;
    case 'bool': return x !== 0 && !Number.isNaN(x) ? 1 : 0;
    case 'int64': case 'uint64': return Number.isFinite(x) ? Math.trunc(x) : 0;
    case 'int32': return Math.trunc(x) | 0;
    case 'uint32': return Math.trunc(x) >>> 0;
    case 'int16': return (Math.trunc(x) << 16) >> 16;
    case 'uint16': return Math.trunc(x) & 0xffff;
    case 'int8': return (Math.trunc(x) << 24) >> 24;
    case 'uint8': return Math.trunc(x) & 0xff;
  }
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Where external tensor data comes from: file name (TensorProto location) → its bytes. */
export type ExternalData = Map<string, Uint8Array> | Record<string, Uint8Array>;

/** Decodes an initializer or a Constant's tensor; checks that the data really holds what the dims say. */
export function decodeTensor(t: OnnxTensor, what: string, external: ExternalData | undefined): Val {
  const dtype = DTYPES.get(t.dataType);
  if (!dtype) throw new FormatError(`importOnnx: ${what}: tensor '${t.name}' has data type ${t.dataType}, which is not supported (float32, float64, int8-64, uint8-64, bool)`);
  let n = 1;
  for (const d of t.dims) {
    n *= d;
    if (!Number.isSafeInteger(n)) throw new FormatError(`importOnnx: ${what}: tensor '${t.name}' declares ${fmtShape(t.dims)} elements, too many`);
  }
  let raw = t.raw;
  if (t.external) {
    const loc = t.external.get('location') ?? '';
    const data = external instanceof Map ? external.get(loc) : external && Object.prototype.hasOwnProperty.call(external, loc) ? external[loc] : undefined;
    if (!data) throw new FormatError(`importOnnx: ${what}: tensor '${t.name}' keeps its data in the external file '${loc}': pass it as importOnnx(bytes, { externalData: { '${loc}': bytes } })`);
    const off = Number(t.external.get('offset') ?? 0);
    const len = t.external.has('length') ? Number(t.external.get('length')) : data.length - off;
    if (!(Number.isSafeInteger(off) && Number.isSafeInteger(len) && off >= 0 && len >= 0 && off + len <= data.length)) {
      throw new FormatError(`importOnnx: ${what}: tensor '${t.name}': external range offset ${off} length ${len} lies outside '${loc}' (${data.length} bytes)`);
    }
    raw = data.subarray(off, off + len);
  }
  const mismatch = (have: number): never => {
    throw new FormatError(`importOnnx: ${what}: tensor '${t.name}' declares shape ${fmtShape(t.dims)} (${n} values) but holds ${have}`);
  };
  if (raw) {
    const bytes = BYTES[dtype];
    if (raw.length !== n * bytes) mismatch(raw.length / bytes);
    if (dtype === 'float32' && LITTLE_ENDIAN) return hostVal(dtype, t.dims.slice(), new Float32Array(new Uint8Array(raw).buffer)); // one copy, aligned (not raw.slice(): a Node Buffer's slice is a view of its pool)
    const dv = new DataView(raw.buffer, raw.byteOffset, raw.length);
    const a = newHost(dtype, n);
    for (let i = 0; i < n; i++) {
      const o = i * bytes;
      switch (dtype) {
        case 'float32': a[i] = dv.getFloat32(o, true); break;
        case 'float64': a[i] = dv.getFloat64(o, true); break;
        case 'int64': a[i] = Number(dv.getBigInt64(o, true)); break;
        case 'uint64': a[i] = Number(dv.getBigUint64(o, true)); break;
        case 'int32': a[i] = dv.getInt32(o, true); break;
        case 'uint32': a[i] = dv.getUint32(o, true); break;
        case 'int16': a[i] = dv.getInt16(o, true); break;
        case 'uint16': a[i] = dv.getUint16(o, true); break;
        case 'int8': a[i] = dv.getInt8(o); break;
        case 'uint8': case 'bool': a[i] = dv.getUint8(o); break;
      }
    }
    return hostVal(dtype, t.dims.slice(), a);
  }
  if (dtype === 'float32') {
    const f = t.floats ?? new Float32Array(0);
    if (f.length !== n) mismatch(f.length);
    return hostVal(dtype, t.dims.slice(), f);
  }
  if (dtype === 'float64') {
    const f = t.doubles ?? new Float64Array(0);
    if (f.length !== n) mismatch(f.length);
    return hostVal(dtype, t.dims.slice(), f);
  }
  const ints = t.ints ?? [];
  if (ints.length !== n) mismatch(ints.length);
  return hostVal(dtype, t.dims.slice(), Float64Array.from(ints, (x) => castNumber(x, dtype)));
}
