// Peers for the recurrent benchmarks, measured in the same process and run as ours:
// TensorFlow.js layers on its wasm backend (XNNPACK, one thread) and onnxruntime-web (one thread).
// Reference figures from the issue (idle machine): lstm-infer-b1 onnxruntime-web ~3.1 ms, tfjs
// ~16 ms, PyTorch 1 thread ~2.9 ms; bilstm-infer-b32 onnxruntime-web ~350 ms; lstm-train-b32 tfjs
// ~550 ms/step, PyTorch 1 thread 28 ms/step.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const WORKLOADS = {
  'lstm-infer-b1': { cell: 'lstm', B: 1, T: 128, I: 64, H: 256, L: 1, bidir: false },
  'bilstm-infer-b32': { cell: 'lstm', B: 32, T: 64, I: 128, H: 256, L: 2, bidir: true },
  'gru-infer-b1': { cell: 'gru', B: 1, T: 128, I: 64, H: 256, L: 1, bidir: false },
  'lstm-train-b32': { cell: 'lstm', B: 32, T: 64, I: 64, H: 128, L: 1, bidir: false, classes: 64 },
};

let tf = null;
let tfl = null;
async function tfjs() {
  if (tf) return { tf, tfl };
  tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  tfl = await import('@tensorflow/tfjs-layers');
  return { tf, tfl };
}

function tfjsRecurrentLayers(tfl, w, inputShape) {
  const layers = [];
  for (let l = 0; l < w.L; l++) {
    const opts = { units: w.H, returnSequences: true, recurrentInitializer: 'glorotUniform' };
    if (l === 0 && !w.bidir) opts.inputShape = inputShape;
    // tfjs-layers has only the reset-before GRU (Keras reset_after=False; `resetAfter: true`
    // throws): the same products per step as PyTorch's form, so the timing comparison holds.
    let layer = w.cell === 'lstm' ? tfl.layers.lstm(opts) : tfl.layers.gru(opts);
    if (w.bidir) layer = tfl.layers.bidirectional({ layer, mergeMode: 'concat', ...(l === 0 ? { inputShape } : {}) });
    layers.push(layer);
  }
  return layers;
}

// Each peer is a runner: `run()` does one timed unit of work (awaited), `dispose()` frees it.
// bench/rnn.mjs interleaves the runners of a workload round by round with ours, so that every
// contestant sees the same load on a shared machine.

/** One forward pass of tfjs-layers on the workload (batch-first input). */
export async function tfjsInferRunner(name) {
  const { tf, tfl } = await tfjs();
  const w = WORKLOADS[name];
  const model = tfl.sequential({ layers: tfjsRecurrentLayers(tfl, w, [w.T, w.I]) });
  const x = tf.randomNormal([w.B, w.T, w.I]);
  return {
    async run() {
      const y = model.predict(x);
      await y.data();
      y.dispose();
    },
    dispose() {
      x.dispose();
      model.dispose?.();
    },
  };
}

/** One training step of tfjs-layers: LSTM -> Dense(classes) at every step, CE, BPTT, Adam. */
export async function tfjsTrainRunner(name) {
  const { tf, tfl } = await tfjs();
  const w = WORKLOADS[name];
  const model = tfl.sequential({
    layers: [...tfjsRecurrentLayers(tfl, w, [w.T, w.I]), tfl.layers.timeDistributed({ layer: tfl.layers.dense({ units: w.classes }) })],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: (y, z) => tf.losses.softmaxCrossEntropy(y, z) });
  const x = tf.randomNormal([w.B, w.T, w.I]);
  const labels = tf.oneHot(tf.randomUniform([w.B, w.T], 0, w.classes, 'int32'), w.classes);
  return {
    async run() {
      await model.trainOnBatch(x, labels);
    },
    dispose() {
      x.dispose();
      labels.dispose();
      model.dispose?.();
    },
  };
}

const modelsDir = fileURLToPath(new URL('./models/', import.meta.url));

/** Makes the ONNX models once (needs Debian's python3-torch); returns false if it cannot. */
export function ensureOnnxModels() {
  if (Object.keys(WORKLOADS).filter((n) => n.includes('infer')).every((n) => existsSync(`${modelsDir}${n}.onnx`))) return true;
  try {
    execFileSync('/usr/bin/python3', [fileURLToPath(new URL('./make_onnx.py', import.meta.url)), modelsDir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let ort = null;
/** One forward pass of onnxruntime-web (wasm, one thread) on the workload's ONNX model; null
 * when the model cannot be made (no python3-torch). */
export async function onnxInferRunner(name) {
  if (!ensureOnnxModels()) return null;
  if (!ort) {
    ort = await import('onnxruntime-web');
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.simd = true;
  }
  const w = WORKLOADS[name];
  const session = await ort.InferenceSession.create(readFileSync(`${modelsDir}${name}.onnx`), { executionProviders: ['wasm'] });
  const x = new ort.Tensor('float32', Float32Array.from({ length: w.T * w.B * w.I }, () => Math.random() - 0.5), [w.T, w.B, w.I]);
  return {
    async run() {
      await session.run({ x });
    },
    async dispose() {
      await session.release();
    },
  };
}
