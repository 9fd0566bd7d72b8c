// Training checkpoints: model parameters, optimizer state, scheduler epoch, RNG states and the
// caller's step count in one safetensors file, so that a resumed run continues bit for bit.
// Layout: tensors `model.<param name>` and `optimizer.<param index>.<buffer>`; metadata
// `format`, `version`, `step`, `optimizer` (JSON: kind, lr, counts, counters), `scheduler`
// (JSON: epoch), `rngs` (JSON: name -> xoshiro state), `extra.<key>` (the caller's strings).
import { checkOptions, fmtShape, FormatError, ValueError } from '../errors.js';
import type { Module } from '../nn/module.js';
import type { Optimizer, OptimizerState } from '../optim/optimizer.js';
import type { LRScheduler } from '../optim/scheduler.js';
import { defaultRng, Rng, type RngState } from '../util/rng.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Runtime } from '../runtime/runtime.js';
import { writeSafetensors } from './safetensors.js';
import { readSafetensors } from './tensors.js';

const FORMAT = 'rnn-wasm.checkpoint';
const VERSION = '1';

/**
 * The live objects a checkpoint saves from and restores into: model, optional optimizer, scheduler and generators.
 * @example
 * ```ts
 * const parts: CheckpointParts = { model, optimizer, rngs: { default: rng } };
 * const { step } = loadCheckpoint(bytes, parts);
 * ```
 */
export interface CheckpointParts {
  model: Module;
  optimizer?: Optimizer;
  scheduler?: LRScheduler;
  /** Generators to save or restore by name. Default: { default: the generator manualSeed seeds }. */
  rngs?: Record<string, Rng>;
}

/**
 * What {@link saveCheckpoint} stores: the parts, the caller's step count and free-form strings.
 * @example
 * ```ts
 * const bytes = saveCheckpoint({ model, optimizer, step: 1200, extra: { config: JSON.stringify(config) } });
 * ```
 */
export interface SaveOptions extends CheckpointParts {
  /** The caller's own counter (iteration, epoch, ...). Default: the optimizer's stepCount, else 0. */
  step?: number;
  /** Free-form strings kept with the checkpoint (e.g. a config). */
  extra?: Record<string, string>;
}

/**
 * What {@link loadCheckpoint} returns besides restoring the parts: the step and the extra strings.
 * @example
 * ```ts
 * const { step, extra }: Checkpoint = loadCheckpoint(bytes, { model, optimizer });
 * ```
 */
export interface Checkpoint {
  step: number;
  extra: Record<string, string>;
}

/**
 * Serializes everything in `parts` (live values are copied) into safetensors bytes.
 * @example
 * ```ts
 * const bytes = saveCheckpoint({ model, optimizer, scheduler, extra: { note: 'epoch 3' } });
 * // Node: await writeFile('run.ckpt', bytes); browsers: storeCheckpoint('opfs', 'run', {...})
 * ```
 */
export function saveCheckpoint(opts: SaveOptions): Uint8Array {
  checkOptions('saveCheckpoint', opts, ['model', 'optimizer', 'scheduler', 'rngs', 'step', 'extra']);
  if (!opts?.model || typeof opts.model.stateDict !== 'function') throw new ValueError('saveCheckpoint: model must be a Module');
  const step = opts.step ?? opts.optimizer?.stepCount ?? 0;
  if (!Number.isSafeInteger(step) || step < 0) throw new ValueError(`saveCheckpoint: step must be a non-negative integer, got ${step}`);
  const tensors: Record<string, Tensor> = {};
  for (const [n, t] of Object.entries(opts.model.stateDict())) tensors[`model.${n}`] = t;
  const meta: Record<string, string> = { format: FORMAT, version: VERSION, step: String(step) };
  if (opts.optimizer) {
    const s = opts.optimizer.stateDict();
    const counters: Record<number, Record<string, number>> = {};
    for (const [i, v] of Object.entries(s.state)) {
      for (const [name, t] of Object.entries(v.buffers)) tensors[`optimizer.${i}.${name}`] = t;
      counters[Number(i)] = v.counters;
    }
    meta.optimizer = JSON.stringify({ kind: s.kind, lr: s.lr, stepCount: s.stepCount, skippedSteps: s.skippedSteps, params: opts.optimizer.params.length, counters });
  }
  if (opts.scheduler) meta.scheduler = JSON.stringify({ epoch: opts.scheduler.epoch });
  const rngs = opts.rngs ?? { default: defaultRng };
  meta.rngs = JSON.stringify(Object.fromEntries(Object.entries(rngs).map(([k, r]) => [k, r.getState()])));
  for (const [k, v] of Object.entries(opts.extra ?? {})) {
    if (typeof v !== 'string') throw new ValueError(`saveCheckpoint: extra['${k}'] must be a string, got ${typeof v}`);
    meta[`extra.${k}`] = v;
  }
  return writeSafetensors(tensors, meta);
}

