// The table of recurrent cells: one entry per cell kind, declaring its gate count, the workspace
// its backward needs, how it uses the parameters, and its per-step forward and backward kernels.
// The scan (scan.ts) looks the kind up once and is otherwise cell-agnostic: adding a cell is one
// entry here (plus its kernels in assembly/). Shape legend: B batch, H hidden, G gate rows.
import type { Runtime } from '../../runtime/runtime.js';
import { packedProduct } from './kernels.js';
import type { DirParams } from './params.js';

/** gru: PyTorch form (reset after the W_hn product); gru_rb: reset before it (Keras reset_after=False). */
export type CellKind = 'lstm' | 'lstm_peephole' | 'gru' | 'gru_rb' | 'rnn_tanh' | 'rnn_relu';

/** What a forward step reads and writes (one object per scan, updated every step). */
export interface FwdStep {
  s: number; // scan step
  B: number;
  H: number;
  G: number;
  lens: number; // i32 (B) or 0
  hard: number; // 1: hard_sigmoid gates
  p: DirParams;
  packed: number; // W_hh as the (H, G) right operand (gru_rb: its r,z rows (H, 2H))
  packedN: number; // gru_rb: W_hn as (H, H)
  hPrev: number; // (B, H)
  hNew: number; // (B, H)
  cPrev: number; // LSTM (B, H)
  cNew: number; // LSTM (B, H)
  gates: number; // (B, G) input projection in, activations out
  gh: number; // GRU (B, G): W_hh h + b_hh (gru_rb: n rows W_hn (r*h) + b_hn)
  rh: number; // gru_rb (B, H): r * h_prev
}

/** What a backward step reads and accumulates into (one object per scan, updated every step). */
export interface BwdStep extends FwdStep {
  dGates: number; // (B, G) d pre-activations (input side)
  dGh: number; // (B, G) d(W_hh h + b_hh): dGates except for gru
  dh: number; // (B, H) in: d h_s; out: d h_{s-1}
  dc: number; // LSTM (B, H) in: d c_s; out: d c_{s-1}
  dhOut: number; // (B, H) grads of this step's output row, or 0
  dpI: number; // peephole grads (H), accumulated
  dpF: number;
  dpO: number;
  drh: number; // gru_rb (B, H) scratch: d(r*h)
}

export interface CellDef {
  kind: CellKind;
  /** Gate rows per hidden unit, in PyTorch order: LSTM i, f, g, o; GRU r, z, n; RNN 1. */
  gates: number;
  /** Carries a cell state c beside h (LSTM). */
  hasC: boolean;
  /** Uses the peephole slots pI, pF, pO. */
  peephole: boolean;
  /** Name in stream-state signatures (the peephole LSTM's parameter names already tell it apart). */
  tag: string;
  /** b_ih + b_hh folded into the input projection (GRU keeps b_hh inside the recurrent product). */
  foldBias: boolean;
  /** Saves W_hh h + b_hh per step (GRU: the reset gate multiplies part of it). */
  savesGh: boolean;
  /** gru_rb: W_hh's r,z rows (2H) and n rows (H) are two products per step, packed apart. */
  splitHh: boolean;
  /** d(W_hh h + b_hh) differs from d(input pre-activations) (gru: r scales the n rows). */
  ownDgh: boolean;
  /** One step: the recurrent product(s) and the fused gate kernel. */
  fwd(rt: Runtime, st: FwdStep): void;
  /** d h_s (and d c_s) → dGates (and dGh), d c_{s-1}; the scan then adds dGh · W_hh into dh. */
  bwd(rt: Runtime, st: BwdStep): void;
  /**
   * One step split by hidden units (scan.ts, B = 1 on threads): phases of one thread's share
   * [u0, u1). Each phase may read what every thread wrote in the phase before; the scan puts a
   * barrier between phases and, forward, between steps (backward, a step's last phase writes only
   * its own units' dh, and the next step's first phase reads only those). A phase computes its
   * units' gate rows with f32_gemv_packed_cols, which sums each column as the whole product does.
   */
  fwdUnits: readonly UnitPhase<FwdStep>[];
  /** Backward phases; the last one adds dGh · W_hh into the share's dh (dhFromGates). */
  bwdUnits: readonly UnitPhase<BwdStep>[];
}

