// ONNX import: Silero VAD v5 (512-sample frames + 64 of context, state carried between frames)
// in microseconds per frame for rnn-wasm, onnxruntime-web (wasm, 1 thread) and onnxruntime-node
// (native, 1 thread), over the same audio; and the download an ONNX user pays: the rnn-wasm/onnx
// entry plus the wasm it loads, gzipped, next to onnxruntime-web's. Also nn.Conv1d's forward at
// Silero's convolution shapes and at a larger one.
//   RNN_DIST=/path/to/dist   time another build of the package (an A/B against main's dist/)
//   ONNX_BENCH_OURS=1        only the rnn-wasm rows (Silero per frame, nn.Conv1d), no peers
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { WORKLOADS } from './_rnn_peers.mjs';
import { emit, round, timeIt, timeItAsync } from './_stats.mjs';

const DIST = process.env.RNN_DIST ? pathToFileURL(`${process.env.RNN_DIST.replace(/\/$/, '')}/`) : new URL('../dist/', import.meta.url);
const { init, getRuntime, nn, noGrad, sum, Tensor } = await import(new URL('node.js', DIST).href);
const { importOnnx, exportOnnx } = await import(new URL('onnx/index.js', DIST).href);

const root = new URL('../', import.meta.url);
const MODEL = new URL('node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx', root);
const FRAMES = 64;

/** 64 frames of 576 samples (context + frame) from a sweep with noise: deterministic, speech-like energy. */
function frames() {
  const out = [];
  let s = 1;
  for (let f = 0; f < FRAMES; f++) {
    const x = new Float32Array(576);
    for (let i = 0; i < 576; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const t = (f * 512 + i) / 16000;
      x[i] = 0.3 * Math.sin(2 * Math.PI * (200 + 300 * Math.sin(t)) * t) + 0.02 * ((s / 2 ** 32) - 0.5);
    }
    out.push(x);
  }
  return out;
}

const gz = (buf) => gzipSync(buf, { level: 9 }).length;

