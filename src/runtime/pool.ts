// A pool of n-1 workers beside the main thread, all running the same kernel Module on one shared
// Memory. Started once per runtime; a job gives each thread a list of kernel calls (and barriers
// that every thread passes together), the main thread runs its own list, then waits for the rest.
// The host stays the only allocator: lists, scratch and results all live in memory it handed out.
import { RnnWasmError } from '../errors.js';
// Types only from heap.ts: the runtime hands in the Arena, so this lazily loaded chunk imports no
// code that the core entry also loads (which would split that code into a chunk of its own).
import type { Arena, Heap } from './heap.js';
import { CTRL, ctrlBytes, MAX_ARGS, SPIN, WORKER_BODY } from './pool_worker.js';
import { canBlock, spawnWorker, type HostWorker } from './threads.js';

type Fn = (...args: number[]) => unknown;

/**
 * One parallel job: a call list per thread (thread 0 is the main thread). Every barrier() is a
 * point all threads reach before any goes on, so it is added to every list at once.
 */
export class Job {
  readonly lists: number[][];
  /** Kernel name -> export index (the pool's). */
  readonly index: ReadonlyMap<string, number>;
  constructor(index: ReadonlyMap<string, number>, n: number) {
    this.index = index;
    this.lists = Array.from({ length: n }, () => []);
  }

  /** Thread t calls kernel `name` with `args` (byte offsets, sizes, scalars). */
  call(t: number, name: string, ...args: number[]): this {
    const fn = this.index.get(name);
    if (fn === undefined) throw new RnnWasmError('E_INTERNAL', `pool: no kernel named '${name}'`);
    return this.push(t, fn, args);
  }

  /**
   * Thread t calls export `fn` (an index of `index`) with `args`. What call() and the recorders
   * use: a recorded scan adds a few calls per thread per step, so no spread, no lookup.
   */
  push(t: number, fn: number, args: readonly number[]): this {
    const n = args.length;
    if (n > MAX_ARGS) throw new RnnWasmError('E_INTERNAL', `pool: export ${fn} called with ${n} arguments, at most ${MAX_ARGS}`);
    const l = this.lists[t];
    l.push(fn, n);
    for (let i = 0; i < n; i++) l.push(args[i]);
    return this;
  }

  barrier(): this {
    for (const l of this.lists) l.push(-1, 0);
    return this;
  }
}

/** f(a[i], ..., a[i + MAX_ARGS - 1]): the wasm export ignores the ones past its own (see MAX_ARGS). */
function invoke(f: Fn, a: readonly number[], i: number): void {
  f(a[i], a[i + 1], a[i + 2], a[i + 3], a[i + 4], a[i + 5], a[i + 6], a[i + 7], a[i + 8], a[i + 9], a[i + 10], a[i + 11],
    a[i + 12], a[i + 13], a[i + 14], a[i + 15], a[i + 16], a[i + 17], a[i + 18], a[i + 19], a[i + 20], a[i + 21], a[i + 22], a[i + 23]);
}

/** Kept jobs (Pool.keep) at most, and numbers in all their lists (8 bytes each; a B = 1 T = 128 LSTM scan's job is ~15k). */
const KEPT_JOBS = 8;
const KEPT_NUMBERS = 1 << 19;
const numbers = (job: Job): number => job.lists.reduce((n, l) => n + l.length, 0);

export class Pool {
  /** Threads taking part in a job, the main thread included. */
  readonly size: number;
  private readonly ctrl: Int32Array;
  private readonly index: Map<string, number>;
  /** [name, export index, runs at once when recording (a size or module query)] of every export. */
  private readonly exportList: [string, number, boolean][];
  private readonly fns: Fn[];
  private readonly lists: Arena;
  private readonly blocking: boolean;
  private workers: HostWorker[];
  /** Jobs run so far (tests check that a product really went parallel). */
  jobsRun = 0;
  /** Jobs kept by their caller's key (keep), most recently run last. */
  private readonly kept = new Map<string, Job>();

