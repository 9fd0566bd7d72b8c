// Fused vanilla RNN step, forward and backward: h = act(pre), act = tanh (relu = 0) or relu (relu = 1).
// Shapes: pre (B, H) = W_ih x + b_ih + W_hh hPrev + b_hh; h, hPrev (B, H). Rows not active at step s carry hPrev.
import { ldf, stf } from './util';
import { tanh32, rowActive } from './recurrent_common';

export function f32_rnn_fwd_ref(h: usize, pre: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, relu: i32): void {
  for (let b = 0; b < B; b++) {
    const sr = b * H;
    const active = rowActive(lens, s, b);
    for (let j = 0; j < H; j++) {
      const p = ldf(pre, sr + j);
      stf(h, sr + j, !active ? ldf(hPrev, sr + j) : relu ? max<f32>(p, 0) : tanh32(p));
    }
  }
}

// dPre (B, H) overwritten; dhPrev = 0 for active rows (host adds dPre · W_hh), dh + dhOut passed
// through for inactive rows. relu'(0) = 0 as PyTorch. dhPrev may alias dh.
export function f32_rnn_bwd_ref(
  dPre: usize, dhPrev: usize, dh: usize, dhOut: usize, h: usize, lens: usize, s: i32, B: i32, H: i32, relu: i32,
): void {
  for (let b = 0; b < B; b++) {
    const sr = b * H;
    const active = rowActive(lens, s, b);
    for (let j = 0; j < H; j++) {
      const dht = ldf(dh, sr + j) + (dhOut ? ldf(dhOut, sr + j) : <f32>0);
      const y = ldf(h, sr + j);
      stf(dPre, sr + j, !active ? <f32>0 : relu ? (y > 0 ? dht : <f32>0) : dht * (1 - y * y));
      stf(dhPrev, sr + j, active ? <f32>0 : dht);
    }
  }
}

export function f32_rnn_fwd(h: usize, pre: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, relu: i32): void {
  f32_rnn_fwd_ref(h, pre, hPrev, lens, s, B, H, relu);
}
export function f32_rnn_bwd(
  dPre: usize, dhPrev: usize, dh: usize, dhOut: usize, h: usize, lens: usize, s: i32, B: i32, H: i32, relu: i32,
): void {
  f32_rnn_bwd_ref(dPre, dhPrev, dh, dhOut, h, lens, s, B, H, relu);
}
