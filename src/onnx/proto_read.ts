// A bounded reader for the ONNX protobuf wire format: ModelProto, GraphProto, NodeProto,
// AttributeProto (with If subgraphs), TensorProto and ValueInfoProto, decoded into plain objects.
// Every length is checked against the bytes that are really there before anything is read or
// allocated, subgraphs nest at most MAX_DEPTH deep, and tensor data is kept as a view of the file
// (decoded only when a tensor is used): a hostile file costs time and memory in proportion to its
// own size, never to what it declares. Field numbers: onnx/onnx.proto (IR version 8).
import { FormatError } from '../errors.js';

const MAX_DEPTH = 32;

export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  /** Exactly one source: raw bytes (little-endian), a typed field, or external data. */
  raw: Uint8Array | null;
  floats: Float32Array | null;
  ints: number[] | null; // int32_data / int64_data / uint64_data (as numbers, int64 clamped to ±2^53)
  doubles: Float64Array | null;
  external: Map<string, string> | null;
}

export interface OnnxAttribute {
  name: string;
  type: number;
  f: number;
  i: number;
  s: Uint8Array | null;
  t: OnnxTensor | null;
  g: OnnxGraph | null;
  floats: number[];
  ints: number[];
  strings: Uint8Array[];
  graphs: OnnxGraph[];
}

export interface OnnxNode {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attrs: OnnxAttribute[];
}

export interface OnnxValueInfo {
  name: string;
  elemType: number; // 0 when not a tensor type
  /** null: rank unknown; a dim is a number, a symbolic name, or null (unknown). */
  dims: (number | string | null)[] | null;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

export interface OnnxModel {
  irVersion: number;
  opsets: { domain: string; version: number }[];
  producer: string;
  graph: OnnxGraph;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** A cursor over one message's bytes [pos, end). */
class Reader {
  pos: number;
  constructor(readonly buf: Uint8Array, pos: number, readonly end: number, readonly what: string) {
    this.pos = pos;
  }

  fail(msg: string): never {
    throw new FormatError(`importOnnx: ${this.what}: ${msg} (at byte ${this.pos})`);
  }

  /** A varint as a JS number; int64 values beyond ±2^53 are clamped there (enough for Slice ends). */
  varint(): number {
    let lo = 0, hi = 0, shift = 0, b = 0;
    for (let i = 0; ; i++) {
      if (this.pos >= this.end) this.fail('truncated varint');
      if (i >= 10) this.fail('varint longer than 10 bytes');
      b = this.buf[this.pos++];
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) { lo |= (b & 0x0f) << 28; hi |= (b & 0x7f) >> 4; }
      else hi |= (b & 0x7f) << (shift - 32);
      shift += 7;
      if (!(b & 0x80)) break;
    }
    lo >>>= 0;
    if (hi & 0x80000000) {
      // negative two's complement int64
      const nlo = (~lo + 1) >>> 0;
      const nhi = (~hi + (nlo === 0 ? 1 : 0)) >>> 0;
      const v = nhi * 4294967296 + nlo;
      return -Math.min(v, Number.MAX_SAFE_INTEGER);
    }
    return Math.min((hi >>> 0) * 4294967296 + lo, Number.MAX_SAFE_INTEGER);
  }

  bytes(): Uint8Array {
    const n = this.varint();
    if (n < 0 || n > this.end - this.pos) this.fail(`length ${n} runs past the end of the message (${this.end - this.pos} bytes left)`);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  sub(what: string): Reader {
    const b = this.bytes();
    return new Reader(this.buf, b.byteOffset - this.buf.byteOffset, b.byteOffset - this.buf.byteOffset + b.length, what);
  }

  string(): string {
    return utf8.decode(this.bytes());
  }

  f32(): number {
    if (this.end - this.pos < 4) this.fail('truncated float');
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 4).getFloat32(0, true);
    this.pos += 4;
    return v;
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) { if (this.end - this.pos < 8) this.fail('truncated fixed64'); this.pos += 8; }
    else if (wire === 2) this.bytes();
    else if (wire === 5) { if (this.end - this.pos < 4) this.fail('truncated fixed32'); this.pos += 4; }
    else this.fail(`unsupported wire type ${wire}`);
  }

  /** Iterates the fields: calls f(field, wire) which must consume the value or return false to skip it. */
  fields(f: (field: number, wire: number) => boolean): void {
    while (this.pos < this.end) {
      const key = this.varint();
      const field = Math.floor(key / 8), wire = key & 7;
      if (field === 0) this.fail('field number 0');
      if (!f(field, wire)) this.skip(wire);
    }
  }

  /** A repeated varint field: packed (wire 2) or one value (wire 0). */
  ints(wire: number, into: number[]): void {
    if (wire === 0) { into.push(this.varint()); return; }
    if (wire !== 2) this.fail(`wire type ${wire} for an integer list`);
    const r = this.sub(this.what);
    while (r.pos < r.end) into.push(r.varint());
  }

