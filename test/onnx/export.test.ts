// exportOnnx: onnxruntime-node runs every exported model and matches our forward within 1e-5,
// at the exported shape and, through the dynamic axes, at other batch sizes and lengths.
import { beforeAll, describe, expect, it } from 'vitest';
import { init, manualSeed, nn, noGrad, Tensor, ValueError } from '../../src/index.js';
import { exportOnnx } from '../../src/onnx/index.js';
import { randomArray, worstRelErr } from '../helpers.js';
import { runOrt } from './ort.js';

beforeAll(async () => {
  await init();
});

function expectClose(got: { data: Float32Array; dims: number[] }, want: Tensor, what: string): void {
  expect(got.dims, `${what} dims`).toEqual(want.shape);
  const { err, index } = worstRelErr(got.data, want.toArray());
  expect(err, `${what}: worst at ${index}`).toBeLessThanOrEqual(1e-5);
}

type Rec = InstanceType<typeof nn.LSTM> | InstanceType<typeof nn.GRU> | InstanceType<typeof nn.RNN>;

const RECURRENT: [string, () => Rec][] = [
  ['LSTM', () => new nn.LSTM({ inputSize: 5, hiddenSize: 7 })],
  ['LSTM 2 layers bidirectional', () => new nn.LSTM({ inputSize: 5, hiddenSize: 6, numLayers: 2, bidirectional: true })],
  ['LSTM 3 layers time-major', () => new nn.LSTM({ inputSize: 5, hiddenSize: 4, numLayers: 3, batchFirst: false })],
  ['LSTM bidirectional time-major, no bias', () => new nn.LSTM({ inputSize: 5, hiddenSize: 4, bidirectional: true, batchFirst: false, bias: false })],
  ['LSTM peephole 2 layers bidirectional', () => new nn.LSTM({ inputSize: 5, hiddenSize: 6, numLayers: 2, bidirectional: true, peephole: true })],
  ['LSTM hard_sigmoid gates, bidirectional', () => new nn.LSTM({ inputSize: 5, hiddenSize: 6, bidirectional: true, gateActivation: 'hard_sigmoid' })],
  ['GRU (reset after, PyTorch)', () => new nn.GRU({ inputSize: 5, hiddenSize: 8 })],
  ['GRU reset before, 2 layers bidirectional', () => new nn.GRU({ inputSize: 5, hiddenSize: 6, numLayers: 2, bidirectional: true, resetAfter: false })],
  ['GRU hard_sigmoid gates, time-major', () => new nn.GRU({ inputSize: 5, hiddenSize: 6, batchFirst: false, gateActivation: 'hard_sigmoid' })],
  ['RNN tanh 2 layers', () => new nn.RNN({ inputSize: 5, hiddenSize: 9, numLayers: 2 })],
  ['RNN relu bidirectional', () => new nn.RNN({ inputSize: 5, hiddenSize: 6, bidirectional: true, nonlinearity: 'relu' })],
];

