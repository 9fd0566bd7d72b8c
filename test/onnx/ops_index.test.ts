// TopK and ScatterElements (src/onnx/ops_index.ts) on small graphs, against onnxruntime-node.
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { FormatError } from '../../src/errors.js';
import { importOnnx } from '../../src/onnx/index.js';
import { attr, DT_FLOAT, DT_INT64, encodeModel, type AttrValue, type TensorSpec } from '../../src/onnx/proto_write.js';
import { randomArray, runtimeFor } from '../helpers.js';

type Data = Float32Array | BigInt64Array;
interface OpCase {
  name: string;
  opset: number;
  op: string;
  attrs?: [string, AttrValue][];
  feeds: Record<string, { data: Data; shape: number[] }>;
  inits?: TensorSpec[];
  inputs: string[];
  outputs: string[];
}

const dt = (d: Data): number => (d instanceof Float32Array ? DT_FLOAT : DT_INT64);

function model(c: OpCase): Uint8Array {
  return encodeModel({
    irVersion: 8, opset: c.opset, producerName: 'test',
    graph: {
      name: c.name,
      nodes: [{ opType: c.op, name: c.name, inputs: c.inputs, outputs: c.outputs, attrs: new Map(c.attrs ?? []) }],
      initializers: c.inits ?? [],
      inputs: Object.entries(c.feeds).map(([name, f]) => ({ name, elemType: dt(f.data), dims: f.shape })),
      // TopK's indices are int64; everything else here follows its data
      // symbolic dims of the data's rank (both ops keep it)
      outputs: c.outputs.map((name, i) => ({ name, elemType: c.op === 'TopK' && i === 1 ? DT_INT64 : dt(Object.values(c.feeds)[0].data), dims: Object.values(c.feeds)[0].shape.map((_, d) => `d${d}`) })),
    },
  });
}

const i64 = (...v: number[]): BigInt64Array => BigInt64Array.from(v.map(BigInt));
const ties = Float32Array.of(3, 1, 3, NaN, -2, 1, 0, -Infinity, Infinity, 5, -1, Infinity);

const CASES: OpCase[] = [
  { name: 'topk_largest_last_axis', opset: 11, op: 'TopK', feeds: { x: { data: ties, shape: [3, 4] } }, inits: [{ name: 'k', dims: [1], data: i64(3) }], inputs: ['x', 'k'], outputs: ['v', 'i'] },
  { name: 'topk_smallest_axis0', opset: 11, op: 'TopK', attrs: [['axis', attr.int(0)], ['largest', attr.int(0)]], feeds: { x: { data: Float32Array.of(3, 1, 3, 4, -2, 1, 0, 3, 5, 5, -1, 2), shape: [3, 4] } }, inits: [{ name: 'k', dims: [1], data: i64(2) }], inputs: ['x', 'k'], outputs: ['v', 'i'] },
  { name: 'topk_opset10_3d_axis1', opset: 10, op: 'TopK', attrs: [['axis', attr.int(1)]], feeds: { x: { data: randomArray(2 * 5 * 3, 4), shape: [2, 5, 3] } }, inits: [{ name: 'k', dims: [1], data: i64(5) }], inputs: ['x', 'k'], outputs: ['v', 'i'] },
  { name: 'topk_opset7_attr_k', opset: 7, op: 'TopK', attrs: [['k', attr.int(2)]], feeds: { x: { data: randomArray(7, 5), shape: [7] } }, inputs: ['x'], outputs: ['v', 'i'] },
  // what torch.onnx.export writes for pack_padded_sequence(enforce_sorted=False): sort the lengths
  { name: 'topk_int64_lengths', opset: 14, op: 'TopK', feeds: { x: { data: i64(4, 6, 1, 6, 2), shape: [5] } }, inits: [{ name: 'k', dims: [1], data: i64(5) }], inputs: ['x', 'k'], outputs: ['v', 'i'] },
  // ... and undo the sort: the inverse permutation
  { name: 'scatter_elements_inverse_perm', opset: 14, op: 'ScatterElements', feeds: { p: { data: i64(1, 3, 0, 4, 2), shape: [5] } }, inits: [{ name: 'z', dims: [5], data: i64(0, 1, 2, 3, 4) }, { name: 'u', dims: [5], data: i64(0, 1, 2, 3, 4) }], inputs: ['z', 'p', 'u'], outputs: ['y'] },
  { name: 'scatter_elements_axis1_neg', opset: 13, op: 'ScatterElements', attrs: [['axis', attr.int(1)]], feeds: { x: { data: randomArray(12, 6), shape: [3, 4] }, u: { data: randomArray(6, 7), shape: [3, 2] } }, inits: [{ name: 'j', dims: [3, 2], data: i64(0, -1, 2, 1, 3, -4) }], inputs: ['x', 'j', 'u'], outputs: ['y'] },
  { name: 'scatter_elements_axis0_add', opset: 16, op: 'ScatterElements', attrs: [['reduction', attr.string('add')]], feeds: { x: { data: randomArray(12, 8), shape: [4, 3] }, u: { data: randomArray(6, 9), shape: [2, 3] } }, inits: [{ name: 'j', dims: [2, 3], data: i64(1, 1, 3, 1, 0, 3) }], inputs: ['x', 'j', 'u'], outputs: ['y'] },
  { name: 'scatter_opset9', opset: 9, op: 'Scatter', feeds: { x: { data: randomArray(6, 10), shape: [3, 2] }, u: { data: randomArray(4, 11), shape: [2, 2] } }, inits: [{ name: 'j', dims: [2, 2], data: i64(2, 0, 1, 2) }], inputs: ['x', 'j', 'u'], outputs: ['y'] },
];

const asNumbers = (d: ArrayLike<number | bigint>): number[] => Array.from(d, Number);

describe('TopK and ScatterElements against onnxruntime-node', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const bytes = model(c);
      const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
      const ortFeeds: Record<string, ort.Tensor> = {};
      for (const [n, f] of Object.entries(c.feeds)) ortFeeds[n] = new ort.Tensor(f.data instanceof Float32Array ? 'float32' : 'int64', f.data, f.shape);
      const want = await session.run(ortFeeds);
      const m = importOnnx(bytes, { runtime: await runtimeFor('simd') });
      for (let rep = 0; rep < 2; rep++) {
        const out = await m.run(c.feeds);
        for (const name of c.outputs) {
          expect(out[name].shape, name).toEqual([...want[name].dims]);
          expect(asNumbers(out[name].data as ArrayLike<number | bigint>), name).toEqual(asNumbers(want[name].data as ArrayLike<number | bigint>));
        }
      }
    });
  }

  it('rejects k beyond the axis and indices out of range with a FormatError naming the node', async () => {
    const rt = await runtimeFor('simd');
    const k = importOnnx(model({ ...CASES[0], inits: [{ name: 'k', dims: [1], data: i64(5) }] }), { runtime: rt });
    await expect(async () => k.run(CASES[0].feeds)).rejects.toThrow(FormatError);
    await expect(async () => k.run(CASES[0].feeds)).rejects.toThrow(/TopK node 'topk_largest_last_axis'.*k = 5/);
    const s = CASES[5];
    const bad = importOnnx(model(s), { runtime: rt });
    await expect(async () => bad.run({ p: { data: i64(1, 3, 0, 5, 2), shape: [5] } })).rejects.toThrow(/ScatterElements node .*index 5 is out of range/);
  });
});
