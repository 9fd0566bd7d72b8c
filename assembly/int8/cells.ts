// The int8 path's recurrent cell steps: the float gate kernel (assembly/recurrent/, the one the
// float model runs) and the 7-bit quantization of the vector it produced (the next W_hh product's
// operand) in one kernel, so h is quantized while it is in L1, by the kernel that made it, and the
// scan makes one call per cell step. Bit-identical to the float kernel followed by
// qs8_quantize_act (they are those functions; test/assembly/int8/cells.test.ts pins it).
// Why not one loop: the gate loops live in assembly/recurrent/ (shared with training and the
// threaded scan); copying them here would fork the gate math for a min/max pass over B·H floats.
// Shapes as assembly/recurrent/ (gates (B, G), h, c, hPrev, cPrev (B, H)); the codes as
// quantize.ts: hq (B, kp) u7, hqp (B, 2) [scale f32, zero point i32]. hq = 0: no quantization
// (the last step of a sequence, whose h no product reads).
import { f32_lstm_fwd, f32_lstm_fwd_ref } from '../recurrent/lstm';
import { f32_lstm_peephole_fwd, f32_lstm_peephole_fwd_ref } from '../recurrent/lstm_peephole';
import { f32_gru_fwd, f32_gru_fwd_ref } from '../recurrent/gru';
import { f32_gru_rb_gates_fwd, f32_gru_rb_gates_fwd_ref, f32_gru_rb_fwd, f32_gru_rb_fwd_ref } from '../recurrent/gru_reset_before';
import { f32_rnn_fwd, f32_rnn_fwd_ref } from '../recurrent/rnn';
import { qs8_quantize_act, qs8_quantize_act_ref } from './quantize';

@inline function quantize_h(ref: bool, hq: usize, hqp: usize, h: usize, B: i32, H: i32, kp: i32): void {
  if (!hq) return;
  if (ref) qs8_quantize_act_ref(hq, hqp, h, H, B, H, kp);
  else qs8_quantize_act(hq, hqp, h, H, B, H, kp);
}

// LSTM (f32_lstm_fwd: c = f*cPrev + i*g, h = o*tanh(c)), then h → hq.
export function qs8_lstm_fwd(
  h: usize, c: usize, gates: usize, hPrev: usize, cPrev: usize, lens: usize, s: i32, B: i32, H: i32, hard: i32, hq: usize, hqp: usize, kp: i32,
): void {
  f32_lstm_fwd(h, c, gates, hPrev, cPrev, lens, s, B, H, hard);
  quantize_h(false, hq, hqp, h, B, H, kp);
}

export function qs8_lstm_fwd_ref(
  h: usize, c: usize, gates: usize, hPrev: usize, cPrev: usize, lens: usize, s: i32, B: i32, H: i32, hard: i32, hq: usize, hqp: usize, kp: i32,
): void {
  f32_lstm_fwd_ref(h, c, gates, hPrev, cPrev, lens, s, B, H, hard);
  quantize_h(true, hq, hqp, h, B, H, kp);
}

// LSTM with peepholes pI, pF, pO (H), then h → hq.
export function qs8_lstm_peephole_fwd(
  h: usize, c: usize, gates: usize, hPrev: usize, cPrev: usize, pI: usize, pF: usize, pO: usize, lens: usize, s: i32, B: i32, H: i32, hq: usize, hqp: usize, kp: i32,
): void {
  f32_lstm_peephole_fwd(h, c, gates, hPrev, cPrev, pI, pF, pO, lens, s, B, H);
  quantize_h(false, hq, hqp, h, B, H, kp);
}

export function qs8_lstm_peephole_fwd_ref(
  h: usize, c: usize, gates: usize, hPrev: usize, cPrev: usize, pI: usize, pF: usize, pO: usize, lens: usize, s: i32, B: i32, H: i32, hq: usize, hqp: usize, kp: i32,
): void {
  f32_lstm_peephole_fwd_ref(h, c, gates, hPrev, cPrev, pI, pF, pO, lens, s, B, H);
  quantize_h(true, hq, hqp, h, B, H, kp);
}

// GRU, reset after (gh = W_hh h + b_hh of this step), then h → hq.
export function qs8_gru_fwd(h: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, hard: i32, hq: usize, hqp: usize, kp: i32): void {
  f32_gru_fwd(h, gx, gh, hPrev, lens, s, B, H, hard);
  quantize_h(false, hq, hqp, h, B, H, kp);
}

export function qs8_gru_fwd_ref(h: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, hard: i32, hq: usize, hqp: usize, kp: i32): void {
  f32_gru_fwd_ref(h, gx, gh, hPrev, lens, s, B, H, hard);
  quantize_h(true, hq, hqp, h, B, H, kp);
}

// GRU, reset before, first half: r, z and rh = r * hPrev, then rh → rq (the W_hn product's operand).
export function qs8_gru_rb_gates_fwd(rh: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, hard: i32, rq: usize, rqp: usize, kp: i32): void {
  f32_gru_rb_gates_fwd(rh, gx, gh, hPrev, lens, s, B, H, hard);
  quantize_h(false, rq, rqp, rh, B, H, kp);
}

export function qs8_gru_rb_gates_fwd_ref(rh: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, hard: i32, rq: usize, rqp: usize, kp: i32): void {
  f32_gru_rb_gates_fwd_ref(rh, gx, gh, hPrev, lens, s, B, H, hard);
  quantize_h(true, rq, rqp, rh, B, H, kp);
}

// GRU, reset before, second half: n and h, then h → hq.
export function qs8_gru_rb_fwd(h: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, hq: usize, hqp: usize, kp: i32): void {
  f32_gru_rb_fwd(h, gx, gh, hPrev, lens, s, B, H);
  quantize_h(false, hq, hqp, h, B, H, kp);
}

export function qs8_gru_rb_fwd_ref(h: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, hq: usize, hqp: usize, kp: i32): void {
  f32_gru_rb_fwd_ref(h, gx, gh, hPrev, lens, s, B, H);
  quantize_h(true, hq, hqp, h, B, H, kp);
}

// Elman RNN (tanh, or relu when relu != 0), then h → hq.
export function qs8_rnn_fwd(h: usize, pre: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, relu: i32, hq: usize, hqp: usize, kp: i32): void {
  f32_rnn_fwd(h, pre, hPrev, lens, s, B, H, relu);
  quantize_h(false, hq, hqp, h, B, H, kp);
}

export function qs8_rnn_fwd_ref(h: usize, pre: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, relu: i32, hq: usize, hqp: usize, kp: i32): void {
  f32_rnn_fwd_ref(h, pre, hPrev, lens, s, B, H, relu);
  quantize_h(true, hq, hqp, h, B, H, kp);
}
