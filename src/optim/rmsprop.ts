// torch.optim.RMSprop: square_avg = α·sq + (1-α)g², optional centering (grad_avg) and momentum.
import type { Tensor } from '../tensor/tensor.js';
import { rangesParallel } from '../runtime/parallel.js';
import { checkBool, checkNumber, Optimizer, type BaseOptions } from './optimizer.js';

/**
 * Options of {@link RMSprop}, as torch.optim.RMSprop.
 * @example
 * ```ts
 * new optim.RMSprop(model.parameters(), { lr: 1e-3, alpha: 0.9, centered: true } satisfies optim.RMSpropOptions);
 * ```
 */
export interface RMSpropOptions extends BaseOptions { alpha?: number; eps?: number; weightDecay?: number; momentum?: number; centered?: boolean }

/**
 * RMSprop (centered and momentum variants) as torch.optim.RMSprop.
 * @example
 * ```ts
 * const opt = new optim.RMSprop(model.parameters(), { lr: 1e-3, momentum: 0.9 });
 * ```
 */
export class RMSprop extends Optimizer {
  readonly alpha: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly momentum: number;
  readonly centered: boolean;

  constructor(params: Iterable<Tensor>, opts: RMSpropOptions = {}) {
    super('RMSprop', params, opts, ['alpha', 'eps', 'weightDecay', 'momentum', 'centered'], 0.01);
    this.alpha = checkNumber('RMSprop', 'alpha', opts.alpha ?? 0.99, 0);
    this.eps = checkNumber('RMSprop', 'eps', opts.eps ?? 1e-8, 0);
    this.weightDecay = checkNumber('RMSprop', 'weightDecay', opts.weightDecay ?? 0, 0);
    this.momentum = checkNumber('RMSprop', 'momentum', opts.momentum ?? 0, 0);
    this.centered = checkBool('RMSprop', 'centered', opts.centered);
  }

  protected slotNames(): readonly string[] {
    return ['square_avg', ...(this.momentum > 0 ? ['momentum_buffer'] : []), ...(this.centered ? ['grad_avg'] : [])];
  }

  protected update(p: Tensor, g: Tensor): void {
    const sq = this.slot(p, 'square_avg').ptr;
    const buf = this.momentum > 0 ? this.slot(p, 'momentum_buffer').ptr : 0;
    const gavg = this.centered ? this.slot(p, 'grad_avg').ptr : 0;
    const args = [p.ptr, g.ptr, sq, buf, gavg, p.size, this.lr, this.alpha, this.eps, this.weightDecay, this.momentum, this.centered ? 1 : 0] as const;
    if (!rangesParallel(p.runtime, 'f32_rmsprop_step', args, [0, 1, 2, 3, 4], 5)) {
      p.runtime.k.f32_rmsprop_step(...args);
    }
  }
}
