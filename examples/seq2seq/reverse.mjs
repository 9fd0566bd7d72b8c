// Sequence to sequence: a GRU encoder-decoder learns to reverse digit strings ("1234" -> "4321"),
// trained with teacher forcing and read out with greedy decoding; reports exact-match accuracy.
//   node examples/seq2seq/reverse.mjs [--steps N] [--max-len L] [--hidden H]
import { init, Tensor, nn, optim, crossEntropy, noGrad, manualSeed, Rng } from 'rnn-wasm';

const arg = (name, fallback) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);
const steps = arg('--steps', 1500), maxLen = arg('--max-len', 5), H = arg('--hidden', 128), B = 32;
const BOS = 10, EOS = 11, V = 12; // tokens: digits 0-9, begin and end of sequence

const rt = await init();
manualSeed(2);
const rng = new Rng(2);
const randomDigits = () => Array.from({ length: 1 + Math.floor(rng.uniform() * maxLen) }, () => Math.floor(rng.uniform() * 10));

class Seq2Seq extends nn.Module {
  constructor() {
    super();
    this.srcEmbed = this.registerModule('srcEmbed', new nn.Embedding(V, 32));
    this.tgtEmbed = this.registerModule('tgtEmbed', new nn.Embedding(V, 32));
    this.encoder = this.registerModule('encoder', new nn.GRU({ inputSize: 32, hiddenSize: H }));
    this.decoder = this.registerModule('decoder', new nn.GRU({ inputSize: 32, hiddenSize: H }));
    this.head = this.registerModule('head', new nn.Linear(H, V));
  }
  /** The encoder's state after each source's last digit: (1, B, H). */
  encode(src, lengths) {
    return this.encoder.forward(this.srcEmbed.forward(src), { lengths }).h;
  }
  /** Decoder logits (B, T, V) for inputs (B, T) from state h0, and the state after. */
  decode(inp, h0) {
    const r = this.decoder.forward(this.tgtEmbed.forward(inp), { h0 });
    return { logits: this.head.forward(r.output), h: r.h };
  }
}
const model = new Seq2Seq();
const opt = new optim.Adam(model.parameters(), { lr: 0.002 });

/** Source ids (B, S) padded with EOS, lengths, decoder inputs BOS+target and targets target+EOS padded with -100. */
function batchOf(seqs) {
  const S = Math.max(...seqs.map((s) => s.length)), Tt = S + 1;
  const src = new Int32Array(seqs.length * S).fill(EOS), inp = new Int32Array(seqs.length * Tt).fill(EOS), tgt = new Int32Array(seqs.length * Tt).fill(-100);
  seqs.forEach((s, b) => {
    const rev = [...s].reverse();
    s.forEach((d, t) => (src[b * S + t] = d));
    [BOS, ...rev].forEach((d, t) => (inp[b * Tt + t] = d));
    [...rev, EOS].forEach((d, t) => (tgt[b * Tt + t] = d));
  });
  const i32 = (a, shape) => Tensor.from(a, shape, { dtype: 'int32' });
  return { src: i32(src, [seqs.length, S]), lengths: seqs.map((s) => s.length), inp: i32(inp, [seqs.length, Tt]), tgt: i32(tgt, [seqs.length, Tt]) };
}

/** Greedy decoding: feed back the most likely digit until EOS (or a length cap). */
function reverseWithModel(digits) {
  return noGrad(() => {
    const b = batchOf([digits]);
    let h = model.encode(b.src, b.lengths), token = BOS;
    const out = [];
    while (out.length <= maxLen + 1) {
      const r = model.decode(Tensor.from([token], [1, 1], { dtype: 'int32' }), h);
      const z = Array.from(r.logits.toArray());
      token = z.indexOf(Math.max(...z));
      if (token === EOS) break;
      out.push(token);
      h = r.h;
    }
    rt.resetStep();
    return out;
  });
}

const history = optim.fit(model, {
  // An endless stream of fresh random batches; `steps` ends it.
  train: function* () {
    for (;;) yield batchOf(Array.from({ length: B }, randomDigits));
  },
  loss: (m, b) => crossEntropy(m.decode(b.inp, m.encode(b.src, b.lengths)).logits, b.tgt, { ignoreIndex: -100 }), // teacher forcing
  optimizer: opt,
  steps,
  clipGradNorm: 1,
  callbacks: { onStep: (s) => { if (s.step % 100 === 0) console.log(`step ${s.step}  loss ${s.loss.toFixed(4)}`); } },
});
const loss = history.losses[history.losses.length - 1];

const tests = Array.from({ length: 200 }, randomDigits);
const exact = tests.filter((d) => reverseWithModel(d).join('') === [...d].reverse().join('')).length;
for (const d of tests.slice(0, 5)) console.log(`${d.join('')} -> ${reverseWithModel(d).join('')}`);
console.log(`final loss ${loss.toFixed(4)}`);
console.log(`exact match ${((100 * exact) / tests.length).toFixed(1)}% of ${tests.length} random strings`);
