// fit(): the training loop people expect from Keras, over any module and any batch type:
// epochs | steps | time budget, per-step and per-epoch callbacks, validation loss, early stopping
// (with the best weights restored), reduce-on-plateau, gradient clipping, and cancellation
// through an AbortSignal. Returns the history. No host APIs: runs in Node, Deno, browsers, workerd.
import { checkOptions, renamed, ValueError } from '../errors.js';
import { describe } from '../util/args.js';
import type { Tensor } from '../tensor/tensor.js';
import { clearTape, noGrad } from '../autograd/tape.js';
import { clipGradNorm } from './clip.js';
import { checkNumber, type Optimizer } from './optimizer.js';

/**
 * A batch source: an array (re-read every epoch) or a function giving epoch e's batches.
 * @example
 * ```ts
 * const source: optim.BatchSource<number[]> = (epoch) => data.lengthBuckets(lengths, 32, epoch).map((b) => Array.from(b));
 * ```
 */
export type BatchSource<B> = readonly B[] | ((epoch: number) => Iterable<B>);

/**
 * What `callbacks.onStep` of {@link fit} gets after every optimizer step.
 * @example
 * ```ts
 * optim.fit(model, { train, loss, optimizer, callbacks: { onStep: (i: optim.StepInfo) => console.log(i.step, i.loss, i.lr) } });
 * ```
 */
export interface StepInfo {
  /** Optimizer steps taken so far in this fit (1 after the first). */
  step: number;
  /** 0-based epoch of this step. */
  epoch: number;
  /** Training loss of this step's batch. */
  loss: number;
  lr: number;
  /** Seconds since fit() started. */
  seconds: number;
}

/**
 * What `callbacks.onEpochEnd` of {@link fit} gets after every epoch (and `History.epochs` keeps).
 * @example
 * ```ts
 * optim.fit(model, { train, validation, loss, optimizer, epochs: 10, callbacks: { onEpochEnd: (e: optim.EpochInfo) => console.log(e.epoch, e.loss, e.valLoss) } });
 * ```
 */
export interface EpochInfo {
  /** 0-based. */
  epoch: number;
  /** Mean training loss over the epoch's steps (weighted by batchWeight when given). */
  loss: number;
  /** Validation loss after the epoch (undefined without validation). */
  valLoss?: number;
  lr: number;
  /** Steps taken in this epoch (fewer than a full pass when steps/time ended it). */
  steps: number;
  seconds: number;
}

/**
 * Early stopping in {@link fit}: patience, the least improvement that counts, and whether to put the best weights back.
 * @example
 * ```ts
 * optim.fit(model, { train, validation, loss, optimizer, epochs: 100, earlyStopping: { patience: 5, restoreBest: true } satisfies optim.EarlyStoppingOptions });
 * ```
 */
export interface EarlyStoppingOptions {
  /** Stop after this many epochs in a row without improvement (0 acts as 1). */
  patience: number;
  /** Improvement means monitored < best - minDelta. Default 0. */
  minDelta?: number;
  /** Put the weights of the best epoch back when fit() returns. Default false (as Keras). */
  restoreBest?: boolean;
}

/**
 * Reduce-on-plateau in {@link fit} (Keras' ReduceLROnPlateau): factor, patience, least improvement, cooldown, floor.
 * @example
 * ```ts
 * optim.fit(model, { train, validation, loss, optimizer, epochs: 50, reduceLrOnPlateau: { factor: 0.5, patience: 3, minLr: 1e-5 } satisfies optim.PlateauOptions });
 * ```
 */
export interface PlateauOptions {
  /** lr ← max(lr · factor, minLr). Default 0.1. */
  factor?: number;
  /** Epochs without improvement before reducing. Default 10. */
  patience?: number;
  /** Default 1e-4 (absolute, as Keras' min_delta). */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again. Default 0. */
  cooldown?: number;
  minLr?: number;
}

