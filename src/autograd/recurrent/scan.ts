// One direction of one recurrent layer over a whole sequence, on raw pointers: the forward scan
// that keeps its workspaces, and backward through time over them. The cell (cells.ts) supplies the
// per-step kernels; everything else (stacking, bidirectional, modules, the tape) is built on these.
//
// Shape legend: B batch, T time, I input features, H hidden, G gate rows (RNN H, LSTM 4H, GRU 3H).
// Workspaces are scan-major: row s*B + b is batch row b at scan step s (the direction's s-th
// processed step), so every per-step kernel reads contiguous (B, ·) blocks whatever the input
// layout, direction or lengths. The sequence buffers (x, output) are addressed by row number
// (batch-first b*T + t, time-major t*B + b) through one index table per direction.
// Past 300 lines for a reason: the threads (issue 14) run these step loops as closures on batch
// pieces, hidden-unit shares or per direction (split.ts), and they read best side by side.
import { StateError } from '../../errors.js';
import type { Runtime } from '../../runtime/runtime.js';
import { dirsInParallel, onDirections, runSteps, type UnitSteps } from './split.js';
import { gemm } from '../kern.js';
import type { BwdStep, CellDef, FwdStep } from './cells.js';
import { copyOrZero, gatherRows, packB, packedBytes, packedProduct, scatterRows } from './kernels.js';
import { DIR_SLOTS, type DirOf, type DirParams } from './params.js';

export interface ScanSpec {
  cell: CellDef;
  B: number;
  T: number;
  I: number;
  H: number;
  reverse: boolean;
  batchFirst: boolean;
  /** LSTM/GRU gates: Keras' hard_sigmoid instead of σ (imported TensorFlow.js models). */
  hardGates?: boolean;
}

/** A sequence buffer: row r starts at ptr + 4 * r * stride (ptr already includes a column offset). */
export interface SeqRef {
  ptr: number;
  stride: number;
}

/** What the backward pass needs: workspace offsets in the step arena, valid for `epoch`. */
export interface ScanCtx {
  spec: ScanSpec;
  p: DirParams;
  idx: number; // i32 (T*B): sequence row of each workspace row, -1 = padded
  lens: number; // i32 (B) or 0
  xs: number; // (T*B, I) gathered input
  gx: number; // (T*B, G) activations after the fused kernel (pre-activations before)
  gh: number; // savesGh: (T*B, G) W_hh h + b_hh per step (gru_rb: n rows are W_hn (r*h) + b_hn)
  rh: number; // splitHh: (T*B, H) r * h_prev per step
  hs: number; // ((T+1)*B, H) slot 0 = h0
  cs: number; // hasC: ((T+1)*B, H) slot 0 = c0
  epoch: number;
}

/** Sequence row of each (scan step, batch row); -1 where the step is padding (README 4.4). */
export function rowIndex(B: number, T: number, lens: ArrayLike<number> | null, reverse: boolean, batchFirst: boolean): Int32Array {
  const idx = new Int32Array(T * B);
  for (let s = 0; s < T; s++) {
    for (let b = 0; b < B; b++) {
      const L = lens ? lens[b] : T;
      const t = reverse ? L - 1 - s : s;
      idx[s * B + b] = s >= L ? -1 : batchFirst ? b * T + t : t * B + b;
    }
  }
  return idx;
}

/** Row widths of W_hh's recurrent product(s): all G rows, or (splitHh) the r,z rows then the n rows. */
function hhSplit(cell: CellDef, H: number, G: number): { nG: number; nN: number } {
  return cell.splitHh ? { nG: 2 * H, nN: H } : { nG: G, nN: 0 };
}

const stepView = (spec: ScanSpec, p: DirParams, lens: number, G: number): BwdStep => ({
  s: 0, B: spec.B, H: spec.H, G, lens, hard: spec.hardGates ? 1 : 0, p, packed: 0, packedN: 0,
  hPrev: 0, hNew: 0, cPrev: 0, cNew: 0, gates: 0, gh: 0, rh: 0,
  dGates: 0, dGh: 0, dh: 0, dc: 0, dhOut: 0, dpI: 0, dpF: 0, dpO: 0, drh: 0,
});

