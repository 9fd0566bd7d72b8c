// The OnnxModel surface: feeds (typed arrays, Tensors, int32 for int64), plans per signature
// (shapes and small int values such as Silero's `sr`, which picks an If branch), feed errors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { ShapeError, ValueError } from '../../src/errors.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { importOnnx } from '../../src/onnx/index.js';
import { randomArray, runtimeFor } from '../helpers.js';
import { feedOf, loadCases, maxAbsDiff, modelBytes } from './fixtures.js';

const silero = new Uint8Array(readFileSync(new URL('../../node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx', import.meta.url)));

describe('OnnxModel', () => {
  it('Silero v5 at 8 kHz (the other If branch, 256 + 32 samples) matches onnxruntime-node, next to 16 kHz plans', async () => {
    const rt = await runtimeFor('simd');
    const m = importOnnx(silero, { runtime: rt });
    const s = await ort.InferenceSession.create(silero, { intraOpNumThreads: 1 });
    for (const [rate, n] of [[8000, 288], [16000, 576], [8000, 288]] as const) {
      let a: Float32Array = new Float32Array(256), b: Float32Array = new Float32Array(256);
      for (let f = 0; f < 6; f++) {
        const x = randomArray(n, 100 + f, 0.3);
        const sr = BigInt64Array.of(BigInt(rate));
        const r = await m.run({ input: { data: x, shape: [1, n] }, state: Tensor.from(a, [2, 1, 128], { runtime: rt }), sr: { data: sr, shape: [] } });
        const q = await s.run({ input: new ort.Tensor('float32', x, [1, n]), state: new ort.Tensor('float32', b, [2, 1, 128]), sr: new ort.Tensor('int64', sr, []) });
        expect(maxAbsDiff(r.output.data as Float32Array, q.output.data as Float32Array)).toBeLessThan(1e-5);
        a = r.stateN.data as Float32Array;
        b = q.stateN.data as Float32Array;
        expect(maxAbsDiff(a, b)).toBeLessThan(1e-4);
      }
    }
  });

  it('a batch of 3 streams in one run equals three runs of one', async () => {
    const rt = await runtimeFor('simd');
    const m = importOnnx(silero, { runtime: rt });
    const xs = [0, 1, 2].map((i) => randomArray(576, 7 + i, 0.3));
    const sr = { data: BigInt64Array.of(16000n), shape: [] };
    const batch = new Float32Array(3 * 576);
    xs.forEach((x, i) => batch.set(x, i * 576));
    const r3 = m.run({ input: { data: batch, shape: [3, 576] }, state: { data: new Float32Array(2 * 3 * 128), shape: [2, 3, 128] }, sr });
    expect(r3.output.shape).toEqual([3, 1]);
    xs.forEach((x, i) => {
      const r1 = m.run({ input: { data: x, shape: [1, 576] }, state: { data: new Float32Array(256), shape: [2, 1, 128] }, sr });
      expect(Math.abs((r1.output.data[0] as number) - (r3.output.data[i] as number))).toBeLessThan(1e-5);
    });
  });

  it('inputs and outputs describe the graph; outputs are host arrays under the output names', async () => {
    const rt = await runtimeFor('simd');
    const c = loadCases('conformance.json').find((x) => x.name === 'test_gru_seq_length')!;
    const m = importOnnx(modelBytes(c), { runtime: rt });
    expect(m.inputs.map((i) => i.name)).toEqual(Object.keys(c.inputs));
    expect(m.outputs.map((o) => o.name)).toEqual(['Y_h']);
    const feeds = Object.fromEntries(Object.entries(c.inputs).map(([n, a]) => [n, feedOf(a)]));
    const out = m.run(feeds);
    expect(Object.getPrototypeOf(out)).toBe(null);
    expect(out.Y_h.data).toBeInstanceOf(Float32Array);
  });

  it('bad feeds: typed errors naming the input', async () => {
    const rt = await runtimeFor('simd');
    const m = importOnnx(silero, { runtime: rt });
    const sr = { data: BigInt64Array.of(16000n), shape: [] };
    const state = { data: new Float32Array(256), shape: [2, 1, 128] };
    expect(() => m.run({ input: { data: new Float32Array(576), shape: [1, 576] }, state })).toThrow(/input 'sr' is missing/);
    expect(() => m.run({ input: { data: new Float32Array(576), shape: [1, 576] }, state, sr, extra: sr } as never)).toThrow(ValueError);
    expect(() => m.run({ input: { data: new Float32Array(576), shape: [2, 576] }, state, sr })).toThrow(ShapeError);
    expect(() => m.run({ input: { data: new Float32Array(576), shape: [1, 576] }, state: { data: new Float32Array(256), shape: [2, 1, 64, 2] }, sr })).toThrow(/state' must be \[2, \?, 128\]/);
    expect(() => m.run({ input: { data: new Int32Array(576), shape: [1, 576] }, state, sr })).toThrow(/must be float32, got int32/);
    // an int32 array is accepted for an int64 input
    const ok = m.run({ input: { data: new Float32Array(576), shape: [1, 576] }, state, sr: { data: Int32Array.of(16000), shape: [] } });
    expect(ok.output.shape).toEqual([1, 1]);
  });
});
