// One direction of an int8 recurrent layer over all T steps in one call (inference): per step the
// W_hh product on the codes of h (qs8_gemv at B = 1, qs8_gemm above) and the fused cell step of
// cells.ts, which also quantizes the new h for the next step. The host (src/nn/quantized/scan.ts)
// has made the input projection gx and h0/c0 before; one call instead of three per step from JS.
// The same kernels in the same order as the per-step calls it replaces, so the same bits.
// kind: 0 lstm, 1 lstm_peephole, 2 gru (reset after), 3 gru_rb (reset before), 4 rnn_tanh, 5 rnn_relu.
// Shapes (B batch, T steps, H hidden, G gate rows, kp = H padded to 16):
//   hs ((T+1)·B, H) slot 0 = h0; cs (LSTM) the same for c; gx (T·B, G) scan-major, turned into
//   activations in place; gh (B, G) GRU scratch; rh (B, H) gru_rb scratch; hq/rq (B, kp) codes
//   with hqp/rqp (B, 2) params; w (G, kp) codes in the layout `mode` reads (gemm.ts), rowsum and
//   wscale (G); bH (G) GRU b_hh or 0; pI, pF, pO (H) peepholes or 0; lens i32 (B) or 0;
//   ws qs8_gemm_ws_bytes() of scratch.
import { qs8_gemm, qs8_gemm_ref, qs8_gemv, qs8_gemv_ref } from './gemm';
import { qs8_quantize_act, qs8_quantize_act_ref } from './quantize';
import {
  qs8_lstm_fwd, qs8_lstm_fwd_ref, qs8_lstm_peephole_fwd, qs8_lstm_peephole_fwd_ref, qs8_gru_fwd, qs8_gru_fwd_ref,
  qs8_gru_rb_gates_fwd, qs8_gru_rb_gates_fwd_ref, qs8_gru_rb_fwd, qs8_gru_rb_fwd_ref, qs8_rnn_fwd, qs8_rnn_fwd_ref,
} from './cells';

// y (B, rows; G floats apart) = the product of weight rows [row0, row0 + rows) with the codes x.
@inline function product(
  ref: bool, B: i32, rows: i32, G: i32, kp: i32, x: usize, xp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, bias: usize, accumulate: i32, mode: i32, ws: usize, row0: i32,
): void {
  const wr = w + <usize>(row0 * kp) * (mode == 2 ? 2 : 1);
  const rs = rowsum + (<usize>row0 << 2), sc = wscale + (<usize>row0 << 2);
  if (B == 1) {
    if (ref) qs8_gemv_ref(rows, kp, x, xp, wr, rs, sc, y, bias, accumulate, mode);
    else qs8_gemv(rows, kp, x, xp, wr, rs, sc, y, bias, accumulate, mode);
  } else {
    if (ref) qs8_gemm_ref(B, rows, kp, x, xp, wr, rs, sc, y, G, bias, accumulate, mode, ws);
    else qs8_gemm(B, rows, kp, x, xp, wr, rs, sc, y, G, bias, accumulate, mode, ws);
  }
}