/** What a forward scan needs to run its steps, once its workspaces are allocated and filled. */
interface PreparedScan {
  ctx: ScanCtx;
  /** Batch rows [b0, b0 + nb) through all steps, on the runtime (or thread view) r. */
  steps: (r: Runtime, b0: number, nb: number) => void;
  /** B = 1: all steps split by hidden units (unitShares). */
  unitSteps: UnitSteps;
  /** Every number unitSteps' recording reads (split.ts keeps its job by this); built only when a unit split runs. */
  unitSig: () => string;
  /** Writes the output rows (after the steps). */
  finish: () => void;
}

/** The arguments of scanForward, for scanning several directions at once. */
export interface ScanArgs {
  spec: ScanSpec; p: DirParams; x: SeqRef; out: SeqRef | null;
  h0: number; c0: number; lens: number; lensHost: ArrayLike<number> | null;
}

/**
 * The directions of one layer. On a multi-thread runtime whose batch does not split (B < 8),
 * each direction runs its steps on its own thread (one job); otherwise one after the other.
 */
export function scanForwardDirs(rt: Runtime, dirs: readonly ScanArgs[]): ScanCtx[] {
  if (!dirsInParallel(rt, dirs.length, dirs[0].spec.B)) {
    return dirs.map((d) => scanForward(rt, d.spec, d.p, d.x, d.out, d.h0, d.c0, d.lens, d.lensHost));
  }
  const prepared = dirs.map((d) => prepareForward(rt, d.spec, d.p, d.x, d.out, d.h0, d.c0, d.lens, d.lensHost));
  onDirections(rt, prepared.map((f) => (r: Runtime) => f.steps(r, 0, f.ctx.spec.B)));
  return prepared.map((f) => {
    f.finish();
    return f.ctx;
  });
}

/**
 * Runs one direction. x rows are (I) wide; h0/c0 are (B, H) or 0 for zeros; lens is an i32 (B)
 * offset or 0. Writes h at each processed step into `out` (rows of H at the out pointer; padded rows
 * are left untouched, so the caller zeroes `out` first). h_n / c_n are (B, H) at finalH/finalC.
 */
export function scanForward(
  rt: Runtime, spec: ScanSpec, p: DirParams, x: SeqRef, out: SeqRef | null,
  h0: number, c0: number, lens: number, lensHost: ArrayLike<number> | null,
): ScanCtx {
  const f = prepareForward(rt, spec, p, x, out, h0, c0, lens, lensHost);
  runSteps(rt, spec.B, spec.cell.gates * spec.H, spec.H, f.steps, f.unitSteps, true, f.unitSig);
  f.finish();
  return f.ctx;
}

