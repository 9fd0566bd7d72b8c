// Models exported by torch.onnx.export (PyTorch 1.13) from the golden module set, time-major
// variants, dynamic batch/time axes run at a second shape, the golden Embedding models and the
// bench's W2 LSTM (scripts/make_torch_onnx_fixtures.py -> test/fixtures/onnx/torch/): importOnnx
// must match PyTorch's own float32 outputs within 1e-5 on every kernel build.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../src/onnx/index.js';
import { ISAS, runtimeFor } from '../helpers.js';
import { maxAbsDiff } from './fixtures.js';

interface Arr { dtype: 'float32' | 'int32' | 'int64'; shape: number[]; b64: string }
interface Run { inputs: Record<string, Arr>; outputs: Record<string, Arr> }
interface TorchCase { name: string; file: string; opset: number; ops: string[]; runs: Run[] }

const dir = new URL('../fixtures/onnx/torch/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('cases.json', dir), 'utf8')) as { cases: TorchCase[] };
const cases = manifest.cases;

function decode(a: Arr): Float32Array | Int32Array | BigInt64Array {
  const b = Buffer.from(a.b64, 'base64');
  const buf = b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
  const data = a.dtype === 'float32' ? new Float32Array(buf) : a.dtype === 'int32' ? new Int32Array(buf) : new BigInt64Array(buf);
  const n = a.shape.reduce((p, d) => p * d, 1);
  if (data.length !== n) throw new Error(`${a.dtype} ${JSON.stringify(a.shape)}: ${data.length} values`);
  return data;
}

const TOL = 1e-5;

describe('torch.onnx.export models (PyTorch 1.13) through importOnnx', () => {
  it('has every case the generator wrote, each with its .onnx file', () => {
    expect(cases.length).toBe(33);
    for (const c of cases) expect(readFileSync(new URL(c.file, dir)).length).toBeGreaterThan(1000);
    // the set covers the three recurrent ops, time-major and dynamic axes, and several opsets
    const ops = new Set(cases.flatMap((c) => c.ops));
    for (const op of ['LSTM', 'GRU', 'RNN', 'Gemm', 'MatMul', 'Gather', 'ConstantOfShape', 'TopK', 'ScatterElements']) expect(ops.has(op)).toBe(true);
    expect(new Set(cases.map((c) => c.opset))).toEqual(new Set([9, 11, 12, 13, 14, 17]));
    expect(cases.filter((c) => c.runs.length > 1).length).toBeGreaterThanOrEqual(10);
  });
  for (const isa of ISAS) {
    for (const c of cases) {
      it(`${c.name} (opset ${c.opset}, ${isa})`, async () => {
        const rt = await runtimeFor(isa);
        const model = importOnnx(new Uint8Array(readFileSync(new URL(c.file, dir))), { runtime: rt });
        expect(model.inputs.map((i) => i.name)).toEqual(Object.keys(c.runs[0].inputs));
        for (const run of c.runs) {
          const feeds = Object.fromEntries(Object.entries(run.inputs).map(([n, a]) => [n, { data: decode(a), shape: a.shape }]));
          // twice: the first run plans, the second replays the plan
          for (let rep = 0; rep < 2; rep++) {
            const out = await model.run(feeds);
            for (const [name, want] of Object.entries(run.outputs)) {
              expect(out[name], name).toBeDefined();
              expect(out[name].shape, name).toEqual(want.shape);
              const d = maxAbsDiff(out[name].data as Float32Array, decode(want) as Float32Array);
              expect(d, `${name}: max |rnn-wasm - torch|`).toBeLessThanOrEqual(TOL);
            }
          }
        }
      });
    }
  }
});
