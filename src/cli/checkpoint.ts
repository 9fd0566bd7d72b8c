// Model directories written by `rnn-wasm train` and read by sample/eval/resume:
//   model.safetensors      weights by PyTorch-style names; metadata: kind + config (JSON)
//   vocab.json             the Vocab's JSON form
//   optimizer.safetensors  Adam moments per parameter (for --resume); metadata: step counts
//   train-state.json       step, position in the data, loss history, the options used
import { mkdirSync, readFileSync, writeFileSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { FormatError, Tensor, data, optim, parseSafetensors, writeSafetensors, type nn } from '../api.js';

export const MODEL_FILE = 'model.safetensors';
export const VOCAB_FILE = 'vocab.json';
export const OPTIM_FILE = 'optimizer.safetensors';
export const STATE_FILE = 'train-state.json';

/** Adam whose moments and step counts can be restored from a checkpoint. */
export class ResumableAdam extends optim.Adam {
  private readonly restored = new Map<Tensor, number>();

  /** The step count before the first update after a restore; then Adam's own counter takes over. */
  override stepOf(p: Tensor): number {
    const own = super.stepOf(p);
    return own === 0 ? (this.restored.get(p) ?? 0) : own;
  }

  /** Copies saved exp_avg / exp_avg_sq into p's state and sets its step count. */
  restore(p: Tensor, expAvg: Float32Array, expAvgSq: Float32Array, step: number): void {
    this.slot(p, 'exp_avg').data().set(expAvg);
    this.slot(p, 'exp_avg_sq').data().set(expAvgSq);
    this.restored.set(p, step);
  }
}

function writeAtomic(path: string, bytes: Uint8Array | string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

function readFile(dir: string, name: string): Buffer {
  const p = join(dir, name);
  if (!existsSync(p)) throw new FormatError(`${dir} is not a model directory: ${name} is missing`);
  return readFileSync(p);
}

/** Saves weights (+ kind and config in the metadata) and the vocabulary. */
export function saveModel(dir: string, model: nn.Module, kind: string, config: object, vocab: data.Vocab): void {
  mkdirSync(dir, { recursive: true });
  const tensors: Record<string, { shape: number[]; data: Float32Array }> = {};
  for (const [name, t] of model.namedParameters()) tensors[name] = { shape: [...t.shape], data: t.toArray() as Float32Array };
  writeAtomic(join(dir, MODEL_FILE), writeSafetensors(tensors, { kind, config: JSON.stringify(config) }));
  writeAtomic(join(dir, VOCAB_FILE), JSON.stringify(vocab.toJSON()));
}

export interface LoadedModel {
  kind: string;
  config: Record<string, unknown>;
  weights: Record<string, { shape: number[]; data: Float32Array | Int32Array }>;
  vocab: data.Vocab;
}

/** Reads what saveModel wrote; `kind` must match (a classifier is not a language model). */
export function loadModel(dir: string, kind: string): LoadedModel {
  const parsed = parseSafetensors(new Uint8Array(readFile(dir, MODEL_FILE)));
  const meta = parsed.metadata ?? {};
  if (meta.kind !== kind) {
    throw new FormatError(`${join(dir, MODEL_FILE)} holds a '${meta.kind ?? 'unknown'}' model, this command needs '${kind}'`);
  }
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(meta.config ?? '');
  } catch {
    throw new FormatError(`${join(dir, MODEL_FILE)}: the metadata has no valid 'config' JSON`);
  }
  const weights: LoadedModel['weights'] = {};
  for (const t of parsed.tensors) weights[t.name] = { shape: t.shape, data: t.data };
  const vocab = data.Vocab.fromJSON(readFile(dir, VOCAB_FILE).toString('utf8'));
  return { kind, config, weights, vocab };
}

/** Saves Adam's state for every named parameter. */
export function saveOptimizer(dir: string, model: nn.Module, opt: optim.Adam): void {
  const tensors: Record<string, { shape: number[]; data: Float32Array }> = {};
  const steps: Record<string, number> = {};
  for (const [name, p] of model.namedParameters()) {
    const st = opt.stateOf(p);
    if (!st.exp_avg) continue;
    tensors[`${name}.exp_avg`] = { shape: [...p.shape], data: st.exp_avg.toArray() as Float32Array };
    tensors[`${name}.exp_avg_sq`] = { shape: [...p.shape], data: st.exp_avg_sq.toArray() as Float32Array };
    steps[name] = opt.stepOf(p);
  }
  writeAtomic(join(dir, OPTIM_FILE), writeSafetensors(tensors, { steps: JSON.stringify(steps) }));
}

export function loadOptimizer(dir: string, model: nn.Module, opt: ResumableAdam): void {
  const parsed = parseSafetensors(new Uint8Array(readFile(dir, OPTIM_FILE)));
  const byName = new Map(parsed.tensors.map((t) => [t.name, t.data as Float32Array]));
  const steps = JSON.parse(parsed.metadata?.steps ?? '{}') as Record<string, number>;
  for (const [name, p] of model.namedParameters()) {
    const m = byName.get(`${name}.exp_avg`);
    const v = byName.get(`${name}.exp_avg_sq`);
    if (!m || !v || m.length !== p.size || v.length !== p.size) {
      throw new FormatError(`${join(dir, OPTIM_FILE)}: no matching Adam state for parameter ${name}`);
    }
    opt.restore(p, m, v, steps[name] ?? 0);
  }
}

export function saveTrainState(dir: string, state: object): void {
  writeAtomic(join(dir, STATE_FILE), JSON.stringify(state, null, 1));
}

export function loadTrainState<T>(dir: string): T {
  try {
    return JSON.parse(readFile(dir, STATE_FILE).toString('utf8')) as T;
  } catch (e) {
    if (e instanceof FormatError) throw e;
    throw new FormatError(`${join(dir, STATE_FILE)} is not valid JSON: ${(e as Error).message}`);
  }
}
