// How a recurrent scan (scan.ts) is split over the runtime's threads (runtime/pool.ts), each way
// giving one thread's bits: batch pieces, hidden-unit shares (B = 1), a step product split by
// columns, or a layer's directions side by side. A split records every thread's kernel calls into
// one job (a thread view of the runtime) and runs it.
import type { Runtime } from '../../runtime/runtime.js';
import type { Job } from '../../runtime/pool.js';
import { splitRange } from '../../runtime/parallel.js';

/**
 * Threads (runtime/pool.ts): a B > 1 scan runs its batch rows in pieces, one per thread, each piece
 * its whole sequence in one job (rows never meet through time, so no barrier). Pieces are whole
 * 4-row tiles of at least 4 rows: each piece's recurrent product runs the tiles the whole batch
 * would, so the bits are one thread's. Returns the piece boundaries, or null for one thread.
 */
export function batchPieces(rt: Runtime, B: number): number[] | null {
  const pool = rt.pool;
  if (pool === null || B < 8) return null;
  const cuts = splitRange(B, 4, Math.min(pool.size, Math.floor(B / 4)));
  for (let i = 0; i + 1 < cuts.length; i++) if (cuts[i + 1] - cuts[i] < 4) return null;
  return cuts.length > 2 ? cuts : null;
}

/**
 * Runs `steps(r, b0, nb)` for batch rows [b0, b0 + nb) of each piece on its own thread: `r` is the
 * runtime as thread t sees it (kernel calls recorded into t's list, t's GEMM scratch, no pool).
 */
function onBatchPieces(rt: Runtime, cuts: number[], steps: Steps): void {
  const pool = rt.pool!;
  const job = pool.job();
  for (let t = 0; t + 1 < cuts.length; t++) steps(threadView(rt, job, t), cuts[t], cuts[t + 1] - cuts[t]);
  pool.run(job);
}

/**
 * A scan whose batch does not split (B < 8) nor its hidden units (unitShares: 2 <= B < 8, or H % 8
 * != 0) but whose step product is large (B*G*H past STEP_SPLIT_MACS): the whole scan is one job,
 * each step's recurrent product split by columns
 * between spinning barriers (runtime/parallel.ts, gemmPacked), the gate kernels on thread 0.
 * A barrier costs well under a microsecond where a fresh dispatch costs several.
 */
const STEP_SPLIT_MACS = 1 << 16;
function stepSplit(rt: Runtime, B: number, G: number, H: number): boolean {
  return rt.pool !== null && B * G * H >= STEP_SPLIT_MACS;
}

function onStepSplit(rt: Runtime, B: number, steps: Steps): void {
  const pool = rt.pool!;
  const job = pool.job();
  const r = Object.create(threadView(rt, job, 0), { stepJob: { value: job } }) as Runtime;
  steps(r, 0, B);
  pool.run(job);
}

/**
 * A B = 1 scan on threads (B*G*H past STEP_SPLIT_MACS): the whole scan is one job and each thread
 * owns hidden units [u_t, u_t+1) through all steps: its units' gate rows of the recurrent product
 * (f32_gemv_packed_cols: each column summed as the whole product sums it), its units' cell, then
 * one barrier per step (the cell table's fwdUnits / bwdUnits phases). Shares are whole panels (8
 * columns; 32 where H allows, the GEMV's block); H % 8 != 0 keeps the column split (onStepSplit).
 * Returns the share boundaries, or null.
 */
function unitShares(rt: Runtime, B: number, G: number, H: number): number[] | null {
  if (rt.pool === null || B !== 1 || H % 8 !== 0 || !stepSplit(rt, B, G, H)) return null;
  const cuts = splitRange(H, H % 32 === 0 ? 32 : 8, rt.pool.size);
  return cuts.length > 2 ? cuts : null;
}

/** The steps of a scan split by hidden units: `steps(job, views, cuts)` records every thread's list. */
export type UnitSteps = (job: Job, views: readonly Runtime[], cuts: readonly number[]) => void;

/**
 * `sig`: every number the recording reads (scan.ts, unitSig: the cell, T, the step's offsets and
 * sizes, the parameters' offsets), with the shares; the thread views add only what is fixed per
 * pool (its export indices, each thread's GEMM scratch). The same key therefore records the same
 * lists, and the pool keeps them (Pool.keep): recording a B = 1 forward (T = 128) took 0.1-0.4 ms
 * and ~300 KB of garbage per forward.
 */
function onUnits(rt: Runtime, cuts: number[], steps: UnitSteps, sig: (() => string) | null): void {
  const pool = rt.pool!;
  const key = sig && `${cuts}|${sig()}`;
  if (key && pool.runKept(key)) return;
  const job = pool.job();
  steps(job, cuts.slice(1).map((_, t) => threadView(rt, job, t)), cuts);
  pool.run(job);
  if (key) pool.keep(key, job);
}

/** The runtime as thread t of `job` sees it: kernel calls recorded into its list, its scratch, no pool. */
function threadView(rt: Runtime, job: Job, t: number): Runtime {
  return Object.create(rt, {
    k: { value: rt.pool!.recorder(job, t, rt.k) },
    gemmWs: { value: rt.threadWs(t) },
    pool: { value: null },
  }) as Runtime;
}

/** Steps of batch rows [b0, b0 + nb) on the runtime (or thread view) r. */
export type Steps = (r: Runtime, b0: number, nb: number) => void;

/**
 * Runs a scan's steps the best way the runtime allows: batch pieces (when `batchSplit`), hidden-unit
 * shares, a step product split by columns, or on this thread. `unitSig`: builds the signature of
 * `unitSteps` (see onUnits), called only when the unit split runs, to keep its recorded job; null
 * records every time.
 */
export function runSteps(
  rt: Runtime, B: number, G: number, H: number, steps: Steps, unitSteps: UnitSteps, batchSplit: boolean, unitSig: (() => string) | null = null,
): void {
  const cuts = batchSplit ? batchPieces(rt, B) : null;
  const shares = cuts ? null : unitShares(rt, B, G, H);
  if (cuts) onBatchPieces(rt, cuts, steps);
  else if (shares) onUnits(rt, shares, unitSteps, unitSig);
  else if (stepSplit(rt, B, G, H)) onStepSplit(rt, B, steps);
  else steps(rt, 0, B);
}

/** Whether a layer's D directions run at once, one per thread (forward and backward): B < 8 on D+ threads. */
export function dirsInParallel(rt: Runtime, D: number, B: number): boolean {
  return rt.pool !== null && D > 1 && rt.pool.size >= D && batchPieces(rt, B) === null;
}

/** Runs each direction's steps on its own thread, as one job (dirsInParallel said yes). */
export function onDirections(rt: Runtime, dirs: readonly ((r: Runtime) => void)[]): void {
  const pool = rt.pool!;
  const job = pool.job();
  dirs.forEach((steps, t) => steps(threadView(rt, job, t)));
  pool.run(job);
}
