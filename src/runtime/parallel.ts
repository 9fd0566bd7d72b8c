// Kernel calls split over the runtime's threads so that every output element is computed by one
// thread exactly as one thread would compute it: GEMMs split by output columns (or rows), never
// along the reduction; elementwise updates split by ranges. Results are bit-identical to one
// thread's whatever the thread count (test/runtime/parallel.test.ts checks it).
import type { Runtime } from './runtime.js';
import { alignUp } from './heap.js';
import type { Job } from './pool.js';

/** Below this many multiply-adds a product runs on one thread: waking the others costs more. */
const MIN_PARALLEL_MACS = 1 << 18;
/** Below this many elements an update runs on one thread. */
const MIN_PARALLEL_ELEMENTS = 1 << 15;

/**
 * Boundaries [0, b1, ..., total) of `total` split into at most `parts` pieces, each a multiple of
 * `unit` but the last. Fewer pieces when there are not enough units.
 */
export function splitRange(total: number, unit: number, parts: number): number[] {
  const units = Math.ceil(total / unit);
  const n = Math.max(1, Math.min(parts, units));
  const out = [0];
  for (let t = 1; t < n; t++) out.push(Math.floor((t * units) / n) * unit);
  out.push(total);
  return out;
}

/**
 * The column unit that keeps each piece's kernel decomposition the same as the whole product's.
 * The M = 1 paths walk columns in 32- (packed) or 24-wide (B read in place) blocks and finish with
 * 8-wide ones that sum in another order; the tiled path pairs panels (16 columns) for leftover rows.
 * Pieces starting at multiples of 96 (in-place GEMV) or 32 see the same blocks as the whole.
 */
const colUnit = (M: number, packed: boolean): number => (packed || M > 8 ? 32 : 96);

/**
 * f32_gemm on the runtime's threads: C[M,N] (+)= op(A)·op(B) (+ bias). Returns false (nothing
 * done) when the product is too small or does not split; the caller then runs it on one thread.
 */
export function gemmParallel(
  rt: Runtime, M: number, N: number, K: number,
  A: number, lda: number, transA: number, B: number, ldb: number, transB: number,
  C: number, ldc: number, bias: number, accumulate: number,
): boolean {
  const pool = rt.pool;
  if (pool === null || M * N * K < MIN_PARALLEL_MACS) return false;
  const k = rt.k;
  const unit = colUnit(M, false);
  let cuts = splitRange(N, unit, pool.size);
  let byRows = false;
  if (cuts.length < 3) {
    // Too few columns: rows in multiples of 4, each piece past the few-row paths (M > 8), so
    // every piece takes the whole product's path (the 4-row tiles, the last rows' leftovers).
    if (M < 24) return false;
    cuts = splitRange(M, 4, Math.min(pool.size, Math.floor(M / 12)));
    if (cuts.length < 3) return false;
    byRows = true;
  }
  const parts = cuts.length - 1;
  const sizes: number[] = [];
  for (let t = 0; t < parts; t++) {
    const d = cuts[t + 1] - cuts[t];
    sizes.push(alignUp(Number(byRows ? k.f32_gemm_ws_bytes(d, N, K) : k.f32_gemm_ws_bytes(M, d, K))));
  }
  let ws = rt.scratch(sizes.reduce((s, x) => s + x, 0));
  const job = pool.job();
  for (let t = 0; t < parts; t++) {
    const [s, d] = [cuts[t], cuts[t + 1] - cuts[t]];
    if (byRows) {
      const a = transA ? A + s * 4 : A + s * lda * 4;
      job.call(t, 'f32_gemm', d, N, K, a, lda, transA, B, ldb, transB, C + s * ldc * 4, ldc, bias, accumulate, ws);
    } else {
      const b = transB ? B + s * ldb * 4 : B + s * 4;
      job.call(t, 'f32_gemm', M, d, K, A, lda, transA, b, ldb, transB, C + s * 4, ldc, bias ? bias + s * 4 : 0, accumulate, ws);
    }
    ws += sizes[t];
  }
  pool.run(job);
  return true;
}

