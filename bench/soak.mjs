// Soak: 10,000 training steps of a small Embedding -> LSTM -> Linear model and 100,000 streaming
// inference steps (model.step), checking that neither the wasm memory nor the JS heap grows after
// warm-up. Prints one JSON line per phase: memory bytes and heap used after warm-up and at the end.
// Run: npm run bench -- soak   (SOAK_TRAIN_STEPS / SOAK_STREAM_STEPS override the step counts).
// The loops take the library as an argument, so test/reliability/soak.test.ts runs them from src/.
import v8 from 'node:v8';
import vm from 'node:vm';
import { emit, round } from './_stats.mjs';

/** A full garbage collection (V8's gc(), reached without the --expose-gc command-line flag). */
export function collectGarbage() {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  gc();
  gc();
}

function sample(rt) {
  collectGarbage();
  return { memoryBytes: rt.memoryStats().memoryBytes, heapUsed: process.memoryUsage().heapUsed };
}

/**
 * Trains Embedding(V) -> LSTM(E, H) -> Linear(H, V) with Adam on next-token batches (B, T) for
 * `steps` steps; samples memory after `warmup` steps and at the end. Returns the two samples and
 * the first and last loss.
 */
export function trainSoak(lib, rt, { steps, warmup, V = 32, E = 16, H = 32, B = 4, T = 16 }) {
  const { nn, optim, Tensor, Rng, crossEntropy } = lib;
  const emb = new nn.Embedding(V, E, { runtime: rt, rng: new Rng(1) });
  const lstm = new nn.LSTM({ inputSize: E, hiddenSize: H, runtime: rt, rng: new Rng(2) });
  const head = new nn.Linear(H, V, { runtime: rt, rng: new Rng(3) });
  const opt = new optim.Adam([...emb.parameters(), ...lstm.parameters(), ...head.parameters()], { lr: 0.01 });
  const ids = new Int32Array(B * T);
  const tg = new Int32Array(B * T);
  let first = NaN, last = NaN, atWarmup = null;
  for (let s = 0; s < steps; s++) {
    // A periodic sequence (next = (3 t + 1) mod V) that the model can learn.
    for (let i = 0; i < ids.length; i++) {
      ids[i] = (s * 7 + i * 5) % V;
      tg[i] = (3 * ids[i] + 1) % V;
    }
    const x = Tensor.from(ids, [B, T], { runtime: rt });
    const y = Tensor.from(tg, [B, T], { runtime: rt });
    const loss = crossEntropy(head.forward(lstm.forward(emb.forward(x)).output), y);
    last = loss.item();
    if (s === 0) first = last;
    opt.zeroGrad();
    loss.backward();
    opt.step(); // resets the step arena
    if (s + 1 === warmup) atWarmup = sample(rt);
  }
  return { atWarmup, atEnd: sample(rt), firstLoss: first, lastLoss: last };
}

/** Streams `steps` frames (B rows, I features) through a 2-layer LSTM with model.step, state carried. */
export function streamSoak(lib, rt, { steps, warmup, I = 16, H = 32, B = 1 }) {
  const { nn, Tensor, Rng } = lib;
  const lstm = new nn.LSTM({ inputSize: I, hiddenSize: H, numLayers: 2, runtime: rt, rng: new Rng(4) }).eval();
  const frame = new Float32Array(B * I);
  let state = lstm.initialState(B);
  let atWarmup = null, checksum = 0;
  for (let s = 0; s < steps; s++) {
    for (let i = 0; i < frame.length; i++) frame[i] = Math.sin(0.01 * s + i);
    const r = lstm.step(Tensor.from(frame, [B, I], { runtime: rt }), state);
    checksum += r.output.toArray()[0];
    state = r.state;
    rt.resetStep();
    if (s + 1 === warmup) atWarmup = sample(rt);
  }
  return { atWarmup, atEnd: sample(rt), checksum };
}

function report(bench, steps, r, ms, extra) {
  const memoryGrowth = r.atEnd.memoryBytes - r.atWarmup.memoryBytes;
  const heapGrowth = r.atEnd.heapUsed - r.atWarmup.heapUsed;
  emit({
    bench, runtime: 'node', steps, unit: 'bytes',
    memoryBytesAfterWarmup: r.atWarmup.memoryBytes, memoryBytesAtEnd: r.atEnd.memoryBytes, memoryGrowth,
    heapUsedAfterWarmup: r.atWarmup.heapUsed, heapUsedAtEnd: r.atEnd.heapUsed, heapGrowth,
    // The heap may move by a few hundred kB (JIT code, inline caches); a leak of one object per
    // step would be megabytes over these step counts.
    ok: memoryGrowth === 0 && heapGrowth < 1 << 20,
    msPerStep: round(ms / steps, 4), ...extra,
  });
}

export default async function main() {
  const lib = await import('../dist/index.js');
  const env = globalThis.process?.env ?? {};
  const trainSteps = Number(env.SOAK_TRAIN_STEPS ?? 10_000);
  const streamSteps = Number(env.SOAK_STREAM_STEPS ?? 100_000);
  const rt = await lib.createRuntime();
  let t0 = performance.now();
  const tr = trainSoak(lib, rt, { steps: trainSteps, warmup: Math.ceil(trainSteps / 10) });
  report('soak-train', trainSteps, tr, performance.now() - t0, { build: rt.isa, firstLoss: round(tr.firstLoss, 4), lastLoss: round(tr.lastLoss, 4) });
  const rt2 = await lib.createRuntime();
  t0 = performance.now();
  const st = streamSoak(lib, rt2, { steps: streamSteps, warmup: Math.ceil(streamSteps / 10) });
  report('soak-stream', streamSteps, st, performance.now() - t0, { build: rt2.isa, checksum: round(st.checksum, 3) });
}
