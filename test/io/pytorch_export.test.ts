// rnn-wasm -> PyTorch: seeded rnn-wasm models write their stateDict (+ inputs and outputs) to
// test/fixtures/rnnwasm/; scripts/check_pytorch_load.py loads them into torch modules and checks the
// outputs. This test regenerates every file and compares it with the committed one: the weights byte
// for byte, the outputs within 1e-6 (they may differ in the last bits between kernel builds).
// RNNWASM_WRITE_FIXTURES=1 rewrites the files instead.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, noGrad, readSafetensors, Rng, Tensor, writeSafetensors } from '../../src/index.js';
import { GRU, LSTM, RNN } from '../../src/nn/recurrent/index.js';
import { randomArray, worstRelErr } from '../helpers.js';
import { Classifier } from './classifier.js';

const DIR = new URL('../fixtures/rnnwasm/', import.meta.url);
const WRITE = process.env.RNNWASM_WRITE_FIXTURES === '1';

interface Case {
  model: { stateDict(): Record<string, Tensor> };
  inputs: Record<string, Tensor>;
  outputs: Record<string, Tensor>;
  config: Record<string, unknown>;
}

/** Builds each case from fixed seeds, so the weights are the same bits on every run and host. */
function cases(): Record<string, Case> {
  const out: Record<string, Case> = {};
  {
    const cfg = { cell: 'lstm', inputSize: 5, hiddenSize: 7, numLayers: 2, bidirectional: true };
    const m = new LSTM({ inputSize: 5, hiddenSize: 7, numLayers: 2, bidirectional: true, rng: new Rng(11) });
    const x = Tensor.from(randomArray(3 * 4 * 5, 12), [3, 4, 5]);
    const r = noGrad(() => m.forward(x));
    out.lstm_bi2 = { model: m, inputs: { x }, outputs: { output: r.output, h: r.h, c: r.c }, config: cfg };
  }
  {
    // Padded batch: lengths follow pack_padded_sequence(enforce_sorted=False) semantics.
    const cfg = { cell: 'gru', inputSize: 4, hiddenSize: 5, numLayers: 1, bidirectional: false };
    const m = new GRU({ inputSize: 4, hiddenSize: 5, rng: new Rng(21) });
    const x = Tensor.from(randomArray(3 * 6 * 4, 22), [3, 6, 4]);
    const lengths = Tensor.from(new Int32Array([6, 2, 4]), [3]);
    const r = noGrad(() => m.forward(x, { lengths }));
    out.gru_lengths = { model: m, inputs: { x, lengths }, outputs: { output: r.output, h: r.h }, config: cfg };
  }
  {
    const cfg = { cell: 'rnn', nonlinearity: 'tanh', inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: false };
    const m = new RNN({ inputSize: 3, hiddenSize: 4, numLayers: 2, rng: new Rng(31) });
    const x = Tensor.from(randomArray(2 * 5 * 3, 32), [2, 5, 3]);
    const r = noGrad(() => m.forward(x));
    out.rnn_tanh2 = { model: m, inputs: { x }, outputs: { output: r.output, h: r.h }, config: cfg };
  }
  {
    const m = new Classifier(20, 8, 6, 3, new Rng(41)).eval();
    const tokens = Tensor.from(new Int32Array([1, 5, 19, 0, 7, 3, 3, 12, 8, 2]), [2, 5]);
    const logits = noGrad(() => m.forward(tokens));
    out.classifier = { model: m, inputs: { tokens }, outputs: { logits }, config: { model: 'classifier', vocab: 20, emb: 8, hidden: 6, classes: 3 } };
  }
  return out;
}

beforeAll(async () => {
  await init();
});

describe('rnn-wasm stateDict -> PyTorch fixtures', () => {
  it('regenerates test/fixtures/rnnwasm/* identically', () => {
    const dir = fileURLToPath(DIR);
    if (WRITE) mkdirSync(dir, { recursive: true });
    for (const [name, c] of Object.entries(cases())) {
      const weights = writeSafetensors(c.model.stateDict(), { format: 'pt', producer: 'rnn-wasm' });
      const io: Record<string, Tensor> = {};
      for (const [k, v] of Object.entries(c.inputs)) io[`input.${k}`] = v;
      for (const [k, v] of Object.entries(c.outputs)) io[`expected.${k}`] = v;
      const ioBytes = writeSafetensors(io, { config: JSON.stringify(c.config) });
      if (WRITE) {
        writeFileSync(`${dir}/${name}.safetensors`, weights);
        writeFileSync(`${dir}/${name}.io.safetensors`, ioBytes);
        continue;
      }
      expect(existsSync(`${dir}/${name}.safetensors`), `${name} fixture (RNNWASM_WRITE_FIXTURES=1 to create)`).toBe(true);
      const committed = new Uint8Array(readFileSync(`${dir}/${name}.safetensors`));
      expect(Buffer.compare(Buffer.from(weights), Buffer.from(committed)), `${name}.safetensors bytes`).toBe(0);
      const want = readSafetensors(new Uint8Array(readFileSync(`${dir}/${name}.io.safetensors`)));
      const got = readSafetensors(ioBytes);
      expect(Object.keys(got.tensors)).toEqual(Object.keys(want.tensors));
      expect(got.metadata).toEqual(want.metadata);
      for (const k of Object.keys(want.tensors)) {
        expect(got.tensors[k].shape, `${name} ${k}`).toEqual(want.tensors[k].shape);
        expect(worstRelErr(got.tensors[k].toArray(), want.tensors[k].toArray()).err, `${name} ${k}`).toBeLessThan(1e-6);
      }
    }
  });
});