/** scanForward up to its steps: workspaces, the input projection, W_hh packed (main thread). */
function prepareForward(
  rt: Runtime, spec: ScanSpec, p: DirParams, x: SeqRef, out: SeqRef | null,
  h0: number, c0: number, lens: number, lensHost: ArrayLike<number> | null,
): PreparedScan {
  const { cell, B, T, I, H } = spec;
  const G = cell.gates * H;
  const k = rt.k;
  const a = rt.step;
  const TB = T * B;
  const idx = a.alloc(TB * 4);
  rt.i32(idx, TB).set(rowIndex(B, T, lensHost, spec.reverse, spec.batchFirst));
  const xs = a.alloc(TB * I * 4);
  const gx = a.alloc(TB * G * 4);
  const gh = cell.savesGh ? a.alloc(TB * G * 4) : 0;
  const rh = cell.splitHh ? a.alloc(TB * H * 4) : 0;
  const hs = a.alloc((T + 1) * B * H * 4);
  const cs = cell.hasC ? a.alloc((T + 1) * B * H * 4) : 0;
  copyOrZero(k, hs, h0, B * H);
  if (cs) copyOrZero(k, cs, c0, B * H);

  // Input projection for all steps: one GEMM. RNN/LSTM fold both biases in; GRU keeps b_hh apart.
  gatherRows(k, xs, x.ptr, x.stride, idx, TB, I);
  let bias = p.bIh;
  if (cell.foldBias && p.bIh && p.bHh) {
    bias = a.alloc(G * 4);
    k.f32_add(bias, p.bIh, p.bHh, G);
  }
  const packedIh = p.packs?.ih && TB > 3
    ? p.packs.ih(`ih:${I}:${G}`, packedBytes(k, I, G), (dst) => packB(k, dst, p.wIh, I, true, I, G))
    : 0;
  if (packedIh) packedProduct(rt, { rows: TB, cols: G, depth: I, a: xs, lda: I, packed: packedIh, out: gx, ldOut: G, bias });
  else gemm(rt, TB, G, I, xs, I, false, p.wIh, I, true, gx, G, false, bias);

  // W_hh packed as the (K = H, N = G) right operand of every step's product: once per forward,
  // or kept between inference forwards by the module (p.packs.hh, see nn/recurrent/pack_cache.ts).
  const { nG, nN } = hhSplit(cell, H, G);
  const bytesP = packedBytes(k, H, nG);
  const bytesN = nN ? packedBytes(k, H, nN) : 0;
  const fill = (dst: number): void => {
    packB(k, dst, p.wHh, H, true, H, nG);
    if (bytesN) packB(k, dst + bytesP, p.wHh + nG * H * 4, H, true, H, nN);
  };
  let packed = p.packs?.hh ? p.packs.hh(`${cell.tag}:${H}`, bytesP + bytesN, fill) : 0;
  if (!packed) {
    packed = a.alloc(bytesP + bytesN);
    fill(packed);
  }
  const BH4 = B * H * 4;
  const BG4 = B * G * 4;
  const view = (b0: number, nb: number): FwdStep => {
    const st: FwdStep = stepView(spec, p, lens ? lens + b0 * 4 : 0, G);
    st.B = nb;
    st.packed = packed;
    st.packedN = bytesN ? packed + bytesP : 0;
    return st;
  };
  // Step s of batch rows from b0 (byte offsets oH = b0*H*4, oG = b0*G*4).
  const at = (st: FwdStep, s: number, oH: number, oG: number): void => {
    st.s = s;
    st.hPrev = hs + s * BH4 + oH;
    st.hNew = st.hPrev + BH4;
    st.gates = gx + s * BG4 + oG;
    if (gh) st.gh = gh + s * BG4 + oG;
    if (rh) st.rh = rh + s * BH4 + oH;
    if (cs) { st.cPrev = cs + s * BH4 + oH; st.cNew = st.cPrev + BH4; }
  };
  // Batch rows [b0, b0 + nb) through all steps (all rows, or one thread's piece).
  const steps = (r: Runtime, b0: number, nb: number): void => {
    const st = view(b0, nb);
    for (let s = 0; s < T; s++) {
      at(st, s, b0 * H * 4, b0 * G * 4);
      cell.fwd(r, st);
    }
  };
  const unitSteps: UnitSteps = (job, views, cuts) => {
    const st = view(0, B);
    const phases = cell.fwdUnits;
    for (let s = 0; s < T; s++) {
      at(st, s, 0, 0);
      phases.forEach((phase, i) => {
        views.forEach((r, t) => phase(r, st, cuts[t], cuts[t + 1]));
        if (s < T - 1 || i < phases.length - 1) job.barrier();
      });
    }
  };
  const finish = (): void => {
    if (out) scatterRows(k, out.ptr, out.stride, hs + BH4, idx, TB, H, false);
  };
  // unitSteps reads only T, the cell's phases and step 0's view (later steps move its offsets by
  // BH4 and BG4, from its B, H, G); the phases read the view and its parameters' offsets.
  const unitSig = (): string => {
    const st0 = view(0, B);
    at(st0, 0, 0, 0);
    return [cell.kind, T, ...Object.values(st0).filter((v) => typeof v === 'number'), ...DIR_SLOTS.map((d) => p[d])].join();
  };
  return { ctx: { spec, p, idx, lens, xs, gx, gh, rh, hs, cs, epoch: a.epoch }, steps, unitSteps, unitSig, finish };
}

/** (B, H) final states of a finished scan (each row's state after its last processed step). */
export const finalH = (c: ScanCtx): number => c.hs + c.spec.T * c.spec.B * c.spec.H * 4;
export const finalC = (c: ScanCtx): number => c.cs + c.spec.T * c.spec.B * c.spec.H * 4;
/** (T*B, H) cell states per scan step (LSTM), for returning the cell sequence. */
export const cellSeq = (c: ScanCtx): number => c.cs + c.spec.B * c.spec.H * 4;

/** Byte offsets of gradient buffers, accumulated into (+=); 0 = not wanted. */
export type DirGrads = DirOf<number>;

/**
 * Backward through time. dOut: grads of the output rows (or null); dhn/dcn: (B, H) grads of the
 * final states (or 0); dCellOut: grads of the LSTM cell-state sequence rows (or null).
 * Accumulates into g, dx (rows of I, scatter-add), dh0/dc0 ((B, H), or 0).
 */
