// A Runtime is one instantiated kernel build plus the Memory and arenas it works in.
// init() makes the default runtime that tensors use when none is named.
import { checkOptions, StateError, ValueError } from '../errors.js';
import { detectIsa, supportsIsa, type Isa } from './detect.js';
import { Arena, Heap, PAGE } from './heap.js';
import { compileSource, isWasmSource, type WasmSource } from './source.js';
import type { Kernels } from './kernels.gen.js';
// The pool and the host thread layer load only when threads are asked for (a one-thread page,
// the common case, does not download them: the core entry's size budget).
import type { Pool } from './pool.js';

export type { Isa, Kernels, WasmSource };

/** A build's name: an instruction set, or a shared-memory build of one (`'simd-threads'`). */
export type Build = Isa | 'simd-threads' | 'relaxed-threads';

/**
 * Where each build comes from when the caller does not say: set by the package entry.
 * `threaded`: the shared-memory build of that instruction set (null where the entry has none).
 */
export type WasmProvider = (isa: Isa, threaded?: boolean) => WasmSource | null;
let defaultProvider: WasmProvider | null = null;
export function setDefaultWasmProvider(p: WasmProvider): void {
  defaultProvider = p;
}
/** Whether an entry has set the default provider (a secondary entry sets its own only if not). */
export function hasDefaultWasmProvider(): boolean {
  return defaultProvider !== null;
}

/**
 * Options of {@link init} and {@link createRuntime}.
 * @example
 * ```ts
 * const opts: InitOptions = { simd: 'simd', maxMemoryBytes: 256 << 20 };
 * await init(opts);
 * ```
 */
export interface InitOptions {
  /** Force an instruction set instead of detecting the best one. */
  simd?: Isa;
  /**
   * One build (its instruction set is read from it), or one per build name; the threaded builds
   * are `'simd-threads'` and `'relaxed-threads'` (rnn-wasm/wasm/*-threads.wasm).
   */
  wasm?: WasmSource | Partial<Record<Build, WasmSource>>;
  /** Ceiling for the wasm memory; exceeding it is a MemoryError. Default 2 GiB. */
  maxMemoryBytes?: number;
  /**
   * Threads for the kernels (the main thread and n-1 workers started once): default 1; `'auto'` =
   * the cores the host reports, at most 8. Where threads are impossible (workerd, a page without
   * cross-origin isolation, the scalar build) the runtime runs one thread and says why in
   * `runtime.threadsReason`.
   */
  threads?: number | 'auto';
  /** Make "threads asked for but impossible" an error instead of a fall back to one thread. */
  requireThreads?: boolean;
}

/** Most threads 'auto' picks: past this, a step's work per thread is too small to gain. */
const AUTO_MAX_THREADS = 8;
const MAX_THREADS = 64;

const ISAS: readonly Isa[] = ['relaxed', 'simd', 'none'];
const BUILDS: readonly Build[] = [...ISAS, 'simd-threads', 'relaxed-threads'];
const MAX_WASM32 = 65536 * PAGE;
const DEFAULT_MAX_BYTES = 2 ** 31;
let nextId = 1;

/**
 * A loaded kernel build with its own `WebAssembly.Memory`, split into arenas: `params` (model
 * lifetime), `state` (gradients, optimizer state), `step` (activations, reset after each optimizer
 * step) and `packs` (inference's packed weights). Tensors and models belong to one runtime.
 * @example
 * ```ts
 * const rt = await init();
 * console.log(rt.isa, rt.memoryStats().memoryBytes);
 * rt.resetStep(); // frees this step's activations (optimizer.step() does it for you)
 * ```
 */
export class Runtime {
  readonly id = nextId++;
  readonly isa: Isa;
  readonly k: Kernels;
  readonly memory: WebAssembly.Memory;
  readonly heap: Heap;
  /** Model parameters: live as long as the models. */
  readonly params: Arena;
  /** Gradients and optimizer state. */
  readonly state: Arena;
  /** Activations, tape records' saved tensors and temporaries: reset after each step. */
  readonly step: Arena;
  /** Inference's packed copies of recurrent weights (src/nn/recurrent/pack_cache.ts); never reset. */
  readonly packs: Arena;
  /**
   * The scratch block f32_gemm_packed takes as its last argument (k.f32_gemm_packed_ws_bytes()
   * bytes: the tiled path's accumulator and packed-A buffers). Kernels keep no mutable statics,
   * so each thread sharing one memory passes its own block; this is the block of this runtime.
   */
  readonly gemmWs: number;
  /** The thread pool (null on one thread); see threads, threadWs. */
  private _pool: Pool | null = null;
  /** Per thread the same block as gemmWs (thread 0's is gemmWs). */
  private _threadWs: number[];
  /** Why this runtime runs fewer threads than asked for (null when it got what was asked). */
  threadsReason: string | null = null;
  private readonly scratchArena: Arena;