/**
 * What fit() needs of a model: an nn.Module satisfies it. Written out here because optim may not
 * import nn (the house rule: nn, optim and data sit side by side on one layer).
 */
export interface Module {
  training: boolean;
  parameters(): Tensor[];
  namedParameters(prefix?: string): [string, Tensor][];
  loadStateDict(dict: Record<string, { shape: readonly number[]; data: ArrayLike<number> }>): unknown;
  train(mode?: boolean): unknown;
}

/**
 * What fit() trains: one module, or several trained together (e.g. an encoder and a head).
 * @example
 * ```ts
 * optim.fit([encoder, head] satisfies optim.Trainable, { train, loss: ([e, h], b) => mse(h.forward(e.forward(b.x).output), b.y), optimizer });
 * ```
 */
export type Trainable = Module | readonly Module[];

/**
 * Options of {@link fit}: the batches, the loss, the optimizer, how long, clipping, callbacks, early stopping, plateau, abort.
 * @example
 * ```ts
 * const opts: optim.FitOptions<{ x: Tensor; y: Tensor }> = { train: batches, loss: (m, b) => mse(m.forward(b.x), b.y), optimizer, epochs: 20, clipGradNorm: 1 };
 * ```
 */
export interface FitOptions<B, M extends Trainable = Module> {
  train: BatchSource<B>;
  /** Batches for the validation loss, computed after every epoch without gradients, in eval mode. */
  validation?: BatchSource<B>;
  /** The scalar loss of one batch (recorded: fit() calls backward on it). */
  loss: (model: M, batch: B) => Tensor;
  optimizer: Optimizer;
  /** Passes over `train`. Default 1 unless steps or time is given. */
  epochs?: number;
  /** Total optimizer steps (the last epoch may stop part-way). */
  steps?: number;
  /** Seconds: stop after the step that passes this budget. */
  time?: number;
  /** Clip the global gradient norm to this before each step (0 or absent: off). */
  clipGradNorm?: number;
  /** Weight of a batch in the epoch's mean training loss and in the validation mean (e.g. its number of examples). Default 1 each. */
  batchWeight?: (batch: B) => number;
  callbacks?: {
    onStep?: (info: StepInfo) => void;
    /** Return 'stop' to end training after this epoch. */
    onEpochEnd?: (info: EpochInfo) => void | 'stop';
  };
  /** Monitors the validation loss (the training loss without validation). */
  earlyStopping?: EarlyStoppingOptions;
  reduceLrOnPlateau?: PlateauOptions;
  /** Aborting ends training before the next step; fit() returns the history so far. */
  signal?: { readonly aborted: boolean };
  /** Clock in milliseconds (default performance.now). */
  now?: () => number;
}

/**
 * Why {@link fit} returned: the epochs, steps or time ran out, early stopping, a callback, or the abort signal.
 * @example
 * ```ts
 * if (optim.fit(model, opts).stoppedBy === ('earlyStopping' satisfies optim.StopReason)) console.log('converged');
 * ```
 */
export type StopReason = 'epochs' | 'steps' | 'time' | 'earlyStopping' | 'callback' | 'signal';

/**
 * What {@link fit} returns: every step's loss, per-epoch figures, the best epoch and why it stopped.
 * @example
 * ```ts
 * const h: optim.History = optim.fit(model, opts);
 * console.log(h.losses.length, h.best, h.bestEpoch, h.stoppedBy);
 * ```
 */
export interface History {
  /** Training loss of every step. */
  losses: number[];
  epochs: EpochInfo[];
  /** What was monitored for early stopping / plateau: 'valLoss' or 'loss'. */
  monitor: 'valLoss' | 'loss';
  /** Best monitored value and its 0-based epoch (-1 when no epoch finished). */
  best: number;
  bestEpoch: number;
  /** True when the best epoch's weights were put back (earlyStopping.restoreBest). */
  restoredBest: boolean;
  stoppedBy: StopReason;
  steps: number;
  seconds: number;
}

