// The ONNX protobuf writer: ModelProto and the messages under it, in the protobuf wire format
// (varint keys and integers, fixed32 floats, length-delimited strings/bytes/messages). Field
// numbers from onnx.proto (ONNX 1.12, proto2); tensor contents go in raw_data (little-endian),
// as PyTorch's exporter writes them. Repeated scalars are written unpacked, the proto2 default
// for dims and ints (every protobuf parser also accepts the packed form).
import { ValueError } from '../errors.js';

// TensorProto.DataType
export const DT_FLOAT = 1, DT_INT32 = 6, DT_INT64 = 7;
// AttributeProto.AttributeType
const AT_FLOAT = 1, AT_INT = 2, AT_STRING = 3, AT_TENSOR = 4, AT_FLOATS = 6, AT_INTS = 7, AT_STRINGS = 8;
// Wire types (no fixed64 field is written)
const VARINT = 0, LEN = 2, I32 = 5;

export interface TensorSpec {
  name: string;
  dims: readonly number[];
  /** Float32Array → FLOAT, Int32Array → INT32, BigInt64Array → INT64. */
  data: Float32Array | Int32Array | BigInt64Array;
}

export type AttrValue =
  | { kind: 'int'; v: number } | { kind: 'float'; v: number } | { kind: 'string'; v: string }
  | { kind: 'ints'; v: readonly number[] } | { kind: 'floats'; v: readonly number[] }
  | { kind: 'strings'; v: readonly string[] } | { kind: 'tensor'; v: TensorSpec };

/** Typed attribute values: ONNX distinguishes 1 (INT) from 1.0 (FLOAT), so the caller says which. */
export const attr = {
  int: (v: number): AttrValue => ({ kind: 'int', v }),
  float: (v: number): AttrValue => ({ kind: 'float', v }),
  string: (v: string): AttrValue => ({ kind: 'string', v }),
  ints: (v: readonly number[]): AttrValue => ({ kind: 'ints', v }),
  floats: (v: readonly number[]): AttrValue => ({ kind: 'floats', v }),
  strings: (v: readonly string[]): AttrValue => ({ kind: 'strings', v }),
  tensor: (v: TensorSpec): AttrValue => ({ kind: 'tensor', v }),
};

export interface NodeSpec {
  opType: string;
  name: string;
  /** '' marks an omitted optional input. */
  inputs: readonly string[];
  outputs: readonly string[];
  /** Written in this order (a Map: names never become plain-object keys). */
  attrs: ReadonlyMap<string, AttrValue>;
}

/** A dim: a size, or a symbolic name (dim_param) for a dynamic axis. */
export type Dim = number | string;

export interface ValueInfoSpec { name: string; elemType: number; dims: readonly Dim[] }

export interface GraphSpec {
  name: string;
  nodes: readonly NodeSpec[];
  initializers: readonly TensorSpec[];
  inputs: readonly ValueInfoSpec[];
  outputs: readonly ValueInfoSpec[];
}

export interface ModelSpec {
  irVersion: number;
  opset: number;
  producerName: string;
  producerVersion?: string;
  graph: GraphSpec;
  docString?: string;
}

const utf8 = new TextEncoder();