  /** @internal Runtimes are made by init() and createRuntime(). */
  constructor(isa: Isa, k: Kernels, memory: WebAssembly.Memory, maxBytes: number) {
    this.isa = isa;
    this.k = k;
    this.memory = memory;
    this.heap = new Heap(memory, k.heap_base(), maxBytes);
    this.params = new Arena(this.heap, 'params', 1 << 20);
    this.state = new Arena(this.heap, 'state', 1 << 20);
    this.step = new Arena(this.heap, 'step', 4 << 20);
    this.packs = new Arena(this.heap, 'packs', 64 << 10);
    this.scratchArena = new Arena(this.heap, 'scratch', 1 << 20);
    this.gemmWs = this.heap.take(Number(k.f32_gemm_packed_ws_bytes()), 'init').base;
    this._threadWs = [this.gemmWs];
  }

  /** Threads the kernels run on: 1, or the pool's size (main thread included). */
  get threads(): number {
    return this._pool && !this._pool.closed ? this._pool.size : 1;
  }

  /** The pool of a multi-thread runtime, or null (one thread, or after close()). */
  get pool(): Pool | null {
    return this._pool && !this._pool.closed ? this._pool : null;
  }

  /** @internal Thread t's f32_gemm_packed scratch block (the parallel kernels and the scan pass it). */
  threadWs(t: number): number {
    return this._threadWs[t];
  }

  /** @internal Gives this runtime its pool (createRuntime only), with one packed-GEMM scratch block per thread. */
  attachPool(pool: Pool): void {
    const bytes = Number(this.k.f32_gemm_packed_ws_bytes());
    for (let t = 1; t < pool.size; t++) this._threadWs.push(this.heap.take(bytes, 'init').base);
    this._pool = pool;
  }

  /**
   * Ends the worker threads (the runtime keeps working on one thread). Workers never keep a
   * process alive, so calling this is needed only to free them early.
   */
  close(): void {
    this._pool?.close();
  }

  /** @internal A fresh Float32Array view; never keep it across allocations (memory growth detaches it). */
  f32(offset: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, offset, length);
  }

  /** @internal An Int32Array view (see f32). */
  i32(offset: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, offset, length);
  }

  /** @internal Scratch bytes for one kernel call (e.g. GEMM packing); valid until the next scratch() call. */
  scratch(bytes: number): number {
    this.scratchArena.reset();
    return this.scratchArena.alloc(bytes);
  }

  /** Ends a step: everything in the step arena is freed; tensors from it become stale. */
  resetStep(): void {
    this.step.reset();
  }

  /** Memory figures for leak checks and reports. */
  memoryStats(): { memoryBytes: number; paramsBytes: number; stateBytes: number; stepBytes: number; packsBytes: number; maxBytes: number } {
    return {
      memoryBytes: this.heap.memoryBytes,
      paramsBytes: this.params.capacityBytes,
      stateBytes: this.state.capacityBytes,
      stepBytes: this.step.capacityBytes,
      packsBytes: this.packs.capacityBytes,
      maxBytes: this.heap.maxBytes,
    };
  }
}

function pickSource(opts: InitOptions, isa: Isa, threaded = false): WasmSource | null {
  const w = opts.wasm;
  if (w === undefined) return defaultProvider ? defaultProvider(isa, threaded) : null;
  if (isWasmSource(w)) return w;
  return (w as Partial<Record<Build, WasmSource>>)[threaded ? (`${isa}-threads` as Build) : isa] ?? null;
}

/** The options object init/createRuntime were given, checked: unknown names and bad values throw. */
function checkedOptions(arg: WasmSource | InitOptions | undefined, where = 'init'): InitOptions {
  if (arg !== undefined && !isWasmSource(arg) && (typeof arg !== 'object' || arg === null)) {
    throw new ValueError(`${where}: expected a wasm source or an options object, got ${arg === null ? 'null' : typeof arg}`);
  }
  const opts: InitOptions = arg === undefined ? {} : isWasmSource(arg) ? { wasm: arg } : arg;
  checkOptions(where, opts, ['simd', 'wasm', 'maxMemoryBytes', 'threads', 'requireThreads']);
  const th = opts.threads;
  if (th !== undefined && th !== 'auto' && !(Number.isInteger(th) && th >= 1 && th <= MAX_THREADS)) {
    throw new ValueError(`${where}: threads must be an integer from 1 to ${MAX_THREADS} or 'auto', got ${JSON.stringify(th)}`);
  }
  if (opts.requireThreads !== undefined && typeof opts.requireThreads !== 'boolean') {
    throw new ValueError(`${where}: requireThreads must be a boolean, got ${typeof opts.requireThreads}`);
  }
  if (opts.simd !== undefined && !ISAS.includes(opts.simd)) {
    throw new ValueError(`${where}: simd must be one of 'relaxed', 'simd', 'none', got ${JSON.stringify(opts.simd)}`);
  }
  const maxBytes = opts.maxMemoryBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isFinite(maxBytes) || maxBytes < PAGE * 2 || maxBytes > MAX_WASM32) {
    throw new ValueError(`${where}: maxMemoryBytes must be between ${PAGE * 2} and ${MAX_WASM32}, got ${maxBytes}`);
  }
  return opts;
}

