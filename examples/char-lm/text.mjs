// A character language model on real text: GRU, truncated BPTT over 16 parallel streams,
// Adam with gradient clipping, and temperature sampling as it learns.
//   node examples/char-lm/text.mjs [--text FILE] [--steps N] [--hidden H]
import { readFileSync } from 'node:fs';
import { init, Tensor, nn, optim, crossEntropy, noGrad, manualSeed, data, Rng } from 'rnn-wasm';

const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const text = readFileSync(arg('--text', new URL('../../data/harbour.txt', import.meta.url)), 'utf8');
const steps = Number(arg('--steps', 300));
const H = Number(arg('--hidden', 128));
const B = 16, T = 48;

const rt = await init();
manualSeed(1);
const vocab = data.Vocab.fromText(text); // characters, plus <pad> <unk> <eos>
const ids = vocab.encode(text);
console.log(`${ids.length} characters, vocabulary ${vocab.size}, kernels: ${rt.isa}`);

class CharModel extends nn.Module {
  constructor(V) {
    super();
    this.embed = this.registerModule('embed', new nn.Embedding(V, 32));
    this.gru = this.registerModule('gru', new nn.GRU({ inputSize: 32, hiddenSize: H }));
    this.head = this.registerModule('head', new nn.Linear(H, V));
  }
  /** ids (B, T) -> logits (B, T, V) and the last hidden state h (1, B, H). */
  forward(ids, h0) {
    const r = this.gru.forward(this.embed.forward(ids), { h0 });
    return { logits: this.head.forward(r.output), h: r.h };
  }
}
const model = new CharModel(vocab.size);
const opt = new optim.Adam(model.parameters(), { lr: 0.003 });

function sample(prime, length, temperature, rng) {
  return noGrad(() => {
    let { logits, h } = model.forward(Tensor.from(vocab.encode(prime), [1, prime.length], { dtype: 'int32' }));
    let out = '';
    for (let i = 0; i < length; i++) {
      const z = logits.toArray().slice(-vocab.size);
      const w = z.map((v, k) => (k < 3 ? 0 : Math.exp(v / temperature))); // never draw <pad> <unk> <eos>
      let u = rng.uniform() * w.reduce((a, b) => a + b, 0), next = 3;
      while ((u -= w[next]) > 0 && next < w.length - 1) next++;
      out += vocab.tokens[next];
      const hKeep = h.toArray();
      rt.resetStep(); // free this step's tensors, keep going from a copy of the state
      ({ logits, h } = model.forward(Tensor.from([next], [1, 1], { dtype: 'int32' }), Tensor.from(hKeep, h.shape)));
    }
    rt.resetStep();
    return out;
  });
}

let h = new Float32Array(B * H);
const history = optim.fit(model, {
  // Each epoch is one pass over the text in chunks; a new pass starts from a zero state.
  train: () => {
    h = new Float32Array(B * H);
    return data.lmChunks(ids, B, T);
  },
  loss: (m, chunk) => {
    const out = m.forward(Tensor.from(chunk.x, chunk.shape, { dtype: 'int32' }), Tensor.from(h, [1, B, H]));
    h = out.h.toArray(); // carried to the next chunk, cut from the graph (truncated BPTT)
    return crossEntropy(out.logits, Tensor.from(chunk.y, chunk.shape, { dtype: 'int32' }));
  },
  optimizer: opt,
  steps,
  clipGradNorm: 5,
  callbacks: {
    onStep: ({ step, loss }) => {
      if (step % 50 === 0) console.log(`step ${step}  loss ${loss.toFixed(3)}  bpc ${(loss / Math.LN2).toFixed(3)}`);
      if (step % 150 === 0) console.log(`  sample: ${JSON.stringify(sample('The ', 80, 0.7, new Rng(step)))}`);
    },
  },
});
const loss = history.losses[history.losses.length - 1];
console.log(`final loss ${loss.toFixed(4)}`);