/** A growable byte buffer with the protobuf primitives. */
class Out {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  len = 0;

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Unsigned varint of a non-negative safe integer. */
  uvarint(v: number): void {
    this.reserve(10);
    while (v >= 0x80) {
      this.buf[this.len++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.len++] = v;
  }

  /** int64 as a varint: negatives are 10 bytes of two's complement. */
  int64(v: number): void {
    if (v >= 0) return this.uvarint(v);
    let u = BigInt.asUintN(64, BigInt(v));
    this.reserve(10);
    while (u >= 0x80n) {
      this.buf[this.len++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    this.buf[this.len++] = Number(u);
  }

  key(field: number, wire: number): void {
    this.uvarint(field * 8 + wire);
  }

  bytes(field: number, b: Uint8Array): void {
    this.key(field, LEN);
    this.uvarint(b.length);
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  string(field: number, s: string): void {
    this.bytes(field, utf8.encode(s));
  }

  varintField(field: number, v: number): void {
    this.key(field, VARINT);
    this.int64(v);
  }

  floatField(field: number, v: number): void {
    this.key(field, I32);
    this.reserve(4);
    this.view.setFloat32(this.len, v, true);
    this.len += 4;
  }

  message(field: number, write: (o: Out) => void): void {
    const sub = new Out();
    write(sub);
    this.bytes(field, sub.result());
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

function checkInt(where: string, v: number): number {
  if (!Number.isSafeInteger(v)) throw new ValueError(`encodeModel: ${where} must be a safe integer, got ${v}`);
  return v;
}

function dataType(t: TensorSpec): number {
  if (t.data instanceof Float32Array) return DT_FLOAT;
  if (t.data instanceof Int32Array) return DT_INT32;
  if (t.data instanceof BigInt64Array) return DT_INT64;
  throw new ValueError(`encodeModel: tensor '${t.name}' data must be a Float32Array, Int32Array or BigInt64Array`);
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Little-endian bytes of the tensor's elements (raw_data). */
function rawBytes(t: TensorSpec): Uint8Array {
  const d = t.data;
  if (LITTLE_ENDIAN) return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  const out = new Uint8Array(d.byteLength);
  const view = new DataView(out.buffer);
  const step = d.BYTES_PER_ELEMENT;
  for (let i = 0; i < d.length; i++) {
    if (d instanceof Float32Array) view.setFloat32(i * step, d[i], true);
    else if (d instanceof Int32Array) view.setInt32(i * step, d[i], true);
    else view.setBigInt64(i * step, d[i], true);
  }
  return out;
}

// TensorProto: dims 1, data_type 2, name 8, raw_data 9
function writeTensor(o: Out, t: TensorSpec): void {
  let n = 1;
  for (const d of t.dims) n *= checkInt(`dims of tensor '${t.name}'`, d);
  if (n !== t.data.length) throw new ValueError(`encodeModel: tensor '${t.name}' has dims [${t.dims.join(', ')}] (${n} elements) but ${t.data.length} values`);
  for (const d of t.dims) o.varintField(1, d);
  o.varintField(2, dataType(t));
  o.string(8, t.name);
  o.bytes(9, rawBytes(t));
}

// AttributeProto: name 1, f 2, i 3, s 4, t 5, floats 7, ints 8, strings 9, type 20
function writeAttr(o: Out, name: string, a: AttrValue): void {
  o.string(1, name);
  switch (a.kind) {
    case 'float': o.floatField(2, a.v); o.varintField(20, AT_FLOAT); return;
    case 'int': o.varintField(3, checkInt(`attribute '${name}'`, a.v)); o.varintField(20, AT_INT); return;
    case 'string': o.string(4, a.v); o.varintField(20, AT_STRING); return;
    case 'tensor': o.message(5, (m) => writeTensor(m, a.v)); o.varintField(20, AT_TENSOR); return;
    case 'floats': for (const v of a.v) o.floatField(7, v); o.varintField(20, AT_FLOATS); return;
    case 'ints': for (const v of a.v) o.varintField(8, checkInt(`attribute '${name}'`, v)); o.varintField(20, AT_INTS); return;
    case 'strings': for (const v of a.v) o.string(9, v); o.varintField(20, AT_STRINGS); return;
  }
}

// NodeProto: input 1, output 2, name 3, op_type 4, attribute 5
function writeNode(o: Out, n: NodeSpec): void {
  for (const s of n.inputs) o.string(1, s);
  for (const s of n.outputs) o.string(2, s);
  o.string(3, n.name);
  o.string(4, n.opType);
  for (const [name, a] of n.attrs) o.message(5, (m) => writeAttr(m, name, a));
}

// ValueInfoProto: name 1, type 2 → TypeProto.tensor_type 1 → elem_type 1, shape 2 → dim 1 →
// dim_value 1 | dim_param 2
function writeValueInfo(o: Out, v: ValueInfoSpec): void {
  o.string(1, v.name);
  o.message(2, (tp) => tp.message(1, (tt) => {
    tt.varintField(1, v.elemType);
    tt.message(2, (shape) => {
      for (const d of v.dims) {
        shape.message(1, (dim) => (typeof d === 'string' ? dim.string(2, d) : dim.varintField(1, checkInt(`a dim of '${v.name}'`, d))));
      }
    });
  }));
}

// GraphProto: node 1, name 2, initializer 5, input 11, output 12
function writeGraph(o: Out, g: GraphSpec): void {
  for (const n of g.nodes) o.message(1, (m) => writeNode(m, n));
  o.string(2, g.name);
  for (const t of g.initializers) o.message(5, (m) => writeTensor(m, t));
  for (const v of g.inputs) o.message(11, (m) => writeValueInfo(m, v));
  for (const v of g.outputs) o.message(12, (m) => writeValueInfo(m, v));
}

/** ModelProto bytes: ir_version 1, producer_name 2, producer_version 3, doc_string 6, graph 7, opset_import 8. */
export function encodeModel(m: ModelSpec): Uint8Array {
  const o = new Out();
  o.varintField(1, checkInt('irVersion', m.irVersion));
  o.string(2, m.producerName);
  if (m.producerVersion) o.string(3, m.producerVersion);
  if (m.docString) o.string(6, m.docString);
  o.message(7, (g) => writeGraph(g, m.graph));
  // OperatorSetIdProto: domain 1 ('' = ai.onnx), version 2
  o.message(8, (op) => { op.string(1, ''); op.varintField(2, checkInt('opset', m.opset)); });
  return o.result();
}
