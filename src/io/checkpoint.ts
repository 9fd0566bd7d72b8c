// Training checkpoints: model parameters, optimizer state, scheduler epoch, RNG states and the
// caller's step count in one safetensors file, so that a resumed run continues bit for bit.
// Layout: tensors `model.<param name>` and `optimizer.<param index>.<buffer>`; metadata
// `format`, `version`, `step`, `optimizer` (JSON: kind, lr, counts, counters), `scheduler`
// (JSON: epoch), `rngs` (JSON: name -> xoshiro state), `extra.<key>` (the caller's strings).
import { fmtShape, FormatError, renamed, ValueError } from '../errors.js';
import { Module, planLoad } from '../nn/module.js';
import { Optimizer, type OptimizerState } from '../optim/optimizer.js';
import { LRScheduler } from '../optim/scheduler.js';
import { defaultRng, Rng, type RngState } from '../util/rng.js';
import { any, bool, describe, int, options } from '../util/args.js';
import type { Tensor } from '../tensor/tensor.js';
import { runtimeOption, type Runtime } from '../runtime/runtime.js';
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

/** The parts of a checkpoint, checked: classes, and rngs as a Map of name -> Rng. */
function checkParts(where: string, parts: unknown, extra: Record<string, ReturnType<typeof int> | typeof any>): SaveOptions & { rngMap: Map<string, Rng> } {
  if (parts === null || typeof parts !== 'object' || Array.isArray(parts)) throw new ValueError(`${where}: parts must be an object { model, optimizer?, scheduler?, rngs? }, got ${describe(parts)}`);
  const o = options<SaveOptions>(where, parts, { model: any, optimizer: any, scheduler: any, rngs: any, ...extra });
  if (!(o.model instanceof Module)) throw new ValueError(`${where}: model must be a Module, got ${describe(o.model)}`);
  if (o.optimizer !== undefined && !(o.optimizer instanceof Optimizer)) throw new ValueError(`${where}: optimizer must be an Optimizer, got ${describe(o.optimizer)}`);
  if (o.scheduler !== undefined && !(o.scheduler instanceof LRScheduler)) throw new ValueError(`${where}: scheduler must be a learning-rate scheduler, got ${describe(o.scheduler)}`);
  const rngMap = new Map<string, Rng>();
  if (o.rngs === undefined) rngMap.set('default', defaultRng);
  else {
    if (o.rngs === null || typeof o.rngs !== 'object' || Array.isArray(o.rngs)) throw new ValueError(`${where}: rngs must be an object of name -> Rng, got ${describe(o.rngs)}`);
    for (const k of Object.keys(o.rngs)) {
      const r = (o.rngs as Record<string, unknown>)[k];
      if (!(r instanceof Rng)) throw new ValueError(`${where}: rngs['${k}'] must be an Rng, got ${describe(r)}`);
      rngMap.set(k, r);
    }
  }
  return { ...(o as SaveOptions), rngMap };
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
  const p = checkParts('saveCheckpoint', opts, { step: int(0, Number.MAX_SAFE_INTEGER), extra: any });
  if (p.extra !== undefined && (p.extra === null || typeof p.extra !== 'object' || Array.isArray(p.extra))) throw new ValueError(`saveCheckpoint: extra must be an object of name -> string, got ${describe(p.extra)}`);
  for (const k of Object.keys(p.extra ?? {})) {
    const v = (p.extra as Record<string, unknown>)[k];
    if (typeof v !== 'string') throw new ValueError(`saveCheckpoint: extra['${k}'] must be a string, got ${describe(v)}`);
  }
  opts = p;
  const step = opts.step ?? opts.optimizer?.stepCount ?? 0;
  const tensors = Object.create(null) as Record<string, Tensor>;
  for (const [n, t] of Object.entries(opts.model.stateDict())) tensors[`model.${n}`] = t;
  const meta = Object.assign(Object.create(null) as Record<string, string>, { format: FORMAT, version: VERSION, step: String(step) });
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
  meta.rngs = JSON.stringify(Object.fromEntries([...p.rngMap].map(([k, r]) => [k, r.getState()])));
  for (const [k, v] of Object.entries(opts.extra ?? {})) meta[`extra.${k}`] = v;
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
export function loadCheckpoint(bytes: Uint8Array, parts: CheckpointParts, opts: LoadCheckpointOptions = {}): Checkpoint {
  const p = checkParts('loadCheckpoint', parts, {});
  const o = options<LoadCheckpointOptions>('loadCheckpoint', opts, { runtime: any, allowNonFinite: bool() });
  const rt = o.runtime !== undefined ? runtimeOption('loadCheckpoint', o.runtime) : (p.model.parameters()[0]?.runtime ?? runtimeOption('loadCheckpoint', undefined));
  // The file's tensors are temporaries: whatever happens, the step arena gets their room back.
  const mark = rt.step.mark();
  try {
    return renamed('loadCheckpoint', () => loadInto(bytes, p, rt, o.allowNonFinite ?? false));
  } finally {
    rt.step.rollback(mark);
  }
}

export interface LoadCheckpointOptions {
  runtime?: Runtime;
  /** Default false: NaN or Inf in weights or optimizer state is an error naming the tensor. */
  allowNonFinite?: boolean;
}

function loadInto(bytes: Uint8Array, parts: ReturnType<typeof checkParts>, rt: Runtime, allowNonFinite: boolean): Checkpoint {
  const { tensors, metadata } = readSafetensors(bytes, { runtime: rt });
  const meta = metadata ?? (Object.create(null) as Record<string, string>);
  if (meta.format !== FORMAT) throw new FormatError(`loadCheckpoint: not a checkpoint (metadata format ${JSON.stringify(meta.format)}, expected '${FORMAT}')`);
  if (meta.version !== VERSION) throw new FormatError(`loadCheckpoint: version ${JSON.stringify(meta.version)} is not supported (expected '${VERSION}')`);
  const step = Number(meta.step);
  if (!Number.isSafeInteger(step) || step < 0) throw new FormatError(`loadCheckpoint: step ${JSON.stringify(meta.step)} is not a non-negative integer`);

  // Names from the file: null-prototype objects.
  const model = Object.create(null) as Record<string, Tensor>;
  const optBuffers = Object.create(null) as Record<number, Record<string, Tensor>>;
  for (const [name, t] of Object.entries(tensors)) {
    const m = /^optimizer\.(\d+)\.(.+)$/.exec(name);
    if (name.startsWith('model.')) model[name.slice(6)] = t;
    else if (m) (optBuffers[Number(m[1])] ??= Object.create(null) as Record<string, Tensor>)[m[2]] = t;
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
    const counters = Object.assign(Object.create(null), o.counters ?? {}) as Record<string, Record<string, number>>;
    if (o.counters !== undefined && (typeof o.counters !== 'object' || Array.isArray(o.counters))) throw new FormatError(`loadCheckpoint: optimizer counters must be an object`);
    const state: OptimizerState['state'] = {};
    for (const i of new Set([...Object.keys(optBuffers), ...Object.keys(counters)].map(Number))) {
      const p = opt.params[i];
      if (!p) throw new FormatError(`loadCheckpoint: optimizer state for parameter ${i}, the optimizer has ${opt.params.length}`);
      for (const [n, t] of Object.entries(optBuffers[i] ?? {})) {
        if (fmtShape(t.shape) !== fmtShape(p.shape)) throw new ValueError(`loadCheckpoint: optimizer.${i}.${n} is ${fmtShape(t.shape)}, parameter ${i} is ${fmtShape(p.shape)}`);
        if (!allowNonFinite) {
          const bad = t.toArray().findIndex((x) => !Number.isFinite(x));
          if (bad >= 0) throw new ValueError(`loadCheckpoint: optimizer.${i}.${n} holds a non-finite value at flat index ${bad} (pass { allowNonFinite: true } to load it)`);
        }
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
  const rngs = parts.rngMap;
  const probe = new Rng(0);
  for (const k of rngs.keys()) {
    if (!Object.hasOwn(saved, k)) throw new ValueError(`loadCheckpoint: no RNG '${k}' in the checkpoint (it has: ${Object.keys(saved).join(', ') || 'none'})`);
    try {
      probe.setState(saved[k]);
    } catch (e) {
      throw new FormatError(`loadCheckpoint: RNG '${k}': ${(e as Error).message}`);
    }
  }
  // The model is checked in full (names, shapes, finite values) before the optimizer reserves its
  // buffers, and both before anything is copied.
  const plan = planLoad(parts.model, 'loadCheckpoint', model, { strict: true, allowNonFinite });
  if (parts.optimizer && optState) parts.optimizer.checkStateDict(optState);

  for (const [t, values] of plan.copies) t.data().set(values);
  if (parts.optimizer && optState) parts.optimizer.loadStateDict(optState);
  if (parts.scheduler && epoch !== null) parts.scheduler.epoch = epoch;
  for (const [k, r] of rngs) r.setState(saved[k]);
  const extra: Record<string, string> = {};
  for (const [k, v] of Object.entries(meta)) if (k.startsWith('extra.')) extra[k.slice(6)] = v;
  return { step, extra };
}