/**
 * f32_gemm_packed on the runtime's threads, split by columns (whole 32-column blocks of the
 * packed panels); each thread passes its own scratch block. Returns false when not split.
 */
export function gemmPackedParallel(
  rt: Runtime, M: number, N: number, K: number, A: number, lda: number, packedB: number,
  C: number, ldc: number, bias: number, accumulate: number, reverse: number,
): boolean {
  const pool = rt.pool;
  if (pool === null || M * N * K < MIN_PARALLEL_MACS) return false;
  const cuts = splitRange(N, colUnit(M, true), pool.size);
  if (cuts.length < 3) return false;
  const job = pool.job();
  for (let t = 0; t + 1 < cuts.length; t++) {
    const [s, d] = [cuts[t], cuts[t + 1] - cuts[t]];
    // Panel p (8 columns) starts at p*K*8 floats: column s's panel at s*K floats.
    job.call(t, 'f32_gemm_packed', M, d, K, A, lda, packedB + s * K * 4, C + s * 4, ldc, bias ? bias + s * 4 : 0, accumulate, reverse, rt.threadWs(t));
  }
  pool.run(job);
  return true;
}

/**
 * A runtime recording a whole scan into one job (autograd/recurrent/split.ts, 2 <= B < 8 or B = 1
 * with H % 8 != 0): each step's packed product is split over the job's threads between two
 * barriers, the rest runs on thread 0.
 */
export interface StepSplitRuntime extends Runtime { stepJob: Job }

/** f32_gemm_packed, on the threads when worth it. */
export function gemmPacked(
  rt: Runtime, M: number, N: number, K: number, A: number, lda: number, packedB: number,
  C: number, ldc: number, bias: number, accumulate: number, reverse: number,
): void {
  const job = (rt as Partial<StepSplitRuntime>).stepJob;
  if (job) {
    // Recording: everyone waits for thread 0's previous kernel (it wrote A), takes its columns,
    // and thread 0 waits for all columns before the next kernel reads C.
    const cuts = splitRange(N, colUnit(M, true), job.lists.length);
    job.barrier();
    for (let t = 0; t + 1 < cuts.length; t++) {
      const [s, d] = [cuts[t], cuts[t + 1] - cuts[t]];
      job.call(t, 'f32_gemm_packed', M, d, K, A, lda, packedB + s * K * 4, C + s * 4, ldc, bias ? bias + s * 4 : 0, accumulate, reverse, rt.threadWs(t));
    }
    job.barrier();
    return;
  }
  if (!gemmPackedParallel(rt, M, N, K, A, lda, packedB, C, ldc, bias, accumulate, reverse)) {
    rt.k.f32_gemm_packed(M, N, K, A, lda, packedB, C, ldc, bias, accumulate, reverse, rt.gemmWs);
  }
}

/**
 * An elementwise kernel `name(args)` over n elements, split into ranges on the threads: `ptrs`
 * are the indices of the args that are float32 arrays of n (0 = absent stays 0), `count` the index
 * of n. Returns false when n is too small (the caller runs it whole).
 */
export function rangesParallel(rt: Runtime, name: string, args: readonly number[], ptrs: readonly number[], count: number): boolean {
  const pool = rt.pool;
  const n = args[count];
  if (pool === null || n < MIN_PARALLEL_ELEMENTS) return false;
  const cuts = splitRange(n, 64, pool.size);
  if (cuts.length < 3) return false;
  const job = pool.job();
  for (let t = 0; t + 1 < cuts.length; t++) {
    const a = args.slice();
    for (const i of ptrs) if (a[i]) a[i] += cuts[t] * 4;
    a[count] = cuts[t + 1] - cuts[t];
    job.call(t, name, ...a);
  }
  pool.run(job);
  return true;
}
