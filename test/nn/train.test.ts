// End-to-end: small models learn toy tasks (loss falls below a stated threshold), on every build.
import { describe, expect, it } from 'vitest';
import { Tensor, nn, optim, crossEntropy, mse, tanh, Rng, setRuntime } from '../../src/index.js';
import { ISAS, runtimeFor } from '../helpers.js';

/** The README's example model: Embedding → tanh → Linear. */
class NextToken extends nn.Module {
  readonly emb: nn.Embedding;
  readonly out: nn.Linear;
  constructor(vocab: number, dim: number, rng: Rng) {
    super();
    this.emb = this.registerModule('emb', new nn.Embedding(vocab, dim, { rng }));
    this.out = this.registerModule('out', new nn.Linear(dim, vocab, { rng }));
  }
  forward(ids: Tensor): Tensor {
    return this.out.forward(tanh(this.emb.forward(ids)));
  }
}

describe.each(ISAS)('training on %s', (isa) => {
  it('Embedding → tanh → Linear learns t → (3t + 1) mod 8 with Adam (loss < 0.05)', async () => {
    setRuntime(await runtimeFor(isa));
    const V = 8;
    const model = new NextToken(V, 16, new Rng(1));
    const opt = new optim.Adam(model.parameters(), { lr: 0.05 });
    const xs = Int32Array.from({ length: V }, (_, t) => t);
    const ys = xs.map((t) => (3 * t + 1) % V);
    const losses: number[] = [];
    for (let step = 0; step < 150; step++) {
      const loss = crossEntropy(model.forward(Tensor.from(xs, [V])), Tensor.from(ys, [V]));
      losses.push(loss.item());
      opt.zeroGrad();
      loss.backward();
      opt.step();
    }
    expect(losses[0]).toBeGreaterThan(1.5);
    expect(losses[losses.length - 1]).toBeLessThan(0.05);
  });

  it('Sequential(Linear) fits a linear map with SGD + momentum and a cosine schedule (mse < 1e-4)', async () => {
    setRuntime(await runtimeFor(isa));
    const model = new nn.Sequential(new nn.Linear(3, 2, { rng: new Rng(2) }));
    const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    const sched = new optim.CosineAnnealingLR(opt, { tMax: 300, etaMin: 0.01 });
    const rng = new Rng(3);
    let last = Infinity;
    for (let step = 0; step < 300; step++) {
      const x = Float32Array.from({ length: 16 * 3 }, () => rng.uniformIn(-1, 1));
      const y = new Float32Array(16 * 2);
      for (let b = 0; b < 16; b++) {
        y[b * 2] = 2 * x[b * 3] - x[b * 3 + 1] + 0.5;
        y[b * 2 + 1] = x[b * 3 + 2] - 0.25;
      }
      const loss = mse(model.forward(Tensor.from(x, [16, 3])), Tensor.from(y, [16, 2]));
      last = loss.item();
      model.zeroGrad();
      loss.backward();
      opt.step();
      sched.step();
    }
    expect(last).toBeLessThan(1e-4);
    const w = (model.layers[0] as nn.Linear).weight.toArray();
    expect(w[0]).toBeCloseTo(2, 2);
    expect(w[1]).toBeCloseTo(-1, 2);
  });
});
