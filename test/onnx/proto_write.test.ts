// The ONNX protobuf writer at the byte level: a minimal wire-format walker (written here, not
// shared with src/) decodes what encodeModel wrote and checks field numbers, wire types,
// varints (negative int64 as 10 bytes), fixed32 floats, raw_data and symbolic dims.
import { describe, expect, it } from 'vitest';
import { attr, encodeModel, DT_FLOAT, DT_INT64, type ModelSpec } from '../../src/onnx/proto_write.js';

type Field = { field: number; wire: number; value: bigint | Uint8Array };

function varint(b: Uint8Array, pos: { at: number }): bigint {
  let v = 0n, shift = 0n;
  for (;;) {
    const byte = b[pos.at++];
    v |= BigInt(byte & 0x7f) << shift;
    if (byte < 0x80) return v;
    shift += 7n;
  }
}

function fields(b: Uint8Array): Field[] {
  const out: Field[] = [];
  const pos = { at: 0 };
  while (pos.at < b.length) {
    const key = Number(varint(b, pos));
    const field = key >> 3, wire = key & 7;
    if (wire === 0) out.push({ field, wire, value: varint(b, pos) });
    else if (wire === 2) {
      const n = Number(varint(b, pos));
      out.push({ field, wire, value: b.subarray(pos.at, pos.at + n) });
      pos.at += n;
    } else if (wire === 5) {
      out.push({ field, wire, value: b.subarray(pos.at, pos.at + 4) });
      pos.at += 4;
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  expect(pos.at).toBe(b.length);
  return out;
}
const one = (fs: Field[], n: number): Field => {
  const f = fs.filter((x) => x.field === n);
  expect(f.length, `field ${n}`).toBe(1);
  return f[0];
};
const all = (fs: Field[], n: number): Field[] => fs.filter((x) => x.field === n);
const text = (f: Field): string => new TextDecoder().decode(f.value as Uint8Array);
const sub = (f: Field): Field[] => fields(f.value as Uint8Array);

const MODEL: ModelSpec = {
  irVersion: 8, opset: 17, producerName: 'rnn-wasm',
  graph: {
    name: 'g',
    nodes: [{
      opType: 'Foo', name: 'n0', inputs: ['x', '', 'w'], outputs: ['y'],
      attrs: new Map([['ints', attr.ints([-1, 300, 0])], ['alpha', attr.float(0.25)], ['s', attr.string('forward')], ['names', attr.strings(['Tanh', 'Relu'])]]),
    }],
    initializers: [
      { name: 'w', dims: [2, 2], data: Float32Array.of(1, -2, 0.5, 3) },
      { name: 'shape', dims: [3], data: BigInt64Array.of(0n, 0n, -1n) },
    ],
    inputs: [{ name: 'x', elemType: DT_FLOAT, dims: ['batch', 4] }],
    outputs: [{ name: 'y', elemType: DT_FLOAT, dims: [3, 'time'] }],
  },
};

describe('encodeModel', () => {
  const m = fields(encodeModel(MODEL));

  it('ModelProto: ir_version 1, producer_name 2, graph 7, opset_import 8 (domain "", version)', () => {
    expect(one(m, 1).value).toBe(8n);
    expect(text(one(m, 2))).toBe('rnn-wasm');
    const opset = sub(one(m, 8));
    expect(text(one(opset, 1))).toBe('');
    expect(one(opset, 2).value).toBe(17n);
  });

  it('NodeProto: inputs (with an empty optional one), outputs, name, op_type, typed attributes', () => {
    const g = sub(one(m, 7));
    expect(text(one(g, 2))).toBe('g');
    const node = sub(one(g, 1));
    expect(all(node, 1).map(text)).toEqual(['x', '', 'w']);
    expect(all(node, 2).map(text)).toEqual(['y']);
    expect(text(one(node, 3))).toBe('n0');
    expect(text(one(node, 4))).toBe('Foo');
    const attrs = all(node, 5).map(sub);
    const [ints, alpha, s, names] = attrs;
    expect(text(one(ints, 1))).toBe('ints');
    // int64 -1 is ten bytes of two's complement; every value is its own (unpacked) field 8.
    expect(all(ints, 8).map((f) => BigInt.asIntN(64, f.value as bigint))).toEqual([-1n, 300n, 0n]);
    expect(one(ints, 20).value).toBe(7n); // INTS
    const raw = one(alpha, 2);
    expect(raw.wire).toBe(5);
    expect(new DataView((raw.value as Uint8Array).slice().buffer).getFloat32(0, true)).toBe(0.25);
    expect(one(alpha, 20).value).toBe(1n); // FLOAT
    expect(text(one(s, 4))).toBe('forward');
    expect(one(s, 20).value).toBe(3n); // STRING
    expect(all(names, 9).map(text)).toEqual(['Tanh', 'Relu']);
    expect(one(names, 20).value).toBe(8n); // STRINGS
  });

  it('TensorProto: dims 1, data_type 2, name 8, little-endian raw_data 9', () => {
    const g = sub(one(m, 7));
    const [w, shape] = all(g, 5).map(sub);
    expect(all(w, 1).map((f) => f.value)).toEqual([2n, 2n]);
    expect(one(w, 2).value).toBe(BigInt(DT_FLOAT));
    expect(text(one(w, 8))).toBe('w');
    expect(Array.from(new Float32Array((one(w, 9).value as Uint8Array).slice().buffer))).toEqual([1, -2, 0.5, 3]);
    expect(one(shape, 2).value).toBe(BigInt(DT_INT64));
    expect(Array.from(new BigInt64Array((one(shape, 9).value as Uint8Array).slice().buffer))).toEqual([0n, 0n, -1n]);
  });

  it('ValueInfoProto: tensor_type elem_type and shape, dim_value 1 or dim_param 2', () => {
    const g = sub(one(m, 7));
    const dimsOf = (vi: Field[]): (string | bigint)[] => {
      const tt = sub(one(sub(one(vi, 2)), 1));
      expect(one(tt, 1).value).toBe(BigInt(DT_FLOAT));
      return all(sub(one(tt, 2)), 1).map(sub).map((d) => (d[0].field === 2 ? text(d[0]) : (d[0].value as bigint)));
    };
    const input = sub(one(g, 11)), output = sub(one(g, 12));
    expect(text(one(input, 1))).toBe('x');
    expect(dimsOf(input)).toEqual(['batch', 4n]);
    expect(dimsOf(output)).toEqual([3n, 'time']);
  });

  it('rejects a tensor whose dims do not match its data, and non-integer ints', () => {
    const bad = { ...MODEL, graph: { ...MODEL.graph, initializers: [{ name: 'w', dims: [3], data: Float32Array.of(1, 2) }] } };
    expect(() => encodeModel(bad)).toThrow(/tensor 'w' has dims \[3\] \(3 elements\) but 2 values/);
    const node = { ...MODEL.graph.nodes[0], attrs: new Map([['k', attr.int(1.5)]]) };
    expect(() => encodeModel({ ...MODEL, graph: { ...MODEL.graph, nodes: [node] } })).toThrow(/attribute 'k' must be a safe integer/);
  });
});
