// torch.optim.SGD: momentum (first step buf = g), dampening, nesterov, L2 weight decay.
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { rangesParallel } from '../runtime/parallel.js';
import { checkBool, checkNumber, Optimizer, type BaseOptions } from './optimizer.js';

/**
 * Options of {@link SGD}, as torch.optim.SGD.
 * @example
 * ```ts
 * new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-4 } satisfies optim.SGDOptions);
 * ```
 */
export interface SGDOptions extends BaseOptions { momentum?: number; dampening?: number; nesterov?: boolean; weightDecay?: number }

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov and weight decay, as torch.optim.SGD.
 * @example
 * ```ts
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * ```
 */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;

  constructor(params: Iterable<Tensor>, opts: SGDOptions = {}) {
    // lr defaults to 1e-3 as in torch.optim.SGD since PyTorch 2.2 (1.13 required it).
    super('SGD', params, opts, ['momentum', 'dampening', 'nesterov', 'weightDecay'], 1e-3);
    this.momentum = checkNumber('SGD', 'momentum', opts.momentum ?? 0, 0);
    this.dampening = checkNumber('SGD', 'dampening', opts.dampening ?? 0, 0);
    this.weightDecay = checkNumber('SGD', 'weightDecay', opts.weightDecay ?? 0, 0);
    this.nesterov = checkBool('SGD', 'nesterov', opts.nesterov);
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) {
      throw new ValueError('SGD: nesterov needs momentum > 0 and dampening 0 (as torch.optim.SGD)');
    }
  }

  /** Parameters whose momentum buffer holds history (their first step sets buf = g, as PyTorch). */
  private readonly started = new Set<Tensor>();

  protected slotNames(): readonly string[] {
    return this.momentum !== 0 ? ['momentum_buffer'] : [];
  }

  protected update(p: Tensor, g: Tensor): void {
    const first = this.momentum !== 0 && !this.started.has(p);
    const buf = this.momentum !== 0 ? this.slot(p, 'momentum_buffer').ptr : 0;
    const args = [p.ptr, g.ptr, buf, p.size, this.lr, this.momentum, this.dampening, this.nesterov ? 1 : 0, this.weightDecay, first ? 1 : 0] as const;
    if (!rangesParallel(p.runtime, 'f32_sgd_step', args, [0, 1, 2], 3)) {
      p.runtime.k.f32_sgd_step(...args);
    }
    if (this.momentum !== 0) this.started.add(p);
  }

  /** A loaded momentum buffer (checkpoints) is history: the next step is not a first step. */
  protected setCounters(p: Tensor): void {
    if (this.hasSlot(p, 'momentum_buffer')) this.started.add(p);
    else this.started.delete(p);
  }
}
