// int8 weight-only quantization: format round trip, error bounds, and the accuracy lost on the
// PyTorch golden models (test/fixtures/pytorch and ../shared/golden rnn cases) with the size saved.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FormatError, init, noGrad, readSafetensors, Tensor, ValueError, writeSafetensors } from '../../src/index.js';
import { parseSafetensors } from '../../src/io/safetensors.js';
import { quantizeInt8 } from '../../src/io/quantize.js';
import { GRU, LSTM, RNN } from '../../src/nn/recurrent/index.js';
import { goldenDir, type GoldenCase, type GoldenTensor } from '../golden/common.js';
import { randomArray } from '../helpers.js';
import { Classifier } from './classifier.js';

const SHOW = !!process.env.SHOW_QUANT;
const PT = new URL('../fixtures/pytorch/', import.meta.url);
const pt = (f: string) => new Uint8Array(readFileSync(new URL(f, PT)));

beforeAll(async () => {
  await init();
});

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('quantizeInt8', () => {
  it('stores 2-D float tensors as int8 rows + scales and reads them back within half a step', () => {
    const w = randomArray(6 * 50, 3, 2);
    w[7] = 0; w.fill(0, 50, 100); // an all-zero row gets scale 0
    const bias = randomArray(6, 4);
    const bytes = quantizeInt8({ w: { shape: [6, 50], data: w }, bias: { shape: [6], data: bias } }, { note: 'x' });
    const raw = parseSafetensors(bytes);
    expect(raw.metadata).toEqual({ note: 'x', 'rnn-wasm.quantization': 'int8-rows' });
    expect(Object.fromEntries(raw.tensors.map((t) => [t.name, t.dtype]))).toEqual({ bias: 'F32', 'w.int8_scale': 'F32', w: 'I8' });
    const { tensors } = readSafetensors(bytes);
    expect(Object.keys(tensors).sort()).toEqual(['bias', 'w']);
    expect(Array.from(tensors.bias.toArray())).toEqual(Array.from(bias)); // 1-D tensors stay exact
    const back = tensors.w.toArray();
    for (let r = 0; r < 6; r++) {
      let m = 0;
      for (let c = 0; c < 50; c++) m = Math.max(m, Math.abs(w[r * 50 + c]));
      for (let c = 0; c < 50; c++) expect(Math.abs(back[r * 50 + c] - w[r * 50 + c])).toBeLessThanOrEqual((m / 127) * 0.5 + 1e-7);
    }
    expect(Array.from(back.subarray(50, 100))).toEqual(new Array(50).fill(0));
    expect(bytes.length / writeSafetensors({ w: { shape: [6, 50], data: w }, bias: { shape: [6], data: bias } }).length).toBeLessThan(0.5); // 300 weights: the header is a large share
  });

  it('rejects broken quantized files and reserved names', () => {
    const q = writeSafetensors({ w: { shape: [2, 2], data: new Int8Array([1, 2, 3, 4]) } }, { 'rnn-wasm.quantization': 'int8-rows' });
    expect(() => readSafetensors(q)).toThrow(FormatError);
    expect(() => readSafetensors(q)).toThrow(/needs an F32 'w.int8_scale' of shape \[2\]/);
    expect(() => quantizeInt8({ 'a.int8_scale': { shape: [1], data: new Float32Array(1) } })).toThrow(ValueError);
    expect(() => quantizeInt8({ w: { shape: [1, 2], data: new Float32Array([1, NaN]) } })).toThrow(/non-finite/);
  });

  it('PyTorch fixtures: outputs of the int8 models stay within 1e-2 of torch', () => {
    for (const name of ['lstm_bi2', 'gru', 'rnn_relu2', 'classifier']) {
      const f32 = pt(`${name}.safetensors`);
      const { tensors } = readSafetensors(f32);
      const q = quantizeInt8(tensors, { format: 'pt' });
      const io = readSafetensors(pt(`${name}.io.safetensors`));
      const cfg = JSON.parse(io.metadata!.config);
      let got: Tensor, want: Tensor;
      if (name === 'classifier') {
        const m = new Classifier();
        m.loadStateDict(readSafetensors(q).tensors);
        got = noGrad(() => m.eval().forward(io.tensors['input.tokens']));
        want = io.tensors['expected.logits'];
      } else {
        const o = { inputSize: cfg.inputSize, hiddenSize: cfg.hiddenSize, numLayers: cfg.numLayers, bidirectional: cfg.bidirectional };
        const m = cfg.cell === 'lstm' ? new LSTM(o) : cfg.cell === 'gru' ? new GRU(o) : new RNN({ ...o, nonlinearity: cfg.nonlinearity });
        m.loadStateDict(readSafetensors(q).tensors);
        got = noGrad(() => m.forward(io.tensors['input.x']).output);
        want = io.tensors['expected.output'];
      }
      const err = maxAbs(got.toArray(), want.toArray());
      if (SHOW) console.log(`QUANT ${name}: max |int8 - torch| = ${err.toExponential(2)}, ${q.length} / ${f32.length} bytes = ${(q.length / f32.length).toFixed(3)}`);
      expect(err, name).toBeLessThan(1e-2);
    }
  });

  const golden = goldenDir();
  it.runIf(existsSync(golden))('shared golden rnn cases: int8 outputs within 1e-2 of PyTorch, the large one 3.5x smaller', () => {
    const t = (g: GoldenTensor) => Tensor.from(Float32Array.from(g.data), g.shape);
    for (const file of ['03_lstm.json', '04_lstm_2layer.json', '05_bilstm.json', '07_gru.json', '15_lstm_large.json', '02_rnn_relu_2layer.json']) {
      const c = JSON.parse(readFileSync(join(golden, file), 'utf8')) as GoldenCase & { params: Record<string, GoldenTensor>; inputs: Record<string, GoldenTensor>; outputs: Record<string, GoldenTensor> };
      const k = c.config as { cell: string; input_size: number; hidden_size: number; num_layers: number; bidirectional: boolean; bias: boolean; batch_first: boolean; nonlinearity: string | null };
      const o = { inputSize: k.input_size, hiddenSize: k.hidden_size, numLayers: k.num_layers, bidirectional: k.bidirectional, bias: k.bias, batchFirst: k.batch_first };
      const m = k.cell === 'lstm' ? new LSTM(o) : k.cell === 'gru' ? new GRU(o) : new RNN({ ...o, nonlinearity: (k.nonlinearity ?? 'tanh') as 'tanh' | 'relu' });
      const params = Object.fromEntries(Object.entries(c.params).map(([n, g]) => [n, t(g)]));
      const f32 = writeSafetensors(params);
      const q = quantizeInt8(params);
      m.loadStateDict(readSafetensors(q).tensors);
      const opts = { h0: c.inputs.h0 ? t(c.inputs.h0) : null, c0: c.inputs.c0 ? t(c.inputs.c0) : null };
      const r = noGrad(() => (k.cell === 'lstm' ? m.forward(t(c.inputs.x), opts) : m.forward(t(c.inputs.x), { h0: opts.h0 })));
      const err = maxAbs(r.output.toArray(), c.outputs.output.data);
      if (SHOW) console.log(`QUANT ${file}: max |int8 - torch| = ${err.toExponential(2)}, ${q.length} / ${f32.length} bytes = ${(q.length / f32.length).toFixed(3)}`);
      expect(err, file).toBeLessThan(1e-2);
      if (file.startsWith('15')) expect(q.length / f32.length, file).toBeLessThan(0.3);
    }
  });

  it('a 2-layer LSTM(128 -> 256) + Linear head: 3.9x smaller, outputs within 1e-2 of float32', () => {
    const m = new LSTM({ inputSize: 128, hiddenSize: 256, numLayers: 2 });
    const f32 = writeSafetensors(m.stateDict());
    const x = Tensor.from(randomArray(2 * 20 * 128, 9), [2, 20, 128]);
    const want = noGrad(() => m.forward(x).output.toArray());
    const q = quantizeInt8(m.stateDict());
    m.loadStateDict(readSafetensors(q).tensors);
    const err = maxAbs(noGrad(() => m.forward(x).output.toArray()), want);
    if (SHOW) console.log(`QUANT lstm 128x256x2: max |int8 - f32| = ${err.toExponential(2)}, ${q.length} / ${f32.length} bytes = ${(q.length / f32.length).toFixed(3)}`);
    expect(err).toBeLessThan(1e-2);
    expect(q.length / f32.length).toBeLessThan(0.26);
  });
});