  expect(wire: number, want: number, field: string): void {
    if (wire !== want) this.fail(`${field} has wire type ${wire}, expected ${want}`);
  }
}

function readTensor(r: Reader): OnnxTensor {
  const t: OnnxTensor = { name: '', dims: [], dataType: 0, raw: null, floats: null, ints: null, doubles: null, external: null };
  const floats: number[] = [];
  let floatBlocks: Uint8Array[] = [];
  let location = 0;
  const ints: number[] = [];
  let doubles: Uint8Array[] = [];
  r.fields((f, w) => {
    switch (f) {
      case 1: r.ints(w, t.dims); return true;
      case 2: r.expect(w, 0, 'data_type'); t.dataType = r.varint(); return true;
      case 4:
        if (w === 2) floatBlocks.push(r.bytes());
        else { r.expect(w, 5, 'float_data'); floats.push(r.f32()); }
        return true;
      case 5: case 7: case 11: r.ints(w, ints); return true;
      case 8: r.expect(w, 2, 'name'); t.name = r.string(); return true;
      case 9: r.expect(w, 2, 'raw_data'); t.raw = r.bytes(); return true;
      case 10:
        if (w === 2) doubles.push(r.bytes());
        else { r.expect(w, 1, 'double_data'); doubles.push(r.buf.subarray(r.pos, r.pos + 8)); r.skip(1); }
        return true;
      case 13: {
        r.expect(w, 2, 'external_data');
        const e = r.sub('external_data entry');
        let k = '', v = '';
        e.fields((ef, ew) => {
          if (ef === 1 && ew === 2) { k = e.string(); return true; }
          if (ef === 2 && ew === 2) { v = e.string(); return true; }
          return false;
        });
        (t.external ??= new Map()).set(k, v);
        return true;
      }
      case 14: r.expect(w, 0, 'data_location'); location = r.varint(); return true;
      default: return false;
    }
  });
  if (floatBlocks.length || floats.length) {
    let n = floats.length;
    for (const b of floatBlocks) {
      if (b.length % 4) r.fail(`tensor '${t.name}': packed float_data is ${b.length} bytes, not a multiple of 4`);
      n += b.length / 4;
    }
    const out = new Float32Array(n);
    let o = 0;
    for (const b of floatBlocks) {
      const dv = new DataView(b.buffer, b.byteOffset, b.length);
      for (let i = 0; i < b.length; i += 4) out[o++] = dv.getFloat32(i, true);
    }
    for (const v of floats) out[o++] = v;
    t.floats = out;
    floatBlocks = [];
  }
  if (ints.length) t.ints = ints;
  if (doubles.length) {
    let n = 0;
    for (const b of doubles) {
      if (b.length % 8) r.fail(`tensor '${t.name}': double_data is not a multiple of 8 bytes`);
      n += b.length / 8;
    }
    const out = new Float64Array(n);
    let o = 0;
    for (const b of doubles) {
      const dv = new DataView(b.buffer, b.byteOffset, b.length);
      for (let i = 0; i < b.length; i += 8) out[o++] = dv.getFloat64(i, true);
    }
    t.doubles = out;
    doubles = [];
  }
  if (location === 1 && !t.external) r.fail(`tensor '${t.name}' says its data is external but names no location`);
  if (location !== 1) t.external = null;
  for (const d of t.dims) if (!(d >= 0)) r.fail(`tensor '${t.name}' has a negative dimension ${d}`);
  return t;
}

function readDims(r: Reader): (number | string | null)[] {
  const dims: (number | string | null)[] = [];
  r.fields((f, w) => {
    if (f !== 1 || w !== 2) return false;
    const d = r.sub('dimension');
    let v: number | string | null = null;
    d.fields((df, dw) => {
      if (df === 1 && dw === 0) { v = d.varint(); return true; }
      if (df === 2 && dw === 2) { v = d.string(); return true; }
      return false;
    });
    dims.push(v);
    return true;
  });
  return dims;
}

function readValueInfo(r: Reader): OnnxValueInfo {
  const vi: OnnxValueInfo = { name: '', elemType: 0, dims: null };
  r.fields((f, w) => {
    if (f === 1 && w === 2) { vi.name = r.string(); return true; }
    if (f !== 2 || w !== 2) return false;
    const type = r.sub('TypeProto');
    type.fields((tf, tw) => {
      if (tf !== 1 || tw !== 2) return false; // only tensor_type; others leave elemType 0
      const tt = type.sub('TypeProto.Tensor');
      tt.fields((ef, ew) => {
        if (ef === 1 && ew === 0) { vi.elemType = tt.varint(); return true; }
        if (ef === 2 && ew === 2) { vi.dims = readDims(tt.sub('TensorShapeProto')); return true; }
        return false;
      });
      return true;
    });
    return true;
  });
  return vi;
}

