// importKeras against real TensorFlow.js: models built and saved by @tensorflow/tfjs, imported,
// and run on the same inputs; outputs must match tfjs' own predict within 1e-5.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { init, readSafetensors, StateError, StreamState, Tensor, ValueError, setRuntime } from '../../src/index.js';
import { importKeras } from '../../src/io/keras_model.js';
import { ISAS, randomArray, runtimeFor, worstRelErr } from '../helpers.js';

async function save(model: tf.LayersModel): Promise<{ json: Record<string, unknown>; bytes: Uint8Array }> {
  let art: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    art = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const json = { format: 'layers-model', modelTopology: art!.modelTopology, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: art!.weightSpecs }] };
  return { json, bytes: new Uint8Array(art!.weightData as ArrayBuffer) };
}

type Args = Record<string, unknown>;
const lstm = (a: Args) => tf.layers.lstm({ recurrentActivation: 'sigmoid', ...a } as never);
// tfjs' GRU only has reset_after=false (Keras' older form); reset_after=true is tested against PyTorch below.
const gru = (a: Args) => tf.layers.gru({ recurrentActivation: 'sigmoid', ...a } as never);
const srnn = (a: Args) => tf.layers.simpleRNN(a as never);

/** [name, layers, input shape without batch, int ids vocabulary or 0] */
const MODELS: [string, () => tf.layers.Layer[], number[], number][] = [
  ['Embedding → LSTM(seq) → Dropout → Dense(softmax)', () => [
    tf.layers.embedding({ inputDim: 12, outputDim: 5, inputLength: 6 }), lstm({ units: 7, returnSequences: true }),
    tf.layers.dropout({ rate: 0.3 }), tf.layers.dense({ units: 4, activation: 'softmax' })], [6], 12],
  ['LSTM(seq) → TimeDistributed(Dense) → Activation(softmax)', () => [
    lstm({ units: 3, returnSequences: true, inputShape: [4, 2] }), tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 2 }) }),
    tf.layers.activation({ activation: 'softmax' })], [4, 2], 0],
  ['SimpleRNN(relu, go_backwards) → Dense', () => [
    srnn({ units: 6, activation: 'relu', goBackwards: true, inputShape: [5, 3] }), tf.layers.dense({ units: 2 })], [5, 3], 0],
  ['LSTM(no bias) → Dense(hard_sigmoid, no bias)', () => [
    lstm({ units: 3, useBias: false, inputShape: [4, 2] }), tf.layers.dense({ units: 3, activation: 'hardSigmoid', useBias: false })], [4, 2], 0],
  ['Bidirectional SimpleRNN(tanh, seq, concat) → Dense(relu)', () => [
    tf.layers.bidirectional({ layer: srnn({ units: 3, returnSequences: true }) as tf.RNN, inputShape: [5, 2] }),
    tf.layers.dense({ units: 2, activation: 'relu' })], [5, 2], 0],
];
// tfjs GRUs are reset_after=false (nn.GRU({ resetAfter: false }) or the step loop), and tfjs'
// default gates are hard_sigmoid (the step loop of keras_recurrent.ts).
const GRU_MODELS: typeof MODELS = [
  ['GRU(seq, go_backwards) → GRU → Dense(tanh)', () => [
    gru({ units: 5, returnSequences: true, goBackwards: true, inputShape: [4, 3] }), gru({ units: 4 }),
    tf.layers.dense({ units: 3, activation: 'tanh' })], [4, 3], 0],
  ['tfjs defaults (hard_sigmoid gates): LSTM(seq) → GRU(seq) → Bidirectional LSTM(ave)', () => [
    tf.layers.lstm({ units: 4, returnSequences: true, inputShape: [6, 3] }), tf.layers.gru({ units: 5, returnSequences: true }),
    tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 3 }) as tf.RNN, mergeMode: 'ave' })], [6, 3], 0],
  ['tfjs defaults, one direction: LSTM(seq) → GRU(seq) → Dense', () => [
    tf.layers.lstm({ units: 4, returnSequences: true, inputShape: [6, 3] }), tf.layers.gru({ units: 5, returnSequences: true }),
    tf.layers.dense({ units: 2 })], [6, 3], 0],
  ['Embedding → LSTM(relu, hard_sigmoid, go_backwards) → SimpleRNN(sigmoid)', () => [
    tf.layers.embedding({ inputDim: 9, outputDim: 4, inputLength: 5 }),
    tf.layers.lstm({ units: 3, activation: 'relu', goBackwards: true, returnSequences: true } as never),
    srnn({ units: 2, activation: 'sigmoid' })], [5], 9],
];
for (const mergeMode of ['concat', 'sum', 'mul', 'ave'] as const) {
  for (const returnSequences of [true, false]) {
    MODELS.push([`Bidirectional LSTM(${mergeMode}, returnSequences ${returnSequences}) → Dense(sigmoid)`, () => [
      tf.layers.bidirectional({ layer: lstm({ units: 4, returnSequences }) as tf.RNN, mergeMode, inputShape: [5, 3] }),
      tf.layers.dense({ units: 2, activation: 'sigmoid' })], [5, 3], 0]);
    GRU_MODELS.push([`Bidirectional GRU(${mergeMode}, returnSequences ${returnSequences})`, () => [
      tf.layers.bidirectional({ layer: gru({ units: 3, returnSequences }) as tf.RNN, mergeMode, inputShape: [4, 2] })], [4, 2], 0]);
  }
}
const ALL = [...MODELS, ...GRU_MODELS];

