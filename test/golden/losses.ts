// Golden handler for kind "losses" (case 18): cross-entropy, BCE-with-logits and MSE values and
// gradients of the mean reduction.
import { bceWithLogits, crossEntropy, mse, type Runtime } from '../../src/index.js';
import type { Comparator, GoldenCase, GoldenTensor } from './common.js';
import { toTensor } from './common.js';

type Loss = Record<string, GoldenTensor | number>;

export function lossesCase(c: GoldenCase, rt: Runtime, cmp: Comparator): void {
  const L = c.losses as Record<string, Loss>;
  {
    const e = L.cross_entropy;
    const z = toTensor(rt, e.logits as GoldenTensor, { requiresGrad: true });
    const t = toTensor(rt, e.targets as GoldenTensor);
    cmp.check('cross_entropy.value_sum', crossEntropy(z, t, { reduction: 'sum' }).item(), e.value_sum);
    const mean = crossEntropy(z, t);
    cmp.check('cross_entropy.value_mean', mean.item(), e.value_mean);
    mean.backward();
    cmp.check('cross_entropy.grad_logits', z.grad!.toArray(), e.grad_logits);
  }
  {
    const e = L.bce_with_logits;
    const x = toTensor(rt, e.logits as GoldenTensor, { requiresGrad: true });
    const y = toTensor(rt, e.targets as GoldenTensor);
    cmp.check('bce_with_logits.value_sum', bceWithLogits(x, y, { reduction: 'sum' }).item(), e.value_sum);
    const mean = bceWithLogits(x, y);
    cmp.check('bce_with_logits.value_mean', mean.item(), e.value_mean);
    mean.backward();
    cmp.check('bce_with_logits.grad_logits', x.grad!.toArray(), e.grad_logits);
  }
  {
    const e = L.mse;
    const p = toTensor(rt, e.pred as GoldenTensor, { requiresGrad: true });
    const t = toTensor(rt, e.target as GoldenTensor);
    cmp.check('mse.value_sum', mse(p, t, { reduction: 'sum' }).item(), e.value_sum);
    const mean = mse(p, t);
    cmp.check('mse.value_mean', mean.item(), e.value_mean);
    mean.backward();
    cmp.check('mse.grad_pred', p.grad!.toArray(), e.grad_pred);
  }
  rt.resetStep();
}