function readAttribute(r: Reader, depth: number): OnnxAttribute {
  const a: OnnxAttribute = { name: '', type: 0, f: 0, i: 0, s: null, t: null, g: null, floats: [], ints: [], strings: [], graphs: [] };
  r.fields((f, w) => {
    switch (f) {
      case 1: r.expect(w, 2, 'attribute name'); a.name = r.string(); return true;
      case 20: r.expect(w, 0, 'attribute type'); a.type = r.varint(); return true;
      case 2: r.expect(w, 5, 'attribute f'); a.f = r.f32(); return true;
      case 3: r.expect(w, 0, 'attribute i'); a.i = r.varint(); return true;
      case 4: r.expect(w, 2, 'attribute s'); a.s = r.bytes(); return true;
      case 5: r.expect(w, 2, 'attribute t'); a.t = readTensor(r.sub('attribute tensor')); return true;
      case 6: r.expect(w, 2, 'attribute g'); a.g = readGraph(r.sub('subgraph'), depth + 1); return true;
      case 7:
        if (w === 5) a.floats.push(r.f32());
        else { r.expect(w, 2, 'attribute floats'); const s = r.sub('floats'); while (s.pos < s.end) a.floats.push(s.f32()); }
        return true;
      case 8: r.ints(w, a.ints); return true;
      case 9: r.expect(w, 2, 'attribute strings'); a.strings.push(r.bytes()); return true;
      case 11: r.expect(w, 2, 'attribute graphs'); a.graphs.push(readGraph(r.sub('subgraph'), depth + 1)); return true;
      default: return false;
    }
  });
  return a;
}

function readNode(r: Reader, depth: number): OnnxNode {
  const n: OnnxNode = { name: '', opType: '', domain: '', inputs: [], outputs: [], attrs: [] };
  r.fields((f, w) => {
    if (w !== 2) return false;
    switch (f) {
      case 1: n.inputs.push(r.string()); return true;
      case 2: n.outputs.push(r.string()); return true;
      case 3: n.name = r.string(); return true;
      case 4: n.opType = r.string(); return true;
      case 7: n.domain = r.string(); return true;
      case 5: n.attrs.push(readAttribute(r.sub('AttributeProto'), depth)); return true;
      default: return false;
    }
  });
  return n;
}

function readGraph(r: Reader, depth: number): OnnxGraph {
  if (depth > MAX_DEPTH) r.fail(`subgraphs nest deeper than ${MAX_DEPTH} levels`);
  const g: OnnxGraph = { name: '', nodes: [], initializers: [], inputs: [], outputs: [] };
  r.fields((f, w) => {
    if (w !== 2) return false;
    switch (f) {
      case 1: g.nodes.push(readNode(r.sub('NodeProto'), depth)); return true;
      case 2: g.name = r.string(); return true;
      case 5: g.initializers.push(readTensor(r.sub('TensorProto'))); return true;
      case 11: g.inputs.push(readValueInfo(r.sub('ValueInfoProto'))); return true;
      case 12: g.outputs.push(readValueInfo(r.sub('ValueInfoProto'))); return true;
      case 15: r.fail('sparse initializers are not supported');
      default: return false;
    }
  });
  return g;
}

/** Decodes a ModelProto. Throws a FormatError for anything that is not a well-formed one. */
export function readModel(bytes: Uint8Array): OnnxModel {
  if (!(bytes instanceof Uint8Array)) throw new FormatError(`importOnnx: bytes must be a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`);
  const r = new Reader(bytes, 0, bytes.length, 'ModelProto');
  const m: OnnxModel = { irVersion: 0, opsets: [], producer: '', graph: null as unknown as OnnxGraph };
  let graph: OnnxGraph | null = null;
  r.fields((f, w) => {
    switch (f) {
      case 1: r.expect(w, 0, 'ir_version'); m.irVersion = r.varint(); return true;
      case 2: r.expect(w, 2, 'producer_name'); m.producer = r.string(); return true;
      case 7: r.expect(w, 2, 'graph'); graph = readGraph(r.sub('GraphProto'), 0); return true;
      case 8: {
        r.expect(w, 2, 'opset_import');
        const o = r.sub('OperatorSetIdProto');
        const op = { domain: '', version: 0 };
        o.fields((of, ow) => {
          if (of === 1 && ow === 2) { op.domain = o.string(); return true; }
          if (of === 2 && ow === 0) { op.version = o.varint(); return true; }
          return false;
        });
        m.opsets.push(op);
        return true;
      }
      default: return false;
    }
  });
  if (!graph) throw new FormatError('importOnnx: not an ONNX model (no graph field in the ModelProto)');
  m.graph = graph;
  return m;
}