interface Saved { json: Record<string, unknown>; bytes: Uint8Array; x: Float32Array | Int32Array; xShape: number[]; want: Float32Array; wantShape: number[] }
const saved = new Map<string, Saved>();

beforeAll(async () => {
  await init();
  await tf.setBackend('cpu');
  for (const [name, layers, shape, vocab] of ALL) {
    const m = tf.sequential({ layers: layers() });
    const B = 3;
    const n = B * shape.reduce((a, b) => a * b, 1);
    const x = vocab ? Int32Array.from(randomArray(n, 5), (v) => Math.floor((v + 1) * vocab / 2) % vocab) : randomArray(n, 6, 2);
    const out = m.predict(tf.tensor(x, [B, ...shape], vocab ? 'int32' : 'float32')) as tf.Tensor;
    saved.set(name, { ...(await save(m)), x, xShape: [B, ...shape], want: out.dataSync() as Float32Array, wantShape: out.shape });
  }
});

describe.each(ISAS)('importKeras vs tfjs predict (%s build)', (isa) => {
  beforeAll(async () => {
    setRuntime(await runtimeFor(isa));
  });
  for (const [name] of ALL) {
    it(name, () => {
      const s = saved.get(name)!;
      const model = importKeras(JSON.stringify(s.json), s.bytes);
      const y = model.forward(Tensor.from(s.x, s.xShape));
      expect(y.shape).toEqual(s.wantShape);
      const { err, index } = worstRelErr(y.toArray(), s.want);
      expect(err, `worst at ${index}`).toBeLessThan(1e-5);
      if (process.env.SHOW_ERR) console.log(`ERR ${isa} ${name}: ${err.toExponential(2)}`);
    });
  }
});

