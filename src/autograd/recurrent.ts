// The recurrent tape record: one per layer and direction, holding the scan's workspaces, with a
// hand-written backward through time (src/nn/recurrent/scan.ts) instead of per-step small ops.
// Several records share output tensors: the layer output (B, T, D*H), where direction d owns
// columns [d*H, (d+1)*H), and the stack's h_n/c_n (L*D, B, H), where record k owns row k.
import type { Tensor } from '../tensor/tensor.js';
import { Tensor as TensorClass } from '../tensor/tensor.js';
import { scanBackward, scanForward, finalC, finalH, cellSeq, type CellKind, type DirGrads, type ScanCtx } from '../nn/recurrent/scan.js';
import type { BackwardContext } from './tape.js';
import { packedSource } from '../nn/recurrent/pack_cache.js';
import { needsGrad, track } from './tape.js';

/** One direction's parameters (PyTorch layout, see scan.ts DirParams). */
export interface DirTensors {
  wIh: Tensor; // (G, I)
  wHh: Tensor; // (G, H)
  bIh: Tensor | null; // (G)
  bHh: Tensor | null; // (G)
  pI: Tensor | null; // (H) peephole LSTM only
  pF: Tensor | null;
  pO: Tensor | null;
}

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
}

export interface LayerArgs {
  kind: CellKind;
  peephole: boolean;
  /** LSTM/GRU: hard_sigmoid gates (Keras); absent = σ. */
  hardGates?: boolean;
  batchFirst: boolean;
  B: number;
  T: number;
  H: number;
  I: number;
  x: Tensor; // (B, T, I) or (T, B, I); cells: (B, I) with T = 1
  dirs: DirTensors[]; // D entries
  h0: Tensor | null;
  c0: Tensor | null;
  hn: Tensor; // (L*D, B, H), filled at rows rowBase..rowBase+D-1
  cn: Tensor | null;
  rowBase: number;
  lens: Int32Array | null;
  lensPtr: number; // the same lengths as i32 in the step arena, or 0
  cellSeq: boolean;
}

/** Runs one layer (all its directions) and records one tape entry per direction. */
export function recurrentLayer(a: LayerArgs): { out: Tensor; cellOut: Tensor | null } {
  const rt = a.x.runtime;
  const k = rt.k;
  const { B, T, H } = a;
  const D = a.dirs.length;
  const I = a.I;
  const seqShape = a.batchFirst ? [B, T, D * H] : [T, B, D * H];
  const out = TensorClass.zeros(seqShape, { runtime: rt }); // padded steps stay exactly 0
  const cellOut = a.cellSeq ? TensorClass.zeros(seqShape, { runtime: rt }) : null;
  const BH4 = B * H * 4;
  const grad = needsGrad(a.x, a.h0, a.c0, ...a.dirs.flatMap((d) => [d.wIh, d.wHh, d.bIh, d.bHh, d.pI, d.pF, d.pO]));
  for (let d = 0; d < D; d++) {
    const p = a.dirs[d];
    const row = a.rowBase + d;
    const scan = scanForward(
      rt, { kind: a.kind, peephole: a.peephole, B, T, I, H, reverse: d === 1, batchFirst: a.batchFirst, hardGates: !!a.hardGates },
      {
        wIh: p.wIh.ptr, wHh: p.wHh.ptr, bIh: p.bIh?.ptr ?? 0, bHh: p.bHh?.ptr ?? 0, pI: p.pI?.ptr ?? 0, pF: p.pF?.ptr ?? 0, pO: p.pO?.ptr ?? 0,
        packedHh: grad ? undefined : packedSource(p.wHh),
        packedIh: grad ? undefined : packedSource(p.wIh),
      },
      { ptr: a.x.ptr, stride: I }, { ptr: out.ptr + d * H * 4, stride: D * H },
      a.h0 ? a.h0.ptr + row * BH4 : 0, a.c0 ? a.c0.ptr + row * BH4 : 0, a.lensPtr, a.lens,
    );
    k.f32_copy(a.hn.ptr + row * BH4, finalH(scan), B * H);
    if (a.cn) k.f32_copy(a.cn.ptr + row * BH4, finalC(scan), B * H);
    if (cellOut) k.f32_scatter_rows(cellOut.ptr + d * H * 4, D * H, cellSeq(scan), scan.idx, T * B, H, -1, 0);
    if (grad) for (const t of [out, cellOut, a.hn, a.cn]) if (t) t.requiresGrad = true;
    const rec: RecurrentRecord = {
      op: 'recurrent', scan, p, x: a.x, out, cellOut, hn: a.hn, cn: a.cn, h0: a.h0, c0: a.c0,
      row, col: d * H, width: D * H,
    };
    // Always tracked, even without grad: track records only outputs that require grad, and it runs
    // the opt-in non-finite check (setDebugNonFinite), which inference needs too.
    track(rec, [out, ...(cellOut ? [cellOut] : []), a.hn, ...(a.cn ? [a.cn] : [])]);
  }
  return { out, cellOut };
}

const ptrOf = (t: Tensor | null): number => (t ? t.ptr : 0);

/** Backward through time of one direction: accumulates into x, h0, c0 and parameter gradients. */
export function recurrentBackward(rec: RecurrentRecord, ctx: BackwardContext): void {
  const { B, H } = rec.scan.spec;
  const BH4 = B * H * 4;
  const rowOf = (t: Tensor | null): number => (t ? t.ptr + rec.row * BH4 : 0);
  const dOut = ctx.gradOut(rec.out);
  const dCell = rec.cellOut ? ctx.gradOut(rec.cellOut) : null;
  const gp = (t: Tensor | null): number => (t ? ptrOf(ctx.gradOf(t)) : 0);
  const g: DirGrads = {
    wIh: gp(rec.p.wIh), wHh: gp(rec.p.wHh), bIh: gp(rec.p.bIh), bHh: gp(rec.p.bHh),
    pI: gp(rec.p.pI), pF: gp(rec.p.pF), pO: gp(rec.p.pO),
  };
  const dx = ctx.gradOf(rec.x);
  scanBackward(
    ctx.rt, rec.scan,
    dOut ? { ptr: dOut.ptr + rec.col * 4, stride: rec.width } : null,
    rowOf(ctx.gradOut(rec.hn)), rec.cn ? rowOf(ctx.gradOut(rec.cn)) : 0,
    g, dx ? { ptr: dx.ptr, stride: rec.scan.spec.I } : null,
    rec.h0 ? rowOf(ctx.gradOf(rec.h0)) : 0, rec.c0 ? rowOf(ctx.gradOf(rec.c0)) : 0,
    dCell ? { ptr: dCell.ptr + rec.col * 4, stride: rec.width } : null,
  );
}
