// Models and checkpoints kept in the browser: IndexedDB or the origin-private file system (OPFS),
// one call to store or restore, plus listing and deleting. The bytes are the library's own
// safetensors files (a model's stateDict, or saveCheckpoint's output), so a stored model is the
// same kind of file the CLI writes and PyTorch reads. Hosts without the storage API (Node, Deno,
// workerd) get an UnsupportedError before anything else happens. The I/O is in browser_backends.ts.
import { checkOptions, ValueError } from '../errors.js';
import { describe as describeValue } from '../util/args.js';
import type { Module } from '../nn/module.js';
import type { BrowserStore, StoredEntry } from './browser_backends.js';

/** The IndexedDB / OPFS code loads on first use: pages that never store a model do not download it. */
const backends = () => import('./browser_backends.js');
import { loadCheckpoint, saveCheckpoint, type Checkpoint, type CheckpointParts, type SaveOptions } from './checkpoint.js';
import { parseSafetensors, writeSafetensors } from './safetensors.js';

export type { BrowserStore, StoredEntry } from './browser_backends.js';

const MAX_NAME = 200;

// ---- arguments (checked before any I/O) ---------------------------------------------------------

function checkArgs(where: string, store: unknown, name?: unknown): asserts store is BrowserStore {
  if (store !== 'indexeddb' && store !== 'opfs') throw new ValueError(`${where}: store must be 'indexeddb' or 'opfs', got ${describeValue(store)}`);
  if (name === undefined) return;
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME) {
    throw new ValueError(`${where}: name must be a string of 1 to ${MAX_NAME} characters, got ${typeof name === 'string' ? `${name.length} characters` : typeof name}`);
  }
}

function checkModel(where: string, model: unknown): asserts model is Module {
  if (!model || typeof (model as Module).stateDict !== 'function' || typeof (model as Module).loadStateDict !== 'function') {
    throw new ValueError(`${where}: model must be a Module, got ${model === null ? 'null' : typeof model}`);
  }
}

function checkMetadata(where: string, metadata: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (metadata === undefined) return out;
  if (metadata === null || typeof metadata !== 'object') throw new ValueError(`${where}: metadata must be an object of strings, got ${metadata === null ? 'null' : typeof metadata}`);
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string') throw new ValueError(`${where}: metadata['${k}'] must be a string, got ${typeof v}`);
    out[k] = v;
  }
  return out;
}

// ---- public API --------------------------------------------------------------------------------

/**
 * Stores a model's weights (its stateDict, as safetensors) under `name`, replacing an entry of
 * that name. Restore them with {@link restoreModel} into a model built the same way.
 * @param opts `metadata`: strings kept with the weights (a config, say), reported by {@link listStored}.
 * @throws UnsupportedError where the host has no IndexedDB / OPFS (Node, Deno, workerd).
 * @example
 * ```ts
 * const model = new nn.LSTM({ inputSize: 8, hiddenSize: 16 });
 * await storeModel('indexeddb', 'my-lstm', model, { metadata: { hidden: '16' } });
 * ```
 */
export async function storeModel(store: BrowserStore, name: string, model: Module, opts: { metadata?: Record<string, string> } = {}): Promise<StoredEntry> {
  const where = 'storeModel';
  checkArgs(where, store, name);
  const b = await backends();
  checkModel(where, model);
  checkOptions(where, opts, ['metadata']);
  const meta: Record<string, string> = { format: b.MODEL_FORMAT };
  for (const [k, v] of Object.entries(checkMetadata(where, opts.metadata))) meta[`extra.${k}`] = v;
  if (store === 'indexeddb') b.hostIndexedDB(where);
  else await b.opfsDir(where);
  return b.put(where, store, name, writeSafetensors(model.stateDict(), meta));
}

/**
 * Loads weights stored by {@link storeModel} into `model` (built the same way). With
 * `strict` (the default) every parameter must be in the file and nothing else; the model is
 * checked fully before any weight changes.
 * @returns the entry, with the metadata given when storing.
 * @example
 * ```ts
 * const model = new nn.LSTM({ inputSize: 8, hiddenSize: 16 });
 * const { metadata } = await restoreModel('indexeddb', 'my-lstm', model);
 * ```
 */
export async function restoreModel(store: BrowserStore, name: string, model: Module, opts: { strict?: boolean } = {}): Promise<StoredEntry> {
  const where = 'restoreModel';
  checkArgs(where, store, name);
  const b = await backends();
  checkModel(where, model);
  checkOptions(where, opts, ['strict']);
  const file = await b.get(where, store, name, 'model');
  const parsed = parseSafetensors(file);
  const dict: Record<string, { shape: number[]; data: Float32Array | Int32Array }> = Object.create(null);
  for (const t of parsed.tensors) dict[t.name] = { shape: t.shape, data: t.data };
  model.loadStateDict(dict, { strict: opts.strict ?? true });
  return (await listStored(store)).find((e) => e.name === name) ?? b.describe(store, name, file.byteLength, new Date().toISOString(), parsed.metadata ?? {});
}

/**
 * Stores a training checkpoint (model, optimizer, scheduler, RNG states: what
 * {@link saveCheckpoint} writes) under `name`. Resume with {@link restoreCheckpoint}.
 * @example
 * ```ts
 * await storeCheckpoint('opfs', 'run-1', { model, optimizer, step, extra: { lr: '0.01' } });
 * ```
 */
export async function storeCheckpoint(store: BrowserStore, name: string, opts: SaveOptions): Promise<StoredEntry> {
  const where = 'storeCheckpoint';
  checkArgs(where, store, name);
  const b = await backends();
  if (store === 'indexeddb') b.hostIndexedDB(where);
  else await b.opfsDir(where);
  return b.put(where, store, name, saveCheckpoint(opts));
}

/**
 * Restores a checkpoint stored by {@link storeCheckpoint} into live objects built the same way as
 * when it was stored; everything is checked before anything changes.
 * @returns the step and the `extra` strings saved with it.
 * @example
 * ```ts
 * const { step } = await restoreCheckpoint('opfs', 'run-1', { model, optimizer });
 * ```
 */
export async function restoreCheckpoint(store: BrowserStore, name: string, parts: CheckpointParts): Promise<Checkpoint> {
  const where = 'restoreCheckpoint';
  checkArgs(where, store, name);
  const b = await backends();
  return loadCheckpoint(await b.get(where, store, name, 'checkpoint'), parts);
}

/**
 * The models and checkpoints in a store, sorted by name. A file in the OPFS directory that is not
 * one of them is listed as `unreadable` with the reason, so it can still be deleted.
 * @example
 * ```ts
 * for (const e of await listStored('opfs')) console.log(e.name, e.kind, e.bytes);
 * ```
 */
export async function listStored(store: BrowserStore): Promise<StoredEntry[]> {
  checkArgs('listStored', store);
  const b = await backends();
  return b.list('listStored', store);
}

/**
 * Deletes a stored model or checkpoint.
 * @returns false when there was nothing of that name.
 * @example
 * ```ts
 * await deleteStored('indexeddb', 'my-lstm'); // true
 * ```
 */
export async function deleteStored(store: BrowserStore, name: string): Promise<boolean> {
  checkArgs('deleteStored', store, name);
  const b = await backends();
  return b.remove('deleteStored', store, name);
}