/**
 * Creates an independent runtime (its own Memory and arenas); init() makes the default one.
 * @example
 * ```ts
 * const other = await createRuntime({ simd: 'none' }); // a scalar runtime beside the default one
 * const t = Tensor.zeros([4], { runtime: other });
 * ```
 */
export async function createRuntime(arg?: WasmSource | InitOptions): Promise<Runtime> {
  return create(arg, 'createRuntime');
}

async function create(arg: WasmSource | InitOptions | undefined, where: string): Promise<Runtime> {
  const opts = checkedOptions(arg, where);
  const maxBytes = opts.maxMemoryBytes ?? DEFAULT_MAX_BYTES;
  const single = opts.wasm !== undefined && isWasmSource(opts.wasm);
  let isa: Isa = opts.simd ?? detectIsa();
  if (opts.simd && !supportsIsa(opts.simd)) {
    throw new ValueError(`${where}: simd '${opts.simd}' was asked for, but this host does not support it (best: '${detectIsa()}')`);
  }
  if (!single && !opts.simd) {
    // With per-build sources, fall back to the best build that was given.
    const order = ISAS.slice(ISAS.indexOf(isa));
    isa = order.find((i) => pickSource(opts, i) !== null) ?? isa;
  }
  const src = pickSource(opts, isa);
  if (src === null) {
    throw new ValueError(`${where}: no wasm for instruction set '${isa}': pass init({ wasm }) with a WebAssembly.Module, bytes or a URL`);
  }
  const threadsHost = opts.threads === undefined || opts.threads === 1 ? null : await import('./threads.js');
  const want = opts.threads === 'auto' ? Math.min(AUTO_MAX_THREADS, Math.max(1, await threadsHost!.reportedCores())) : opts.threads ?? 1;
  // Threads: the shared-memory build of the same instruction set, or one thread and the reason.
  let reason: string | null = null;
  let threadedSrc: WasmSource | null = null;
  if (want > 1) {
    reason = threadsHost!.threadsUnavailable();
    if (reason === null && isa === 'none') reason = "the scalar build (for hosts without SIMD) has no threaded variant";
    if (reason === null) {
      threadedSrc = single ? src : pickSource(opts, isa, true);
      if (threadedSrc === null) reason = `no shared-memory build of '${isa}' was given (init({ wasm: { '${isa}-threads': ... } }))`;
    }
    if (reason !== null && opts.requireThreads) throw new ValueError(`${where}: ${want} threads were asked for, but ${reason}`);
  }
  const module = await compileSource(threadedSrc ?? src, where);
  let memory = newMemory(maxBytes, threadedSrc !== null);
  let instance: WebAssembly.Instance | null = null;
  try {
    instance = await WebAssembly.instantiate(module, { env: { memory } });
  } catch (e) {
    if (!(threadedSrc !== null && single)) {
      throw new ValueError(`${where}: the wasm module could not be instantiated (is it an rnn-wasm kernel build?): ${String(e)}`);
    }
  }
  if (instance === null) {
    // The one build given is not a shared-memory build: one thread on it.
    reason = "the wasm given is not a shared-memory build (use rnn-wasm/wasm/*-threads.wasm for threads)";
    if (opts.requireThreads) throw new ValueError(`${where}: ${want} threads were asked for, but ${reason}`);
    threadedSrc = null;
    memory = newMemory(maxBytes, false);
    try {
      instance = await WebAssembly.instantiate(module, { env: { memory } });
    } catch (e) {
      throw new ValueError(`${where}: the wasm module could not be instantiated (is it an rnn-wasm kernel build?): ${String(e)}`);
    }
  }
  const k = instance.exports as unknown as Kernels;
  if (typeof k.build_isa !== 'function' || typeof k.heap_base !== 'function') {
    throw new ValueError(`${where}: the wasm module is not an rnn-wasm kernel build (no build_isa/heap_base exports)`);
  }
  const built: Isa = (['none', 'simd', 'relaxed'] as const)[k.build_isa()] ?? 'none';
  const rt = new Runtime(built, k, memory, maxBytes);
  if (threadedSrc !== null) {
    try {
      const { Pool } = await import('./pool.js');
      // The pool's call lists: 64 KiB chunks, grown as jobs need.
      rt.attachPool(await Pool.start(module, rt.heap, new Arena(rt.heap, 'pool', 64 << 10), instance.exports, want));
    } catch (e) {
      reason = `the host could not start worker threads: ${String(e)}`;
      if (opts.requireThreads) throw new ValueError(`init: ${want} threads were asked for, but ${reason}`);
    }
  }
  rt.threadsReason = reason;
  return rt;
}

