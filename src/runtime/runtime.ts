// A Runtime is one instantiated kernel build plus the Memory and arenas it works in.
// init() makes the default runtime that tensors use when none is named.
import { checkOptions, StateError, ValueError } from '../errors.js';
import { detectIsa, supportsIsa, type Isa } from './detect.js';
import { Arena, Heap, PAGE } from './heap.js';
import { compileSource, isWasmSource, type WasmSource } from './source.js';
import type { Kernels } from './kernels.gen.js';

export type { Isa, Kernels, WasmSource };

/** Where each build comes from when the caller does not say: set by the package entry. */
export type WasmProvider = (isa: Isa) => WasmSource;
let defaultProvider: WasmProvider | null = null;
export function setDefaultWasmProvider(p: WasmProvider): void {
  defaultProvider = p;
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
  /** One build (its instruction set is read from it), or one per instruction set. */
  wasm?: WasmSource | Partial<Record<Isa, WasmSource>>;
  /** Ceiling for the wasm memory; exceeding it is a MemoryError. Default 2 GiB. */
  maxMemoryBytes?: number;
}

const ISAS: readonly Isa[] = ['relaxed', 'simd', 'none'];
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
  private readonly scratchArena: Arena;

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
  }

  /** A fresh Float32Array view; never keep it across allocations (memory growth detaches it). */
  f32(offset: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, offset, length);
  }

  i32(offset: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, offset, length);
  }

  /** Scratch bytes for one kernel call (e.g. GEMM packing); valid until the next scratch() call. */
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

function pickSource(opts: InitOptions, isa: Isa): WasmSource | null {
  const w = opts.wasm;
  if (w === undefined) return defaultProvider ? defaultProvider(isa) : null;
  if (isWasmSource(w)) return w;
  return (w as Partial<Record<Isa, WasmSource>>)[isa] ?? null;
}

/** The options object init/createRuntime were given, checked: unknown names and bad values throw. */
function checkedOptions(arg: WasmSource | InitOptions | undefined): InitOptions {
  if (arg !== undefined && !isWasmSource(arg) && (typeof arg !== 'object' || arg === null)) {
    throw new ValueError(`init: expected a wasm source or an options object, got ${arg === null ? 'null' : typeof arg}`);
  }
  const opts: InitOptions = arg === undefined ? {} : isWasmSource(arg) ? { wasm: arg } : arg;
  checkOptions('init', opts, ['simd', 'wasm', 'maxMemoryBytes']);
  if (opts.simd !== undefined && !ISAS.includes(opts.simd)) {
    throw new ValueError(`init: simd must be one of 'relaxed', 'simd', 'none', got ${JSON.stringify(opts.simd)}`);
  }
  const maxBytes = opts.maxMemoryBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isFinite(maxBytes) || maxBytes < PAGE * 2 || maxBytes > MAX_WASM32) {
    throw new ValueError(`init: maxMemoryBytes must be between ${PAGE * 2} and ${MAX_WASM32}, got ${maxBytes}`);
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
  const opts = checkedOptions(arg);
  const maxBytes = opts.maxMemoryBytes ?? DEFAULT_MAX_BYTES;
  const single = opts.wasm !== undefined && isWasmSource(opts.wasm);
  let isa: Isa = opts.simd ?? detectIsa();
  if (opts.simd && !supportsIsa(opts.simd)) {
    throw new ValueError(`init: simd '${opts.simd}' was asked for, but this host does not support it (best: '${detectIsa()}')`);
  }
  if (!single && !opts.simd) {
    // With per-build sources, fall back to the best build that was given.
    const order = ISAS.slice(ISAS.indexOf(isa));
    isa = order.find((i) => pickSource(opts, i) !== null) ?? isa;
  }
  const src = pickSource(opts, isa);
  if (src === null) {
    throw new ValueError(`init: no wasm for instruction set '${isa}': pass init({ wasm }) with a WebAssembly.Module, bytes or a URL`);
  }
  const module = await compileSource(src, 'init');
  const memory = new WebAssembly.Memory({ initial: 32, maximum: Math.ceil(maxBytes / PAGE) });
  let instance: WebAssembly.Instance;
  try {
    instance = await WebAssembly.instantiate(module, { env: { memory } });
  } catch (e) {
    throw new ValueError(`init: the wasm module could not be instantiated (is it an rnn-wasm kernel build?): ${String(e)}`);
  }
  const k = instance.exports as unknown as Kernels;
  if (typeof k.build_isa !== 'function' || typeof k.heap_base !== 'function') {
    throw new ValueError('init: the wasm module is not an rnn-wasm kernel build (no build_isa/heap_base exports)');
  }
  const built: Isa = (['none', 'simd', 'relaxed'] as const)[k.build_isa()] ?? 'none';
  return new Runtime(built, k, memory, maxBytes);
}

let current: Runtime | null = null;
let currentOpts: InitOptions | null = null;
let pending: Promise<Runtime> | null = null;

/** Checked options with defaults filled in, so that init({}) and init() mean the same thing. */
function normalise(arg: WasmSource | InitOptions | undefined): InitOptions {
  const o = checkedOptions(arg);
  return { simd: o.simd, wasm: o.wasm, maxMemoryBytes: o.maxMemoryBytes ?? DEFAULT_MAX_BYTES };
}

/** Same instruction-set request, same ceiling, and the very same wasm object(s). */
function sameOptions(a: InitOptions, b: InitOptions): boolean {
  if (a.simd !== b.simd || a.maxMemoryBytes !== b.maxMemoryBytes) return false;
  if (a.wasm === b.wasm) return true;
  if (a.wasm === undefined || b.wasm === undefined || isWasmSource(a.wasm) || isWasmSource(b.wasm)) return false;
  const ra = a.wasm as Partial<Record<Isa, WasmSource>>;
  const rb = b.wasm as Partial<Record<Isa, WasmSource>>;
  return ISAS.every((i) => ra[i] === rb[i]);
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
  const p = createRuntime(arg);
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
  current = rt;
  currentOpts = null;
}
