// Recurrent workloads: rnn-wasm (each build) against onnxruntime-web and tfjs-layers (wasm
// backend) in the same run. `npm run bench -- rnn`. Ours run through the public API (dist/).
import { WORKLOADS, tfjsInfer, tfjsTrain, onnxInfer } from './_rnn_peers.mjs';
import { emit, round, timeIt } from './_stats.mjs';

const lib = await import('../dist/index.js');
const { createRuntime, setRuntime, Tensor, nn, noGrad, optim, crossEntropy, reshape } = lib;

function randn(n, seed) {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

function ourInfer(rt, name) {
  const w = WORKLOADS[name];
  const Cls = w.cell === 'lstm' ? nn.LSTM : nn.GRU;
  const model = new Cls({ inputSize: w.I, hiddenSize: w.H, numLayers: w.L, bidirectional: w.bidir });
  const xs = randn(w.B * w.T * w.I, 7);
  return timeIt(() => {
    noGrad(() => {
      const x = Tensor.from(xs, [w.B, w.T, w.I]);
      model.forward(x).output.data();
    });
    rt.resetStep();
  }, { warmup: 3, reps: name.includes('b32') ? 5 : 30 });
}

function ourTrain(rt, name) {
  const w = WORKLOADS[name];
  const lstm = new nn.LSTM({ inputSize: w.I, hiddenSize: w.H });
  const head = new nn.Linear(w.H, w.classes);
  const opt = new optim.Adam([...lstm.parameters(), ...head.parameters()], { lr: 1e-3 });
  const xs = randn(w.B * w.T * w.I, 11);
  const ys = Int32Array.from({ length: w.B * w.T }, (_, i) => (i * 7919) % w.classes);
  return timeIt(() => {
    opt.zeroGrad();
    const x = Tensor.from(xs, [w.B, w.T, w.I]);
    const out = lstm.forward(x).output; // [B, T, H]
    const logits = head.forward(reshape(out, [w.B * w.T, w.H]));
    const loss = crossEntropy(logits, Tensor.from(ys, [w.B * w.T], { dtype: 'int32' }));
    loss.backward();
    opt.step(); // also ends the step (resets the step arena)
  }, { warmup: 2, reps: 10 });
}

export default async function run() {
  const builds = ['relaxed', 'simd'];
  for (const name of Object.keys(WORKLOADS)) {
    const train = name.includes('train');
    const ours = {};
    for (const build of builds) {
      const rt = await createRuntime({ simd: build });
      setRuntime(rt);
      const s = train ? ourTrain(rt, name) : ourInfer(rt, name);
      ours[build] = s;
      emit({ bench: name, build, runtime: 'node', unit: train ? 'ms/step' : 'ms', median: round(s.median), min: round(s.min), max: round(s.max) });
    }
    const peers = {};
    if (!train) {
      try {
        const o = await onnxInfer(name);
        if (o) peers['onnxruntime-web'] = o;
        else emit({ bench: name, peer: 'onnxruntime-web', runtime: 'node', error: 'no ONNX model: needs /usr/bin/python3 with torch (apt-get install -y python3-torch)' });
      } catch (e) {
        emit({ bench: name, peer: 'onnxruntime-web', runtime: 'node', error: String(e).slice(0, 200) });
      }
    }
    try {
      peers['tfjs-layers-wasm'] = train ? await tfjsTrain(name) : await tfjsInfer(name, name.includes('b32') ? 3 : 10);
    } catch (e) {
      emit({ bench: name, peer: 'tfjs-layers-wasm', runtime: 'node', error: String(e).slice(0, 200) });
    }
    for (const [peer, s] of Object.entries(peers)) {
      const ratios = Object.fromEntries(builds.map((b) => [`speedup_${b}`, round(s.median / ours[b].median, 2)]));
      emit({ bench: name, peer, runtime: 'node', unit: train ? 'ms/step' : 'ms', median: round(s.median), min: round(s.min), max: round(s.max), ...ratios });
    }
  }
}
