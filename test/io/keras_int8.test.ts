// nn.quantizeDynamic on imported Keras / TensorFlow.js models (KerasModel.quantizeDynamicWith):
// Dense and the fused recurrent layers become int8, the others are kept; outputs close to tfjs'
// own predict, streaming step equal to forward.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { init, KerasModel, nn, setRuntime, StateError, Tensor } from '../../src/index.js';
import { importKeras } from '../../src/io/keras_model.js';
import { QuantizedLinear } from '../../src/nn/quantized/linear.js';
import { QuantizedRecurrent } from '../../src/nn/quantized/recurrent.js';
import { randomArray, runtimeFor } from '../helpers.js';

async function save(model: tf.LayersModel): Promise<{ json: Record<string, unknown>; bytes: Uint8Array }> {
  let art: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    art = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const json = { format: 'layers-model', modelTopology: art!.modelTopology, weightsManifest: [{ paths: ['w.bin'], weights: art!.weightSpecs }] };
  return { json, bytes: new Uint8Array(art!.weightData as ArrayBuffer) };
}

const MODELS: [string, () => tf.layers.Layer[], number[], number][] = [
  ['Embedding → LSTM(seq) → Dropout → Dense(softmax)', () => [
    tf.layers.embedding({ inputDim: 12, outputDim: 8, inputLength: 6 }), tf.layers.lstm({ units: 16, returnSequences: true, recurrentActivation: 'sigmoid' } as never),
    tf.layers.dropout({ rate: 0.3 }), tf.layers.dense({ units: 4, activation: 'softmax' })], [6], 12],
  ['Bidirectional GRU(concat) (hard_sigmoid) → Dense', () => [
    tf.layers.bidirectional({ layer: tf.layers.gru({ units: 12, returnSequences: false }) as tf.RNN, mergeMode: 'concat', inputShape: [7, 5] }),
    tf.layers.dense({ units: 3 })], [7, 5], 0],
  ['SimpleRNN(tanh, seq) → TimeDistributed Dense', () => [
    tf.layers.simpleRNN({ units: 10, returnSequences: true, inputShape: [5, 4] }), tf.layers.dense({ units: 2, activation: 'tanh' })], [5, 4], 0],
];

const saved = new Map<string, { json: Record<string, unknown>; bytes: Uint8Array; x: Float32Array | Int32Array; xShape: number[]; want: Float32Array }>();

beforeAll(async () => {
  await init();
  await tf.setBackend('cpu');
  for (const [name, layers, shape, vocab] of MODELS) {
    const m = tf.sequential({ layers: layers() });
    const B = 3;
    const n = B * shape.reduce((a, b) => a * b, 1);
    const x = vocab ? Int32Array.from(randomArray(n, 5), (v) => Math.floor((v + 1) * vocab / 2) % vocab) : randomArray(n, 6, 2);
    const out = m.predict(tf.tensor(x, [B, ...shape], vocab ? 'int32' : 'float32')) as tf.Tensor;
    saved.set(name, { ...(await save(m)), x, xShape: [B, ...shape], want: out.dataSync() as Float32Array });
  }
});

describe('quantizeDynamic on imported Keras models', () => {
  it.each(MODELS.map(([n]) => [n]))('%s: int8 layers, close to tfjs predict', async (name) => {
    const rt = await runtimeFor('relaxed');
    setRuntime(rt);
    const s = saved.get(name)!;
    const model = importKeras(s.json, s.bytes);
    const q = nn.quantizeDynamic(model, { dtype: 'int8' }) as KerasModel;
    expect(q).toBeInstanceOf(KerasModel);
    expect(q).not.toBe(model);
    const kinds = q.children().map((c) => c.constructor.name);
    expect(kinds.some((k) => k === QuantizedLinear.name)).toBe(true);
    expect(q.children().some((c) => c instanceof QuantizedRecurrent)).toBe(true);
    const y = q.forward(Tensor.from(s.x, s.xShape)).toArray();
    let worst = 0;
    for (let i = 0; i < y.length; i++) worst = Math.max(worst, Math.abs(y[i] - s.want[i]));
    console.log(`${name}: max |int8 - tfjs| ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(0.03);
    expect(worst).toBeGreaterThan(0); // int8 arithmetic ran
    expect(() => q.train()).toThrow(StateError);
    rt.resetStep();
  });

  it('streaming step of the int8 Embedding → LSTM → Dense model equals its forward frame by frame', async () => {
    const rt = await runtimeFor('simd');
    setRuntime(rt);
    const s = saved.get(MODELS[0][0])!;
    const q = nn.quantizeDynamic(importKeras(s.json, s.bytes), { dtype: 'int8' }) as KerasModel;
    const [B, T] = s.xShape;
    const full = q.forward(Tensor.from(s.x, s.xShape)).toArray();
    let state = q.initialState(B);
    for (let t = 0; t < T; t++) {
      const ids = Int32Array.from({ length: B }, (_, b) => s.x[b * T + t]);
      const r = q.step(Tensor.from(ids, [B], { dtype: 'int32' }), state);
      state = r.state;
      const got = r.output.toArray();
      for (let b = 0; b < B; b++) for (let j = 0; j < 4; j++) expect(got[b * 4 + j]).toBe(full[(b * T + t) * 4 + j]);
    }
    rt.resetStep();
  });
});