function json(meta: Record<string, string>, key: string): Record<string, unknown> {
  try {
    const v = JSON.parse(meta[key]);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new FormatError(`loadCheckpoint: metadata '${key}' is not a JSON object`);
}

/**
 * Restores a checkpoint into live objects (constructed the same way as when it was saved).
 * Everything is checked before anything is changed: a mismatch throws and leaves them as they were.
 * @example
 * ```ts
 * const model = new nn.LSTM({ inputSize: 8, hiddenSize: 16 }); // built as when saved
 * const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
 * const { step } = loadCheckpoint(bytes, { model, optimizer }); // training resumes bit for bit
 * ```
 */
export function loadCheckpoint(bytes: Uint8Array, parts: CheckpointParts, opts: { runtime?: Runtime } = {}): Checkpoint {
  checkOptions('loadCheckpoint', parts, ['model', 'optimizer', 'scheduler', 'rngs']);
  checkOptions('loadCheckpoint', opts, ['runtime']);
  if (!parts?.model || typeof parts.model.loadStateDict !== 'function') throw new ValueError('loadCheckpoint: model must be a Module');
  const { tensors, metadata } = readSafetensors(bytes, { runtime: opts.runtime ?? parts.model.parameters()[0]?.runtime });
  const meta = metadata ?? {};
  if (meta.format !== FORMAT) throw new FormatError(`loadCheckpoint: not a checkpoint (metadata format ${JSON.stringify(meta.format)}, expected '${FORMAT}')`);
  if (meta.version !== VERSION) throw new FormatError(`loadCheckpoint: version ${JSON.stringify(meta.version)} is not supported (expected '${VERSION}')`);
  const step = Number(meta.step);
  if (!Number.isSafeInteger(step) || step < 0) throw new FormatError(`loadCheckpoint: step ${JSON.stringify(meta.step)} is not a non-negative integer`);

  const model: Record<string, Tensor> = {};
  const optBuffers: Record<number, Record<string, Tensor>> = {};
  for (const [name, t] of Object.entries(tensors)) {
    const m = /^optimizer\.(\d+)\.(.+)$/.exec(name);
    if (name.startsWith('model.')) model[name.slice(6)] = t;
    else if (m) (optBuffers[Number(m[1])] ??= {})[m[2]] = t;
    else throw new FormatError(`loadCheckpoint: tensor '${name}' is neither model.* nor optimizer.<index>.*`);
  }

  // Check every part before changing any.
  let optState: OptimizerState | null = null;
  if (parts.optimizer) {
    if (meta.optimizer === undefined) throw new ValueError('loadCheckpoint: the checkpoint holds no optimizer state');
    const o = json(meta, 'optimizer');
    const opt = parts.optimizer;
    if (o.kind !== opt.stateDict().kind) throw new ValueError(`loadCheckpoint: optimizer is ${JSON.stringify(o.kind)} in the checkpoint, ${opt.stateDict().kind} here`);
    if (o.params !== opt.params.length) throw new ValueError(`loadCheckpoint: the checkpoint's optimizer has ${o.params} parameters, this one ${opt.params.length}`);
    const counters = (o.counters ?? {}) as Record<string, Record<string, number>>;
    const state: OptimizerState['state'] = {};
    for (const i of new Set([...Object.keys(optBuffers), ...Object.keys(counters)].map(Number))) {
      const p = opt.params[i];
      if (!p) throw new FormatError(`loadCheckpoint: optimizer state for parameter ${i}, the optimizer has ${opt.params.length}`);
      for (const [n, t] of Object.entries(optBuffers[i] ?? {})) {
        if (fmtShape(t.shape) !== fmtShape(p.shape)) throw new ValueError(`loadCheckpoint: optimizer.${i}.${n} is ${fmtShape(t.shape)}, parameter ${i} is ${fmtShape(p.shape)}`);
      }
      state[i] = { buffers: optBuffers[i] ?? {}, counters: counters[i] ?? {} };
    }
    const count = (k: string): number => {
      const v = o[k];
      if (!Number.isSafeInteger(v) || (v as number) < 0) throw new FormatError(`loadCheckpoint: optimizer ${k} ${JSON.stringify(v)} is not a non-negative integer`);
      return v as number;
    };
    if (typeof o.lr !== 'number' || !(o.lr >= 0) || !Number.isFinite(o.lr)) throw new FormatError(`loadCheckpoint: optimizer lr ${JSON.stringify(o.lr)} is not a non-negative number`);
    for (const [i, c] of Object.entries(counters)) {
      if (typeof c !== 'object' || c === null || !Object.values(c).every((v) => Number.isSafeInteger(v) && v >= 0)) throw new FormatError(`loadCheckpoint: optimizer counters of parameter ${i} must be non-negative integers`);
    }
    optState = { kind: String(o.kind), lr: o.lr, stepCount: count('stepCount'), skippedSteps: count('skippedSteps'), state };
  }
  let epoch: number | null = null;
  if (parts.scheduler) {
    if (meta.scheduler === undefined) throw new ValueError('loadCheckpoint: the checkpoint holds no scheduler state');
    epoch = Number(json(meta, 'scheduler').epoch);
    if (!Number.isSafeInteger(epoch) || epoch < 0) throw new FormatError(`loadCheckpoint: scheduler epoch ${epoch} is not a non-negative integer`);
  }
  const saved = json(meta, 'rngs') as Record<string, RngState>;
  const rngs = parts.rngs ?? { default: defaultRng };
  const probe = new Rng(0);
  for (const k of Object.keys(rngs)) {
    if (!(k in saved)) throw new ValueError(`loadCheckpoint: no RNG '${k}' in the checkpoint (it has: ${Object.keys(saved).join(', ') || 'none'})`);
    try {
      probe.setState(saved[k]);
    } catch (e) {
      throw new FormatError(`loadCheckpoint: RNG '${k}': ${(e as Error).message}`);
    }
  }
  if (parts.optimizer && optState) parts.optimizer.checkStateDict(optState); // before anything changes
  parts.model.loadStateDict(model, { strict: true }); // validates fully before copying

  if (parts.optimizer && optState) parts.optimizer.loadStateDict(optState);
  if (parts.scheduler && epoch !== null) parts.scheduler.epoch = epoch;
  for (const [k, r] of Object.entries(rngs)) r.setState(saved[k]);
  const extra: Record<string, string> = {};
  for (const [k, v] of Object.entries(meta)) if (k.startsWith('extra.')) extra[k.slice(6)] = v;
  return { step, extra };
}
