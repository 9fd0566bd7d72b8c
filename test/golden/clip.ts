// Golden handler for kind "clip_grad_norm" (case 13): one global L2 norm, coefficient, clipped
// gradients, and the no-op setting that must leave every gradient bit-identical.
import { optim, type Runtime, type Tensor } from '../../src/index.js';
import type { Comparator, GoldenCase, GoldenTensor } from './common.js';
import { toTensor } from './common.js';

function paramsWithGrads(rt: Runtime, order: string[], grads: Record<string, GoldenTensor>): Tensor[] {
  return order.map((n) => {
    const p = toTensor(rt, grads[n], { arena: 'params', requiresGrad: true });
    p.grad = toTensor(rt, grads[n], { arena: 'state' });
    return p;
  });
}

export function clipCase(c: GoldenCase, rt: Runtime, cmp: Comparator): void {
  const order = c.config.param_order as string[];
  const before = c.grads_before as Record<string, GoldenTensor>;
  const after = c.grads_after as Record<string, GoldenTensor>;
  const maxNorm = c.config.max_norm as number;
  const ps = paramsWithGrads(rt, order, before);
  const norm = optim.clipGradNorm(ps, maxNorm);
  cmp.check('total_norm', norm, c.total_norm as number);
  cmp.check('clip_coef', maxNorm / (norm + 1e-6), c.clip_coef as number);
  ps.forEach((p, i) => cmp.check(`grads_after.${order[i]}`, p.grad!.toArray(), after[order[i]]));
  const noop = paramsWithGrads(rt, order, before);
  const norm2 = optim.clipGradNorm(noop, (c.noop_check as { max_norm: number }).max_norm);
  cmp.check('noop_check.total_norm', norm2, c.total_norm as number);
  noop.forEach((p, i) => {
    const g = p.grad!.toArray(), b = before[order[i]].data;
    for (let j = 0; j < b.length; j++) {
      if (g[j] !== Math.fround(b[j])) throw new Error(`${c.case}: noop_check changed ${order[i]}[${j}]: ${g[j]} vs ${b[j]}`);
    }
  });
}
