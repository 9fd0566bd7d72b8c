// Fused LSTM gate step, forward and backward (gate order i, f, g, o, as PyTorch), plain and peephole.
// Shapes (per scan step): gates (B, 4H) row b = [i | f | g | o]; h, c, hPrev, cPrev (B, H).
// Forward turns the pre-activations in `gates` into activations IN PLACE: that is what backward reads.
import { ldf, stf } from './util';
import { sigm, tanh32, rowActive } from './recurrent_common';

// c = f*cPrev + i*g, h = o*tanh(c). Rows not active at step s carry hPrev/cPrev unchanged.
export function f32_lstm_fwd_ref(
  h: usize, c: usize, gates: usize, hPrev: usize, cPrev: usize, lens: usize, s: i32, B: i32, H: i32,
): void {
  const G = 4 * H;
  for (let b = 0; b < B; b++) {
    const gr = b * G, sr = b * H;
    if (!rowActive(lens, s, b)) {
      for (let j = 0; j < H; j++) { stf(h, sr + j, ldf(hPrev, sr + j)); stf(c, sr + j, ldf(cPrev, sr + j)); }
      continue;
    }
    for (let j = 0; j < H; j++) {
      const i = sigm(ldf(gates, gr + j));
      const f = sigm(ldf(gates, gr + H + j));
      const g = tanh32(ldf(gates, gr + 2 * H + j));
      const o = sigm(ldf(gates, gr + 3 * H + j));
      const cn = f * ldf(cPrev, sr + j) + i * g;
      stf(gates, gr + j, i); stf(gates, gr + H + j, f); stf(gates, gr + 2 * H + j, g); stf(gates, gr + 3 * H + j, o);
      stf(c, sr + j, cn);
      stf(h, sr + j, o * tanh32(cn));
    }
  }
}

// From dh (carried) + dhOut (this step's output grad, 0 = none) and dc (carried):
// dGates (B, 4H) = d(pre-activations) (overwritten), dhPrev = pass-through for inactive rows else 0
// (the host adds dGates · W_hh after), dcPrev = dc through the cell. dhPrev may alias dh, dcPrev dc.
export function f32_lstm_bwd_ref(
  dGates: usize, dhPrev: usize, dcPrev: usize, dh: usize, dhOut: usize, dc: usize,
  gates: usize, cPrev: usize, c: usize, lens: usize, s: i32, B: i32, H: i32,
): void {
  const G = 4 * H;
  for (let b = 0; b < B; b++) {
    const gr = b * G, sr = b * H;
    const active = rowActive(lens, s, b);
    for (let j = 0; j < H; j++) {
      const dht = ldf(dh, sr + j) + (dhOut ? ldf(dhOut, sr + j) : <f32>0);
      if (!active) {
        stf(dhPrev, sr + j, dht); stf(dcPrev, sr + j, ldf(dc, sr + j));
        stf(dGates, gr + j, 0); stf(dGates, gr + H + j, 0); stf(dGates, gr + 2 * H + j, 0); stf(dGates, gr + 3 * H + j, 0);
        continue;
      }
      const i = ldf(gates, gr + j), f = ldf(gates, gr + H + j);
      const g = ldf(gates, gr + 2 * H + j), o = ldf(gates, gr + 3 * H + j);
      const tc = tanh32(ldf(c, sr + j));
      const dct = ldf(dc, sr + j) + dht * o * (1 - tc * tc);
      stf(dGates, gr + j, dct * g * i * (1 - i));
      stf(dGates, gr + H + j, dct * ldf(cPrev, sr + j) * f * (1 - f));
      stf(dGates, gr + 2 * H + j, dct * i * (1 - g * g));
      stf(dGates, gr + 3 * H + j, dht * tc * o * (1 - o));
      stf(dcPrev, sr + j, dct * f);
      stf(dhPrev, sr + j, 0);
    }
  }
}

// Peephole LSTM (golden README 4.3; Gers & Schmidhuber 2000): i, f see cPrev, o sees the new c.
// pI, pF, pO: (H) diagonal peephole weights.
export function f32_lstm_peephole_fwd_ref(
  h: usize, c: usize, gates: usize, hPrev: usize, cPrev: usize, pI: usize, pF: usize, pO: usize,
  lens: usize, s: i32, B: i32, H: i32,
): void {
  const G = 4 * H;
  for (let b = 0; b < B; b++) {
    const gr = b * G, sr = b * H;
    if (!rowActive(lens, s, b)) {
      for (let j = 0; j < H; j++) { stf(h, sr + j, ldf(hPrev, sr + j)); stf(c, sr + j, ldf(cPrev, sr + j)); }
      continue;
    }
    for (let j = 0; j < H; j++) {
      const cp = ldf(cPrev, sr + j);
      const i = sigm(ldf(gates, gr + j) + ldf(pI, j) * cp);
      const f = sigm(ldf(gates, gr + H + j) + ldf(pF, j) * cp);
      const g = tanh32(ldf(gates, gr + 2 * H + j));
      const cn = f * cp + i * g;
      const o = sigm(ldf(gates, gr + 3 * H + j) + ldf(pO, j) * cn);
      stf(gates, gr + j, i); stf(gates, gr + H + j, f); stf(gates, gr + 2 * H + j, g); stf(gates, gr + 3 * H + j, o);
      stf(c, sr + j, cn);
      stf(h, sr + j, o * tanh32(cn));
    }
  }
}