describe('exportOnnx: recurrent modules in onnxruntime-node', () => {
  for (const [name, make] of RECURRENT) {
    for (const initialState of [false, true]) {
      it(`${name}${initialState ? ', initial state inputs' : ''}`, async () => {
        manualSeed(name.length);
        const m = make();
        const L = m.numLayers, D = m.bidirectional ? 2 : 1, H = m.hiddenSize;
        const axes = (B: number, T: number): number[] => (m.batchFirst ? [B, T, 5] : [T, B, 5]);
        const dynamic = m.batchFirst ? { 0: 'batch', 1: 'time' } : { 0: 'time', 1: 'batch' };
        const bytes = exportOnnx(m, { input: axes(2, 6), dynamic, initialState });
        // The exported shape, then other batch sizes and lengths through the dynamic axes.
        for (const [B, T] of [[2, 6], [1, 1], [3, 11]]) {
          const x = randomArray(B * T * 5, B * 100 + T);
          const h0 = randomArray(L * D * B * H, 7 + B), c0 = randomArray(L * D * B * H, 9 + T);
          const feeds: Record<string, { data: Float32Array; dims: number[] }> = { input: { data: x, dims: axes(B, T) } };
          if (initialState) {
            feeds.h0 = { data: h0, dims: [L * D, B, H] };
            if (m instanceof nn.LSTM) feeds.c0 = { data: c0, dims: [L * D, B, H] };
          }
          const got = await runOrt(bytes, feeds);
          const want = noGrad(() => {
            const opts = initialState
              ? { h0: Tensor.from(h0, [L * D, B, H]), ...(m instanceof nn.LSTM ? { c0: Tensor.from(c0, [L * D, B, H]) } : {}) }
              : {};
            return (m as InstanceType<typeof nn.LSTM>).forward(Tensor.from(x, axes(B, T)), opts);
          });
          expectClose(got.output, want.output, `B ${B} T ${T} output`);
          expectClose(got.h_n, want.h, `B ${B} T ${T} h_n`);
          if (m instanceof nn.LSTM) expectClose(got.c_n, want.c!, `B ${B} T ${T} c_n`);
          else expect(got.c_n).toBeUndefined();
        }
      });
    }
  }

  for (const [name, make] of [RECURRENT[1], RECURRENT[3], RECURRENT[7], RECURRENT[10]]) {
    it(`${name}: lengths input (sequence_lens) for a padded batch`, async () => {
      manualSeed(11);
      const m = make();
      const axes = (B: number, T: number): number[] => (m.batchFirst ? [B, T, 5] : [T, B, 5]);
      const dynamic = m.batchFirst ? { 0: 'batch', 1: 'time' } : { 0: 'time', 1: 'batch' };
      const bytes = exportOnnx(m, { input: axes(3, 7), dynamic, lengths: true });
      for (const lens of [[7, 2, 5], [1, 4, 4, 3]]) {
        const B = lens.length, T = Math.max(...lens);
        const x = randomArray(B * T * 5, B + T);
        const got = await runOrt(bytes, { input: { data: x, dims: axes(B, T) }, lengths: { data: Int32Array.from(lens), dims: [B] } });
        const want = noGrad(() => (m as InstanceType<typeof nn.LSTM>).forward(Tensor.from(x, axes(B, T)), { lengths: lens }));
        expectClose(got.output, want.output, `lengths ${lens} output`);
        expectClose(got.h_n, want.h, `lengths ${lens} h_n`);
        if (m instanceof nn.LSTM) expectClose(got.c_n, want.c!, `lengths ${lens} c_n`);
      }
    });
  }

  it('opsets 11 to 22: the same results (Squeeze takes axes as an attribute before 13)', async () => {
    const m = new nn.LSTM({ inputSize: 5, hiddenSize: 4, numLayers: 2 });
    const x = randomArray(2 * 3 * 5, 5);
    const want = noGrad(() => m.forward(Tensor.from(x, [2, 3, 5])));
    for (const opset of [11, 12, 13, 14, 17, 20, 21, 22]) {
      const got = await runOrt(exportOnnx(m, { input: [2, 3, 5], opset }), { input: { data: x, dims: [2, 3, 5] } });
      expectClose(got.output, want.output, `opset ${opset} output`);
      expectClose(got.h_n, want.h, `opset ${opset} h_n`);
    }
  });
});

