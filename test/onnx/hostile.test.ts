// Hostile .onnx files: each gives a FormatError at import, in bounded time and memory, never a
// crash or an allocation of what the file merely declares.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FormatError, RnnWasmError } from '../../src/errors.js';
import { importOnnx } from '../../src/onnx/index.js';
import { runtimeFor } from '../helpers.js';
import { loadCases, modelBytes } from './fixtures.js';

interface Hostile { name: string; model: string; expect: string }
const hostile = JSON.parse(readFileSync(new URL('../fixtures/onnx/hostile.json', import.meta.url), 'utf8')) as Hostile[];
const silero = new Uint8Array(readFileSync(new URL('../../node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx', import.meta.url)));
const lstm = modelBytes(loadCases('conformance.json').find((c) => c.name === 'test_lstm_with_peepholes')!);

describe('hostile ONNX files', () => {
  for (const h of hostile) {
    it(`${h.name}: FormatError at import`, () => {
      const bytes = new Uint8Array(Buffer.from(h.model, 'base64'));
      let err: unknown = null;
      try {
        importOnnx(bytes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(FormatError);
      expect((err as Error).message).toMatch(new RegExp(h.expect));
    });
  }

  it('external data supplied as the second argument is used', async () => {
    const rt = await runtimeFor('simd');
    const h = hostile.find((c) => c.name === 'external_data')!;
    const bytes = new Uint8Array(Buffer.from(h.model, 'base64'));
    const file = new Uint8Array(8 + 24);
    new Float32Array(file.buffer, 8, 6).set([1, 2, 3, 4, 5, 6]);
    const m = importOnnx(bytes, { externalData: { 'weights.bin': file }, runtime: rt });
    const out = m.run({ x: { data: new Float32Array(6).fill(10), shape: [2, 3] } });
    expect(Array.from(out.y.data as Float32Array)).toEqual([11, 12, 13, 14, 15, 16]);
    expect(() => importOnnx(bytes, { externalData: { 'weights.bin': file.subarray(0, 20) } })).toThrow(/outside 'weights.bin'/);
  });

  it('every truncation of a model is a FormatError (or a valid prefix)', () => {
    for (let n = 0; n < lstm.length; n++) {
      try {
        importOnnx(lstm.subarray(0, n));
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
      }
    }
  });

  it('fuzzed bytes (fast-check): only FormatErrors at import, only typed errors at run, quickly', async () => {
    const rt = await runtimeFor('simd');
    const t0 = performance.now();
    let ran = 0;
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(lstm.length - 1), { maxLength: 8 }), fc.array(fc.nat(255), { minLength: 8, maxLength: 8 }), (pos, vals) => {
        const b = lstm.slice();
        pos.forEach((p, i) => (b[p] = vals[i]));
        let m;
        try {
          m = importOnnx(b, { runtime: rt });
        } catch (e) {
          if (!(e instanceof FormatError)) throw e;
          return;
        }
        // A file that imports runs with feeds of its declared inputs, or fails with a typed error.
        const feeds = Object.fromEntries(m.inputs.map((io) => {
          const shape = (io.shape ?? [1]).map((d) => (typeof d === 'number' ? Math.min(d, 64) : 1));
          const n = shape.reduce((a, d) => a * d, 1);
          const data = io.dtype === 'int64' ? new BigInt64Array(n) : io.dtype === 'int32' ? new Int32Array(n) : new Float32Array(n).fill(0.5);
          return [io.name, { data, shape }];
        }));
        try {
          m.run(feeds);
          ran++;
        } catch (e) {
          if (!(e instanceof RnnWasmError)) throw e;
        }
      }),
      { numRuns: 2000, seed: 13 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (b) => {
        try {
          importOnnx(b);
        } catch (e) {
          if (!(e instanceof FormatError)) throw e;
        }
      }),
      { numRuns: 2000, seed: 14 },
    );
    expect(ran).toBeGreaterThan(100); // most single-byte changes hit data, not structure
    expect(performance.now() - t0).toBeLessThan(30_000);
  });

  it('fuzzed Silero v5 (bytes flipped in its 2 MB): only FormatErrors', () => {
    fc.assert(
      fc.property(fc.nat(silero.length - 1), fc.nat(255), (p, v) => {
        const b = silero.slice();
        b[p] = v;
        try {
          importOnnx(b);
        } catch (e) {
          if (!(e instanceof FormatError)) throw e;
        }
      }),
      { numRuns: 60, seed: 15 },
    );
  });
});