describe('importKeras streaming and refusals', () => {
  it('step() over an imported Embedding → LSTM → Dense model equals forward frame by frame', () => {
    const s = saved.get(MODELS[0][0])!;
    const model = importKeras(s.json, s.bytes);
    const [B, T] = s.xShape;
    let state = model.initialState(B);
    for (let t = 0; t < T; t++) {
      const ids = Int32Array.from({ length: B }, (_, b) => s.x[b * T + t]);
      const r = model.step(Tensor.from(ids, [B]), state);
      state = r.state;
      const want = new Float32Array(B * 4);
      for (let b = 0; b < B; b++) want.set(s.want.subarray((b * T + t) * 4, (b * T + t + 1) * 4), b * 4);
      expect(worstRelErr(r.output.toArray(), want).err).toBeLessThan(1e-5);
    }
    const get = (prefix: string) => {
      const e = saved.get(ALL.find(([n]) => n.startsWith(prefix))![0])!;
      return importKeras(e.json, e.bytes);
    };
    const other = get('SimpleRNN(relu, go_backwards)');
    expect(() => other.initialState(2)).toThrow(/go_backwards and needs the whole sequence/);
    const bi = get('Bidirectional LSTM');
    expect(() => bi.step(Tensor.zeros([1, 3]))).toThrow(ValueError);
    const other2 = get('LSTM(no bias)');
    expect(() => other2.step(Tensor.zeros([B, 2]), state)).toThrow(StateError);
  });

  it('step() through the step-loop layers (hard_sigmoid LSTM and GRU) equals tfjs frame by frame', () => {
    const e = saved.get(GRU_MODELS[2][0])!;
    const model = importKeras(e.json, e.bytes);
    const [B, T, F] = e.xShape;
    let state = model.initialState(B);
    for (let t = 0; t < T; t++) {
      const frame = new Float32Array(B * F);
      for (let b = 0; b < B; b++) frame.set(e.x.subarray((b * T + t) * F, (b * T + t + 1) * F) as Float32Array, b * F);
      const r = model.step(Tensor.from(frame, [B, F]), StreamState.fromBytes(state.toBytes()));
      state = r.state;
      const want = new Float32Array(B * 2);
      for (let b = 0; b < B; b++) want.set(e.want.subarray((b * T + t) * 2, (b * T + t + 1) * 2), b * 2);
      expect(worstRelErr(r.output.toArray(), want).err).toBeLessThan(1e-5);
    }
    const bi = importKeras(saved.get(GRU_MODELS[1][0])!.json, saved.get(GRU_MODELS[1][0])!.bytes);
    expect(() => bi.initialState(1)).toThrow(/layer 'bidirectional_Bidirectional\d+' is bidirectional/);
  });

  it('refuses activations it cannot run', async () => {
    const m = tf.sequential({ layers: [tf.layers.lstm({ units: 2, activation: 'softmax', inputShape: [3, 2] } as never)] });
    const { json, bytes } = await save(m);
    expect(() => importKeras(json, bytes)).toThrow(/activation 'softmax' is not supported/);
  });

  it('GRU reset_after=true (Keras 2 default, not in tfjs): a Keras file made from a PyTorch GRU reproduces torch', () => {
    // The PyTorch fixture's weights written the Keras way: kernel (I, 3H) and recurrent_kernel
    // (H, 3H) with gate blocks z, r, h; bias (2, 3H) = [input bias; recurrent bias].
    const dir = new URL('../fixtures/pytorch/', import.meta.url);
    const { tensors } = readSafetensors(new Uint8Array(readFileSync(new URL('gru.safetensors', dir))));
    const io = readSafetensors(new Uint8Array(readFileSync(new URL('gru.io.safetensors', dir))));
    const [I, H] = [4, 5];
    const zrh = (rows: Float32Array, width: number): Float32Array => {
      const out = new Float32Array(rows.length); // PyTorch blocks r, z, n -> Keras z, r, h
      [1, 0, 2].forEach((src, dst) => out.set(rows.subarray(src * H * width, (src + 1) * H * width), dst * H * width));
      return out;
    };
    const t = (w: Float32Array, r: number, c: number): Float32Array => Float32Array.from({ length: r * c }, (_, k) => w[(k % r) * c + Math.floor(k / r)]);
    const kernel = t(zrh(tensors.weight_ih_l0.toArray() as Float32Array, I), 3 * H, I);
    const recurrent = t(zrh(tensors.weight_hh_l0.toArray() as Float32Array, H), 3 * H, H);
    const bias = new Float32Array(6 * H);
    bias.set(zrh(tensors.bias_ih_l0.toArray() as Float32Array, 1), 0);
    bias.set(zrh(tensors.bias_hh_l0.toArray() as Float32Array, 1), 3 * H);
    const bytes = new Uint8Array(new Float32Array([...kernel, ...recurrent, ...bias]).buffer);
    const json = {
      modelTopology: { class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'GRU', config: {
        name: 'gru', units: H, batch_input_shape: [null, 3, I], reset_after: true, recurrent_activation: 'sigmoid',
        activation: 'tanh', use_bias: true, return_sequences: true } }] } },
      weightsManifest: [{ paths: ['w.bin'], weights: [
        { name: 'gru/kernel', shape: [I, 3 * H], dtype: 'float32' },
        { name: 'gru/recurrent_kernel', shape: [H, 3 * H], dtype: 'float32' },
        { name: 'gru/bias', shape: [2, 3 * H], dtype: 'float32' }] }],
    };
    const y = importKeras(json, bytes).forward(io.tensors['input.x']);
    expect(worstRelErr(y.toArray(), io.tensors['expected.output'].toArray()).err).toBeLessThan(1e-5);
  });

  it('functional models that are a plain chain import like Sequential ones; branches are refused', async () => {
    const inp = tf.input({ shape: [5, 3] });
    const h = tf.layers.gru({ units: 4, returnSequences: true }).apply(inp) as tf.SymbolicTensor;
    const y = tf.layers.dense({ units: 2, activation: 'tanh' }).apply(h) as tf.SymbolicTensor;
    const m = tf.model({ inputs: inp, outputs: y });
    const x = randomArray(2 * 5 * 3, 12);
    const want = (m.predict(tf.tensor(x, [2, 5, 3])) as tf.Tensor).dataSync();
    const { json, bytes } = await save(m);
    expect(worstRelErr(importKeras(json, bytes).forward(Tensor.from(x, [2, 5, 3])).toArray(), want).err).toBeLessThan(1e-5);

    const a = tf.layers.dense({ units: 2 }).apply(inp) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 2 }).apply(inp) as tf.SymbolicTensor;
    const branchy = tf.model({ inputs: inp, outputs: tf.layers.add().apply([a, b]) as tf.SymbolicTensor });
    const s2 = await save(branchy);
    expect(() => importKeras(s2.json, s2.bytes)).toThrow(/must have exactly one input \(branches and shared layers are not supported\)/);
  });
});