describe('exportOnnx: Sequential and single layers in onnxruntime-node', () => {
  it('Embedding -> Linear -> ReLU -> Linear -> Softmax on int64 ids (Gather, MatMul + Add, Softmax)', async () => {
    manualSeed(4);
    const model = new nn.Sequential(new nn.Embedding(20, 6), new nn.Linear(6, 8), new nn.ReLU(), new nn.Dropout(0.3), new nn.Linear(8, 5), new nn.Softmax());
    model.eval();
    const bytes = exportOnnx(model, { input: [2, 4], dynamic: { 0: 'batch', 1: 'time' } });
    for (const [B, T] of [[2, 4], [3, 9]]) {
      const ids = Int32Array.from({ length: B * T }, (_, i) => (i * 7 + B) % 20);
      const got = await runOrt(bytes, { input: { data: BigInt64Array.from(ids, (v) => BigInt(v)), dims: [B, T] } });
      const want = noGrad(() => model.forward(Tensor.from(ids, [B, T], { dtype: 'int32' })));
      expectClose(got.output, want, `B ${B} T ${T}`);
    }
  });

  it('Linear on 2-D input (Gemm), no bias, Tanh and Sigmoid; a nested Sequential', async () => {
    manualSeed(5);
    const model = new nn.Sequential(new nn.Linear(6, 9), new nn.Tanh(), new nn.Sequential(new nn.Linear(9, 3, { bias: false }), new nn.Sigmoid()));
    const bytes = exportOnnx(model, { input: [4, 6], dynamic: { 0: 'batch' } });
    for (const B of [4, 1, 7]) {
      const x = randomArray(B * 6, B);
      const got = await runOrt(bytes, { input: { data: x, dims: [B, 6] } });
      expectClose(got.output, noGrad(() => model.forward(Tensor.from(x, [B, 6]))), `B ${B}`);
    }
  });

  it('Conv1d stack: padding same / [left, right], stride, dilation, groups, no bias; dynamic length', async () => {
    manualSeed(6);
    const model = new nn.Sequential(
      new nn.Conv1d(3, 8, 3, { padding: 'same' }), new nn.ReLU(),
      new nn.Conv1d(8, 6, 4, { stride: 2, dilation: 2, groups: 2, padding: [2, 1] }), new nn.Tanh(),
      new nn.Conv1d(6, 4, 1, { bias: false }), new nn.Sigmoid(),
    );
    const bytes = exportOnnx(model, { input: [2, 3, 20], dynamic: { 0: 'batch', 2: 'length' } });
    for (const [B, L] of [[2, 20], [1, 9], [3, 33]]) {
      const x = randomArray(B * 3 * L, L);
      const got = await runOrt(bytes, { input: { data: x, dims: [B, 3, L] } });
      expectClose(got.output, noGrad(() => model.forward(Tensor.from(x, [B, 3, L]))), `B ${B} L ${L}`);
    }
  });

  it('a single Conv1d (STFT-like: 1 channel in, stride = half the kernel)', async () => {
    manualSeed(7);
    const conv = new nn.Conv1d(1, 10, 16, { stride: 8 });
    const x = randomArray(2 * 64, 3);
    const got = await runOrt(exportOnnx(conv, { input: [2, 1, 64] }), { input: { data: x, dims: [2, 1, 64] } });
    expectClose(got.output, noGrad(() => conv.forward(Tensor.from(x, [2, 1, 64]))), 'conv');
  });
});

describe('exportOnnx: errors', () => {
  it('names what cannot be exported and checks its options', async () => {
    const lstm = new nn.LSTM({ inputSize: 5, hiddenSize: 4 });
    expect(() => exportOnnx(lstm, { input: [2, 3, 6] })).toThrow(/input must be \[B, T, 5\]/);
    expect(() => exportOnnx(lstm, { input: [2, 3, 5], opset: 9 })).toThrow(/opset must be an integer from 11 to 22/);
    expect(() => exportOnnx(lstm, { input: [2, 3, 5], dynamic: { 3: 'x' } })).toThrow(/dynamic axis "3"/);
    expect(() => exportOnnx(lstm, { input: [2, 3, 5], dynamic: { 0: '' } })).toThrow(/non-empty name/);
    expect(() => exportOnnx(lstm, { input: [2, 0, 5] })).toThrow(/positive integers/);
    expect(() => exportOnnx(lstm, { input: [2, 3, 5], names: 1 } as never)).toThrow(ValueError);
    expect(() => exportOnnx(lstm, undefined as never)).toThrow(/options must be an object/);
    class Custom extends nn.Module { forward(x: Tensor): Tensor { return x; } }
    expect(() => exportOnnx(new nn.Sequential(new nn.Linear(2, 2), new Custom()), { input: [1, 2] })).toThrow(/cannot export 1: Custom/);
    expect(() => exportOnnx(new nn.Sequential(new nn.Linear(2, 2), new nn.Embedding(3, 2)), { input: [1, 2] })).toThrow(/Embedding must be the first layer/);
    expect(() => exportOnnx(new nn.Linear(2, 3), { input: [1, 4] })).toThrow(/layer 0 \(Linear\) needs \[\.\.\., 2\]/);
    expect(() => exportOnnx(new nn.Linear(2, 3), { input: [1, 2], initialState: true })).toThrow(/initialState applies to LSTM, GRU and RNN/);
    expect(() => exportOnnx(new nn.Linear(2, 3), { input: [1, 2], lengths: true })).toThrow(/lengths applies to LSTM, GRU and RNN/);
    expect(() => exportOnnx(lstm, { input: [2, 3, 5], lengths: 1 as never })).toThrow(/lengths must be a boolean/);
  });
});
