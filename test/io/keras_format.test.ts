// Keras / TF.js model parsing against models saved by real TensorFlow.js.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { parseKerasModel } from '../../src/io/keras.js';
import { FormatError } from '../../src/errors.js';

async function artifactsOf(model: tf.LayersModel): Promise<{ json: Record<string, unknown>; bytes: Uint8Array }> {
  let art: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    art = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const json = { format: 'layers-model', modelTopology: art!.modelTopology, weightsManifest: [{ paths: ['w.bin'], weights: art!.weightSpecs }] };
  return { json, bytes: new Uint8Array(art!.weightData as ArrayBuffer) };
}

describe('parseKerasModel', () => {
  it('maps an Embedding -> BiGRU(reset_after=false) -> LSTM -> Dense model to PyTorch layouts', async () => {
    await tf.setBackend('cpu');
    const m = tf.sequential();
    m.add(tf.layers.embedding({ inputDim: 10, outputDim: 4, inputLength: 5 }));
    m.add(tf.layers.bidirectional({ layer: tf.layers.gru({ units: 3, returnSequences: true, resetAfter: false } as Parameters<typeof tf.layers.gru>[0]) as tf.RNN, mergeMode: 'sum' }));
    m.add(tf.layers.lstm({ units: 2, recurrentActivation: 'sigmoid' }));
    m.add(tf.layers.dense({ units: 2, activation: 'sigmoid' }));
    const { json, bytes } = await artifactsOf(m);
    const specs = parseKerasModel(JSON.stringify(json), bytes);
    expect(specs.map((s) => s.kind)).toEqual(['embedding', 'recurrent', 'recurrent', 'dense']);
    const gru = specs[1] as Extract<(typeof specs)[number], { kind: 'recurrent' }>;
    expect(gru.bidirectional).toBe('sum');
    expect(gru.resetAfter).toBe(false);
    expect(gru.recurrentActivation).toBe('hard_sigmoid'); // the tfjs default
    expect(gru.params.weight_ih_l0.shape).toEqual([9, 4]);
    expect(gru.params.weight_hh_l0_reverse.shape).toEqual([9, 3]);
    // Keras kernel [I, 3H] with gates z,r,h -> PyTorch rows r,z,n: row 0 (r, unit 0) is column H of the kernel.
    const kernel = m.layers[1].getWeights()[0].dataSync();
    expect(gru.params.weight_ih_l0.data[0]).toBe(kernel[3]);
    expect(gru.params.weight_ih_l0.data[1]).toBe(kernel[9 + 3]);
    expect(gru.params.weight_ih_l0.data[3 * 4]).toBe(kernel[0]); // z row 0
    const lstm = specs[2] as Extract<(typeof specs)[number], { kind: 'recurrent' }>;
    expect(lstm.inputSize).toBe(3);
    expect(lstm.returnSequences).toBe(false);
    expect(Array.from(lstm.params.bias_hh_l0.data)).toEqual(new Array(8).fill(0));
    const dense = specs[3] as Extract<(typeof specs)[number], { kind: 'dense' }>;
    expect(dense.params.weight.shape).toEqual([2, 2]);
  });

  it('rejects broken files with FormatError and survives fuzzing', async () => {
    const m = tf.sequential();
    m.add(tf.layers.dense({ units: 3, inputShape: [4] }));
    const { json, bytes } = await artifactsOf(m);
    expect(() => parseKerasModel(json, bytes.slice(0, 10))).toThrow(/needs 48 bytes at offset 0/);
    expect(() => parseKerasModel(json, new Uint8Array(bytes.length + 4))).toThrow(/4 bytes that no weight spec covers/);
    expect(() => parseKerasModel('{', bytes)).toThrow(FormatError);
    expect(() => parseKerasModel({ modelTopology: { class_name: 'Graph', config: {} }, weightsManifest: [] }, bytes)).toThrow(/only Sequential/);
    expect(() => parseKerasModel({ modelTopology: { class_name: 'Functional', config: {} }, weightsManifest: [] }, bytes)).toThrow(/config.layers must be an array/);
    const deep = JSON.parse(JSON.stringify(json));
    let node = deep.modelTopology;
    for (let i = 0; i < 100; i++) node = node.deep = {};
    expect(() => parseKerasModel(deep, bytes)).toThrow(/deeper than/);
    const text = JSON.stringify(json);
    fc.assert(fc.property(fc.nat(text.length - 1), fc.string({ maxLength: 4 }), (at, s) => {
      try { parseKerasModel(text.slice(0, at) + s + text.slice(at + 1), bytes); } catch (e) { expect(e).toBeInstanceOf(FormatError); }
    }), { numRuns: 1000 });
    fc.assert(fc.property(fc.jsonValue(), fc.uint8Array({ maxLength: 64 }), (j, b) => {
      try { parseKerasModel(j, b); } catch (e) { expect(e).toBeInstanceOf(FormatError); }
    }), { numRuns: 500 });
  });
});