/** A phase of thread rt's share [u0, u1) of a step split by hidden units. */
export type UnitPhase<S> = (rt: Runtime, st: S, u0: number, u1: number) => void;

/** Columns [q*qs + u0, q*qs + u1), q < nq, of out (N) (+)= a (K) · packed (K, N) (+ bias): one share's gate rows. */
function cols(rt: Runtime, out: number, a: number, packed: number, bias: number, N: number, K: number, u0: number, u1: number, nq: number, qs: number, acc: boolean): void {
  rt.k.f32_gemv_packed_cols(out, a, packed, bias, N, K, u0, u1, nq, qs, acc ? 1 : 0, rt.gemmWs);
}

/** The share's gate rows of h·W_hhᵀ accumulated into the pre-activations (RNN, LSTM). */
function hhIntoGatesUnits(rt: Runtime, st: FwdStep, u0: number, u1: number): void {
  cols(rt, st.gates, st.hPrev, st.packed, 0, st.G, st.H, u0, u1, st.G / st.H, st.H, true);
}

/** dh[u0, u1) += dGh[0, K) · W_hh (K rows of W_hh: G, or gru_rb's r,z rows 2H). */
function dhFromGates(rt: Runtime, st: BwdStep, u0: number, u1: number, K: number): void {
  cols(rt, st.dh, st.dGh, st.packed, 0, st.H, K, u0, u1, 1, 0, true);
}

/** h·W_hhᵀ accumulated into the gate pre-activations (RNN, LSTM: biases already folded in). */
function hhIntoGates(rt: Runtime, st: FwdStep): void {
  packedProduct(rt, { rows: st.B, cols: st.G, depth: st.H, a: st.hPrev, lda: st.H, packed: st.packed, out: st.gates, ldOut: st.G, accumulate: true, step: st.s });
}

const lstmBase = { gates: 4, hasC: true, tag: 'lstm', foldBias: true, savesGh: false, splitHh: false, ownDgh: false } as const;
const rnnBase = { gates: 1, hasC: false, peephole: false, foldBias: true, savesGh: false, splitHh: false, ownDgh: false } as const;

function rnnCell(kind: 'rnn_tanh' | 'rnn_relu'): CellDef {
  const relu = kind === 'rnn_relu' ? 1 : 0;
  return {
    ...rnnBase, kind, tag: kind,
    fwd(rt, st) {
      hhIntoGates(rt, st);
      rt.k.f32_rnn_fwd(st.hNew, st.gates, st.hPrev, st.lens, st.s, st.B, st.H, relu);
    },
    bwd(rt, st) {
      rt.k.f32_rnn_bwd(st.dGates, st.dh, st.dh, st.dhOut, st.hNew, st.lens, st.s, st.B, st.H, relu);
    },
    fwdUnits: [(rt, st, u0, u1) => {
      hhIntoGatesUnits(rt, st, u0, u1);
      rt.k.f32_rnn_fwd_units(st.hNew, st.gates, st.hPrev, st.lens, st.s, st.B, st.H, u0, u1, relu);
    }],
    bwdUnits: [
      (rt, st, u0, u1) => rt.k.f32_rnn_bwd_units(st.dGates, st.dh, st.dh, st.dhOut, st.hNew, st.lens, st.s, st.B, st.H, u0, u1, relu),
      (rt, st, u0, u1) => dhFromGates(rt, st, u0, u1, st.G),
    ],
  };
}

