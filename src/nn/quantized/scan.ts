// One direction of one int8 recurrent layer over a sequence (inference only): the float scan's
// structure (src/autograd/recurrent/scan.ts) with int8 products. Per layer: x quantized per row (every
// step and batch row) and the input projection for all steps as one int8 GEMM; then the steps in
// one kernel call (qs8_sequence_fwd): per step one int8 GEMV (B = 1) or GEMM (B > 1) for W_hh h and
// the float gate kernel of the float model fused with the quantization of the h it makes.
// Shape legend: B batch, T time, I input, H hidden, G gate rows (RNN H, LSTM 4H, GRU 3H).
import type { Runtime } from '../../runtime/runtime.js';
import { cellOf, type CellKind } from '../../autograd/recurrent/index.js';
import { rowIndex, type ScanSpec } from '../../autograd/recurrent/scan.js';
import { allocActs, quantizeActs, type QWeight } from './weight.js';

/** qs8_sequence_fwd's `kind` argument (assembly/int8/sequence.ts). */
const KIND_CODE = new Map<CellKind, number>([['lstm', 0], ['lstm_peephole', 1], ['gru', 2], ['gru_rb', 3], ['rnn_tanh', 4], ['rnn_relu', 5]]);

/** The float scan's spec (ScanSpec) with the cell named by its kind, for the kernel's `kind` code. */
export interface QScanSpec extends Omit<ScanSpec, 'cell' | 'hardGates'> {
  /** 'lstm_peephole' reads the peepholes pI, pF, pO. */
  kind: CellKind;
  hardGates: boolean;
}

/** One direction's weights: int8 matrices, float biases and peepholes (byte offsets, 0 = absent). */
export interface QDir {
  wIh: QWeight; // (G, I)
  wHh: QWeight; // (G, H)
  /** LSTM/RNN: b_ih + b_hh folded (G); GRU: b_ih (G). */
  bX: number;
  /** GRU only: b_hh (G). */
  bH: number;
  pI: number; // (H) peepholes
  pF: number;
  pO: number;
}

/**
 * Runs one direction: x rows (I wide) at x + 4·row·xStride, h at each processed step written to
 * out rows (H wide, outStride apart; padded rows untouched). h0/c0: (B, H) offsets or 0 for
 * zeros; lens: i32 (B) offset or 0; cellOut: LSTM cell states, laid out as out (0 = not wanted). Returns the (B, H) offsets of the final h and c.
 */
export function qscanForward(
  rt: Runtime, sp: QScanSpec, d: QDir, x: number, xStride: number, out: number, outStride: number,
  h0: number, c0: number, lens: number, lensHost: ArrayLike<number> | null,
  cellOut = 0,
): { hn: number; cn: number } {
  const { kind, B, T, I, H } = sp;
  const cell = cellOf(kind);
  const G = cell.gates * H;
  const hard = sp.hardGates ? 1 : 0;
  const k = rt.k;
  const a = rt.step;
  const TB = T * B;
  const BH4 = B * H * 4;
  const BG4 = B * G * 4;
  const idx = a.alloc(TB * 4);
  rt.i32(idx, TB).set(rowIndex(B, T, lensHost, sp.reverse, sp.batchFirst));
  // Input projection for all steps: gather, quantize each row, one int8 GEMM (+ folded bias).
  const xs = a.alloc(TB * I * 4);
  k.f32_gather_rows(xs, x, xStride, idx, TB, I);
  const gx = a.alloc(TB * G * 4); // (T*B, G)
  d.wIh.product(TB, quantizeActs(rt, allocActs(rt, TB, I), xs, I, TB, I), gx, G, d.bX, false);

  const hs = a.alloc((T + 1) * BH4); // slot 0 = h0
  const cs = cell.hasC ? a.alloc((T + 1) * BH4) : 0;
  if (h0) k.f32_copy(hs, h0, B * H); else k.f32_fill(hs, B * H, 0);
  if (cs) { if (c0) k.f32_copy(cs, c0, B * H); else k.f32_fill(cs, B * H, 0); }
  const hq = allocActs(rt, B, H);
  const isGru = kind === 'gru' || kind === 'gru_rb';
  const gh = isGru ? a.alloc(BG4) : 0; // (B, G) W_hh h + b_hh of this step
  const rh = kind === 'gru_rb' ? a.alloc(BH4) : 0; // (B, H) r * h
  const rq = kind === 'gru_rb' ? allocActs(rt, B, H) : hq;
  // All T steps in one call (assembly/int8/sequence.ts): per step the W_hh product on the codes of h,
  // then the fused cell kernel, which also quantizes the new h where it made it.
  const wh = d.wHh.kernelArgs();
  k.qs8_sequence_fwd(
    KIND_CODE.get(kind)!, hard, B, T, H, d.wHh.kp, wh.mode, hs, cs, gx, gh, rh, hq.codes, hq.params, rq.codes, rq.params,
    wh.w, wh.rowsum, wh.scale, d.bH, d.pI, d.pF, d.pO, lens, wh.ws,
  );
  if (out) k.f32_scatter_rows(out, outStride, hs + BH4, idx, TB, H, -1, 0);
  if (cellOut && cs) k.f32_scatter_rows(cellOut, outStride, cs + BH4, idx, TB, H, -1, 0);
  return { hn: hs + T * BH4, cn: cs ? cs + T * BH4 : 0 };
}
