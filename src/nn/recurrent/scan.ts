// One direction of one recurrent layer over a whole sequence, on raw pointers: forward scan that
// keeps its workspaces, and backward through time over them. Everything else (stacking,
// bidirectional, modules, the tape) is built on these two functions.
//
// Shape legend: B batch, T time, I input features, H hidden, G gate rows (RNN H, LSTM 4H, GRU 3H).
// Workspaces are scan-major: row s*B + b is batch row b at scan step s (the direction's s-th
// processed step), so every per-step kernel reads contiguous (B, ·) blocks whatever the input
// layout, direction or lengths. The sequence buffers (x, output) are addressed by row number
// (batch-first b*T + t, time-major t*B + b) through one index table per direction.
import { StateError } from '../../errors.js';
import type { Runtime } from '../../runtime/runtime.js';
import { gemm } from '../../autograd/kern.js';

/** gru: PyTorch form (reset after the W_hn product); gru_rb: reset before it (Keras reset_after=False). */
export type CellKind = 'rnn_tanh' | 'rnn_relu' | 'lstm' | 'gru' | 'gru_rb';

/** Gate rows per hidden unit, in PyTorch order: LSTM i, f, g, o; GRU r, z, n. */
export const GATES: Record<CellKind, number> = { rnn_tanh: 1, rnn_relu: 1, lstm: 4, gru: 3, gru_rb: 3 };

export interface ScanSpec {
  kind: CellKind;
  peephole: boolean;
  B: number;
  T: number;
  I: number;
  H: number;
  reverse: boolean;
  batchFirst: boolean;
  /** LSTM/GRU gates: Keras' hard_sigmoid instead of σ (imported TensorFlow.js models). */
  hardGates?: boolean;
}

