// The safetensors byte codec (no tensors, no runtime: bytes <-> named typed arrays), in util so
// every layer can read and write the container (nn's stream states, io's weights and checkpoints).
// Format: 8-byte little-endian header length, a JSON header
// {name: {dtype, shape, data_offsets: [begin, end]}, __metadata__?: {str: str}}, then one byte
// buffer that the tensors cover exactly, without holes or overlaps. Every check runs before
// anything is allocated, so a hostile file costs at most its own size.
import { FormatError, ValueError, fmtShape } from '../errors.js';
import { MAX_HEADER_BYTES } from './limits.js';

export { MAX_HEADER_BYTES };

export type SafetensorsDType = 'F32' | 'F16' | 'BF16' | 'F64' | 'I32' | 'I64' | 'U8' | 'I8' | 'BOOL';
const DTYPE_BYTES: Record<string, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, U8: 1, I8: 1, BOOL: 1 };
/** dtypes that can be read as numbers here; other known dtypes are reported as unsupported. */
const READABLE = new Set(['F32', 'F16', 'BF16', 'F64', 'I32', 'I64', 'U8', 'I8', 'BOOL']);

export interface RawTensor {
  name: string;
  /** The dtype in the file. */
  dtype: SafetensorsDType;
  shape: number[];
  /** Float types become Float32Array; integer types Int32Array (I64 must fit in int32). */
  data: Float32Array | Int32Array;
}

export interface ParsedSafetensors {
  tensors: RawTensor[];
  metadata: Record<string, string> | null;
}

function fail(msg: string): never {
  throw new FormatError(`parseSafetensors: ${msg}`);
}

function isNonNegInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

function decode(view: DataView, begin: number, count: number, dtype: string, name: string): Float32Array | Int32Array {
  switch (dtype) {
    case 'F32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(begin + 4 * i, true);
      return out;
    }
    case 'F64': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(begin + 8 * i, true);
      return out;
    }
    case 'F16': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(begin + 2 * i, true));
      return out;
    }
    case 'BF16': {
      const out = new Float32Array(count);
      const tmp = new DataView(new ArrayBuffer(4));
      for (let i = 0; i < count; i++) {
        tmp.setUint32(0, view.getUint16(begin + 2 * i, true) << 16, true);
        out[i] = tmp.getFloat32(0, true);
      }
      return out;
    }
    case 'I32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(begin + 4 * i, true);
      return out;
    }
    case 'I64': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const v = view.getBigInt64(begin + 8 * i, true);
        if (v < -2147483648n || v > 2147483647n) fail(`tensor '${name}': I64 value ${v} at index ${i} does not fit in int32`);
        out[i] = Number(v);
      }
      return out;
    }
    default: {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = dtype === 'I8' ? view.getInt8(begin + i) : view.getUint8(begin + i);
      return out;
    }
  }
}

/**
 * Parses and validates a safetensors file into plain arrays (no runtime needed).
 * @example
 * ```ts
 * const { tensors, metadata } = parseSafetensors(bytes); // plain typed arrays, no wasm memory
 * for (const t of tensors) console.log(t.name, t.dtype, t.shape);
 * ```
 */
