// One ONNX fixture file (test/fixtures/onnx/<file>) run case by case by rnn-wasm (twice: plan,
// then replay) and by onnxruntime-node: the same outputs, names and shapes.
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { importOnnx } from '../../src/onnx/index.js';
import { runtimeFor } from '../helpers.js';
import { feedOf, loadCases, maxRelDiff, modelBytes } from './fixtures.js';

export function compareWithOrt(title: string, file: string): void {
  const cases = loadCases(file);
  describe(title, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const rt = await runtimeFor('simd');
        const bytes = modelBytes(c);
        const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
        const ortFeeds: Record<string, ort.Tensor> = {};
        for (const [n, a] of Object.entries(c.inputs)) {
          const f = feedOf(a);
          ortFeeds[n] = new ort.Tensor(a.dtype, f.data, a.shape);
        }
        const want = await session.run(ortFeeds);
        const model = importOnnx(bytes, { runtime: rt });
        const feeds = Object.fromEntries(Object.entries(c.inputs).map(([n, a]) => [n, feedOf(a)]));
        for (let rep = 0; rep < 2; rep++) {
          const out = model.run(feeds);
          expect(Object.keys(out).sort()).toEqual(Object.keys(want).sort());
          for (const [name, w] of Object.entries(want)) {
            expect(out[name].shape, name).toEqual(w.dims);
            expect(maxRelDiff(out[name].data as Float32Array, w.data as Float32Array), name).toBeLessThan(2e-6);
          }
        }
      });
    }
  });
}
