// The conformance program: uses rnn-wasm exactly as a user would (the package's public API,
// imported by name) and returns every output plus a digest, so hosts can be compared bit for bit.
// To extend it, add a case to CASES: each returns the Float32Arrays it wants compared.
// Shapes are small: the scalar build runs every case too, in every host.
import { init, Tensor, matmul, nn, optim, crossEntropy, noGrad, tanh, manualSeed, dropout, data } from 'rnn-wasm';
import { rand } from './rand.mjs';

export const CASES = [
  {
    // Odd sizes straddle every tile edge; the chain feeds a kernel result back in.
    name: 'matmul-chain',
    run() {
      const a = Tensor.from(rand(7 * 33, 1), [7, 33]);
      const b = Tensor.from(rand(33 * 17, 2), [33, 17]);
      const c = matmul(a, b);
      const d = Tensor.from(rand(17 * 40, 3), [17, 40]);
      return [c.toArray(), matmul(c, d).toArray()];
    },
  },
  {
    name: 'matmul-square-64',
    run() {
      const x = Tensor.from(rand(64 * 64, 4), [64, 64]);
      return [matmul(x, x).toArray()];
    },
  },
  {
    // A GEMV-shaped product (one row), the shape of a single-sequence inference step.
    name: 'matmul-row',
    run() {
      const h = Tensor.from(rand(1 * 96, 5), [1, 96]);
      const w = Tensor.from(rand(96 * 128, 6), [96, 128]);
      return [matmul(h, w).toArray()];
    },
  },
  {
    // Three SGD steps (momentum) on Embedding -> tanh -> Linear with cross-entropy.
    name: 'emb-linear-training-steps',
    run() {
      const emb = load(new nn.Embedding(13, 8), 500);
      const head = load(new nn.Linear(8, 13), 600);
      const params = [...emb.parameters(), ...head.parameters()];
      return train(params, (tokens) => head.forward(tanh(emb.forward(tokens))));
    },
  },
  {
    // Embedding -> BiLSTM -> Linear from fixed weights, inference (eval, no grad).
    name: 'emb-bilstm-linear-inference',
    run() {
      const m = charModel(true);
      const tokens = Tensor.from(ints(3 * 7, 13, 7), [3, 7], { dtype: 'int32' });
      return noGrad(() => {
        const r = m.lstm.forward(m.emb.forward(tokens));
        return [m.head.forward(r.output).toArray(), r.h.toArray(), r.c.toArray()];
      });
    },
  },
  {
    // Two-layer bidirectional GRU over padded sequences (pack_padded_sequence semantics).
    name: 'gru-2layer-bi-lengths',
    run() {
      const gru = load(new nn.GRU({ inputSize: 5, hiddenSize: 9, numLayers: 2, bidirectional: true }), 300).eval();
      const x = Tensor.from(rand(3 * 6 * 5, 8), [3, 6, 5]);
      return noGrad(() => {
        const r = gru.forward(x, { lengths: [6, 4, 1] });
        return [r.output.toArray(), r.h.toArray()];
      });
    },
  },
  {
    // Three SGD steps (momentum) on Embedding -> LSTM -> Linear with cross-entropy.
    name: 'lstm-training-steps',
    run() {
      const m = charModel(false);
      const params = [...m.emb.parameters(), ...m.lstm.parameters(), ...m.head.parameters()];
      return train(params, (tokens) => m.head.forward(m.lstm.forward(m.emb.forward(tokens)).output));
    },
  },
  {
    // Seeded from scratch (reliability, issue 8): manualSeed -> default initialisation, dropout
    // masks (between LSTM layers and on the embeddings) and a shuffled batch order, then the
    // three SGD steps; returns the initial weights, the order and the loss curve with the rest.
    name: 'seeded-training',
    run() {
      manualSeed(2024);
      const emb = new nn.Embedding(13, 8);
      const lstm = new nn.LSTM({ inputSize: 8, hiddenSize: 10, numLayers: 2, dropout: 0.25 });
      const head = new nn.Linear(10, 13);
      const params = [...emb.parameters(), ...lstm.parameters(), ...head.parameters()];
      const initial = params.map((p) => p.toArray());
      const order = data.shuffledIndices(8, 2024);
      const out = train(params, (tokens) => head.forward(lstm.forward(dropout(emb.forward(tokens), 0.1)).output));
      return [...initial, Float32Array.from(order), ...out];
    },
  },
  {
    // Sized so that a 2-thread runtime splits the work (issue 14): a product past the pool's
    // threshold (split by columns), and a B = 8 LSTM trained (its scan in batch pieces).
    name: 'parallel-sized',
    run() {
      const a = Tensor.from(rand(96 * 80, 10), [96, 80]);
      const b = Tensor.from(rand(80 * 100, 11), [80, 100]);
      const product = matmul(a, b).toArray(); // before opt.step(), which ends the step
      const lstm = load(new nn.LSTM({ inputSize: 8, hiddenSize: 10 }), 700);
      const head = load(new nn.Linear(10, 13), 800);
      const params = [...lstm.parameters(), ...head.parameters()];
      const opt = new optim.SGD(params, { lr: 0.1 });
      const x = Tensor.from(rand(8 * 5 * 8, 12), [8, 5, 8]);
      const y = Tensor.from(ints(8 * 5, 13, 13), [8, 5], { dtype: 'int32' });
      const loss = crossEntropy(head.forward(lstm.forward(x).output), y);
      const lossValue = loss.item();
      loss.backward();
      opt.step();
      return [product, Float32Array.of(lossValue), ...params.map((p) => p.toArray())];
    },
  },
  {
    // B = 1 with a step product past the scan's split threshold (B * 4H * H = 65536): on 2 threads
    // each step's recurrent product is split by columns between barriers, which the main thread of
    // a browser page passes by spinning (it may not wait). An LSTM training step and a GRU forward.
    name: 'parallel-b1-steps',
    run() {
      const lstm = load(new nn.LSTM({ inputSize: 8, hiddenSize: 128 }), 900);
      const head = load(new nn.Linear(128, 13), 1000);
      const params = [...lstm.parameters(), ...head.parameters()];
      const opt = new optim.SGD(params, { lr: 0.1 });
      const x = Tensor.from(rand(1 * 6 * 8, 13), [1, 6, 8]);
      const y = Tensor.from(ints(6, 13, 14), [1, 6], { dtype: 'int32' });
      const gru = load(new nn.GRU({ inputSize: 8, hiddenSize: 160 }), 1100).eval();
      const gruOut = noGrad(() => gru.forward(x).output.toArray());
      const loss = crossEntropy(head.forward(lstm.forward(x).output), y);
      const lossValue = loss.item();
      loss.backward();
      opt.step();
      return [gruOut, Float32Array.of(lossValue), ...params.map((p) => p.toArray())];
    },
  },
];

