// The two stores behind browser_store.ts: IndexedDB (database `rnn-wasm`, object stores `entries`,
// StoredEntry keyed by name, and `bytes`, the file under the same key, written in one transaction)
// and OPFS (directory `rnn-wasm/`, one `<encodeURIComponent(name)>.safetensors` per entry; kind, step
// and metadata live in the file's own safetensors metadata and the time is its lastModified, so the
// file is the whole record; writes go through createWritable(), which commits on close, so a failed
// write leaves the previous file). Arguments are checked by the caller; this file does the I/O.
import { FormatError, UnsupportedError, ValueError } from '../errors.js';
import { MAX_HEADER_BYTES } from '../util/limits.js';

/**
 * Where a model is kept: IndexedDB, or the origin-private file system (OPFS).
 * @example
 * ```ts
 * const store: BrowserStore = 'storage' in navigator ? 'opfs' : 'indexeddb';
 * await storeModel(store, 'my-model', model);
 * ```
 */
export type BrowserStore = 'indexeddb' | 'opfs';

/**
 * One stored model or checkpoint, as {@link listStored} reports it.
 * @example
 * ```ts
 * const [first]: StoredEntry[] = await listStored('indexeddb');
 * console.log(first.name, first.kind, first.bytes, first.savedAt);
 * ```
 */
export interface StoredEntry {
  name: string;
  /** `unreadable`: a file in the store that is not a model or checkpoint (see `error`). */
  kind: 'model' | 'checkpoint' | 'unreadable';
  store: BrowserStore;
  /** Size of the stored safetensors file. */
  bytes: number;
  /** ISO 8601 time of the last store. */
  savedAt: string;
  /** A checkpoint's step (the caller's counter). */
  step?: number;
  /** The strings given as `metadata` (model) or `extra` (checkpoint) when storing. */
  metadata: Record<string, string>;
  /** Why an `unreadable` entry could not be read. */
  error?: string;
}

const DB = 'rnn-wasm';
const DIR = 'rnn-wasm';
export const MODEL_FORMAT = 'rnn-wasm.model';
export const CHECKPOINT_FORMAT = 'rnn-wasm.checkpoint';

export function hostIndexedDB(where: string): IDBFactory {
  const idb = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!idb) throw new UnsupportedError(`${where}: this host has no IndexedDB (globalThis.indexedDB is missing); store 'indexeddb' needs a browser or a browser worker`);
  return idb;
}

export async function opfsDir(where: string): Promise<FileSystemDirectoryHandle> {
  const storage = (globalThis as { navigator?: { storage?: StorageManager } }).navigator?.storage;
  if (!storage || typeof storage.getDirectory !== 'function') {
    throw new UnsupportedError(`${where}: this host has no origin-private file system (navigator.storage.getDirectory is missing); store 'opfs' needs a browser or a browser worker`);
  }
  let root: FileSystemDirectoryHandle;
  try {
    root = await storage.getDirectory();
  } catch (e) {
    throw new UnsupportedError(`${where}: the origin-private file system is not available here: ${(e as Error).message}`);
  }
  return root.getDirectoryHandle(DIR, { create: true });
}

// ---- IndexedDB ---------------------------------------------------------------------------------

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

async function openDb(where: string): Promise<IDBDatabase> {
  const open = hostIndexedDB(where).open(DB, 1);
  open.onupgradeneeded = () => {
    open.result.createObjectStore('entries', { keyPath: 'name' });
    open.result.createObjectStore('bytes');
  };
  return request(open);
}

/** Runs `fn` in one transaction over both stores; resolves with its result once the transaction commits. */
async function withDb<T>(where: string, mode: IDBTransactionMode, fn: (entries: IDBObjectStore, bytes: IDBObjectStore) => Promise<T>): Promise<T> {
  const db = await openDb(where);
  try {
    const tx = db.transaction(['entries', 'bytes'], mode);
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
    });
    done.catch(() => {}); // awaited below; a throw from fn must not leave it unhandled
    const result = await fn(tx.objectStore('entries'), tx.objectStore('bytes'));
    await done;
    return result;
  } finally {
    db.close();
  }
}

// ---- OPFS --------------------------------------------------------------------------------------

const fileName = (name: string): string => `${encodeURIComponent(name)}.safetensors`;

async function opfsFile(dir: FileSystemDirectoryHandle, name: string): Promise<File | null> {
  try {
    return await (await dir.getFileHandle(fileName(name))).getFile();
  } catch (e) {
    if ((e as DOMException).name === 'NotFoundError') return null;
    throw e;
  }
}

/** The `__metadata__` of a safetensors header (the JSON text between the length and the data). */
function metadataOfHeader(json: Uint8Array): Record<string, string> {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(json));
  } catch {
    throw new FormatError('readSafetensors: the header is not JSON');
  }
  const meta = (header as { __metadata__?: unknown } | null)?.__metadata__;
  return meta && typeof meta === 'object' ? (meta as Record<string, string>) : {};
}

/** The header length, checked against the file size before anything is read or allocated. */
function headerLength(first8: Uint8Array, size: number): number {
  if (size < 8) throw new FormatError(`readSafetensors: ${size} bytes, shorter than the 8-byte header length`);
  const n = Number(new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true));
  if (n > MAX_HEADER_BYTES || 8 + n > size) throw new FormatError(`readSafetensors: header length ${n} does not fit the file (${size} bytes)`);
  return n;
}

