// The "Training" example of docs/guide/training.md (once in the README), verbatim apart from logging: it must run and learn.
import { expect, it } from 'vitest';
import { init, Tensor, nn, optim, crossEntropy, tanh, Rng } from '../../src/index.js';

it('README training example learns', async () => {
  await init();

  class NextToken extends nn.Module {
    emb = this.registerModule('emb', new nn.Embedding(8, 16, { rng: new Rng(1) }));
    out = this.registerModule('out', new nn.Linear(16, 8, { rng: new Rng(2) }));
    forward(ids: Tensor): Tensor {
      return this.out.forward(tanh(this.emb.forward(ids)));
    }
  }

  const model = new NextToken();
  const opt = new optim.Adam(model.parameters(), { lr: 0.05 });
  const xs = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]);
  const ys = xs.map((t) => (3 * t + 1) % 8);
  const losses: number[] = [];
  for (let step = 0; step < 150; step++) {
    const loss = crossEntropy(model.forward(Tensor.from(xs, [8])), Tensor.from(ys, [8]));
    losses.push(loss.item());
    opt.zeroGrad();
    loss.backward();
    opt.step();
  }
  expect(model.stateDict()['out.weight'].shape).toEqual([8, 16]);
  expect(losses[0]).toBeGreaterThan(1.5);
  expect(losses[149]).toBeLessThan(0.05);
});
