// nn.Dropout: inverted dropout while training, identity in eval mode.
import { renamed } from '../errors.js';
import { checkOptions, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { dropout } from '../autograd/ops.js';
import { rngOption, type Rng } from '../util/rng.js';
import { Module } from './module.js';

/**
 * Zeroes each element with probability p and scales the rest by 1/(1-p) while training; the
 * identity in eval mode. Masks come from the default generator or the `rng` option.
 * @example
 * ```ts
 * const drop = new nn.Dropout(0.3);
 * const y = drop.forward(x); // training
 * drop.eval();
 * drop.forward(x); // x unchanged
 * ```
 */
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
