// The three recurrent shapes in a few lines each, on toy tasks that show they learned:
//   many-to-one   sum of a sequence of numbers            (read the last hidden state)
//   one-to-many   a sine wave from its starting phase     (the input repeated at every step)
//   many-to-many  running parity of a bit string          (read every hidden state)
//   node examples/shapes/shapes.mjs [--steps N]
import { init, Tensor, nn, optim, mse, crossEntropy, manualSeed, Rng, reshape } from 'rnn-wasm';

const steps = process.argv.includes('--steps') ? Number(process.argv[process.argv.indexOf('--steps') + 1]) : 300;
await init();
manualSeed(3);
const rng = new Rng(3);
const B = 32, T = 8;

/** Trains `lossOf()` (a fresh random batch each call) with Adam for `steps` steps; returns the last loss. */
function fit(name, modules, lossOf) {
  const opt = new optim.Adam(modules.flatMap((m) => m.parameters()), { lr: 0.01 });
  const history = optim.fit(modules, { train: [null], loss: () => lossOf(), optimizer: opt, epochs: steps });
  const loss = history.losses[history.losses.length - 1];
  console.log(`${name} final loss ${loss.toFixed(4)}`);
  return loss;
}

// many-to-one: x (B, T, 1) uniform in [0, 1) -> the sum, from h after the last step.
{
  const rnn = new nn.LSTM({ inputSize: 1, hiddenSize: 16 }), out = new nn.Linear(16, 1);
  fit('many-to-one', [rnn, out], () => {
    const x = Array.from({ length: B * T }, () => rng.uniform());
    const y = Array.from({ length: B }, (_, b) => x.slice(b * T, b * T + T).reduce((a, v) => a + v, 0) / T);
    const h = rnn.forward(Tensor.from(x, [B, T, 1])).h; // (1, B, 16)
    return mse(out.forward(reshape(h, [B, 16])), Tensor.from(y, [B, 1]));
  });
}

// one-to-many: phase p (B, 1) repeated T times -> sin(p + 0.5 t) at every step.
{
  const rnn = new nn.GRU({ inputSize: 1, hiddenSize: 16 }), out = new nn.Linear(16, 1);
  fit('one-to-many', [rnn, out], () => {
    const p = Array.from({ length: B }, () => rng.uniform() * Math.PI);
    const x = p.flatMap((v) => Array(T).fill(v));
    const y = p.flatMap((v) => Array.from({ length: T }, (_, t) => Math.sin(v + 0.5 * t)));
    return mse(out.forward(rnn.forward(Tensor.from(x, [B, T, 1])).output), Tensor.from(y, [B, T, 1]));
  });
}

// many-to-many: bits (B, T, 1) -> parity of the bits so far (2 classes) at every step.
{
  const rnn = new nn.LSTM({ inputSize: 1, hiddenSize: 16 }), out = new nn.Linear(16, 2);
  fit('many-to-many', [rnn, out], () => {
    const bits = Array.from({ length: B * T }, () => (rng.uniform() < 0.5 ? 0 : 1));
    const parity = bits.map((_, i) => bits.slice(i - (i % T), i + 1).reduce((a, v) => a ^ v, 0));
    const logits = out.forward(rnn.forward(Tensor.from(bits, [B, T, 1])).output); // (B, T, 2)
    return crossEntropy(logits, Tensor.from(parity, [B, T], { dtype: 'int32' }));
  });
}
