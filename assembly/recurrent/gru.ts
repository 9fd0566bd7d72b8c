// Fused GRU gate step, forward and backward, PyTorch form (gate order r, z, n; reset after the matmul):
//   r = σ(xr + hr), z = σ(xz + hz), n = tanh(xn + r*hn), h = (1-z)*n + z*hPrev
// Shapes: gx (B, 3H) = W_ih x + b_ih, turned into [r | z | n] IN PLACE; gh (B, 3H) = W_hh hPrev + b_hh
// (kept: backward needs hn); h, hPrev (B, H). Rows not active at step s carry hPrev.
// hard != 0: r and z use hard_sigmoid instead of σ (Keras/TensorFlow.js models).
import { ldf, stf } from '../common/ptr';
import { gate, dgate, tanh32, row_active, ld4, st4, madd4, gate4, dgate4, dtanh4, copy_row } from './cell_math';
import { f32x4_tanh } from '../common/math';

export function f32_gru_fwd_ref(h: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, hard: i32): void {
  f32_gru_fwd_units_ref(h, gx, gh, hPrev, lens, s, B, H, 0, H, hard);
}

// Hidden units [u0, u1) of every row only (gate blocks still H apart): one thread's share of a
// step split by hidden units (the host's scan); the rest of each row is not touched.
export function f32_gru_fwd_units_ref(h: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32, hard: i32): void {
  const G = 3 * H;
  for (let b = 0; b < B; b++) {
    const gr = b * G, sr = b * H;
    if (!row_active(lens, s, b)) {
      for (let j = u0; j < u1; j++) stf(h, sr + j, ldf(hPrev, sr + j));
      continue;
    }
    for (let j = u0; j < u1; j++) {
      const r = gate(ldf(gx, gr + j) + ldf(gh, gr + j), hard);
      const z = gate(ldf(gx, gr + H + j) + ldf(gh, gr + H + j), hard);
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
  gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, hard: i32,
): void {
  f32_gru_bwd_units_ref(dGx, dGh, dhPrev, dh, dhOut, gx, gh, hPrev, lens, s, B, H, 0, H, hard);
}

// Hidden units [u0, u1) only (see f32_gru_fwd_units_ref).
export function f32_gru_bwd_units_ref(
  dGx: usize, dGh: usize, dhPrev: usize, dh: usize, dhOut: usize,
  gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32, hard: i32,
): void {
  const G = 3 * H;
  for (let b = 0; b < B; b++) {
    const gr = b * G, sr = b * H;
    const active = row_active(lens, s, b);
    for (let j = u0; j < u1; j++) {
      const dht = ldf(dh, sr + j) + (dhOut ? ldf(dhOut, sr + j) : <f32>0);
      if (!active) {
        stf(dhPrev, sr + j, dht);
        for (let q = 0; q < 3; q++) { stf(dGx, gr + q * H + j, 0); stf(dGh, gr + q * H + j, 0); }
        continue;
      }
      const r = ldf(gx, gr + j), z = ldf(gx, gr + H + j), n = ldf(gx, gr + 2 * H + j);
      const hn = ldf(gh, gr + 2 * H + j), hp = ldf(hPrev, sr + j);
      const dnp = dht * (1 - z) * (1 - n * n);
      const dzp = dht * (hp - n) * dgate(z, hard);
      const drp = dnp * hn * dgate(r, hard);
      stf(dGx, gr + j, drp); stf(dGx, gr + H + j, dzp); stf(dGx, gr + 2 * H + j, dnp);
      stf(dGh, gr + j, drp); stf(dGh, gr + H + j, dzp); stf(dGh, gr + 2 * H + j, dnp * r);
      stf(dhPrev, sr + j, dht * z);
    }
  }
}

// f32x4 bodies: same math as the _ref twins with the polynomial sigmoid/tanh of math.ts.
@inline function gru_fwd_lanes(gx: usize, gh: usize, hp: usize, hn: usize, Hb: usize, k: i32, hard: i32): void {
  const r = gate4(f32x4.add(ld4(gx, k), ld4(gh, k)), hard);
  const z = gate4(f32x4.add(ld4(gx + Hb, k), ld4(gh + Hb, k)), hard);
  const n = f32x4_tanh(madd4(r, ld4(gh + 2 * Hb, k), ld4(gx + 2 * Hb, k)));
  st4(gx, r, k); st4(gx + Hb, z, k); st4(gx + 2 * Hb, n, k);
  st4(hn, madd4(z, f32x4.sub(ld4(hp, k), n), n), k); // (1-z) n + z h = n + z (h - n)
}

// n units per row (n = H, or a thread's share with the pointers moved to its first unit); rows are
// H (state) and 3H (gates) apart.
function gru_fwd_simd(h: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, n: i32, hard: i32): void {
  const Hb = <usize>H << 2;
  const H4 = n & ~3;
  for (let b = 0; b < B; b++) {
    const go = <usize>b * 3 * Hb, so = <usize>b * Hb;
    if (!row_active(lens, s, b)) { copy_row(h + so, hPrev + so, n); continue; }
    let j = 0;
    for (; j < H4; j += 4) {
      const o = <usize>j << 2;
      gru_fwd_lanes(gx + go + o, gh + go + o, hPrev + so + o, h + so + o, Hb, 4, hard);
    }
    if (j < n) {
      const o = <usize>j << 2;
      gru_fwd_lanes(gx + go + o, gh + go + o, hPrev + so + o, h + so + o, Hb, n - j, hard);
    }
  }
}

@inline function gru_bwd_lanes(
  dgx: usize, dgh: usize, dhp: usize, dh: usize, dho: usize, gx: usize, gh: usize, hp: usize, Hb: usize, k: i32, hard: i32,
): void {
  let dht = ld4(dh, k);
  if (dho) dht = f32x4.add(dht, ld4(dho, k));
  const r = ld4(gx, k), z = ld4(gx + Hb, k), n = ld4(gx + 2 * Hb, k);
  const dnp = f32x4.mul(f32x4.mul(dht, f32x4.sub(f32x4.splat(1), z)), dtanh4(n));
  const dzp = f32x4.mul(f32x4.mul(dht, f32x4.sub(ld4(hp, k), n)), dgate4(z, hard));
  const drp = f32x4.mul(f32x4.mul(dnp, ld4(gh + 2 * Hb, k)), dgate4(r, hard));
  st4(dgx, drp, k); st4(dgx + Hb, dzp, k); st4(dgx + 2 * Hb, dnp, k);
  st4(dgh, drp, k); st4(dgh + Hb, dzp, k); st4(dgh + 2 * Hb, f32x4.mul(dnp, r), k);
  st4(dhp, f32x4.mul(dht, z), k);
}

function gru_bwd_simd(
  dGx: usize, dGh: usize, dhPrev: usize, dh: usize, dhOut: usize,
  gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, n: i32, hard: i32,
): void {
  const Hb = <usize>H << 2;
  const H4 = n & ~3;
  for (let b = 0; b < B; b++) {
    const go = <usize>b * 3 * Hb, so = <usize>b * Hb;
    if (!row_active(lens, s, b)) {
      for (let j = 0; j < n; j++) {
        const q = so + (<usize>j << 2);
        store<f32>(dhPrev + q, load<f32>(dh + q) + (dhOut ? load<f32>(dhOut + q) : <f32>0));
      }
      for (let q = 0; q < 3; q++) {
        for (let j = 0; j < n; j++) {
          const o = go + <usize>q * Hb + (<usize>j << 2);
          store<f32>(dGx + o, 0); store<f32>(dGh + o, 0);
        }
      }
      continue;
    }
    let j = 0;
    for (; j < H4; j += 4) {
      const o = <usize>j << 2, q = so + o;
      gru_bwd_lanes(dGx + go + o, dGh + go + o, dhPrev + q, dh + q, dhOut ? dhOut + q : 0, gx + go + o, gh + go + o, hPrev + q, Hb, 4, hard);
    }
    if (j < n) {
      const o = <usize>j << 2, q = so + o;
      gru_bwd_lanes(dGx + go + o, dGh + go + o, dhPrev + q, dh + q, dhOut ? dhOut + q : 0, gx + go + o, gh + go + o, hPrev + q, Hb, n - j, hard);
    }
  }
}

export function f32_gru_fwd(h: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, hard: i32): void {
  if (ASC_FEATURE_SIMD) {
    gru_fwd_simd(h, gx, gh, hPrev, lens, s, B, H, H, hard);
  } else {
    f32_gru_fwd_ref(h, gx, gh, hPrev, lens, s, B, H, hard);
  }
}
// Hidden units [u0, u1) of every row (f32_gru_fwd_units_ref).
export function f32_gru_fwd_units(h: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32, hard: i32): void {
  if (ASC_FEATURE_SIMD) {
    const o = <usize>u0 << 2;
    gru_fwd_simd(h + o, gx + o, gh + o, hPrev + o, lens, s, B, H, u1 - u0, hard);
  } else {
    f32_gru_fwd_units_ref(h, gx, gh, hPrev, lens, s, B, H, u0, u1, hard);
  }
}
// Divergence: overwrites dGx, dGh and dhPrev (and its _ref too) where the kernel convention says
// backward accumulates: the per-step gate grads are fresh (B, 3H) slices nothing else writes, and
// dhPrev aliases the carried dh; accumulating would cost the scan a zero fill of 2*T*B*3H floats
// and a read per element on the hot path.
export function f32_gru_bwd(
  dGx: usize, dGh: usize, dhPrev: usize, dh: usize, dhOut: usize,
  gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, hard: i32,
): void {
  if (ASC_FEATURE_SIMD) {
    gru_bwd_simd(dGx, dGh, dhPrev, dh, dhOut, gx, gh, hPrev, lens, s, B, H, H, hard);
  } else {
    f32_gru_bwd_ref(dGx, dGh, dhPrev, dh, dhOut, gx, gh, hPrev, lens, s, B, H, hard);
  }
}
// Hidden units [u0, u1) of every row (f32_gru_fwd_units_ref); overwrites as f32_gru_bwd.
export function f32_gru_bwd_units(
  dGx: usize, dGh: usize, dhPrev: usize, dh: usize, dhOut: usize,
  gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32, hard: i32,
): void {
  if (ASC_FEATURE_SIMD) {
    const o = <usize>u0 << 2;
    gru_bwd_simd(dGx + o, dGh + o, dhPrev + o, dh + o, dhOut ? dhOut + o : 0, gx + o, gh + o, hPrev + o, lens, s, B, H, u1 - u0, hard);
  } else {
    f32_gru_bwd_units_ref(dGx, dGh, dhPrev, dh, dhOut, gx, gh, hPrev, lens, s, B, H, u0, u1, hard);
  }
}
