// Saved models as bytes, for every host (files, fetch, workers' data modules):
//   model file   safetensors: the weights by parameter name; metadata `kind` and `config` (JSON).
//                What inference loads (rnn-wasm sample/classify, the edge worker, the Deno script).
//   checkpoint   src/io/checkpoint.ts's training checkpoint (model, optimizer, RNG, step), what a
//                run resumes from. Files written before it existed (Adam moments as
//                `<param>.exp_avg` / `.exp_avg_sq`, `steps` metadata) are still read.
import { FormatError, MemoryError, RnnWasmError, getRuntime, Tensor, loadCheckpoint, nn, optim, parseSafetensors, saveInt8, writeSafetensors } from './deps.js';
import { isBytes, isInstance, isModule, isObject, isString } from './check.js';

/**
 * Parameters read from a model file, by name: plain shapes and typed arrays (what `loadStateDict` accepts).
 * @example
 * ```ts
 * const { config, weights }: { config: Record<string, unknown>; weights: Weights } = readModelFile(bytes, CHAR_LM_KIND);
 * model.loadStateDict(weights);
 * ```
 */
export type Weights = Record<string, { shape: number[]; data: Float32Array | Int32Array }>;

/** Whether `m` or a module under it is an int8 module (nn.quantizeDynamic). */
export function isInt8(m: nn.Module): boolean {
  return m instanceof nn.QuantizedModule || m.children().some(isInt8);
}

/**
 * The model file of `model`: its parameters by name, with `kind` and `config` in the metadata. An
 * int8 model (nn.quantizeDynamic) is written by saveInt8: I8 codes with per-row scales under the
 * same names, metadata `rnn-wasm.quantization` = `int8-rows` (its loaders rebuild it int8).
 * @example
 * ```ts
 * const bytes = modelFile(model, 'my-kind', { hidden: 64 }); // safetensors with kind and config
 * ```
 */
export function modelFile(model: nn.Module, kind: string, config: object): Uint8Array {
  isModule('modelFile', 'model', model);
  isString('modelFile', 'kind', kind);
  isObject('modelFile', 'config', config);
  if (isInt8(model)) return saveInt8(model, { kind, config: JSON.stringify(config) });
  const tensors: Record<string, { shape: number[]; data: Float32Array }> = {};
  for (const [name, t] of model.namedParameters()) tensors[name] = { shape: [...t.shape], data: t.toArray() as Float32Array };
  return writeSafetensors(tensors, { kind, config: JSON.stringify(config) });
}

/**
 * Reads a model file; its `kind` must be `kind` (a classifier is not a language model). `source`
 * names the bytes in errors (a path, a URL).
 * @example
 * ```ts
 * const { config, weights } = readModelFile(bytes, CHAR_LM_KIND, 'book-model/model.safetensors');
 * ```
 */
export function readModelFile(bytes: Uint8Array, kind: string, source = 'the model file'): { config: Record<string, unknown>; weights: Weights; int8: boolean } {
  isBytes('readModelFile', 'bytes', bytes);
  isString('readModelFile', 'kind', kind);
  isString('readModelFile', 'source', source);
  const parsed = parseSafetensors(bytes);
  const meta = parsed.metadata ?? {};
  if (meta.kind !== kind) throw new FormatError(`${source} holds a '${meta.kind ?? 'unknown'}' model, this command needs '${kind}'`);
  let config: unknown;
  try {
    config = JSON.parse(meta.config ?? '');
  } catch {
    config = null;
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new FormatError(`${source}: the metadata has no valid 'config' JSON`);
  const weights: Weights = Object.create(null);
  for (const t of parsed.tensors) weights[t.name] = { shape: t.shape, data: t.data as Float32Array | Int32Array };
  return { config: config as Record<string, unknown>, weights, int8: meta['rnn-wasm.quantization'] === 'int8-rows' };
}

/**
 * Restores a training checkpoint into `model` and `opt`; returns its step. Reads both the
 * checkpoint format and the older Adam-only files; a file that fits neither throws, changing nothing.
 * @example
 * ```ts
 * const step = restoreTraining(checkpointBytes, model, adam);
 * ```
 */
export function restoreTraining(bytes: Uint8Array, model: nn.Module, opt: optim.Adam, source = 'the checkpoint'): number {
  isBytes('restoreTraining', 'bytes', bytes);
  isModule('restoreTraining', 'model', model);
  isInstance('restoreTraining', 'opt', opt, optim.Adam, 'an optim.Adam');
  isString('restoreTraining', 'source', source);
  const parsed = parseSafetensors(bytes);
  if (parsed.metadata?.format !== undefined) return loadCheckpoint(bytes, { model, optimizer: opt }).step;
  // Before the checkpoint format: Adam moments by parameter name, step counts in `steps`.
  const byName = new Map(parsed.tensors.map((t) => [t.name, t.data]));
  let steps: Record<string, unknown>;
  try {
    steps = JSON.parse(parsed.metadata?.steps ?? '{}');
  } catch {
    throw new FormatError(`${source}: the metadata 'steps' is not JSON`);
  }
  const state: optim.OptimizerState['state'] = {};
  let stepCount = 0;
  model.namedParameters().forEach(([name, p], i) => {
    const m = byName.get(`${name}.exp_avg`);
    const v = byName.get(`${name}.exp_avg_sq`);
    if (!m || !v || m.length !== p.size || v.length !== p.size) throw new FormatError(`${source}: no matching Adam state for parameter ${name}`);
    const step = Number(steps[name] ?? 0);
    if (!Number.isSafeInteger(step) || step < 0) throw new FormatError(`${source}: step count of ${name} is not a non-negative integer`);
    stepCount = Math.max(stepCount, step);
    const buffers = { exp_avg: Tensor.from(m, p.shape), exp_avg_sq: Tensor.from(v, p.shape) };
    state[i] = { buffers, counters: { step } };
  });
  const s: optim.OptimizerState = { kind: opt.stateDict().kind, lr: opt.lr, stepCount, skippedSteps: 0, state };
  opt.checkStateDict(s);
  opt.loadStateDict(s);
  return stepCount;
}

/** Largest size a saved config may declare for one dimension (vocabulary, hidden, embedding...). */
export const MAX_DIM = 1 << 20;

/** A config field that must be an integer in [1, max]; `source` names the file in the error. */
export function configInt(source: string, cfg: Record<string, unknown>, key: string, max = MAX_DIM): number {
  const v = Object.hasOwn(cfg, key) ? cfg[key] : undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) throw new FormatError(`${source}: config ${key} must be an integer in [1, ${max}], got ${JSON.stringify(v)}`);
  return v;
}

