// Golden handler for kind "optimizer" (case 12): three steps of each stored optimizer from the
// same initial parameters; compares parameters and state (exp_avg, exp_avg_sq, momentum_buffer).
import { optim, type Runtime, type Tensor } from '../../src/index.js';
import type { Comparator, GoldenCase, GoldenTensor } from './common.js';
import { toTensor } from './common.js';

interface Step { step: number; params: Record<string, GoldenTensor>; state: Record<string, Record<string, GoldenTensor>> }
interface OptCase { algorithm: string; hyperparameters: Record<string, unknown>; after_step: Step[] }

function make(name: string, o: OptCase, params: Tensor[]): optim.Optimizer {
  const h = o.hyperparameters;
  if (o.algorithm === 'adam') {
    if (h.amsgrad) throw new Error(`${name}: amsgrad is not implemented`);
    return new optim.Adam(params, { lr: h.lr as number, betas: h.betas as [number, number], eps: h.eps as number, weightDecay: h.weight_decay as number });
  }
  if (o.algorithm === 'sgd') {
    return new optim.SGD(params, {
      lr: h.lr as number, momentum: h.momentum as number, dampening: h.dampening as number,
      nesterov: h.nesterov as boolean, weightDecay: h.weight_decay as number,
    });
  }
  throw new Error(`${name}: unknown algorithm '${o.algorithm}'`);
}

export function optimizerCase(c: GoldenCase, rt: Runtime, cmp: Comparator): void {
  const order = c.config.param_order as string[];
  const initial = c.params_initial as Record<string, GoldenTensor>;
  const gradsPerStep = c.grads_per_step as Record<string, GoldenTensor>[];
  for (const [name, o] of Object.entries(c.optimizers as Record<string, OptCase>)) {
    const params = order.map((n) => toTensor(rt, initial[n], { arena: 'params', requiresGrad: true }));
    params.forEach((p, i) => (p.grad = toTensor(rt, gradsPerStep[0][order[i]], { arena: 'state' })));
    const opt = make(name, o, params);
    o.after_step.forEach((s, si) => {
      params.forEach((p, i) => p.grad!.data().set(gradsPerStep[si][order[i]].data));
      opt.step();
      params.forEach((p, i) => {
        const n = order[i];
        cmp.check(`${name}.after_step[${si}].params.${n}`, p.toArray(), s.params[n]);
        const st = opt.stateOf(p);
        for (const [stateName, perParam] of Object.entries(s.state)) {
          const mine = st[stateName];
          if (!mine) throw new Error(`${c.case}: optimizer ${name} has no state '${stateName}'`);
          cmp.check(`${name}.after_step[${si}].state.${stateName}.${n}`, mine.toArray(), perParam[n]);
        }
      });
    });
  }
}
