// nn.Dropout: inverted dropout while training, identity in eval mode.
import { renamed } from '../errors.js';
import { checkOptions, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { dropout } from '../autograd/ops.js';
import { rngOption, type Rng } from '../util/rng.js';
import { Module } from './module.js';

export class Dropout extends Module {
  readonly p: number;
  private readonly rng: Rng | undefined;

  constructor(p = 0.5, opts: { rng?: Rng } = {}) {
    super();
    checkOptions('Dropout', opts, ['rng']);
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new ValueError(`Dropout: p must be in [0, 1], got ${p}`);
    this.p = p;
    this.rng = opts.rng === undefined ? undefined : rngOption('Dropout', opts.rng, ['uniform']);
  }

  forward(x: Tensor): Tensor {
    return renamed('Dropout.forward', () => dropout(x, this.p, { training: this.training, ...(this.rng ? { rng: this.rng } : {}) }));
  }
}