const OPTIONS = ['train', 'validation', 'loss', 'optimizer', 'epochs', 'steps', 'time', 'clipGradNorm', 'batchWeight', 'callbacks', 'earlyStopping', 'reduceLrOnPlateau', 'signal', 'now'];

function batches<B>(where: string, src: BatchSource<B>, epoch: number): Iterable<B> {
  const it = typeof src === 'function' ? src(epoch) : src;
  if (it === null || typeof (it as Iterable<B>)?.[Symbol.iterator] !== 'function') throw new ValueError(`${where} must be an array of batches or a function (epoch) => iterable of batches`);
  return it;
}

function modulesOf(m: Trainable): readonly Module[] {
  return Array.isArray(m) ? (m as readonly Module[]) : [m as Module];
}

/** Parameters of one module by name, of several by 'index.name'. */
function namedParams(m: Trainable): [string, Tensor][] {
  return Array.isArray(m) ? modulesOf(m).flatMap((x, i) => x.namedParameters(`${i}.`)) : (m as Module).namedParameters();
}

function setTraining(m: Trainable, modes: boolean | readonly boolean[]): void {
  modulesOf(m).forEach((x, i) => x.train(typeof modes === 'boolean' ? modes : modes[i]));
}

/**
 * Loss over the validation batches without recording, in eval mode; the weighted mean.
 * @example
 * ```ts
 * const val = optim.evaluateLoss(model, valBatches, (m, b) => mse(m.forward(b.x), b.y));
 * ```
 */
export function evaluateLoss<B, M extends Trainable>(model: M, source: BatchSource<B>, loss: (m: M, b: B) => Tensor, weight?: (b: B) => number): number {
  const where = 'evaluateLoss';
  const mods = model !== null && typeof model === 'object' ? modulesOf(model) : [];
  if (mods.length === 0 || !mods.every((x) => x !== null && typeof x === 'object' && typeof x.parameters === 'function' && typeof x.train === 'function')) {
    throw new ValueError(`${where}: model must be a Module or an array of Modules, got ${describe(model)}`);
  }
  const iterable = source !== null && typeof source === 'object' && typeof (source as Iterable<B>)[Symbol.iterator] === 'function';
  if (typeof source !== 'function' && !iterable) throw new ValueError(`${where}: source must be an array of batches or a function (epoch) => iterable of batches, got ${describe(source)}`);
  if (typeof loss !== 'function') throw new ValueError(`${where}: loss must be a function (model, batch) => scalar Tensor, got ${describe(loss)}`);
  if (weight !== undefined && typeof weight !== 'function') throw new ValueError(`${where}: weight must be a function (batch) => number, got ${describe(weight)}`);
  return renamed(where, () => meanLoss(model, source, loss, weight));
}

function meanLoss<B, M extends Trainable>(model: M, source: BatchSource<B>, loss: (m: M, b: B) => Tensor, weight?: (b: B) => number): number {
  const wasTraining = modulesOf(model).map((x) => x.training);
  setTraining(model, false);
  let sum = 0, total = 0;
  try {
    noGrad(() => {
      for (const b of batches('fit: validation', source, 0)) {
        const w = weight ? weight(b) : 1;
        const l = loss(model, b);
        sum += l.item() * w;
        total += w;
        const rt = l.runtime;
        rt.resetStep();
      }
    });
  } finally {
    setTraining(model, wasTraining);
  }
  if (total === 0) throw new ValueError('fit: validation yielded no batches');
  return sum / total;
}

/**
 * Trains `model` in place; see FitOptions. Checks every option before the first step.
 * @example
 * ```ts
 * const model = new nn.Linear(3, 1);
 * // A generator makes each batch when it is read: every optimizer step resets the step arena.
 * const batches = function* () { yield { x: Tensor.zeros([4, 3]), y: Tensor.zeros([4, 1]) }; };
 * const h = optim.fit(model, { train: batches, loss: (m, b) => mse(m.forward(b.x), b.y), optimizer: new optim.Adam(model.parameters()), epochs: 10 });
 * ```
 */
