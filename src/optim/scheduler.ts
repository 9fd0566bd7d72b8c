// Learning-rate schedules (closed forms of torch.optim.lr_scheduler): each step() advances one
// epoch and writes the new rate into the optimizer.
import { checkOptions, ValueError } from '../errors.js';
import { checkNumber, Optimizer } from './optimizer.js';
import { describe } from '../util/args.js';

function checkEpoch(where: string, epoch: unknown): void {
  if (typeof epoch !== 'number' || !Number.isSafeInteger(epoch) || epoch < 0) throw new ValueError(`${where}: epoch must be a non-negative integer, got ${describe(epoch)}`);
}

/**
 * The base of the learning-rate schedules: `step()` once per epoch sets the optimizer's `lr` to
 * `lrAt(epoch)`; `epoch` is saved in checkpoints.
 * @example
 * ```ts
 * class Halving extends optim.LRScheduler {
 *   constructor(opt: optim.Optimizer) { super(opt); }
 *   lrAt(epoch: number): number { return this.baseLr / 2 ** epoch; }
 * }
 * ```
 */
export abstract class LRScheduler {
  readonly optimizer: Optimizer;
  readonly baseLr: number;
  /** Epochs stepped so far. */
  epoch = 0;

  protected constructor(where: string, optimizer: Optimizer) {
    if (!(optimizer instanceof Optimizer)) throw new ValueError(`${where}: optimizer must be an Optimizer (optim.SGD, optim.Adam, ...), got ${describe(optimizer)}`);
    this.optimizer = optimizer;
    this.baseLr = optimizer.lr;
  }

  /** The rate for a given epoch. */
  abstract lrAt(epoch: number): number;

  step(): number {
    this.epoch++;
    this.optimizer.lr = this.lrAt(this.epoch);
    return this.optimizer.lr;
  }

  get lastLr(): number {
    return this.optimizer.lr;
  }
}

/**
 * lr = base · gamma^floor(epoch / stepSize).
 * @example
 * ```ts
 * const sched = new optim.StepLR(opt, { stepSize: 10, gamma: 0.5 });
 * for (let epoch = 0; epoch < 30; epoch++) { trainOneEpoch(); sched.step(); }
 * ```
 */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;
  constructor(optimizer: Optimizer, opts: { stepSize: number; gamma?: number }) {
    super('StepLR', optimizer);
    checkOptions('StepLR', opts, ['stepSize', 'gamma']);
    if (!Number.isInteger(opts?.stepSize) || opts.stepSize <= 0) throw new ValueError(`StepLR: stepSize must be a positive integer, got ${opts?.stepSize}`);
    this.stepSize = opts.stepSize;
    this.gamma = checkNumber('StepLR', 'gamma', opts.gamma ?? 0.1, 0);
  }
  lrAt(epoch: number): number {
    checkEpoch('StepLR.lrAt', epoch);
    return this.baseLr * this.gamma ** Math.floor(epoch / this.stepSize);
  }
}

/**
 * lr = etaMin + (base - etaMin)(1 + cos(π·epoch/tMax))/2.
 * @example
 * ```ts
 * const sched = new optim.CosineAnnealingLR(opt, { tMax: 50, etaMin: 1e-5 });
 * sched.step(); // once per epoch
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;
  constructor(optimizer: Optimizer, opts: { tMax: number; etaMin?: number }) {
    super('CosineAnnealingLR', optimizer);
    checkOptions('CosineAnnealingLR', opts, ['tMax', 'etaMin']);
    if (!Number.isInteger(opts?.tMax) || opts.tMax <= 0) throw new ValueError(`CosineAnnealingLR: tMax must be a positive integer, got ${opts?.tMax}`);
    this.tMax = opts.tMax;
    this.etaMin = checkNumber('CosineAnnealingLR', 'etaMin', opts.etaMin ?? 0, 0);
  }
  lrAt(epoch: number): number {
    checkEpoch('CosineAnnealingLR.lrAt', epoch);
    return this.etaMin + ((this.baseLr - this.etaMin) * (1 + Math.cos((Math.PI * epoch) / this.tMax))) / 2;
  }
}