export function scanBackward(
  rt: Runtime, c: ScanCtx, dOut: SeqRef | null, dhn: number, dcn: number,
  g: DirGrads, dx: SeqRef | null, dh0: number, dc0: number, dCellOut: SeqRef | null = null,
): void {
  scanBackwardDirs(rt, [{ c, dOut, dhn, dcn, g, dx, dh0, dc0, dCellOut }]);
}

/** The arguments of scanBackward, for running several directions' backward at once. */
export interface BwdArgs {
  c: ScanCtx; dOut: SeqRef | null; dhn: number; dcn: number;
  g: DirGrads; dx: SeqRef | null; dh0: number; dc0: number; dCellOut: SeqRef | null;
}

/**
 * Backward through time of several directions of one layer, in the order given (what the tape
 * would run one after the other). Where the forward ran them at once (dirsInParallel), their step
 * loops run at once too, one per thread; everything that adds into a buffer they share (dx) runs
 * afterwards in the given order, so the bits are those of one thread.
 */
export function scanBackwardDirs(rt: Runtime, dirs: readonly BwdArgs[]): void {
  for (const d of dirs) {
    if (rt.step.epoch !== d.c.epoch) throw new StateError('recurrent backward: the step arena was reset after the forward pass; run forward again');
  }
  if (!dirsInParallel(rt, dirs.length, dirs[0].c.spec.B)) {
    for (const d of dirs) {
      const f = prepareBackward(rt, d);
      // Peephole grads sum over batch rows: split, the pieces would add into them at once.
      runSteps(rt, f.B, f.G, f.H, f.steps, f.unitSteps, !f.peephole);
      f.finish();
    }
    return;
  }
  const prepared = dirs.map((d) => prepareBackward(rt, d));
  onDirections(rt, prepared.map((f) => (r: Runtime) => f.steps(r, 0, f.B)));
  for (const f of prepared) f.finish();
}

interface PreparedBackward {
  B: number; G: number; H: number; peephole: boolean;
  steps: (r: Runtime, b0: number, nb: number) => void;
  unitSteps: UnitSteps;
  /** d h0 / d c0, then the weight gradients and dx over all steps (after the steps). */
  finish: () => void;
}

