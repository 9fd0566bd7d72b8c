// Peers for the recurrent benchmarks, measured in the same process and run as ours:
// TensorFlow.js layers on its wasm backend (XNNPACK, one thread), onnxruntime-web (one thread) and
// onnxruntime-node (native, one thread). In processes of their own (_rnn_child.mjs): onnxruntime-web
// at 2 threads (_rnn_ortweb_child.mjs) and PyTorch at 1 thread (_rnn_torch.py).
// Reference figures from the issue (idle machine): lstm-infer-b1 onnxruntime-web ~3.1 ms, tfjs
// ~16 ms, PyTorch 1 thread ~2.9 ms; bilstm-infer-b32 onnxruntime-web ~350 ms; lstm-train-b32 tfjs
// ~550 ms/step, PyTorch 1 thread 28 ms/step.

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

// The ONNX peers run the very model ours runs: bench/rnn.mjs exports it with rnn-wasm's own
// exportOnnx (time-major, as the ONNX recurrent operators are), so no Python is needed.

let ortWeb = null;
/**
 * One forward pass of onnxruntime-web (wasm SIMD) on an exported model; x (T, B, I). Its thread
 * count is fixed for the process when it first starts: bench/rnn.mjs runs it at 1 thread in its
 * own process and at 2 in a child (_rnn_ortweb_child.mjs).
 */
export async function ortWebInferRunner(name, bytes, threads = 1) {
  if (!ortWeb) {
    ortWeb = await import('onnxruntime-web');
    ortWeb.env.wasm.numThreads = threads;
    ortWeb.env.wasm.simd = true;
  }
  if (ortWeb.env.wasm.numThreads !== threads) throw new Error(`onnxruntime-web runs ${ortWeb.env.wasm.numThreads} threads in this process, not ${threads}`);
  return ortRunner(ortWeb, name, bytes, { executionProviders: ['wasm'] });
}

let ortNode = null;
/** One forward pass of onnxruntime-node (native CPU, one intra-op thread) on an exported model. */
export async function ortNodeInferRunner(name, bytes) {
  ortNode ??= await import('onnxruntime-node');
  return ortRunner(ortNode, name, bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' });
}

/** A runner over `ort` (onnxruntime-web or -node, as imported by the caller) for an exported model. */
export async function ortRunner(ort, name, bytes, options) {
  const w = WORKLOADS[name];
  const session = await ort.InferenceSession.create(bytes, options);
  const x = new ort.Tensor('float32', Float32Array.from({ length: w.T * w.B * w.I }, () => Math.random() - 0.5), [w.T, w.B, w.I]);
  return {
    async run() {
      const out = await session.run({ input: x });
      void out.output.data;
    },
    /** The output for an input, to check the peer computes what ours does. */
    async outputFor(data) {
      const out = await session.run({ input: new ort.Tensor('float32', data, [w.T, w.B, w.I]) });
      return out.output.data;
    },
    async dispose() {
      await session.release();
    },
  };
}