/** Byte offsets of one direction's parameters (0 = absent: no bias, no peephole). */
export interface DirParams {
  wIh: number; // (G, I)
  wHh: number; // (G, H)
  bIh: number; // (G)
  bHh: number; // (G)
  pI: number; // (H) peepholes
  pF: number;
  pO: number;
  /**
   * Optional source of the packed W_hh: returns the offset of `bytes` bytes holding what `fill`
   * writes for this `key` (filling them first when they are missing or out of date), or 0 to
   * let the scan pack into the step arena.
   */
  packedHh?: (key: string, bytes: number, fill: (dst: number) => void) => number;
  /** The same for W_ih as the (K = I, N = G) right operand of the input projection. */
  packedIh?: (key: string, bytes: number, fill: (dst: number) => void) => number;
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
  gh: number; // GRU only: (T*B, G) W_hh h + b_hh per step (gru_rb: n rows are W_hn (r*h) + b_hn)
  rh: number; // gru_rb only: (T*B, H) r * h_prev per step
  hs: number; // ((T+1)*B, H) slot 0 = h0
  cs: number; // LSTM only: ((T+1)*B, H) slot 0 = c0
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

/**
 * Runs one direction. x rows are (I) wide; h0/c0 are (B, H) or 0 for zeros; lens is an i32 (B)
 * offset or 0. Writes h at each processed step into `out` (rows of H at the out pointer; padded rows
 * are left untouched, so the caller zeroes `out` first). h_n / c_n are (B, H) at hn()/cn().
 */
export function scanForward(
  rt: Runtime, spec: ScanSpec, p: DirParams, x: SeqRef, out: SeqRef | null,
  h0: number, c0: number, lens: number, lensHost: ArrayLike<number> | null,
): ScanCtx {
  const { kind, B, T, I, H } = spec;
  const G = GATES[kind] * H;
  const hard = spec.hardGates ? 1 : 0;
  const k = rt.k;
  const a = rt.step;
  const TB = T * B;
  const idx = a.alloc(TB * 4);
  rt.i32(idx, TB).set(rowIndex(B, T, lensHost, spec.reverse, spec.batchFirst));
  const xs = a.alloc(TB * I * 4);
  const gx = a.alloc(TB * G * 4);
  const isGru = kind === 'gru' || kind === 'gru_rb';
  const gh = isGru ? a.alloc(TB * G * 4) : 0;
  const rh = kind === 'gru_rb' ? a.alloc(TB * H * 4) : 0;
  const hs = a.alloc((T + 1) * B * H * 4);
  const cs = kind === 'lstm' ? a.alloc((T + 1) * B * H * 4) : 0;
  if (h0) k.f32_copy(hs, h0, B * H); else k.f32_fill(hs, B * H, 0);
  if (cs) { if (c0) k.f32_copy(cs, c0, B * H); else k.f32_fill(cs, B * H, 0); }

  // Input projection for all steps: one GEMM. RNN/LSTM fold both biases in; GRU keeps b_hh apart.
  k.f32_gather_rows(xs, x.ptr, x.stride, idx, TB, I);
  let bias = p.bIh;
  if (!isGru && p.bIh && p.bHh) {
    bias = a.alloc(G * 4);
    k.f32_add(bias, p.bIh, p.bHh, G);
  }
  const packedIh = p.packedIh && TB > 3
    ? p.packedIh(`ih:${I}:${G}`, Number(k.f32_packed_b_bytes(I, G)), (dst) => k.f32_pack_b(dst, p.wIh, I, 1, I, G))
    : 0;
  if (packedIh) k.f32_gemm_packed(TB, G, I, xs, I, packedIh, gx, G, bias, 0, 0, rt.gemmWs);
  else gemm(rt, TB, G, I, xs, I, false, p.wIh, I, true, gx, G, false, bias);

  // W_hh packed as the (K = H, N = G) right operand of every step's product: once per forward,
  // or kept between inference forwards by the caller (p.packedHh, see pack_cache.ts).
  // gru_rb: the r,z rows (2H) and the n rows (H) are two products per step, packed apart.
  const nG = kind === 'gru_rb' ? 2 * H : G;
  const bytesP = Number(k.f32_packed_b_bytes(H, nG));
  const bytesN = kind === 'gru_rb' ? Number(k.f32_packed_b_bytes(H, H)) : 0;
  const fill = (dst: number): void => {
    k.f32_pack_b(dst, p.wHh, H, 1, H, nG);
    if (bytesN) k.f32_pack_b(dst + bytesP, p.wHh + 2 * H * H * 4, H, 1, H, H);
  };
  let packed = p.packedHh ? p.packedHh(`${kind}:${H}`, bytesP + bytesN, fill) : 0;
  if (!packed) {
    packed = a.alloc(bytesP + bytesN);
    fill(packed);
  }
  const packedN = bytesN ? packed + bytesP : 0;
  const BH4 = B * H * 4;
  const BG4 = B * G * 4;
  for (let s = 0; s < T; s++) {
    const hPrev = hs + s * BH4;
    const hNew = hPrev + BH4;
    const g = gx + s * BG4;
    if (kind === 'gru') {
      const q = gh + s * BG4;
      k.f32_gemm_packed(B, G, H, hPrev, H, packed, q, G, p.bHh, 0, s & 1, rt.gemmWs);
      k.f32_gru_fwd(hNew, g, q, hPrev, lens, s, B, H, hard);
    } else if (kind === 'gru_rb') {
      const q = gh + s * BG4;
      const rhs = rh + s * BH4;
      k.f32_gemm_packed(B, 2 * H, H, hPrev, H, packed, q, G, p.bHh, 0, s & 1, rt.gemmWs);
      k.f32_gru_rb_gates_fwd(rhs, g, q, hPrev, lens, s, B, H, hard);
      k.f32_gemm_packed(B, H, H, rhs, H, packedN, q + 2 * H * 4, G, p.bHh ? p.bHh + 2 * H * 4 : 0, 0, s & 1, rt.gemmWs);
      k.f32_gru_rb_fwd(hNew, g, q, hPrev, lens, s, B, H);
    } else {
      k.f32_gemm_packed(B, G, H, hPrev, H, packed, g, G, 0, 1, s & 1, rt.gemmWs);
      if (kind === 'lstm') {
        const cPrev = cs + s * BH4;
        if (spec.peephole) k.f32_lstm_peephole_fwd(hNew, cPrev + BH4, g, hPrev, cPrev, p.pI, p.pF, p.pO, lens, s, B, H);
        else k.f32_lstm_fwd(hNew, cPrev + BH4, g, hPrev, cPrev, lens, s, B, H, hard);
      } else {
        k.f32_rnn_fwd(hNew, g, hPrev, lens, s, B, H, kind === 'rnn_relu' ? 1 : 0);
      }
    }
  }
  if (out) k.f32_scatter_rows(out.ptr, out.stride, hs + BH4, idx, TB, H, -1, 0);
  return { spec, p, idx, lens, xs, gx, gh, rh, hs, cs, epoch: a.epoch };
}

/** (B, H) final states of a finished scan (each row's state after its last processed step). */
export const finalH = (c: ScanCtx): number => c.hs + c.spec.T * c.spec.B * c.spec.H * 4;
export const finalC = (c: ScanCtx): number => c.cs + c.spec.T * c.spec.B * c.spec.H * 4;
/** ((T)*B, H) cell states per scan step (LSTM), for returning the cell sequence. */
export const cellSeq = (c: ScanCtx): number => c.cs + c.spec.B * c.spec.H * 4;

/** Byte offsets of gradient buffers, accumulated into (+=); 0 = not wanted. */
export interface DirGrads {
  wIh: number; wHh: number; bIh: number; bHh: number; pI: number; pF: number; pO: number;
}

/**
 * Backward through time. dOut: grads of the output rows (or null); dhn/dcn: (B, H) grads of the
 * final states (or 0); dCellOut: grads of the LSTM cell-state sequence rows (or null).
 * Accumulates into g, dx (rows of I, scatter-add), dh0/dc0 ((B, H), or 0).
 */
export function scanBackward(
  rt: Runtime, c: ScanCtx, dOut: SeqRef | null, dhn: number, dcn: number,
  g: DirGrads, dx: SeqRef | null, dh0: number, dc0: number, dCellOut: SeqRef | null = null,
): void {
  if (rt.step.epoch !== c.epoch) throw new StateError('recurrent backward: the step arena was reset after the forward pass; run forward again');
  const { kind, B, T, I, H } = c.spec;
  const G = GATES[kind] * H;
  const hard = c.spec.hardGates ? 1 : 0;
  const k = rt.k;
  const a = rt.step;
  const TB = T * B;
  const BH4 = B * H * 4;
  const BG4 = B * G * 4;
  const dho = dOut ? a.alloc(TB * H * 4) : 0;
  if (dOut) k.f32_gather_rows(dho, dOut.ptr, dOut.stride, c.idx, TB, H);
  const dco = dCellOut && kind === 'lstm' ? a.alloc(TB * H * 4) : 0;
  if (dco) k.f32_gather_rows(dco, dCellOut!.ptr, dCellOut!.stride, c.idx, TB, H);
  const dh = a.alloc(BH4);
  if (dhn) k.f32_copy(dh, dhn, B * H); else k.f32_fill(dh, B * H, 0);
  const dc = kind === 'lstm' ? a.alloc(BH4) : 0;
  if (dc) { if (dcn) k.f32_copy(dc, dcn, B * H); else k.f32_fill(dc, B * H, 0); }
  const dgx = a.alloc(TB * G * 4);
  const dgh = kind === 'gru' ? a.alloc(TB * G * 4) : dgx; // d(W_hh h + b_hh) rows (gru_rb: = dgx)
  // W_hh as the (K = G, N = H) right operand of dh += dG · W_hh.
  const rb = kind === 'gru_rb';
  const nG = rb ? 2 * H : G; // gru_rb: rows r,z here; the n rows (W_hn, (H, H)) packed apart
  const packed = a.alloc(Number(k.f32_packed_b_bytes(nG, H)));
  k.f32_pack_b(packed, c.p.wHh, H, 0, nG, H);
  const packedN = rb ? a.alloc(Number(k.f32_packed_b_bytes(H, H))) : 0;
  if (packedN) k.f32_pack_b(packedN, c.p.wHh + 2 * H * H * 4, H, 0, H, H);
  const drh = rb ? a.alloc(BH4) : 0;
  let peep = { i: g.pI, f: g.pF, o: g.pO };
  if (c.spec.peephole && !(g.pI && g.pF && g.pO)) {
    const junk = a.alloc(3 * H * 4);
    peep = { i: g.pI || junk, f: g.pF || junk + H * 4, o: g.pO || junk + 2 * H * 4 };
  }
  for (let s = T - 1; s >= 0; s--) {
    const o = s * BG4;
    const dhs = dOut ? dho + s * BH4 : 0;
    if (kind === 'lstm') {
      const cPrev = c.cs + s * BH4;
      if (dco) k.f32_add(dc, dc, dco + s * BH4, B * H); // c_s is an output too (zero on padded rows)
      if (c.spec.peephole) {
        k.f32_lstm_peephole_bwd(dgx + o, dh, dc, peep.i, peep.f, peep.o, dh, dhs, dc, c.gx + o, cPrev, cPrev + BH4,
          c.p.pI, c.p.pF, c.p.pO, c.lens, s, B, H);
      } else {
        k.f32_lstm_bwd(dgx + o, dh, dc, dh, dhs, dc, c.gx + o, cPrev, cPrev + BH4, c.lens, s, B, H, hard);
      }
    } else if (kind === 'gru') {
      k.f32_gru_bwd(dgx + o, dgh + o, dh, dh, dhs, c.gx + o, c.gh + o, c.hs + s * BH4, c.lens, s, B, H, hard);
    } else if (rb) {
      const hPrev = c.hs + s * BH4;
      k.f32_gru_rb_bwd_n(dgx + o, dh, dhs, c.gx + o, hPrev, c.lens, s, B, H, hard);
      k.f32_gemm_packed(B, H, H, dgx + o + 2 * H * 4, G, packedN, drh, H, 0, 0, s & 1, rt.gemmWs); // d(r*h) = dG[n] · W_hn
      k.f32_gru_rb_bwd_r(dgx + o, dh, drh, c.gx + o, hPrev, c.lens, s, B, H, hard);
    } else {
      k.f32_rnn_bwd(dgx + o, dh, dh, dhs, c.hs + (s + 1) * BH4, c.lens, s, B, H, kind === 'rnn_relu' ? 1 : 0);
    }
    k.f32_gemm_packed(B, H, nG, dgh + o, G, packed, dh, H, 0, 1, s & 1, rt.gemmWs);
  }
  if (dh0) k.f32_add(dh0, dh0, dh, B * H);
  if (dc0 && dc) k.f32_add(dc0, dc0, dc, B * H);

  // Weight grads over all steps at once: dW_hh += dGhᵀ · H_prev, dW_ih += dGxᵀ · X (T*B rows each).
  // dGᵀ is a transposed operand (transA): the GEMM packs it straight from dG, no transposed copy.
  if (g.wHh) {
    gemm(rt, nG, H, TB, dgh, G, true, c.hs, H, false, g.wHh, H, true);
    // gru_rb: dW_hn += dG[n]ᵀ · (r*h_prev)
    if (rb) gemm(rt, H, H, TB, dgh + 2 * H * 4, G, true, c.rh, H, false, g.wHh + 2 * H * H * 4, H, true);
  }
  if (g.wIh) gemm(rt, G, I, TB, dgx, G, true, c.xs, I, false, g.wIh, I, true);
  if (g.bIh) k.f32_sum_rows(g.bIh, dgx, TB, G, 1);
  if (g.bHh) k.f32_sum_rows(g.bHh, dgh, TB, G, 1);
  if (dx) {
    const dxs = a.alloc(TB * I * 4);
    gemm(rt, TB, I, G, dgx, G, false, c.p.wIh, I, false, dxs, I, false);
    k.f32_scatter_rows(dx.ptr, dx.stride, dxs, c.idx, TB, I, -1, 1);
  }
}