/** scanBackward up to its steps: workspaces, the gathered output grads, W_hh packed (main thread). */
function prepareBackward(rt: Runtime, args: BwdArgs): PreparedBackward {
  const { c, dOut, dhn, dcn, g, dx, dh0, dc0, dCellOut } = args;
  const { cell, B, T, I, H } = c.spec;
  const G = cell.gates * H;
  const k = rt.k;
  const a = rt.step;
  const TB = T * B;
  const BH4 = B * H * 4;
  const BG4 = B * G * 4;
  const dho = dOut ? a.alloc(TB * H * 4) : 0;
  if (dOut) gatherRows(k, dho, dOut.ptr, dOut.stride, c.idx, TB, H);
  const dco = dCellOut && cell.hasC ? a.alloc(TB * H * 4) : 0;
  if (dco) gatherRows(k, dco, dCellOut!.ptr, dCellOut!.stride, c.idx, TB, H);
  const st = stepView(c.spec, c.p, c.lens, G);
  st.dh = a.alloc(BH4);
  copyOrZero(k, st.dh, dhn, B * H);
  st.dc = cell.hasC ? a.alloc(BH4) : 0;
  if (st.dc) copyOrZero(k, st.dc, dcn, B * H);
  const dh = st.dh;
  const dc = st.dc;
  const dgx = a.alloc(TB * G * 4);
  const dgh = cell.ownDgh ? a.alloc(TB * G * 4) : dgx; // d(W_hh h + b_hh) rows
  // W_hh as the (K = G, N = H) right operand of dh += dG · W_hh (splitHh: the n rows packed apart).
  const { nG, nN } = hhSplit(cell, H, G);
  st.packed = a.alloc(packedBytes(k, nG, H));
  packB(k, st.packed, c.p.wHh, H, false, nG, H);
  st.packedN = nN ? a.alloc(packedBytes(k, nN, H)) : 0;
  if (st.packedN) packB(k, st.packedN, c.p.wHh + nG * H * 4, H, false, nN, H);
  st.drh = nN ? a.alloc(BH4) : 0;
  if (cell.peephole) {
    // The kernel always accumulates peephole grads: unwanted ones go to scratch.
    const junk = g.pI && g.pF && g.pO ? 0 : a.alloc(3 * H * 4);
    st.dpI = g.pI || junk;
    st.dpF = g.pF || junk + H * 4;
    st.dpO = g.pO || junk + 2 * H * 4;
  }
  // Batch rows from b0 (a view with dh, dc, drh at that row).
  const view = (b0: number, nb: number): BwdStep => {
    const oH = b0 * H * 4;
    return { ...st, B: nb, lens: c.lens ? c.lens + b0 * 4 : 0, dh: dh + oH, dc: dc ? dc + oH : 0, drh: st.drh ? st.drh + oH : 0 };
  };
  // Step s of batch rows from b0 (byte offsets oH = b0*H*4, oG = b0*G*4).
  const at = (sv: BwdStep, s: number, oH: number, oG: number): void => {
    const o = s * BG4 + oG;
    sv.s = s;
    sv.dGates = dgx + o;
    sv.dGh = dgh + o;
    sv.gates = c.gx + o;
    sv.gh = c.gh ? c.gh + o : 0;
    sv.hPrev = c.hs + s * BH4 + oH;
    sv.hNew = sv.hPrev + BH4;
    sv.dhOut = dOut ? dho + s * BH4 + oH : 0;
    if (c.cs) { sv.cPrev = c.cs + s * BH4 + oH; sv.cNew = sv.cPrev + BH4; }
  };
  // Batch rows [b0, b0 + nb) back through all steps (all rows, or one thread's piece).
  const steps = (r: Runtime, b0: number, nb: number): void => {
    const sv = view(b0, nb);
    const oH = b0 * H * 4;
    for (let s = T - 1; s >= 0; s--) {
      at(sv, s, oH, b0 * G * 4);
      if (dco) r.k.f32_add(sv.dc, sv.dc, dco + s * BH4 + oH, nb * H); // c_s is an output too (zero on padded rows)
      cell.bwd(r, sv);
      packedProduct(r, { rows: nb, cols: H, depth: nG, a: sv.dGh, lda: G, packed: sv.packed, out: sv.dh, ldOut: H, accumulate: true, step: s });
    }
  };
  // B = 1 split by hidden units: no barrier between steps (a step's last phase writes only its
  // share of dh, which only the same thread's next first phase reads).
  const unitSteps: UnitSteps = (job, views, cuts) => {
    const sv = view(0, B);
    const phases = cell.bwdUnits;
    for (let s = T - 1; s >= 0; s--) {
      at(sv, s, 0, 0);
      phases.forEach((phase, i) => {
        views.forEach((r, t) => {
          const [u0, u1] = [cuts[t], cuts[t + 1]];
          if (i === 0 && dco) r.k.f32_add(sv.dc + u0 * 4, sv.dc + u0 * 4, dco + s * BH4 + u0 * 4, u1 - u0);
          phase(r, sv, u0, u1);
        });
        if (i < phases.length - 1) job.barrier();
      });
    }
  };
  const finish = (): void => {
    if (dh0) k.f32_add(dh0, dh0, dh, B * H);
    if (dc0 && dc) k.f32_add(dc0, dc0, dc, B * H);
    // Weight grads over all steps at once: dW_hh += dGhᵀ · H_prev, dW_ih += dGxᵀ · X (T*B rows each).
    // dGᵀ is a transposed operand (transA): the GEMM packs it straight from dG, no transposed copy.
    if (g.wHh) {
      gemm(rt, nG, H, TB, dgh, G, true, c.hs, H, false, g.wHh, H, true);
      // splitHh: dW_hn += dG[n]ᵀ · (r*h_prev)
      if (nN) gemm(rt, nN, H, TB, dgh + nG * 4, G, true, c.rh, H, false, g.wHh + nG * H * 4, H, true);
    }
    if (g.wIh) gemm(rt, G, I, TB, dgx, G, true, c.xs, I, false, g.wIh, I, true);
    if (g.bIh) k.f32_sum_rows(g.bIh, dgx, TB, G, 1);
    if (g.bHh) k.f32_sum_rows(g.bHh, dgh, TB, G, 1);
    if (dx) {
      const dxs = a.alloc(TB * I * 4);
      gemm(rt, TB, I, G, dgx, G, false, c.p.wIh, I, false, dxs, I, false);
      scatterRows(k, dx.ptr, dx.stride, dxs, c.idx, TB, I, true);
    }
  };
  return { B, G, H, peephole: cell.peephole, steps, unitSteps, finish };
}
