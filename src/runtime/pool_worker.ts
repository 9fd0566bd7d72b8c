// What a pool worker runs, as source text (threads.ts evaluates it in a Node worker or a module
// Worker), and the layout of the control block it shares with the main thread (pool.ts).
// Source text rather than a function's toString(): bundlers and test transforms may rewrite a
// function's body with helpers that do not exist inside the worker.
//
// A worker instantiates the same Module on the same shared Memory, then loops: wait until the
// job generation moves (spinning a bounded while, then sleeping in Atomics.wait), run its call
// list, count itself done. A call list is float64s in the wasm memory: per call the export's index,
// the argument count, the arguments; index -1 is a barrier every thread passes together.

/** Int32 slots of the control block (byte offset `ctrl` in the wasm memory). */
export const CTRL = {
  GEN: 0, // job generation: bumped by the main thread to start a job
  PENDING: 1, // workers still running the current job
  STOP: 2, // 1: leave the loop
  ERR: 3, // 0, or 1 + the export index of the first call that threw (any thread)
  BAR_COUNT: 4, // threads arrived at the current barrier
  BAR_GEN: 5, // barrier generation: bumped by the last thread to arrive
  NTHREADS: 6, // threads taking part (main included)
  LISTS: 8, // thread t's list: [LISTS + 2t] = float64 index, [LISTS + 2t + 1] = length
} as const;

/** Bytes of the control block for n threads. */
export const ctrlBytes = (n: number): number => (CTRL.LISTS + 2 * n) * 4;

/**
 * Most arguments a pooled kernel call passes (Job.call checks it). Calls pass MAX_ARGS positional
 * arguments from the list, the ones past the call's own being ignored by the wasm export (JS API:
 * only the declared parameters are converted): a spread or apply of a slice per call measured
 * ~110-135 ns, positional ~20 ns, and a B = 1 scan makes two calls per thread per step.
 */
export const MAX_ARGS = 24;
const positional = (a: string): string => Array.from({ length: MAX_ARGS }, (_, k) => `${a}[i + ${k}]`).join(', ');

/** Spins before sleeping: about 100 µs of Atomics.load; a sleeping thread costs ~20 µs to wake. */
export const SPIN = 1 << 14;

export const WORKER_BODY = `
const C = ${JSON.stringify(CTRL)};
const SPIN = ${SPIN};
host.on((msg) => {
  let inst;
  try {
    inst = new WebAssembly.Instance(msg.module, { env: { memory: msg.memory } });
  } catch (e) {
    host.post({ ok: false, error: String(e) });
    return;
  }
  const fns = msg.names.map((n) => inst.exports[n]);
  const memory = msg.memory;
  const ctrl = new Int32Array(memory.buffer, msg.ctrl, C.LISTS + 2 * msg.nthreads);
  let f64 = new Float64Array(memory.buffer);
  const me = msg.index;
  // Read before saying ready: the main thread may start the first job as soon as it hears.
  let seen = Atomics.load(ctrl, C.GEN);
  host.post({ ok: true });
  let failed = false;
  const barrier = () => {
    const n = Atomics.load(ctrl, C.NTHREADS);
    const g = Atomics.load(ctrl, C.BAR_GEN);
    if (Atomics.add(ctrl, C.BAR_COUNT, 1) === n - 1) {
      Atomics.store(ctrl, C.BAR_COUNT, 0);
      Atomics.add(ctrl, C.BAR_GEN, 1);
      Atomics.notify(ctrl, C.BAR_GEN);
      return;
    }
    let spins = 0;
    while (Atomics.load(ctrl, C.BAR_GEN) === g) {
      if (++spins > SPIN) { Atomics.wait(ctrl, C.BAR_GEN, g); spins = 0; }
    }
  };
  for (;;) {
    let spins = 0;
    while (Atomics.load(ctrl, C.GEN) === seen) {
      if (++spins > SPIN) { Atomics.wait(ctrl, C.GEN, seen); spins = 0; }
    }
    seen = Atomics.load(ctrl, C.GEN);
    if (Atomics.load(ctrl, C.STOP)) break;
    let i = Atomics.load(ctrl, C.LISTS + 2 * me);
    const end = i + Atomics.load(ctrl, C.LISTS + 2 * me + 1);
    // memory.grow leaves this view at its old length: compare lengths, not buffer identity.
    if (end * 8 > f64.byteLength) f64 = new Float64Array(memory.buffer);
    failed = false;
    while (i < end) {
      const fn = f64[i];
      const n = f64[i + 1];
      i += 2;
      if (fn < 0) { barrier(); continue; }
      if (!failed) {
        try {
          fns[fn](${positional('f64')});
        } catch (e) {
          failed = true;
          Atomics.compareExchange(ctrl, C.ERR, 0, 1 + fn);
        }
      }
      i += n;
    }
    if (Atomics.sub(ctrl, C.PENDING, 1) === 1) Atomics.notify(ctrl, C.PENDING);
  }
  host.close();
});
`;
