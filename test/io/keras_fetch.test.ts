// loadKeras over HTTP: a tfjs model saved as model.json + two weight shards, served on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { FormatError, init, Tensor } from '../../src/index.js';
import { loadKeras } from '../../src/io/keras_fetch.js';
import { randomArray, worstRelErr } from '../helpers.js';

let server: Server;
let base = '';
let want: Float32Array;
const files = new Map<string, Uint8Array | string>();
const x = randomArray(2 * 4 * 3, 8);

beforeAll(async () => {
  await init();
  await tf.setBackend('cpu');
  const m = tf.sequential({ layers: [
    tf.layers.lstm({ units: 5, returnSequences: true, recurrentActivation: 'sigmoid', inputShape: [4, 3] }),
    tf.layers.dense({ units: 2, activation: 'softmax' })] });
  want = (m.predict(tf.tensor(x, [2, 4, 3])) as tf.Tensor).dataSync() as Float32Array;
  let art: tf.io.ModelArtifacts | undefined;
  await m.save(tf.io.withSaveHandler(async (a) => {
    art = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const bytes = new Uint8Array(art!.weightData as ArrayBuffer);
  const cut = 100; // two shards, split mid-tensor as tfjs' 4 MB sharding can
  files.set('/m/w1.bin', bytes.slice(0, cut));
  files.set('/m/sub/w2.bin', bytes.slice(cut));
  files.set('/m/model.json', JSON.stringify({ format: 'layers-model', modelTopology: art!.modelTopology, weightsManifest: [{ paths: ['w1.bin', 'sub/w2.bin'], weights: art!.weightSpecs }] }));
  files.set('/bad/model.json', JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['missing.bin'], weights: [] }] }));
  server = createServer((req, res) => {
    const body = files.get(req.url ?? '');
    res.writeHead(body === undefined ? 404 : 200).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe('loadKeras', () => {
  it('fetches model.json and its shards (relative paths) and matches tfjs', async () => {
    const model = await loadKeras(`${base}/m/model.json`);
    expect(worstRelErr(model.forward(Tensor.from(x, [2, 4, 3])).toArray(), want).err).toBeLessThan(1e-5);
  });

  it('reports a missing shard with its URL', async () => {
    await expect(loadKeras(`${base}/bad/model.json`)).rejects.toThrow(FormatError);
    await expect(loadKeras(`${base}/bad/model.json`)).rejects.toThrow(/bad\/missing.bin failed with HTTP 404/);
  });
});