const TABLE: readonly CellDef[] = [
  {
    ...lstmBase, kind: 'lstm', peephole: false,
    fwd(rt, st) {
      hhIntoGates(rt, st);
      rt.k.f32_lstm_fwd(st.hNew, st.cNew, st.gates, st.hPrev, st.cPrev, st.lens, st.s, st.B, st.H, st.hard);
    },
    bwd(rt, st) {
      rt.k.f32_lstm_bwd(st.dGates, st.dh, st.dc, st.dh, st.dhOut, st.dc, st.gates, st.cPrev, st.cNew, st.lens, st.s, st.B, st.H, st.hard);
    },
    fwdUnits: [(rt, st, u0, u1) => {
      hhIntoGatesUnits(rt, st, u0, u1);
      rt.k.f32_lstm_fwd_units(st.hNew, st.cNew, st.gates, st.hPrev, st.cPrev, st.lens, st.s, st.B, st.H, u0, u1, st.hard);
    }],
    bwdUnits: [
      (rt, st, u0, u1) => rt.k.f32_lstm_bwd_units(st.dGates, st.dh, st.dc, st.dh, st.dhOut, st.dc, st.gates, st.cPrev, st.cNew,
        st.lens, st.s, st.B, st.H, u0, u1, st.hard),
      (rt, st, u0, u1) => dhFromGates(rt, st, u0, u1, st.G),
    ],
  },
  {
    // see: Gers & Schmidhuber 2000 (i, f see c(t-1), o sees c(t)); no hard_sigmoid variant.
    ...lstmBase, kind: 'lstm_peephole', peephole: true,
    fwd(rt, st) {
      hhIntoGates(rt, st);
      const { p } = st;
      rt.k.f32_lstm_peephole_fwd(st.hNew, st.cNew, st.gates, st.hPrev, st.cPrev, p.pI, p.pF, p.pO, st.lens, st.s, st.B, st.H);
    },
    bwd(rt, st) {
      const { p } = st;
      rt.k.f32_lstm_peephole_bwd(st.dGates, st.dh, st.dc, st.dpI, st.dpF, st.dpO, st.dh, st.dhOut, st.dc, st.gates, st.cPrev, st.cNew,
        p.pI, p.pF, p.pO, st.lens, st.s, st.B, st.H);
    },
    fwdUnits: [(rt, st, u0, u1) => {
      hhIntoGatesUnits(rt, st, u0, u1);
      const { p } = st;
      rt.k.f32_lstm_peephole_fwd_units(st.hNew, st.cNew, st.gates, st.hPrev, st.cPrev, p.pI, p.pF, p.pO, st.lens, st.s, st.B, st.H, u0, u1);
    }],
    bwdUnits: [
      (rt, st, u0, u1) => {
        const { p } = st;
        rt.k.f32_lstm_peephole_bwd_units(st.dGates, st.dh, st.dc, st.dpI, st.dpF, st.dpO, st.dh, st.dhOut, st.dc, st.gates, st.cPrev, st.cNew,
          p.pI, p.pF, p.pO, st.lens, st.s, st.B, st.H, u0, u1);
      },
      (rt, st, u0, u1) => dhFromGates(rt, st, u0, u1, st.G),
    ],
  },
  {
    kind: 'gru', gates: 3, hasC: false, peephole: false, tag: 'gru', foldBias: false, savesGh: true, splitHh: false, ownDgh: true,
    fwd(rt, st) {
      packedProduct(rt, { rows: st.B, cols: st.G, depth: st.H, a: st.hPrev, lda: st.H, packed: st.packed, out: st.gh, ldOut: st.G, bias: st.p.bHh, step: st.s });
      rt.k.f32_gru_fwd(st.hNew, st.gates, st.gh, st.hPrev, st.lens, st.s, st.B, st.H, st.hard);
    },
    bwd(rt, st) {
      rt.k.f32_gru_bwd(st.dGates, st.dGh, st.dh, st.dh, st.dhOut, st.gates, st.gh, st.hPrev, st.lens, st.s, st.B, st.H, st.hard);
    },
    fwdUnits: [(rt, st, u0, u1) => {
      cols(rt, st.gh, st.hPrev, st.packed, st.p.bHh, st.G, st.H, u0, u1, 3, st.H, false);
      rt.k.f32_gru_fwd_units(st.hNew, st.gates, st.gh, st.hPrev, st.lens, st.s, st.B, st.H, u0, u1, st.hard);
    }],
    bwdUnits: [
      (rt, st, u0, u1) => rt.k.f32_gru_bwd_units(st.dGates, st.dGh, st.dh, st.dh, st.dhOut, st.gates, st.gh, st.hPrev, st.lens, st.s, st.B, st.H, u0, u1, st.hard),
      (rt, st, u0, u1) => dhFromGates(rt, st, u0, u1, st.G),
    ],
  },
  {
    kind: 'gru_rb', gates: 3, hasC: false, peephole: false, tag: 'gru_rb', foldBias: false, savesGh: true, splitHh: true, ownDgh: false,
    fwd(rt, st) {
      const { B, H, G, p } = st;
      const nRows = 2 * H * 4; // byte offset of the n rows within a gate row / of b_hn
      packedProduct(rt, { rows: B, cols: 2 * H, depth: H, a: st.hPrev, lda: H, packed: st.packed, out: st.gh, ldOut: G, bias: p.bHh, step: st.s });
      rt.k.f32_gru_rb_gates_fwd(st.rh, st.gates, st.gh, st.hPrev, st.lens, st.s, B, H, st.hard);
      packedProduct(rt, { rows: B, cols: H, depth: H, a: st.rh, lda: H, packed: st.packedN, out: st.gh + nRows, ldOut: G, bias: p.bHh ? p.bHh + nRows : 0, step: st.s });
      rt.k.f32_gru_rb_fwd(st.hNew, st.gates, st.gh, st.hPrev, st.lens, st.s, B, H);
    },
    bwd(rt, st) {
      const { B, H, G } = st;
      rt.k.f32_gru_rb_bwd_n(st.dGates, st.dh, st.dhOut, st.gates, st.hPrev, st.lens, st.s, B, H, st.hard);
      // d(r*h) = dG[n] · W_hn
      packedProduct(rt, { rows: B, cols: H, depth: H, a: st.dGates + 2 * H * 4, lda: G, packed: st.packedN, out: st.drh, ldOut: H, step: st.s });
      rt.k.f32_gru_rb_bwd_r(st.dGates, st.dh, st.drh, st.gates, st.hPrev, st.lens, st.s, B, H, st.hard);
    },
    // The n rows' product reads every unit's r*h: a barrier between the two halves of a step.
    fwdUnits: [
      (rt, st, u0, u1) => {
        cols(rt, st.gh, st.hPrev, st.packed, st.p.bHh, 2 * st.H, st.H, u0, u1, 2, st.H, false);
        rt.k.f32_gru_rb_gates_fwd_units(st.rh, st.gates, st.gh, st.hPrev, st.lens, st.s, st.B, st.H, u0, u1, st.hard);
      },
      (rt, st, u0, u1) => {
        const { H, p } = st;
        cols(rt, st.gh + 2 * H * 4, st.rh, st.packedN, p.bHh ? p.bHh + 2 * H * 4 : 0, H, H, u0, u1, 1, 0, false);
        rt.k.f32_gru_rb_fwd_units(st.hNew, st.gates, st.gh, st.hPrev, st.lens, st.s, st.B, H, u0, u1);
      },
    ],
    bwdUnits: [
      (rt, st, u0, u1) => rt.k.f32_gru_rb_bwd_n_units(st.dGates, st.dh, st.dhOut, st.gates, st.hPrev, st.lens, st.s, st.B, st.H, u0, u1, st.hard),
      (rt, st, u0, u1) => {
        const { H } = st;
        cols(rt, st.drh, st.dGates + 2 * H * 4, st.packedN, 0, H, H, u0, u1, 1, 0, false); // d(r*h) = dG[n] · W_hn
        rt.k.f32_gru_rb_bwd_r_units(st.dGates, st.dh, st.drh, st.gates, st.hPrev, st.lens, st.s, st.B, H, u0, u1, st.hard);
      },
      (rt, st, u0, u1) => dhFromGates(rt, st, u0, u1, 2 * st.H),
    ],
  },
  rnnCell('rnn_tanh'),
  rnnCell('rnn_relu'),
];

const CELLS = new Map<CellKind, CellDef>(TABLE.map((c) => [c.kind, c]));

/** The table entry of a cell kind. */
export function cellOf(kind: CellKind): CellDef {
  const c = CELLS.get(kind);
  if (!c) throw new Error(`recurrent: unknown cell kind ${JSON.stringify(kind)}`);
  return c;
}