/** The metadata of safetensors bytes, reading only the header. */
export function metadataOf(bytes: Uint8Array): Record<string, string> {
  const n = headerLength(bytes, bytes.byteLength);
  return metadataOfHeader(bytes.subarray(8, 8 + n));
}

/** The metadata of a stored file, reading only its header. */
async function fileMetadata(file: Blob): Promise<Record<string, string>> {
  const n = headerLength(new Uint8Array(await file.slice(0, 8).arrayBuffer()), file.size);
  return metadataOfHeader(new Uint8Array(await file.slice(8, 8 + n).arrayBuffer()));
}

// ---- records -----------------------------------------------------------------------------------

/** The entry a file's safetensors metadata describes. */
export function describe(store: BrowserStore, name: string, bytes: number, savedAt: string, meta: Record<string, string>): StoredEntry {
  const metadata: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(meta)) if (k.startsWith('extra.')) metadata[k.slice(6)] = v;
  if (meta.format === MODEL_FORMAT) return { name, kind: 'model', store, bytes, savedAt, metadata };
  if (meta.format === CHECKPOINT_FORMAT) return { name, kind: 'checkpoint', store, bytes, savedAt, step: Number(meta.step), metadata };
  return { name, kind: 'unreadable', store, bytes, savedAt, metadata, error: `metadata format ${JSON.stringify(meta.format)} is neither '${MODEL_FORMAT}' nor '${CHECKPOINT_FORMAT}'` };
}

export async function put(where: string, store: BrowserStore, name: string, file: Uint8Array): Promise<StoredEntry> {
  const meta = metadataOf(file);
  if (store === 'indexeddb') {
    const entry = describe(store, name, file.byteLength, new Date().toISOString(), meta);
    await withDb(where, 'readwrite', async (entries, bytes) => {
      entries.put({ ...entry, metadata: { ...entry.metadata } });
      bytes.put(file, name);
    });
    return entry;
  }
  const dir = await opfsDir(where);
  // Checked before the file is created, so a host without it is left without a stray empty file.
  const proto = (globalThis as { FileSystemFileHandle?: { prototype: { createWritable?: unknown } } }).FileSystemFileHandle?.prototype;
  if (typeof proto?.createWritable !== 'function') throw new UnsupportedError(`${where}: this host's OPFS has no FileSystemFileHandle.createWritable()`);
  const handle = await dir.getFileHandle(fileName(name), { create: true });
  const w = await handle.createWritable();
  try {
    await w.write(file as Uint8Array<ArrayBuffer>);
    await w.close();
  } catch (e) {
    await w.abort().catch(() => {});
    throw e;
  }
  const saved = await handle.getFile();
  return describe(store, name, saved.size, new Date(saved.lastModified).toISOString(), meta);
}

export async function get(where: string, store: BrowserStore, name: string, want: 'model' | 'checkpoint'): Promise<Uint8Array> {
  let file: Uint8Array | null = null;
  if (store === 'indexeddb') {
    file = await withDb(where, 'readonly', async (_, bytes) => (await request(bytes.get(name))) as Uint8Array | undefined ?? null);
  } else {
    const f = await opfsFile(await opfsDir(where), name);
    file = f ? new Uint8Array(await f.arrayBuffer()) : null;
  }
  if (!file) {
    const names = (await list(where, store)).map((e) => e.name);
    throw new ValueError(`${where}: no stored ${want} '${name}' in ${store} (stored: ${names.join(', ') || 'none'})`);
  }
  const format = metadataOf(file).format;
  const wanted = want === 'model' ? MODEL_FORMAT : CHECKPOINT_FORMAT;
  if (format !== wanted) {
    const other = format === MODEL_FORMAT ? 'a model (use restoreModel)' : format === CHECKPOINT_FORMAT ? 'a checkpoint (use restoreCheckpoint)' : `not a model or checkpoint (format ${JSON.stringify(format)})`;
    throw new ValueError(`${where}: '${name}' in ${store} is ${other}`);
  }
  return file;
}

/** The entries of a store, sorted by name; unreadable OPFS files are listed with the reason. */
export async function list(where: string, store: BrowserStore): Promise<StoredEntry[]> {
  const out: StoredEntry[] = [];
  if (store === 'indexeddb') {
    out.push(...(await withDb(where, 'readonly', (entries) => request(entries.getAll() as IDBRequest<StoredEntry[]>))));
  } else {
    const dir = await opfsDir(where);
    for await (const [file, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
      if (handle.kind !== 'file' || !file.endsWith('.safetensors')) continue;
      const name = decodeURIComponent(file.slice(0, -'.safetensors'.length));
      const f = await (handle as FileSystemFileHandle).getFile();
      const savedAt = new Date(f.lastModified).toISOString();
      try {
        out.push(describe(store, name, f.size, savedAt, await fileMetadata(f)));
      } catch (e) {
        out.push({ name, kind: 'unreadable', store, bytes: f.size, savedAt, metadata: {}, error: (e as Error).message });
      }
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Removes an entry; false when there was none of that name. */
export async function remove(where: string, store: BrowserStore, name: string): Promise<boolean> {
  if (store === 'indexeddb') {
    return withDb(where, 'readwrite', async (entries, bytes) => {
      const had = (await request(bytes.count(name))) > 0 || (await request(entries.count(name))) > 0;
      entries.delete(name);
      bytes.delete(name);
      return had;
    });
  }
  const dir = await opfsDir(where);
  try {
    await dir.removeEntry(fileName(name));
    return true;
  } catch (e) {
    if ((e as DOMException).name === 'NotFoundError') return false;
    throw e;
  }
}