function newMemory(maxBytes: number, shared: boolean): WebAssembly.Memory {
  // A shared memory needs a maximum (it is reserved up front); the threaded builds declare 4 GiB.
  return new WebAssembly.Memory({ initial: 32, maximum: Math.ceil(maxBytes / PAGE), shared } as WebAssembly.MemoryDescriptor);
}

let current: Runtime | null = null;
let currentOpts: InitOptions | null = null;
let pending: Promise<Runtime> | null = null;

/** Checked options with defaults filled in, so that init({}) and init() mean the same thing. */
function normalise(arg: WasmSource | InitOptions | undefined): InitOptions {
  const o = checkedOptions(arg);
  return { simd: o.simd, wasm: o.wasm, maxMemoryBytes: o.maxMemoryBytes ?? DEFAULT_MAX_BYTES, threads: o.threads ?? 1, requireThreads: o.requireThreads ?? false };
}

/** Same instruction-set request, same ceiling, and the very same wasm object(s). */
function sameOptions(a: InitOptions, b: InitOptions): boolean {
  if (a.simd !== b.simd || a.maxMemoryBytes !== b.maxMemoryBytes) return false;
  if (a.threads !== b.threads || a.requireThreads !== b.requireThreads) return false;
  if (a.wasm === b.wasm) return true;
  if (a.wasm === undefined || b.wasm === undefined || isWasmSource(a.wasm) || isWasmSource(b.wasm)) return false;
  const ra = a.wasm as Partial<Record<Build, WasmSource>>;
  const rb = b.wasm as Partial<Record<Build, WasmSource>>;
  return BUILDS.every((i) => ra[i] === rb[i]);
}

/**
 * Loads the kernels and makes the default runtime. Calling it again with no arguments, or with
 * the same options (the same wasm object, not an equal copy), returns the same runtime: a worker
 * may call `await init({ wasm })` on every request. Different options make a new default
 * runtime, and tensors and models of the old one stay valid in it.
 * @example
 * ```ts
 * const rt = await init(); // picks relaxed SIMD, SIMD or scalar by feature detection
 * console.log(rt.isa);
 * ```
 */
export async function init(arg?: WasmSource | InitOptions): Promise<Runtime> {
  const opts = normalise(arg);
  if (current && (arg === undefined || (currentOpts && sameOptions(opts, currentOpts)))) return current;
  if (pending && arg === undefined) return pending;
  const p = create(arg, 'init');
  pending = p;
  try {
    const rt = await p;
    current = rt;
    currentOpts = opts;
    return rt;
  } finally {
    if (pending === p) pending = null;
  }
}

/**
 * The default runtime; throws a StateError before init().
 * @example
 * ```ts
 * await init();
 * getRuntime().resetStep();
 * ```
 */
export function getRuntime(): Runtime {
  if (!current) throw new StateError('rnn-wasm is not initialised: call `await init()` first');
  return current;
}

/** The `runtime` option of a constructor or factory: a Runtime, or the default one when absent. */
export function runtimeOption(where: string, rt: unknown): Runtime {
  if (rt === undefined || rt === null) return getRuntime();
  if (!(rt instanceof Runtime)) throw new ValueError(`${where}: runtime must be a Runtime (from init or createRuntime), got ${typeof rt}`);
  return rt;
}

/**
 * Makes `rt` the default runtime (tests and multi-runtime programs).
 * @example
 * ```ts
 * const scalar = await createRuntime({ simd: 'none' });
 * setRuntime(scalar); // layers and tensors made from now on live in it
 * ```
 */
export function setRuntime(rt: Runtime): void {
  if (!(rt instanceof Runtime)) throw new ValueError(`setRuntime: rt must be a Runtime (from init or createRuntime), got ${rt === null ? 'null' : typeof rt}`);
  current = rt;
  currentOpts = null;
}