  private constructor(heap: Heap, lists: Arena, ctrlAt: number, names: string[], fns: Fn[], workers: HostWorker[]) {
    this.size = workers.length + 1;
    this.ctrl = new Int32Array(heap.memory.buffer, ctrlAt, ctrlBytes(this.size) / 4);
    this.index = new Map(names.map((n, i) => [n, i]));
    this.exportList = names.map((n, i) => [n, i, /_bytes$|^heap_base$|^build_isa$/.test(n)]);
    this.fns = fns;
    this.workers = workers;
    this.lists = lists;
    this.blocking = canBlock(this.ctrl);
  }

  /**
   * Starts n-1 workers on `module` and the shared `memory`; resolves once each has instantiated.
   * Throws (after ending any worker it started) when a worker cannot be created or instantiated.
   */
  static async start(module: WebAssembly.Module, heap: Heap, lists: Arena, exports: Record<string, unknown>, n: number): Promise<Pool> {
    const names = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => e.name);
    const fns = names.map((nm) => exports[nm] as Fn);
    const ctrlAt = heap.take(ctrlBytes(n), 'init').base;
    new Int32Array(heap.memory.buffer, ctrlAt, ctrlBytes(n) / 4).fill(0);
    Atomics.store(new Int32Array(heap.memory.buffer, ctrlAt, ctrlBytes(n) / 4), CTRL.NTHREADS, n);
    const workers: HostWorker[] = [];
    try {
      for (let t = 1; t < n; t++) workers.push(await spawnWorker(WORKER_BODY));
      await Promise.all(workers.map((w, i) => new Promise<void>((resolve, reject) => {
        w.onMessage((m) => {
          const r = m as { ok: boolean; error?: string };
          if (r.ok) resolve();
          else reject(new Error(r.error));
        });
        w.onError((e) => reject(e instanceof Error ? e : new Error(String(e))));
        w.post({ module, memory: heap.memory, ctrl: ctrlAt, index: i + 1, nthreads: n, names });
      })));
      // Only now: an unref'd worker's messages do not keep the process alive, so its "ready"
      // would never arrive in a program with nothing else to do.
      for (const w of workers) w.unref();
    } catch (e) {
      for (const w of workers) w.terminate();
      throw e;
    }
    return new Pool(heap, lists, ctrlAt, names, fns, workers);
  }

  get closed(): boolean {
    return this.workers.length === 0;
  }

  job(): Job {
    return new Job(this.index, this.size);
  }

  /**
   * Kernels that record into thread t's list of `job` instead of running: host code written
   * against `rt.k` (a recurrent scan) then runs on thread t. The size queries (`*_bytes`) and
   * module queries run at once: the host allocates while recording.
   */
  recorder(job: Job, t: number, k: object): Record<string, (...args: number[]) => unknown> {
    const out: Record<string, (...args: number[]) => unknown> = Object.create(null);
    const real = k as Record<string, (...args: number[]) => unknown>;
    for (const [name, fn, query] of this.exportList) {
      out[name] = query ? real[name] : (...args: number[]) => void job.push(t, fn, args);
    }
    return out;
  }

  /**
   * Runs a job: the workers' lists are copied into the memory (the only allocation: a MemoryError
   * here leaves the pool as it was), the main thread runs list 0, then waits for the workers.
   * A kernel that throws in any thread makes run() throw after every thread has finished.
   */
  run(job: Job): void {
    const c = this.ctrl;
    this.jobsRun++;
    this.lists.reset();
    let total = 0;
    for (let t = 1; t < this.size; t++) total += job.lists[t].length;
    const base = this.lists.alloc(total * 8);
    const f64 = new Float64Array(this.lists.heap.memory.buffer, base, total);
    let at = 0;
    for (let t = 1; t < this.size; t++) {
      const l = job.lists[t];
      f64.set(l, at);
      Atomics.store(c, CTRL.LISTS + 2 * t, (base >> 3) + at);
      Atomics.store(c, CTRL.LISTS + 2 * t + 1, l.length);
      at += l.length;
    }
    Atomics.store(c, CTRL.ERR, 0);
    Atomics.store(c, CTRL.BAR_COUNT, 0);
    Atomics.store(c, CTRL.PENDING, this.size - 1);
    Atomics.add(c, CTRL.GEN, 1);
    Atomics.notify(c, CTRL.GEN);
    let failure: unknown = null;
    const l = job.lists[0];
    for (let i = 0; i < l.length;) {
      const fn = l[i];
      const n = l[i + 1];
      i += 2;
      if (fn < 0) {
        this.barrier();
        continue;
      }
      if (failure === null) {
        try {
          invoke(this.fns[fn], l, i);
        } catch (e) {
          failure = e;
        }
      }
      i += n;
    }
    let spins = 0;
    for (let v = Atomics.load(c, CTRL.PENDING); v !== 0; v = Atomics.load(c, CTRL.PENDING)) {
      if (++spins > SPIN && this.blocking) {
        Atomics.wait(c, CTRL.PENDING, v);
        spins = 0;
      }
    }
    const err = Atomics.load(c, CTRL.ERR);
    if (failure !== null) throw failure;
    if (err !== 0) {
      const name = [...this.index].find(([, i]) => i === err - 1)?.[0] ?? '?';
      throw new RnnWasmError('E_KERNEL', `pool: kernel ${name} failed in a worker thread`);
    }
  }

  /**
   * Keeps a job that ran, for runKept(key). The caller's key must hold everything its recording
   * read (split.ts, onUnits: offsets, sizes, shares), so that the same key records the same lists:
   * running the kept job is then running what a new recording would give. Offsets an arena hands
   * out again are in the key, and memory growth moves no offset. Past KEPT_JOBS jobs or
   * KEPT_NUMBERS numbers in all their lists, the least recently run are dropped.
   */
  keep(key: string, job: Job): void {
    const kept = this.kept;
    kept.set(key, job);
    let total = 0;
    for (const j of kept.values()) total += numbers(j);
    for (const [k, j] of kept) {
      if (kept.size <= KEPT_JOBS && total <= KEPT_NUMBERS) break;
      kept.delete(k);
      total -= numbers(j);
    }
  }

  /** Runs the job kept under `key` (keep), or returns false when there is none. */
  runKept(key: string): boolean {
    const job = this.kept.get(key);
    if (!job) return false;
    this.kept.delete(key);
    this.kept.set(key, job);
    this.run(job);
    return true;
  }

  /** A barrier on the main thread: spins, and sleeps where the host lets this thread block. */
  private barrier(): void {
    const c = this.ctrl;
    const g = Atomics.load(c, CTRL.BAR_GEN);
    if (Atomics.add(c, CTRL.BAR_COUNT, 1) === this.size - 1) {
      Atomics.store(c, CTRL.BAR_COUNT, 0);
      Atomics.add(c, CTRL.BAR_GEN, 1);
      Atomics.notify(c, CTRL.BAR_GEN);
      return;
    }
    let spins = 0;
    while (Atomics.load(c, CTRL.BAR_GEN) === g) {
      if (++spins > SPIN && this.blocking) {
        Atomics.wait(c, CTRL.BAR_GEN, g);
        spins = 0;
      }
    }
  }

  /** Ends the workers (they leave their loop, then are terminated). The pool runs no more jobs. */
  close(): void {
    if (this.closed) return;
    Atomics.store(this.ctrl, CTRL.STOP, 1);
    Atomics.add(this.ctrl, CTRL.GEN, 1);
    Atomics.notify(this.ctrl, CTRL.GEN);
    for (const w of this.workers) w.terminate();
    this.workers = [];
  }
}