/** PyTorch's parameter shapes of a recurrent stack (one entry per name, in registration order). */
export function recurrentShapes(prefix: string, cell: 'lstm' | 'gru' | 'rnn', I: number, H: number, L: number, D: 1 | 2): [string, number[]][] {
  const G = (cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1) * H;
  const out: [string, number[]][] = [];
  for (let l = 0; l < L; l++) {
    for (let d = 0; d < D; d++) {
      const sfx = `_l${l}${d === 1 ? '_reverse' : ''}`;
      out.push([`${prefix}weight_ih${sfx}`, [G, l === 0 ? I : D * H]], [`${prefix}weight_hh${sfx}`, [G, H]], [`${prefix}bias_ih${sfx}`, [G]], [`${prefix}bias_hh${sfx}`, [G]]);
    }
  }
  return out;
}

/**
 * The weights of a file must be exactly what its config describes (names and shapes), checked
 * before a model is built: a config that declares sizes the weights do not have never allocates.
 */
export function checkWeights(source: string, weights: Weights, expected: readonly [string, number[]][]): void {
  const want = new Map(expected);
  for (const [name, shape] of want) {
    const w = Object.hasOwn(weights, name) ? weights[name] : undefined;
    if (!w) throw new FormatError(`${source}: the config needs a weight '${name}' ${JSON.stringify(shape)}, the file has none`);
    if (w.shape.length !== shape.length || w.shape.some((d, i) => d !== shape[i])) {
      throw new FormatError(`${source}: the config says '${name}' is ${JSON.stringify(shape)}, the file holds ${JSON.stringify(w.shape)}`);
    }
  }
  // int8 files (nn.quantizeDynamic) hold codes under the same names plus one scale per row.
  const INT8_SCALE = '.int8_scale';
  for (const name of Object.keys(weights)) {
    const base = name.endsWith(INT8_SCALE) ? name.slice(0, -INT8_SCALE.length) : null;
    if (want.has(name)) continue;
    if (base !== null && want.has(base) && weights[name].shape.length === 1 && weights[name].shape[0] === want.get(base)![0]) continue;
    throw new FormatError(`${source}: weight '${name}' is not part of the model its config describes`);
  }
}

/** Runs a load so that its typed errors name the file they came from. */
export function inFile<T>(source: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RnnWasmError && !e.message.includes(source)) e.message = `${source}: ${e.message}`;
    throw e;
  }
}

/** Throws a MemoryError naming `where` unless the parameters of `shapes` fit the default runtime. */
export function checkRoom(where: string, shapes: readonly [string, number[]][]): void {
  const bytes = shapes.reduce((s, [, sh]) => s + Math.ceil((sh.reduce((a, b) => a * b, 1) * 4) / 16) * 16, 0);
  const free = getRuntime().params.freeBytes;
  if (bytes > free) throw new MemoryError(`${where}: the model needs ${bytes} bytes of parameters, ${free} are available (init({ maxMemoryBytes }) raises it)`, bytes, free);
}