/** Three SGD steps on fixed batches; returns the losses and the final parameters. */
function train(params, logitsOf) {
  const opt = new optim.SGD(params, { lr: 0.1, momentum: 0.9 });
  const losses = [];
  for (let step = 0; step < 3; step++) {
    // Made per step: the step arena (inputs included) is reset by opt.step().
    const tokens = Tensor.from(ints(2 * 5, 13, 9 + step), [2, 5], { dtype: 'int32' });
    const targets = Tensor.from(ints(2 * 5, 13, 20 + step), [2, 5], { dtype: 'int32' });
    opt.zeroGrad();
    const loss = crossEntropy(logitsOf(tokens), targets);
    losses.push(loss.item());
    loss.backward();
    opt.step();
  }
  return [Float32Array.from(losses), ...params.map((p) => p.toArray())];
}

/** Deterministic ids in [0, n). */
function ints(count, n, seed) {
  return Int32Array.from(rand(count, seed), (u) => Math.min(n - 1, Math.floor(((u + 1) / 2) * n)));
}

/** Loads fixed weights (in [-0.5, 0.5)) into every parameter, by PyTorch name, as from a checkpoint. */
function load(module, seed) {
  const dict = {};
  for (const [name, p] of module.namedParameters()) dict[name] = { shape: p.shape, data: rand(p.size, seed++).map((v) => v / 2) };
  module.loadStateDict(dict);
  return module;
}

/** Embedding(13, 8) -> LSTM(8, 12, bidirectional?) -> Linear(12 or 24, 13). */
function charModel(bidirectional) {
  const m = {
    emb: load(new nn.Embedding(13, 8), 100),
    lstm: load(new nn.LSTM({ inputSize: 8, hiddenSize: 12, bidirectional }), 200),
    head: load(new nn.Linear(bidirectional ? 24 : 12, 13), 400),
  };
  if (bidirectional) for (const x of Object.values(m)) x.eval();
  return m;
}

/** FNV-1a over the bytes of each float: equal digests mean bit-identical outputs. */
function digest(arrays) {
  let h = 0x811c9dc5;
  for (const a of arrays) {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Runs every case on one build (on `threads` threads where the host gives them: the result says
 * how many it got, and why not); errors are reported, not thrown, so other builds still run.
 */
export async function runIsa(isa, threads = 1) {
  try {
    const rt = await init({ simd: isa, threads });
    const cases = [];
    for (const c of CASES) {
      const outs = c.run();
      cases.push({ name: c.name, digest: digest(outs), values: outs.flatMap((o) => Array.from(o)) });
      rt.resetStep();
    }
    const [got, jobs] = [rt.threads, rt.pool ? rt.pool.jobsRun : 0];
    rt.close();
    return { isa, threadsAsked: threads, threads: got, threadsReason: rt.threadsReason, jobs, built: rt.isa, digest: digest(cases.map((c) => new Float32Array(c.values))), cases };
  } catch (e) {
    return { isa, threadsAsked: threads, error: `${e?.name}: ${e?.message}` };
  }
}

/** init({ threads: 2, requireThreads: true }): the threads it got, or the error where the host has none. */
async function requireThreads() {
  try {
    const rt = await init({ simd: 'relaxed', threads: 2, requireThreads: true });
    const threads = rt.threads;
    rt.close();
    return { threads };
  } catch (e) {
    return { error: `${e?.name}: ${e?.message}` };
  }
}

/** The whole program: every build (or those in `isas`), as one JSON-able report. */
export async function runAll(host, isas = ['relaxed', 'simd', 'none']) {
  const results = [];
  for (const isa of isas) results.push(await runIsa(isa));
  // The 2-thread leg: the same digests (one thread's where the host has no threads).
  for (const isa of ['relaxed', 'simd']) results.push(await runIsa(isa, 2));
  return { host, results, requireThreads: await requireThreads() };
}