export function fit<B, M extends Trainable>(model: M, o: FitOptions<B, M>): History {
  checkOptions('fit', o, OPTIONS);
  const mods = model ? modulesOf(model) : [];
  if (mods.length === 0 || !mods.every((x) => x && typeof x.parameters === 'function' && typeof x.train === 'function')) throw new ValueError('fit: model must be a Module or an array of Modules');
  if (typeof o.loss !== 'function') throw new ValueError('fit: loss must be a function (model, batch) => scalar Tensor');
  if (!o.optimizer || typeof o.optimizer.step !== 'function') throw new ValueError('fit: optimizer must be an Optimizer (e.g. new optim.Adam(model.parameters()))');
  if (o.train === undefined) throw new ValueError('fit: train is required');
  const posInt = (name: string, v: unknown) => {
    if (v !== undefined && (!Number.isInteger(v) || (v as number) < 1)) throw new ValueError(`fit: ${name} must be a positive integer, got ${String(v)}`);
  };
  posInt('epochs', o.epochs);
  posInt('steps', o.steps);
  if (o.time !== undefined) checkNumber('fit', 'time', o.time, 0, Infinity, true);
  if (o.clipGradNorm !== undefined) checkNumber('fit', 'clipGradNorm', o.clipGradNorm, 0);
  const es = o.earlyStopping;
  if (es !== undefined) {
    checkOptions('fit: earlyStopping', es, ['patience', 'minDelta', 'restoreBest']);
    if (!Number.isInteger(es.patience) || es.patience < 0) throw new ValueError(`fit: earlyStopping.patience must be a non-negative integer, got ${String(es.patience)}`);
    if (es.minDelta !== undefined) checkNumber('fit', 'earlyStopping.minDelta', es.minDelta, 0);
  }
  const pl = o.reduceLrOnPlateau;
  const plateau = pl ? { factor: pl.factor ?? 0.1, patience: pl.patience ?? 10, minDelta: pl.minDelta ?? 1e-4, cooldown: pl.cooldown ?? 0, minLr: pl.minLr ?? 0 } : null;
  if (pl !== undefined) {
    checkOptions('fit: reduceLrOnPlateau', pl, ['factor', 'patience', 'minDelta', 'cooldown', 'minLr']);
    checkNumber('fit', 'reduceLrOnPlateau.factor', plateau!.factor, 0, 1, true);
    if (plateau!.factor >= 1) throw new ValueError(`fit: reduceLrOnPlateau.factor must be below 1, got ${plateau!.factor}`);
    for (const k of ['patience', 'cooldown'] as const) if (!Number.isInteger(plateau![k]) || plateau![k] < 0) throw new ValueError(`fit: reduceLrOnPlateau.${k} must be a non-negative integer, got ${plateau![k]}`);
    checkNumber('fit', 'reduceLrOnPlateau.minDelta', plateau!.minDelta, 0);
    checkNumber('fit', 'reduceLrOnPlateau.minLr', plateau!.minLr, 0);
  }
  const now = o.now ?? (() => performance.now());
  const maxEpochs = o.epochs ?? (o.steps !== undefined || o.time !== undefined ? Infinity : 1);
  const maxSteps = o.steps ?? Infinity;
  const params = mods.flatMap((x) => x.parameters());
  if (params.length === 0) throw new ValueError('fit: the model has no parameters');
  const monitor: History['monitor'] = o.validation !== undefined ? 'valLoss' : 'loss';

  const h: History = { losses: [], epochs: [], monitor, best: Infinity, bestEpoch: -1, restoredBest: false, stoppedBy: 'epochs', steps: 0, seconds: 0 };
  let bestWeights: Map<string, { shape: number[]; data: Float32Array }> | null = null;
  let esWait = 0, plWait = 0, plCooldown = 0, plBest = Infinity;
  const t0 = now();
  const elapsed = () => (now() - t0) / 1000;
  setTraining(model, true);
  let stop: StopReason | null = o.signal?.aborted ? 'signal' : null;

  for (let epoch = 0; stop === null && epoch < maxEpochs; epoch++) {
    const epochLosses: number[] = [];
    let wSum = 0, lSum = 0;
    for (const batch of batches('fit: train', o.train, epoch)) {
      if (o.signal?.aborted) { stop = 'signal'; break; }
      o.optimizer.zeroGrad();
      const l = o.loss(model, batch);
      if (!l || typeof l.item !== 'function' || l.size !== 1) throw new ValueError('fit: loss must return a scalar Tensor');
      const value = l.item();
      if (!Number.isFinite(value)) {
        const rt = l.runtime;
        rt.resetStep();
        clearTape(rt);
        throw new ValueError(`fit: the loss is ${value} at step ${h.steps + 1} (epoch ${epoch}); try a lower learning rate or clipGradNorm`);
      }
      l.backward();
      if (o.clipGradNorm) clipGradNorm(params, o.clipGradNorm);
      o.optimizer.step(); // also ends the step: resets the step arena
      h.steps++;
      h.losses.push(value);
      epochLosses.push(value);
      const bw = o.batchWeight ? o.batchWeight(batch) : 1;
      wSum += bw;
      lSum += value * bw;
      o.callbacks?.onStep?.({ step: h.steps, epoch, loss: value, lr: o.optimizer.lr, seconds: elapsed() });
      if (h.steps >= maxSteps) { stop = 'steps'; break; }
      if (o.time !== undefined && elapsed() >= o.time) { stop = 'time'; break; }
    }
    if (epochLosses.length === 0) {
      if (stop === 'signal') break;
      throw new ValueError(`fit: train yielded no batches in epoch ${epoch} (a one-shot iterator? pass an array or a function of the epoch)`);
    }
    const info: EpochInfo = { epoch, loss: lSum / wSum, lr: o.optimizer.lr, steps: epochLosses.length, seconds: elapsed() };
    if (o.validation !== undefined && stop !== 'signal') info.valLoss = meanLoss(model, o.validation, o.loss, o.batchWeight);
    h.epochs.push(info);
    const value = monitor === 'valLoss' ? info.valLoss! : info.loss;
    if (Number.isFinite(value) && value < h.best - (es?.minDelta ?? 0)) {
      h.best = value;
      h.bestEpoch = epoch;
      esWait = 0;
      if (es?.restoreBest) bestWeights = new Map(namedParams(model).map(([n, p]) => [n, { shape: [...p.shape], data: p.toArray() as Float32Array }]));
    } else esWait++;
    if (plateau) {
      // As Keras' ReduceLROnPlateau: a cooldown epoch does not count towards patience.
      if (plCooldown > 0) { plCooldown--; plWait = 0; }
      if (value < plBest - plateau.minDelta) { plBest = value; plWait = 0; }
      else if (plCooldown === 0 && ++plWait >= plateau.patience) {
        o.optimizer.lr = Math.max(o.optimizer.lr * plateau.factor, plateau.minLr);
        plWait = 0;
        plCooldown = plateau.cooldown;
      }
    }
    if (o.callbacks?.onEpochEnd?.(info) === 'stop' && stop === null) stop = 'callback';
    if (stop === null && es && esWait > 0 && esWait >= es.patience) stop = 'earlyStopping';
  }
  if (es?.restoreBest && bestWeights) {
    const best = bestWeights;
    if (Array.isArray(model)) mods.forEach((x, i) => x.loadStateDict(Object.fromEntries(x.namedParameters().map(([n]) => [n, best.get(`${i}.${n}`)!]))));
    else (model as Module).loadStateDict(Object.fromEntries(best));
    h.restoredBest = true;
  }
  h.stoppedBy = stop ?? 'epochs';
  h.seconds = elapsed();
  return h;
}
