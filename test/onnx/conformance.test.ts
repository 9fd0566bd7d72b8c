// ONNX's own backend conformance cases for LSTM, GRU and RNN (onnx 1.12's
// onnx/backend/test/case/node/{lstm,gru,rnn}.py, written to a fixture by
// scripts/make_onnx_fixtures.py): every case must match its reference outputs.
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../src/onnx/index.js';
import { ISAS, runtimeFor } from '../helpers.js';
import { feedOf, loadCases, maxAbsDiff, modelBytes } from './fixtures.js';

const cases = loadCases('conformance.json');

describe('ONNX backend conformance: LSTM, GRU, RNN', () => {
  it('has the 12 cases of onnx 1.12', () => {
    expect(cases.length).toBe(12);
  });
  for (const isa of ISAS) {
    for (const c of cases) {
      it(`${c.name} (${isa})`, async () => {
        const rt = await runtimeFor(isa);
        const model = importOnnx(modelBytes(c), { runtime: rt });
        const feeds = Object.fromEntries(Object.entries(c.inputs).map(([n, a]) => [n, feedOf(a)]));
        // twice: the first run plans, the second replays the plan
        for (let rep = 0; rep < 2; rep++) {
          const out = await model.run(feeds);
          for (const [name, want] of Object.entries(c.outputs!)) {
            expect(out[name].shape).toEqual(want.shape);
            const tol = (c.atol ?? 1e-7) + 1e-5;
            expect(maxAbsDiff(out[name].data as Float32Array, want.data)).toBeLessThan(tol);
          }
        }
      });
    }
  }
});
