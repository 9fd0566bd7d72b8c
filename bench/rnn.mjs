// Recurrent-layer speed on the bundled package (dist/): LSTM inference at batch 1 and a full LSTM
// training step (forward, per-step Linear + cross-entropy, BPTT, Adam), per kernel build.
// Targets (issue 4): lstm-infer-b1 (B1 T128 I64 H256) < 2.5 ms relaxed; lstm-train-b32
// (B32 T64 I64 H128, Linear to 64 classes, CE every step, Adam) < 55 ms/step.
// Run: npm run bench -- rnn   (RNN_BENCH_BUILDS=relaxed to run one build)
import { createRuntime, setRuntime, nn, optim, Tensor, Rng, noGrad, crossEntropy } from '../dist/index.js';
import { emit, round, timeIt } from './_stats.mjs';

const runtime = typeof Deno !== 'undefined' ? 'deno' : 'node';
const builds = (globalThis.process?.env?.RNN_BENCH_BUILDS ?? 'relaxed,simd,none').split(',');

function randomTensor(rt, shape, seed, scale = 1) {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.uniformIn(-scale, scale);
  return Tensor.from(v, shape, { runtime: rt });
}

async function inferB1(isa, cell) {
  const rt = await createRuntime({ simd: isa });
  setRuntime(rt);
  const [B, T, I, H] = [1, 128, 64, 256];
  const Mod = cell === 'lstm' ? nn.LSTM : nn.GRU;
  const m = new Mod({ inputSize: I, hiddenSize: H, runtime: rt, rng: new Rng(1) });
  const t = timeIt(() => {
    rt.resetStep();
    const x = randomTensor(rt, [B, T, I], 2);
    noGrad(() => m.forward(x));
  }, { warmup: 5, reps: 31 });
  emit({ bench: `${cell}-infer-b1`, runtime, build: isa, unit: 'ms', B, T, I, H, median: round(t.median), min: round(t.min), max: round(t.max),
    ...(cell === 'lstm' ? { target: 2.5 } : {}) });
}

async function trainB32(isa) {
  const rt = await createRuntime({ simd: isa });
  setRuntime(rt);
  const [B, T, I, H, C] = [32, 64, 64, 128, 64];
  const lstm = new nn.LSTM({ inputSize: I, hiddenSize: H, runtime: rt, rng: new Rng(1) });
  const head = new nn.Linear(H, C, { runtime: rt, rng: new Rng(2) });
  const opt = new optim.Adam([...lstm.parameters(), ...head.parameters()], { lr: 1e-3 });
  const tg = new Int32Array(B * T);
  for (let i = 0; i < tg.length; i++) tg[i] = (i * 7919) % C;
  const t = timeIt(() => {
    const x = randomTensor(rt, [B, T, I], 3);
    const targets = Tensor.from(tg, [B, T], { runtime: rt, dtype: 'int32' });
    const loss = crossEntropy(head.forward(lstm.forward(x).output), targets);
    opt.zeroGrad();
    loss.backward();
    opt.step(); // also resets the step arena
  }, { warmup: 2, reps: 9 });
  emit({ bench: 'lstm-train-b32', runtime, build: isa, unit: 'ms/step', B, T, I, H, classes: C, median: round(t.median), min: round(t.min), max: round(t.max), target: 55 });
}

export default async function main() {
  for (const isa of builds) {
    await inferB1(isa, 'lstm');
    await inferB1(isa, 'gru');
    await trainB32(isa);
  }
}