export function parseSafetensors(bytes: Uint8Array): ParsedSafetensors {
  if (!(bytes instanceof Uint8Array)) throw new ValueError(`parseSafetensors: bytes must be a Uint8Array, got ${Object.prototype.toString.call(bytes)}`);
  if (bytes.length < 8) fail(`file is ${bytes.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lo = view.getUint32(0, true);
  const hi = view.getUint32(4, true);
  if (hi !== 0 || lo > MAX_HEADER_BYTES) fail(`declared header length ${hi * 2 ** 32 + lo} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  if (lo > bytes.length - 8) fail(`declared header length ${lo} exceeds the ${bytes.length - 8} bytes after the length field`);
  if (lo < 2 || bytes[8] !== 0x7b) fail(`header must be a JSON object starting with '{'`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + lo)));
  } catch (e) {
    fail(`header is not valid UTF-8 JSON: ${(e as Error).message}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header must be a JSON object');
  const dataStart = 8 + lo;
  const dataLen = bytes.length - dataStart;

  let metadata: Record<string, string> | null = null;
  const entries: { name: string; dtype: string; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, v] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('__metadata__ must be an object of strings');
      for (const [k, s] of Object.entries(v as Record<string, unknown>)) {
        if (typeof s !== 'string') fail(`__metadata__['${k}'] must be a string, got ${typeof s}`);
      }
      // Names from the file: a null-prototype object ('__proto__' stays an ordinary key).
      metadata = Object.assign(Object.create(null) as Record<string, string>, v as Record<string, string>);
      continue;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`tensor '${name}': entry must be an object with dtype, shape, data_offsets`);
    const { dtype, shape, data_offsets: offs } = v as Record<string, unknown>;
    if (typeof dtype !== 'string' || !(dtype in DTYPE_BYTES)) fail(`tensor '${name}': unknown dtype ${JSON.stringify(dtype)}`);
    if (!READABLE.has(dtype)) fail(`tensor '${name}': dtype ${dtype} is not supported`);
    if (!Array.isArray(shape) || shape.length > 16 || !shape.every(isNonNegInt)) {
      fail(`tensor '${name}': shape must be an array of at most 16 non-negative integers, got ${JSON.stringify(shape)?.slice(0, 80)}`);
    }
    if (!Array.isArray(offs) || offs.length !== 2 || !isNonNegInt(offs[0]) || !isNonNegInt(offs[1]) || offs[0] > offs[1]) {
      fail(`tensor '${name}': data_offsets must be [begin, end] with 0 <= begin <= end, got ${JSON.stringify(offs)?.slice(0, 80)}`);
    }
    const [begin, end] = offs as [number, number];
    if (end > dataLen) fail(`tensor '${name}': data_offsets [${begin}, ${end}] run past the ${dataLen}-byte data buffer`);
    let count = 1;
    for (const d of shape as number[]) count *= d;
    const want = count * DTYPE_BYTES[dtype];
    if (want !== end - begin) {
      fail(`tensor '${name}': shape ${fmtShape(shape as number[])} of ${dtype} needs ${want} bytes, data_offsets cover ${end - begin}`);
    }
    entries.push({ name, dtype, shape: (shape as number[]).slice(), begin, end });
  }
  // The tensors must cover the buffer exactly: sorted by offset, each starts where the last ended.
  const sorted = entries.slice().sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const e of sorted) {
    if (e.begin < at) fail(`tensor '${e.name}': data_offsets [${e.begin}, ${e.end}] overlap the previous tensor (which ends at ${at})`);
    if (e.begin > at) fail(`tensor '${e.name}': a hole of ${e.begin - at} bytes precedes it in the data buffer`);
    at = e.end;
  }
  if (at !== dataLen) fail(`the data buffer has ${dataLen - at} trailing bytes not covered by any tensor`);

  const tensors = entries.map((e) => ({
    name: e.name,
    dtype: e.dtype as SafetensorsDType,
    shape: e.shape,
    data: decode(view, dataStart + e.begin, (e.end - e.begin) / DTYPE_BYTES[e.dtype], e.dtype, e.name),
  }));
  return { tensors, metadata };
}

/** Something with a shape and flat data: a Tensor, or a plain object. */
export interface TensorLike {
  shape: readonly number[];
  dtype?: string;
  toArray?: () => Float32Array | Int32Array;
  data?: Float32Array | Int32Array | Int8Array | (() => Float32Array | Int32Array);
}

type Flat = { dtype: 'F32' | 'I32' | 'I8'; data: Float32Array | Int32Array | Int8Array };
const WRITE_BYTES = { F32: 4, I32: 4, I8: 1 } as const;

function flatOf(name: string, t: TensorLike): Flat {
  if (t === null || typeof t !== 'object' || !Array.isArray(t.shape)) throw new ValueError(`writeSafetensors: tensor '${name}' must be a Tensor or { shape, data }, got ${t === null ? 'null' : typeof t}`);
  const arr = typeof t.toArray === 'function' ? t.toArray() : typeof t.data === 'function' ? t.data() : t.data;
  if (!(arr instanceof Float32Array) && !(arr instanceof Int32Array) && !(arr instanceof Int8Array)) {
    throw new ValueError(`writeSafetensors: tensor '${name}' must be a Tensor or { shape, data: Float32Array | Int32Array | Int8Array }`);
  }
  let n = 1;
  for (const d of t.shape) n *= d;
  if (n !== arr.length) throw new ValueError(`writeSafetensors: tensor '${name}' has shape ${fmtShape(t.shape)} but ${arr.length} values`);
  return { dtype: arr instanceof Int32Array ? 'I32' : arr instanceof Int8Array ? 'I8' : 'F32', data: arr };
}

/**
 * Writes F32 (I32 for int tensors, I8 for Int8Array data) safetensors bytes, tensors in the given order.
 * @example
 * ```ts
 * const bytes = writeSafetensors(model.stateDict(), { format: 'pt' }); // torch's load_file reads it
 * ```
 */
export function writeSafetensors(tensors: Record<string, TensorLike>, metadata?: Record<string, string>): Uint8Array {
  if (typeof tensors !== 'object' || tensors === null || Array.isArray(tensors)) throw new ValueError('writeSafetensors: tensors must be an object of name -> tensor');
  // Names from the caller: a null-prototype header, so '__proto__' is a tensor like any other.
  const header = Object.create(null) as Record<string, unknown>;
  if (metadata !== undefined) {
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) throw new ValueError('writeSafetensors: metadata must be an object of name -> string');
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new ValueError(`writeSafetensors: metadata['${k}'] must be a string, got ${typeof v}`);
    }
    header.__metadata__ = metadata;
  }
  const flats: Flat[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    if (name === '__metadata__') throw new ValueError(`writeSafetensors: '__metadata__' is reserved and cannot name a tensor`);
    const f = flatOf(name, t);
    const bytes = f.data.length * WRITE_BYTES[f.dtype];
    header[name] = { dtype: f.dtype, shape: t.shape.slice(), data_offsets: [offset, offset + bytes] };
    offset += bytes;
    flats.push(f);
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, padded, true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + padded);
  let at = 8 + padded;
  for (const f of flats) {
    if (f.dtype === 'I8') {
      out.set(new Uint8Array(f.data.buffer, f.data.byteOffset, f.data.length), at);
      at += f.data.length;
      continue;
    }
    for (let i = 0; i < f.data.length; i++, at += 4) {
      if (f.dtype === 'F32') view.setFloat32(at, f.data[i], true);
      else view.setInt32(at, f.data[i], true);
    }
  }
  return out;
}
