// The recurrent tape record: one per layer and direction, holding the scan's workspaces, with a
// hand-written backward through time (scan.ts) instead of per-step small ops.
// Several records share output tensors: the layer output (B, T, D*H), where direction d owns
// columns [d*H, (d+1)*H), and the stack's h_n/c_n (L*D, B, H), where record k owns row k.
import { Tensor } from '../../tensor/tensor.js';
import type { BackwardContext } from '../tape.js';
import { isGradEnabled, needsGrad, track } from '../tape.js';
import type { CellDef } from './cells.js';
import { dirOffsets, dirTensors, type DirPacks, type DirTensors } from './params.js';
import { scanBackwardDirs, scanForwardDirs, finalC, finalH, cellSeq, type BwdArgs, type ScanCtx } from './scan.js';
import { dirsInParallel } from './split.js';
import { scatterRows } from './kernels.js';

export interface RecurrentRecord {
  op: 'recurrent';
  scan: ScanCtx;
  p: DirTensors;
  x: Tensor; // the layer input
  out: Tensor; // the layer output (hidden sequence)
  cellOut: Tensor | null; // LSTM cell-state sequence, when asked for
  hn: Tensor; // (L*D, B, H), row `row` is this record's
  cn: Tensor | null;
  h0: Tensor | null; // (L*D, B, H), row `row` is this record's
  c0: Tensor | null;
  row: number;
  col: number; // first output column (d*H)
  width: number; // output row width (D*H)
  /** The layer's directions (this one included), whose backward may run at once (recurrentBackward). */
  layer: LayerGroup;
}

/**
 * The records of one layer's directions. The tape walks them one after the other (last direction
 * first) with nothing in between, all their outputs' gradients complete: the first one it reaches
 * runs every direction's backward at once where the threads allow (scanBackwardDirs), and the
 * others then find `doneIn` set to that walk's context and skip.
 */
interface LayerGroup {
  recs: RecurrentRecord[];
  doneIn: BackwardContext | null;
}

/** What stays the same for every layer of a module's forward (built once per forward). */
export interface StackArgs {
  /** The cell's table entry (the caller looked its kind up once, cellOf). */
  cell: CellDef;
  /** LSTM/GRU: hard_sigmoid gates (Keras); absent = σ. */
  hardGates?: boolean;
  batchFirst: boolean;
  B: number;
  T: number;
  H: number;
  h0: Tensor | null; // (L*D, B, H)
  c0: Tensor | null;
  hn: Tensor; // (L*D, B, H), each layer fills rows rowBase..rowBase+D-1
  cn: Tensor | null;
  lens: Int32Array | null;
  lensPtr: number; // the same lengths as i32 in the step arena, or 0
}

/** One layer of the stack. */
export interface LayerArgs {
  I: number;
  x: Tensor; // (B, T, I) or (T, B, I); cells: (B, I) with T = 1
  dirs: readonly DirTensors[]; // D entries
  /**
   * Packed-weight sources per direction for this call, or null: the module decides (it passes them
   * for forwards that record no gradient, see nn/recurrent/pack_cache.ts).
   */
  packs: readonly (DirPacks | null)[] | null;
  rowBase: number;
  cellSeq: boolean;
}