@inline function run_steps(
  ref: bool, kind: i32, hard: i32, B: i32, T: i32, H: i32, kp: i32, mode: i32,
  hs: usize, cs: usize, gx: usize, gh: usize, rh: usize, hq: usize, hqp: usize, rq: usize, rqp: usize,
  w: usize, rowsum: usize, wscale: usize, bH: usize, pI: usize, pF: usize, pO: usize, lens: usize, ws: usize,
): void {
  const G = (kind <= 1 ? 4 : kind <= 3 ? 3 : 1) * H;
  const BH4 = <usize>(B * H) << 2, BG4 = <usize>(B * G) << 2;
  if (ref) qs8_quantize_act_ref(hq, hqp, hs, H, B, H, kp);
  else qs8_quantize_act(hq, hqp, hs, H, B, H, kp);
  for (let s = 0; s < T; s++) {
    const hPrev = hs + <usize>s * BH4, hNew = hPrev + BH4;
    const g = gx + <usize>s * BG4;
    const q = s + 1 < T ? hq : 0; // the last h is not quantized: no product reads it
    if (kind == 2) {
      product(ref, B, G, G, kp, hq, hqp, w, rowsum, wscale, gh, bH, 0, mode, ws, 0);
      if (ref) qs8_gru_fwd_ref(hNew, g, gh, hPrev, lens, s, B, H, hard, q, hqp, kp);
      else qs8_gru_fwd(hNew, g, gh, hPrev, lens, s, B, H, hard, q, hqp, kp);
    } else if (kind == 3) {
      const H2 = 2 * H;
      product(ref, B, H2, G, kp, hq, hqp, w, rowsum, wscale, gh, bH, 0, mode, ws, 0); // r, z rows
      if (ref) qs8_gru_rb_gates_fwd_ref(rh, g, gh, hPrev, lens, s, B, H, hard, rq, rqp, kp);
      else qs8_gru_rb_gates_fwd(rh, g, gh, hPrev, lens, s, B, H, hard, rq, rqp, kp);
      const o = <usize>H2 << 2;
      product(ref, B, H, G, kp, rq, rqp, w, rowsum, wscale, gh + o, bH ? bH + o : 0, 0, mode, ws, H2); // n rows: W_hn (r*h)
      if (ref) qs8_gru_rb_fwd_ref(hNew, g, gh, hPrev, lens, s, B, H, q, hqp, kp);
      else qs8_gru_rb_fwd(hNew, g, gh, hPrev, lens, s, B, H, q, hqp, kp);
    } else {
      product(ref, B, G, G, kp, hq, hqp, w, rowsum, wscale, g, 0, 1, mode, ws, 0);
      if (kind == 0 || kind == 1) {
        const cPrev = cs + <usize>s * BH4, cNew = cPrev + BH4;
        if (kind == 1) {
          if (ref) qs8_lstm_peephole_fwd_ref(hNew, cNew, g, hPrev, cPrev, pI, pF, pO, lens, s, B, H, q, hqp, kp);
          else qs8_lstm_peephole_fwd(hNew, cNew, g, hPrev, cPrev, pI, pF, pO, lens, s, B, H, q, hqp, kp);
        } else {
          if (ref) qs8_lstm_fwd_ref(hNew, cNew, g, hPrev, cPrev, lens, s, B, H, hard, q, hqp, kp);
          else qs8_lstm_fwd(hNew, cNew, g, hPrev, cPrev, lens, s, B, H, hard, q, hqp, kp);
        }
      } else {
        if (ref) qs8_rnn_fwd_ref(hNew, g, hPrev, lens, s, B, H, kind == 5 ? 1 : 0, q, hqp, kp);
        else qs8_rnn_fwd(hNew, g, hPrev, lens, s, B, H, kind == 5 ? 1 : 0, q, hqp, kp);
      }
    }
  }
}

export function qs8_sequence_fwd(
  kind: i32, hard: i32, B: i32, T: i32, H: i32, kp: i32, mode: i32,
  hs: usize, cs: usize, gx: usize, gh: usize, rh: usize, hq: usize, hqp: usize, rq: usize, rqp: usize,
  w: usize, rowsum: usize, wscale: usize, bH: usize, pI: usize, pF: usize, pO: usize, lens: usize, ws: usize,
): void {
  run_steps(false, kind, hard, B, T, H, kp, mode, hs, cs, gx, gh, rh, hq, hqp, rq, rqp, w, rowsum, wscale, bH, pI, pF, pO, lens, ws);
}

export function qs8_sequence_fwd_ref(
  kind: i32, hard: i32, B: i32, T: i32, H: i32, kp: i32, mode: i32,
  hs: usize, cs: usize, gx: usize, gh: usize, rh: usize, hq: usize, hqp: usize, rq: usize, rqp: usize,
  w: usize, rowsum: usize, wscale: usize, bH: usize, pI: usize, pF: usize, pO: usize, lens: usize, ws: usize,
): void {
  run_steps(true, kind, hard, B, T, H, kp, mode, hs, cs, gx, gh, rh, hq, hqp, rq, rqp, w, rowsum, wscale, bH, pI, pF, pO, lens, ws);
}
