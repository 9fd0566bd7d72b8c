// Fused GRU gate step, forward and backward, PyTorch form (gate order r, z, n; reset after the matmul):
//   r = σ(xr + hr), z = σ(xz + hz), n = tanh(xn + r*hn), h = (1-z)*n + z*hPrev
// Shapes: gx (B, 3H) = W_ih x + b_ih, turned into [r | z | n] IN PLACE; gh (B, 3H) = W_hh hPrev + b_hh
// (kept: backward needs hn); h, hPrev (B, H). Rows not active at step s carry hPrev.
import { ldf, stf } from './util';
import { sigm, tanh32, rowActive } from './recurrent_common';

export function f32_gru_fwd_ref(h: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32): void {
  const G = 3 * H;
  for (let b = 0; b < B; b++) {
    const gr = b * G, sr = b * H;
    if (!rowActive(lens, s, b)) {
      for (let j = 0; j < H; j++) stf(h, sr + j, ldf(hPrev, sr + j));
      continue;
    }
    for (let j = 0; j < H; j++) {
      const r = sigm(ldf(gx, gr + j) + ldf(gh, gr + j));
      const z = sigm(ldf(gx, gr + H + j) + ldf(gh, gr + H + j));
      const n = tanh32(ldf(gx, gr + 2 * H + j) + r * ldf(gh, gr + 2 * H + j));
      stf(gx, gr + j, r); stf(gx, gr + H + j, z); stf(gx, gr + 2 * H + j, n);
      stf(h, sr + j, (1 - z) * n + z * ldf(hPrev, sr + j));
    }
  }
}

// dGx (B, 3H) = d(W_ih x + b_ih), dGh (B, 3H) = d(W_hh hPrev + b_hh), both overwritten;
// dhPrev = the direct path z*dh (host adds dGh · W_hh); inactive rows pass dh through. dhPrev may alias dh.
export function f32_gru_bwd_ref(
  dGx: usize, dGh: usize, dhPrev: usize, dh: usize, dhOut: usize,
  gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32,
): void {
  const G = 3 * H;
  for (let b = 0; b < B; b++) {
    const gr = b * G, sr = b * H;
    const active = rowActive(lens, s, b);
    for (let j = 0; j < H; j++) {
      const dht = ldf(dh, sr + j) + (dhOut ? ldf(dhOut, sr + j) : <f32>0);
      if (!active) {
        stf(dhPrev, sr + j, dht);
        for (let q = 0; q < 3; q++) { stf(dGx, gr + q * H + j, 0); stf(dGh, gr + q * H + j, 0); }
        continue;
      }
      const r = ldf(gx, gr + j), z = ldf(gx, gr + H + j), n = ldf(gx, gr + 2 * H + j);
      const hn = ldf(gh, gr + 2 * H + j), hp = ldf(hPrev, sr + j);
      const dnp = dht * (1 - z) * (1 - n * n);
      const dzp = dht * (hp - n) * z * (1 - z);
      const drp = dnp * hn * r * (1 - r);
      stf(dGx, gr + j, drp); stf(dGx, gr + H + j, dzp); stf(dGx, gr + 2 * H + j, dnp);
      stf(dGh, gr + j, drp); stf(dGh, gr + H + j, dzp); stf(dGh, gr + 2 * H + j, dnp * r);
      stf(dhPrev, sr + j, dht * z);
    }
  }
}

export function f32_gru_fwd(h: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32): void {
  f32_gru_fwd_ref(h, gx, gh, hPrev, lens, s, B, H);
}
export function f32_gru_bwd(
  dGx: usize, dGh: usize, dhPrev: usize, dh: usize, dhOut: usize,
  gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32,
): void {
  f32_gru_bwd_ref(dGx, dGh, dhPrev, dh, dhOut, gx, gh, hPrev, lens, s, B, H);
}
