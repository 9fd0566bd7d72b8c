// PyTorch -> rnn-wasm: state_dicts saved by python3-torch (scripts/make_pytorch_fixtures.py) load by
// name into nn.LSTM / GRU / RNN and a user-defined Module, and reproduce PyTorch's outputs.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, noGrad, readSafetensors, setRuntime, Tensor, ShapeError, ValueError } from '../../src/index.js';
import { GRU, LSTM, RNN } from '../../src/nn/recurrent/index.js';
import { ISAS, runtimeFor, worstRelErr } from '../helpers.js';
import { Classifier } from './classifier.js';

const DIR = new URL('../fixtures/pytorch/', import.meta.url);
const load = (name: string) => readSafetensors(new Uint8Array(readFileSync(new URL(name, DIR))));

beforeAll(async () => {
  await init();
});

function expectClose(got: Tensor, want: Tensor, what: string): void {
  expect(got.shape, what).toEqual(want.shape);
  const { err, index } = worstRelErr(got.toArray(), want.toArray());
  expect(err, `${what}: worst error at ${index}`).toBeLessThan(1e-5);
}

describe.each(ISAS)('PyTorch state_dict -> rnn-wasm (%s build)', (isa) => {
  beforeAll(async () => {
    setRuntime(await runtimeFor(isa));
  });

  for (const name of ['lstm_bi2', 'gru', 'rnn_relu2']) {
    it(`${name}: loads by name and matches torch outputs`, () => {
      const io = load(`${name}.io.safetensors`);
      const cfg = JSON.parse(io.metadata!.config);
      const opts = { inputSize: cfg.inputSize, hiddenSize: cfg.hiddenSize, numLayers: cfg.numLayers, bidirectional: cfg.bidirectional };
      const model = cfg.cell === 'lstm' ? new LSTM(opts) : cfg.cell === 'gru' ? new GRU(opts) : new RNN({ ...opts, nonlinearity: cfg.nonlinearity });
      const { tensors, metadata } = load(`${name}.safetensors`);
      expect(metadata).toEqual({ format: 'pt' });
      expect(model.loadStateDict(tensors)).toEqual({ missingKeys: [], unexpectedKeys: [] });
      const r = noGrad(() => model.forward(io.tensors['input.x']));
      expectClose(r.output, io.tensors['expected.output'], 'output');
      expectClose(r.h, io.tensors['expected.h'], 'h');
      if (cfg.cell === 'lstm') expectClose(r.c!, io.tensors['expected.c'], 'c');
    });
  }

  it('classifier: a user-defined Module with embedding/lstm/linear children', () => {
    const io = load('classifier.io.safetensors');
    const model = new Classifier();
    const { tensors } = load('classifier.safetensors');
    expect(Object.keys(model.stateDict())).toEqual(Object.keys(tensors)); // same names, same order as torch
    model.loadStateDict(tensors);
    model.eval();
    const logits = noGrad(() => model.forward(io.tensors['input.tokens']));
    expectClose(logits, io.tensors['expected.logits'], 'logits');
  });

  it('rejects a state_dict of another architecture with typed errors naming the keys', () => {
    const { tensors } = load('lstm_bi2.safetensors');
    const gru = new GRU({ inputSize: 5, hiddenSize: 6, numLayers: 2, bidirectional: true });
    expect(() => gru.loadStateDict(tensors)).toThrow(ShapeError);
    expect(() => gru.loadStateDict(tensors)).toThrow(/weight_ih_l0 \(expected \[18, 5\], got \[24, 5\]\)/);
    const one = new LSTM({ inputSize: 5, hiddenSize: 6 });
    expect(() => one.loadStateDict(tensors)).toThrow(ValueError);
    expect(() => one.loadStateDict(tensors)).toThrow(/unexpected keys: weight_ih_l0_reverse/);
  });
});
