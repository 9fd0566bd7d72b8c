// torch.optim.Adam (L2 weight decay added to g) and AdamW (decoupled decay p *= 1 - lr·wd):
// both moments bias-corrected, eps added after sqrt(v̂), per-parameter step counters.
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { rangesParallel } from '../runtime/parallel.js';
import { checkNumber, Optimizer, type BaseOptions } from './optimizer.js';

/**
 * Options of {@link Adam} and {@link AdamW}, as torch.optim.Adam.
 * @example
 * ```ts
 * new optim.Adam(model.parameters(), { lr: 1e-3, betas: [0.9, 0.98], eps: 1e-9 } satisfies optim.AdamOptions);
 * ```
 */
export interface AdamOptions extends BaseOptions { betas?: [number, number]; eps?: number; weightDecay?: number }

/**
 * Adam (Kingma & Ba 2015) as torch.optim.Adam; weightDecay adds to the gradient (AdamW decouples it).
 * @example
 * ```ts
 * const opt = new optim.Adam(model.parameters(), { lr: 0.005 });
 * ```
 */
export class Adam extends Optimizer {
  readonly betas: readonly [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  private readonly decoupled: boolean;
  private readonly steps = new Map<Tensor, number>();

  /** Which of the two (AdamW overrides it): the constructor reads it from the class it builds. */
  protected static readonly kind: 'Adam' | 'AdamW' = 'Adam';

  constructor(params: Iterable<Tensor>, opts: AdamOptions = {}) {
    const kind = (new.target as unknown as { kind: 'Adam' | 'AdamW' }).kind;
    super(kind, params, opts, ['betas', 'eps', 'weightDecay'], 0.001);
    const b = opts.betas ?? [0.9, 0.999];
    if (!Array.isArray(b) || b.length !== 2) throw new ValueError(`${kind}: betas must be [beta1, beta2], got ${JSON.stringify(b)}`);
    this.betas = [checkNumber(kind, 'betas[0]', b[0], 0, 0.999999999), checkNumber(kind, 'betas[1]', b[1], 0, 0.999999999)];
    this.eps = checkNumber(kind, 'eps', opts.eps ?? 1e-8, 0);
    this.weightDecay = checkNumber(kind, 'weightDecay', opts.weightDecay ?? (kind === 'AdamW' ? 0.01 : 0), 0);
    this.decoupled = kind === 'AdamW';
  }

  /** Steps taken for parameter p (PyTorch's state['step']). */
  stepOf(p: Tensor): number {
    this.checkParam(`${this.where}.stepOf`, p);
    return this.steps.get(p) ?? 0;
  }

  protected countersOf(p: Tensor): Record<string, number> {
    return this.steps.has(p) ? { step: this.steps.get(p)! } : {};
  }

  protected setCounters(p: Tensor, c: Record<string, number>): void {
    if (c.step === undefined) this.steps.delete(p);
    else this.steps.set(p, c.step);
  }

  protected slotNames(): readonly string[] {
    return ['exp_avg', 'exp_avg_sq'];
  }

  protected update(p: Tensor, g: Tensor): void {
    const t = (this.steps.get(p) ?? 0) + 1;
    this.steps.set(p, t);
    const [b1, b2] = this.betas;
    const bc1 = 1 - b1 ** t;
    const bc2 = 1 - b2 ** t;
    const m = this.slot(p, 'exp_avg');
    const v = this.slot(p, 'exp_avg_sq');
    const l2 = this.decoupled ? 0 : this.weightDecay;
    const decay = this.decoupled ? this.lr * this.weightDecay : 0;
    const args = [p.ptr, g.ptr, m.ptr, v.ptr, p.size, this.lr / bc1, b1, b2, this.eps, Math.sqrt(bc2), l2, decay] as const;
    // Large parameters: ranges on the runtime's threads (elementwise, so the same values).
    if (rangesParallel(p.runtime, 'f32_adam_step', args, [0, 1, 2, 3], 4)) return;
    p.runtime.k.f32_adam_step(...args);
  }
}

/**
 * AdamW: Adam with decoupled weight decay (default weightDecay 0.01, as PyTorch).
 * @example
 * ```ts
 * const opt = new optim.AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.05 });
 * ```
 */
export class AdamW extends Adam {
  protected static readonly kind = 'AdamW' as const;

  constructor(params: Iterable<Tensor>, opts: AdamOptions = {}) {
    super(params, opts);
  }
}