// As f32_lstm_bwd, plus peephole grads accumulated: dpI += di_pre*cPrev, dpF += df_pre*cPrev, dpO += do_pre*c.
export function f32_lstm_peephole_bwd_ref(
  dGates: usize, dhPrev: usize, dcPrev: usize, dpI: usize, dpF: usize, dpO: usize,
  dh: usize, dhOut: usize, dc: usize, gates: usize, cPrev: usize, c: usize,
  pI: usize, pF: usize, pO: usize, lens: usize, s: i32, B: i32, H: i32,
): void {
  const G = 4 * H;
  for (let b = 0; b < B; b++) {
    const gr = b * G, sr = b * H;
    const active = rowActive(lens, s, b);
    for (let j = 0; j < H; j++) {
      const dht = ldf(dh, sr + j) + (dhOut ? ldf(dhOut, sr + j) : <f32>0);
      if (!active) {
        stf(dhPrev, sr + j, dht); stf(dcPrev, sr + j, ldf(dc, sr + j));
        stf(dGates, gr + j, 0); stf(dGates, gr + H + j, 0); stf(dGates, gr + 2 * H + j, 0); stf(dGates, gr + 3 * H + j, 0);
        continue;
      }
      const i = ldf(gates, gr + j), f = ldf(gates, gr + H + j);
      const g = ldf(gates, gr + 2 * H + j), o = ldf(gates, gr + 3 * H + j);
      const cn = ldf(c, sr + j), cp = ldf(cPrev, sr + j);
      const tc = tanh32(cn);
      const dOp = dht * tc * o * (1 - o);
      const dct = ldf(dc, sr + j) + dht * o * (1 - tc * tc) + dOp * ldf(pO, j);
      const dIp = dct * g * i * (1 - i);
      const dFp = dct * cp * f * (1 - f);
      stf(dGates, gr + j, dIp);
      stf(dGates, gr + H + j, dFp);
      stf(dGates, gr + 2 * H + j, dct * i * (1 - g * g));
      stf(dGates, gr + 3 * H + j, dOp);
      stf(dcPrev, sr + j, dct * f + dIp * ldf(pI, j) + dFp * ldf(pF, j));
      stf(dhPrev, sr + j, 0);
      stf(dpI, j, ldf(dpI, j) + dIp * cp);
      stf(dpF, j, ldf(dpF, j) + dFp * cp);
      stf(dpO, j, ldf(dpO, j) + dOp * cn);
    }
  }
}

export function f32_lstm_fwd(
  h: usize, c: usize, gates: usize, hPrev: usize, cPrev: usize, lens: usize, s: i32, B: i32, H: i32,
): void {
  f32_lstm_fwd_ref(h, c, gates, hPrev, cPrev, lens, s, B, H);
}
export function f32_lstm_bwd(
  dGates: usize, dhPrev: usize, dcPrev: usize, dh: usize, dhOut: usize, dc: usize,
  gates: usize, cPrev: usize, c: usize, lens: usize, s: i32, B: i32, H: i32,
): void {
  f32_lstm_bwd_ref(dGates, dhPrev, dcPrev, dh, dhOut, dc, gates, cPrev, c, lens, s, B, H);
}
export function f32_lstm_peephole_fwd(
  h: usize, c: usize, gates: usize, hPrev: usize, cPrev: usize, pI: usize, pF: usize, pO: usize,
  lens: usize, s: i32, B: i32, H: i32,
): void {
  f32_lstm_peephole_fwd_ref(h, c, gates, hPrev, cPrev, pI, pF, pO, lens, s, B, H);
}
export function f32_lstm_peephole_bwd(
  dGates: usize, dhPrev: usize, dcPrev: usize, dpI: usize, dpF: usize, dpO: usize,
  dh: usize, dhOut: usize, dc: usize, gates: usize, cPrev: usize, c: usize,
  pI: usize, pF: usize, pO: usize, lens: usize, s: i32, B: i32, H: i32,
): void {
  f32_lstm_peephole_bwd_ref(dGates, dhPrev, dcPrev, dpI, dpF, dpO, dh, dhOut, dc, gates, cPrev, c, pI, pF, pO, lens, s, B, H);
}
