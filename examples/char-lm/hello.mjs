// The smallest character model: an LSTM learns to continue "hello" one character at a time.
//   node examples/char-lm/hello.mjs [--steps N]
import { init, Tensor, nn, optim, crossEntropy, noGrad, manualSeed } from 'rnn-wasm';

const arg = (name, fallback) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);
const steps = arg('--steps', 100);
await init();
manualSeed(0);

const chars = ['h', 'e', 'l', 'o'];
const x = 'hell'.split('').map((c) => chars.indexOf(c)); // inputs  h e l l
const y = 'ello'.split('').map((c) => chars.indexOf(c)); // targets e l l o

const embed = new nn.Embedding(4, 8);
const lstm = new nn.LSTM({ inputSize: 8, hiddenSize: 16 });
const head = new nn.Linear(16, 4);
const params = [...embed.parameters(), ...lstm.parameters(), ...head.parameters()];
const opt = new optim.Adam(params, { lr: 0.05 });
const logitsOf = (ids) => head.forward(lstm.forward(embed.forward(ids)).output); // (1, T, 4)

// optim.fit runs the loop: zero the gradients, the loss of each batch, backward, an Adam step.
// One batch (the word) per epoch, `steps` epochs.
const history = optim.fit([embed, lstm, head], {
  train: [{ x, y }],
  loss: (_modules, b) => crossEntropy(logitsOf(Tensor.from(b.x, [1, 4], { dtype: 'int32' })), Tensor.from(b.y, [1, 4], { dtype: 'int32' })),
  optimizer: opt,
  epochs: steps,
  callbacks: { onStep: (s) => { if (s.step % 50 === 0) console.log(`step ${s.step}  loss ${s.loss.toFixed(4)}`); } },
});
const loss = history.losses[history.losses.length - 1];

// Greedy continuation: feed the prefix, read the most likely next character at every position.
const guess = noGrad(() => {
  const z = logitsOf(Tensor.from(x, [1, 4], { dtype: 'int32' })).toArray();
  return x.map((_, t) => chars[z.slice(t * 4, t * 4 + 4).indexOf(Math.max(...z.slice(t * 4, t * 4 + 4)))]).join('');
});
console.log(`input "hell" -> predicted "${guess}"`);
console.log(`final loss ${loss.toFixed(4)}`);