export default async function onnx() {
  const bytes = new Uint8Array(readFileSync(MODEL));
  const xs = frames();
  const sr = BigInt64Array.of(16000n);

  await init();
  const rt = getRuntime();
  const model = importOnnx(bytes);
  let state = new Float32Array(256);
  const ours = timeIt(() => {
    for (const x of xs) {
      const out = model.run({ input: { data: x, shape: [1, 576] }, state: { data: state, shape: [2, 1, 128] }, sr: { data: sr, shape: [] } });
      state = out.stateN.data;
    }
  }, { warmup: 20, reps: 40 });
  emit({ bench: 'onnx', model: 'silero_vad_v5', peer: 'rnn-wasm', runtime: 'node', isa: rt.isa, unit: 'us/frame', median: round((ours.median * 1000) / FRAMES, 1), min: round((ours.min * 1000) / FRAMES, 1) });
  const importMs = timeIt(() => importOnnx(bytes), { warmup: 2, reps: 10 });
  emit({ bench: 'onnx', model: 'silero_vad_v5', peer: 'rnn-wasm', what: 'importOnnx', unit: 'ms', median: round(importMs.median, 2) });
  conv1dRows(rt);
  if (process.env.ONNX_BENCH_OURS === '1') return;

  const ortNode = await import('onnxruntime-node');
  const sNode = await ortNode.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' });
  emit({ bench: 'onnx', model: 'silero_vad_v5', peer: 'onnxruntime-node', runtime: 'node', threads: 1, unit: 'us/frame', ...(await perFrame(ortNode, sNode, xs, sr)) });

  const ortWeb = await import('onnxruntime-web');
  ortWeb.env.wasm.numThreads = 1;
  ortWeb.env.logLevel = 'error';
  const sWeb = await ortWeb.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  emit({ bench: 'onnx', model: 'silero_vad_v5', peer: 'onnxruntime-web', runtime: 'node', threads: 1, unit: 'us/frame', ...(await perFrame(ortWeb, sWeb, xs, sr)) });

  await w2Torch(ortNode, ortWeb);

  // The rnn bench's second workload (2-layer bidirectional LSTM, B 32, T 64, I 128, H 256) as an
  // ONNX file (exportOnnx, time-major: the ONNX layout), imported back: ms per forward next to the
  // module's own forward and onnxruntime-node on the same file.
  const w = WORKLOADS['bilstm-infer-b32'];
  const lstm = new nn.LSTM({ inputSize: w.I, hiddenSize: w.H, numLayers: w.L, bidirectional: true, batchFirst: false });
  const file = exportOnnx(lstm, { input: [w.T, w.B, w.I] });
  const x = Float32Array.from({ length: w.T * w.B * w.I }, (_, i) => Math.sin(i * 0.37));
  const imported = importOnnx(file);
  const inName = imported.inputs[0].name;
  const outName = imported.outputs[0].name;
  const mine = imported.run({ [inName]: { data: x, shape: [w.T, w.B, w.I] } })[outName].data;
  const direct = noGrad(() => lstm.forward(Tensor.from(x, [w.T, w.B, w.I])).output.toArray());
  let diff = 0;
  for (let i = 0; i < direct.length; i++) diff = Math.max(diff, Math.abs(mine[i] - direct[i]));
  const tImp = timeIt(() => imported.run({ [inName]: { data: x, shape: [w.T, w.B, w.I] } }), { warmup: 2, reps: 7 });
  const tMod = timeIt(() => { rt.resetStep(); noGrad(() => lstm.forward(Tensor.from(x, [w.T, w.B, w.I]))); }, { warmup: 2, reps: 7 });
  const sW2 = await ortNode.InferenceSession.create(file, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' });
  const feedsW2 = { [inName]: new ortNode.Tensor('float32', x, [w.T, w.B, w.I]) };
  const tOrt = await timeItAsync(() => sW2.run(feedsW2), { warmup: 2, reps: 7 });
  emit({ bench: 'onnx', model: 'bilstm-infer-b32 (exportOnnx)', unit: 'ms/forward', rnnWasmImported: round(tImp.median, 2), rnnWasmModule: round(tMod.median, 2), onnxruntimeNode1Thread: round(tOrt.median, 2), maxAbsDiffImportedVsModule: diff });

  // Download: the ONNX entry with the chunks it imports statically, plus the wasm build it runs.
  const dist = DIST;
  const entry = [];
  const visit = (url) => {
    if (entry.some((u) => u.href === url.href)) return;
    entry.push(url);
    for (const m of readFileSync(url, 'utf8').matchAll(/import[^;(]*?"(\.\.?\/(?:chunks\/)?chunk-[\w-]+\.js)"/g)) visit(new URL(m[1], url));
  };
  visit(new URL('onnx/index.js', dist));
  visit(new URL('index.js', dist));
  const chunks = readdirSync(new URL('chunks/', dist));
  const wasmChunk = new URL(`chunks/${chunks.find((c) => c.startsWith('wasm-relaxed.gen-'))}`, dist);
  const js = entry.reduce((a, u) => a + gz(readFileSync(u)), 0);
  emit({ bench: 'onnx', artifact: 'browser: rnn-wasm + rnn-wasm/onnx + relaxed wasm chunk', files: [...entry, wasmChunk].map((u) => u.pathname.split('/dist/')[1]), jsGzip: js, wasmGzip: gz(readFileSync(wasmChunk)), gzip: js + gz(readFileSync(wasmChunk)) });
  const wjs = gz(readFileSync(new URL('onnx-worker.js', dist)));
  const wasm = gz(readFileSync(new URL('wasm/relaxed.wasm', dist)));
  const all = ['relaxed', 'simd', 'scalar'].reduce((a, b) => a + gz(readFileSync(new URL(`wasm/${b}.wasm`, dist))), 0);
  emit({ bench: 'onnx', artifact: 'worker: dist/onnx-worker.js + the wasm it runs (relaxed)', jsGzip: wjs, wasmGzip: wasm, gzip: wjs + wasm, withAllThreeBuilds: wjs + all });
  const ort = new URL('node_modules/onnxruntime-web/dist/', root);
  const ortJs = gz(readFileSync(new URL('ort.wasm.bundle.min.mjs', ort)));
  const ortWasm = gz(readFileSync(new URL('ort-wasm-simd-threaded.wasm', ort)));
  emit({ bench: 'onnx', artifact: 'onnxruntime-web (ort.wasm.bundle.min.mjs + ort-wasm-simd-threaded.wasm)', jsGzip: ortJs, wasmGzip: ortWasm, gzip: ortJs + ortWasm });
}

// The rnn bench's W2 LSTM (lstm-infer-b1: B 1, T 128, I 64, H 256) as PyTorch exports it
// (torch.onnx.export, batch-first, dynamic batch/time axes: a committed fixture written by
// scripts/make_torch_onnx_fixtures.py, so no Python here): ms per forward for importOnnx,
// onnxruntime-web (1 thread) and onnxruntime-node (1 thread) on the same file, timed round by
// round so every runner sees the same load.
async function w2Torch(ortNode, ortWeb) {
  const w = WORKLOADS['lstm-infer-b1'];
  const file = new Uint8Array(readFileSync(new URL('test/fixtures/onnx/torch/w2_lstm_i64_h256.onnx', root)));
  const shape = [w.B, w.T, w.I];
  const x = Float32Array.from({ length: w.B * w.T * w.I }, (_, i) => Math.sin(i * 0.37));
  const model = importOnnx(file);
  const sNode = await ortNode.InferenceSession.create(file, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' });
  const sWeb = await ortWeb.InferenceSession.create(file, { executionProviders: ['wasm'] });
  const runners = {
    'rnn-wasm': async () => model.run({ x: { data: x, shape } }).output.data,
    'onnxruntime-web': async () => (await sWeb.run({ x: new ortWeb.Tensor('float32', x, shape) })).output.data,
    'onnxruntime-node': async () => (await sNode.run({ x: new ortNode.Tensor('float32', x, shape) })).output.data,
  };
  const outs = {};
  for (const [peer, run] of Object.entries(runners)) outs[peer] = Float32Array.from(await run());
  const times = Object.fromEntries(Object.keys(runners).map((p) => [p, []]));
  for (let round_ = 0; round_ < 3 + 15; round_++) {
    for (const [peer, run] of Object.entries(runners)) {
      const t0 = performance.now();
      await run();
      if (round_ >= 3) times[peer].push(performance.now() - t0);
    }
  }
  for (const [peer, ts] of Object.entries(times)) {
    ts.sort((a, b) => a - b);
    let diff = 0;
    for (let i = 0; i < outs[peer].length; i++) diff = Math.max(diff, Math.abs(outs[peer][i] - outs['onnxruntime-node'][i]));
    emit({ bench: 'onnx', model: 'w2-lstm B1 T128 I64 H256 (torch.onnx.export)', peer, runtime: 'node', threads: 1, ...(peer === 'rnn-wasm' ? { isa: getRuntime().isa } : {}), unit: 'ms/forward', median: round(ts[ts.length >> 1], 3), min: round(ts[0], 3), maxAbsDiffVsOrtNode: diff });
  }
}

// Silero v5's convolutions on one 576-sample frame (the STFT as a strided conv, then the encoder:
// output lengths 4, 4, 2, 1, 1) and a larger layer; B Cin Cout K stride padding L.
const CONVS = [
  ['silero stft', 1, 1, 258, 256, 128, 0, 640],
  ['silero encoder.0', 1, 129, 128, 3, 1, 1, 4],
  ['silero encoder.1', 1, 128, 64, 3, 2, 1, 4],
  ['silero encoder.2', 1, 64, 64, 3, 2, 1, 2],
  ['silero encoder.3', 1, 64, 128, 3, 1, 1, 1],
  ['larger', 4, 64, 128, 5, 1, 2, 512],
];

/** nn.Conv1d in microseconds: an inference forward (noGrad), and a training step's forward + backward. */
function conv1dRows(rt) {
  for (const [name, B, Cin, Cout, K, stride, padding, L] of CONVS) {
    const conv = new nn.Conv1d(Cin, Cout, K, { stride, padding });
    const x = Tensor.from(Float32Array.from({ length: B * Cin * L }, (_, i) => Math.sin(i * 0.37)), [B, Cin, L], { arena: 'state' });
    const reps = L > 100 ? 30 : 300;
    const infer = timeIt(() => { noGrad(() => conv.forward(x)); rt.resetStep(); }, { warmup: 20, reps });
    const train = timeIt(() => { sum(conv.forward(x)).backward(); conv.zeroGrad(); rt.resetStep(); }, { warmup: 20, reps });
    emit({ bench: 'onnx', what: 'nn.Conv1d', shape: name, B, Cin, Cout, K, stride, L, isa: rt.isa, unit: 'us', inferForward: round(infer.median * 1000, 1), trainForwardBackward: round(train.median * 1000, 1) });
  }
}

async function perFrame(ort, session, xs, sr) {
  let state = new Float32Array(256);
  const srT = new ort.Tensor('int64', sr, []);
  const t = await timeItAsync(async () => {
    for (const x of xs) {
      const out = await session.run({ input: new ort.Tensor('float32', x, [1, 576]), state: new ort.Tensor('float32', state, [2, 1, 128]), sr: srT });
      state = out.stateN.data;
    }
  }, { warmup: 20, reps: 40 });
  return { median: round((t.median * 1000) / FRAMES, 1), min: round((t.min * 1000) / FRAMES, 1) };
}