/** Runs one layer (all its directions) and records one tape entry per direction. */
export function recurrentLayer(a: StackArgs, l: LayerArgs): { out: Tensor; cellOut: Tensor | null } {
  const rt = l.x.runtime;
  const k = rt.k;
  const { B, T, H } = a;
  const { cell } = a;
  const D = l.dirs.length;
  const I = l.I;
  const seqShape = a.batchFirst ? [B, T, D * H] : [T, B, D * H];
  const out = Tensor.zeros(seqShape, { runtime: rt }); // padded steps stay exactly 0
  const cellOut = l.cellSeq ? Tensor.zeros(seqShape, { runtime: rt }) : null;
  const BH4 = B * H * 4;
  const grad = isGradEnabled() && needsGrad(l.x, a.h0, a.c0, ...l.dirs.flatMap(dirTensors)); // (no arrays in noGrad)
  // Both directions at once where the runtime has threads (scanForwardDirs).
  const scans = scanForwardDirs(rt, l.dirs.map((p, d) => ({
    spec: { cell, B, T, I, H, reverse: d === 1, batchFirst: a.batchFirst, hardGates: !!a.hardGates },
    p: { ...dirOffsets(p), packs: l.packs?.[d] ?? null },
    x: { ptr: l.x.ptr, stride: I }, out: { ptr: out.ptr + d * H * 4, stride: D * H },
    h0: a.h0 ? a.h0.ptr + (l.rowBase + d) * BH4 : 0, c0: a.c0 ? a.c0.ptr + (l.rowBase + d) * BH4 : 0, lens: a.lensPtr, lensHost: a.lens,
  })));
  const layer: LayerGroup = { recs: [], doneIn: null };
  for (let d = 0; d < D; d++) {
    const p = l.dirs[d];
    const row = l.rowBase + d;
    const scan = scans[d];
    k.f32_copy(a.hn.ptr + row * BH4, finalH(scan), B * H);
    if (a.cn) k.f32_copy(a.cn.ptr + row * BH4, finalC(scan), B * H);
    if (cellOut) scatterRows(k, cellOut.ptr + d * H * 4, D * H, cellSeq(scan), scan.idx, T * B, H, false);
    if (grad) for (const t of [out, cellOut, a.hn, a.cn]) if (t) t.requiresGrad = true;
    const rec: RecurrentRecord = {
      op: 'recurrent', scan, p, x: l.x, out, cellOut, hn: a.hn, cn: a.cn, h0: a.h0, c0: a.c0,
      row, col: d * H, width: D * H, layer,
    };
    layer.recs.push(rec);
    // Always tracked, even without grad: track records only outputs that require grad, and it runs
    // the opt-in non-finite check (setDebugNonFinite), which inference needs too.
    track(rec, [out, ...(cellOut ? [cellOut] : []), a.hn, ...(a.cn ? [a.cn] : [])]);
  }
  return { out, cellOut };
}

/**
 * Backward through time of one direction (or, where the threads allow, of all the layer's
 * directions at once: see LayerGroup): accumulates into x, h0, c0 and parameter gradients.
 */
export function recurrentBackward(rec: RecurrentRecord, ctx: BackwardContext): void {
  const layer = rec.layer;
  if (layer.doneIn === ctx) {
    layer.doneIn = null; // (a retained graph's next walk runs it again)
    return;
  }
  const { B } = rec.scan.spec;
  if (layer.recs.length > 1 && dirsInParallel(ctx.rt, layer.recs.length, B)) {
    // In the tape's order: the last direction first, as one thread would run them.
    scanBackwardDirs(ctx.rt, [...layer.recs].reverse().map((r) => bwdArgs(r, ctx)));
    layer.doneIn = ctx;
    return;
  }
  scanBackwardDirs(ctx.rt, [bwdArgs(rec, ctx)]);
}

function bwdArgs(rec: RecurrentRecord, ctx: BackwardContext): BwdArgs {
  const { B, H, I } = rec.scan.spec;
  const BH4 = B * H * 4;
  const rowOf = (t: Tensor | null): number => (t ? t.ptr + rec.row * BH4 : 0);
  const dOut = ctx.gradOut(rec.out);
  const dCell = rec.cellOut ? ctx.gradOut(rec.cellOut) : null;
  const dx = ctx.gradOf(rec.x);
  return {
    c: rec.scan,
    dOut: dOut ? { ptr: dOut.ptr + rec.col * 4, stride: rec.width } : null,
    dhn: rowOf(ctx.gradOut(rec.hn)), dcn: rec.cn ? rowOf(ctx.gradOut(rec.cn)) : 0,
    g: dirOffsets(rec.p, (t) => ctx.gradOf(t)),
    dx: dx ? { ptr: dx.ptr, stride: I } : null,
    dh0: rec.h0 ? rowOf(ctx.gradOf(rec.h0)) : 0, dc0: rec.c0 ? rowOf(ctx.gradOf(rec.c0)) : 0,
    dCellOut: dCell ? { ptr: dCell.ptr + rec.col * 4, stride: rec.width } : null,
  };
}
