// Fused LSTM gate step, forward and backward (gate order i, f, g, o, as PyTorch); peephole: lstm_peephole.ts.
// hard != 0: the i, f, o gates use hard_sigmoid instead of σ (Keras/TensorFlow.js models).
// Shapes (per scan step): gates (B, 4H) row b = [i | f | g | o]; h, c, hPrev, cPrev (B, H).
// Forward turns the pre-activations in `gates` into activations IN PLACE: that is what backward reads.
import { ldf, stf } from '../common/ptr';
import { gate, dgate, tanh32, row_active, ld4, st4, madd4, gate4, dgate4, dtanh4, copy_row } from './cell_math';
import { f32x4_tanh } from '../common/math';

// c = f*cPrev + i*g, h = o*tanh(c). Rows not active at step s carry hPrev/cPrev unchanged.
export function f32_lstm_fwd_ref(
  h: usize, c: usize, gates: usize, hPrev: usize, cPrev: usize, lens: usize, s: i32, B: i32, H: i32, hard: i32,
): void {
  f32_lstm_fwd_units_ref(h, c, gates, hPrev, cPrev, lens, s, B, H, 0, H, hard);
}

// Hidden units [u0, u1) of every row only (gate blocks still H apart): one thread's share of a
// step split by hidden units (the host's scan); the rest of each row is not touched.
export function f32_lstm_fwd_units_ref(
  h: usize, c: usize, gates: usize, hPrev: usize, cPrev: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32, hard: i32,
): void {
  const G = 4 * H;
  for (let b = 0; b < B; b++) {
    const gr = b * G, sr = b * H;
    if (!row_active(lens, s, b)) {
      for (let j = u0; j < u1; j++) { stf(h, sr + j, ldf(hPrev, sr + j)); stf(c, sr + j, ldf(cPrev, sr + j)); }
      continue;
    }
    for (let j = u0; j < u1; j++) {
      const i = gate(ldf(gates, gr + j), hard);
      const f = gate(ldf(gates, gr + H + j), hard);
      const g = tanh32(ldf(gates, gr + 2 * H + j));
      const o = gate(ldf(gates, gr + 3 * H + j), hard);
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
  gates: usize, cPrev: usize, c: usize, lens: usize, s: i32, B: i32, H: i32, hard: i32,
): void {
  f32_lstm_bwd_units_ref(dGates, dhPrev, dcPrev, dh, dhOut, dc, gates, cPrev, c, lens, s, B, H, 0, H, hard);
}

// Hidden units [u0, u1) only (see f32_lstm_fwd_units_ref).
export function f32_lstm_bwd_units_ref(
  dGates: usize, dhPrev: usize, dcPrev: usize, dh: usize, dhOut: usize, dc: usize,
  gates: usize, cPrev: usize, c: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32, hard: i32,
): void {
  const G = 4 * H;
  for (let b = 0; b < B; b++) {
    const gr = b * G, sr = b * H;
    const active = row_active(lens, s, b);
    for (let j = u0; j < u1; j++) {
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
      stf(dGates, gr + j, dct * g * dgate(i, hard));
      stf(dGates, gr + H + j, dct * ldf(cPrev, sr + j) * dgate(f, hard));
      stf(dGates, gr + 2 * H + j, dct * i * (1 - g * g));
      stf(dGates, gr + 3 * H + j, dht * tc * dgate(o, hard));
      stf(dcPrev, sr + j, dct * f);
      stf(dhPrev, sr + j, 0);
    }
  }
}

// f32x4 forward: same math as the _ref twin with the polynomial sigmoid/tanh of math.ts, in
// passes over a row: one activation per loop (σ or hard σ over i, f and o, tanh over g), then the
// cell update. One fused loop body with five activations kept ~30 constants live and spilled
// most of them every iteration; these loops keep theirs in registers (same per-element math).
@inline function gate_lanes(p: usize, k: i32, hard: i32): void {
  st4(p, gate4(ld4(p, k), hard), k);
}
function gates_inplace(p: usize, n: i32, hard: i32): void {
  const n4 = n & ~3;
  let j = 0;
  if (hard) {
    for (; j < n4; j += 4) gate_lanes(p + (<usize>j << 2), 4, 1);
    if (j < n) gate_lanes(p + (<usize>j << 2), n - j, 1);
  } else {
    for (; j < n4; j += 4) gate_lanes(p + (<usize>j << 2), 4, 0);
    if (j < n) gate_lanes(p + (<usize>j << 2), n - j, 0);
  }
}
@inline function tanh_lanes(p: usize, k: i32): void {
  st4(p, f32x4_tanh(ld4(p, k)), k);
}
function tanh_inplace(p: usize, n: i32): void {
  const n4 = n & ~3;
  let j = 0;
  for (; j < n4; j += 4) tanh_lanes(p + (<usize>j << 2), 4);
  if (j < n) tanh_lanes(p + (<usize>j << 2), n - j);
}
// c = f*cPrev + i*g, h = o*tanh(c) on activated gates.
@inline function lstm_cell_lanes(g: usize, Hb: usize, cp: usize, cn: usize, hn: usize, k: i32): void {
  const c = madd4(ld4(g + Hb, k), ld4(cp, k), f32x4.mul(ld4(g, k), ld4(g + 2 * Hb, k)));
  st4(cn, c, k);
  st4(hn, f32x4.mul(ld4(g + 3 * Hb, k), f32x4_tanh(c)), k);
}

// n units per row (n = H, or a thread's share with the pointers moved to its first unit); rows are
// H (state) and 4H (gates) apart. Every unit's math is lane-wise, so a share gives the whole row's bits.
function lstm_fwd_simd(h: usize, c: usize, gates: usize, hPrev: usize, cPrev: usize, lens: usize, s: i32, B: i32, H: i32, n: i32, hard: i32): void {
  const Hb = <usize>H << 2;
  const n4 = n & ~3;
  for (let b = 0; b < B; b++) {
    const g = gates + <usize>b * 4 * Hb, so = <usize>b * Hb;
    if (!row_active(lens, s, b)) { copy_row(h + so, hPrev + so, n); copy_row(c + so, cPrev + so, n); continue; }
    if (n == H) {
      gates_inplace(g, 2 * H, hard); // i, f
    } else {
      gates_inplace(g, n, hard); // i
      gates_inplace(g + Hb, n, hard); // f
    }
    tanh_inplace(g + 2 * Hb, n); // g
    gates_inplace(g + 3 * Hb, n, hard); // o
    let j = 0;
    for (; j < n4; j += 4) {
      const o = <usize>j << 2;
      lstm_cell_lanes(g + o, Hb, cPrev + so + o, c + so + o, h + so + o, 4);
    }
    if (j < n) {
      const o = <usize>j << 2;
      lstm_cell_lanes(g + o, Hb, cPrev + so + o, c + so + o, h + so + o, n - j);
    }
  }
}

@inline function lstm_bwd_lanes(
  dg: usize, dhp: usize, dcp: usize, dh: usize, dho: usize, dc: usize, g: usize, cp: usize, cn: usize, Hb: usize, k: i32, hard: i32,
): void {
  let dht = ld4(dh, k);
  if (dho) dht = f32x4.add(dht, ld4(dho, k));
  const i = ld4(g, k), f = ld4(g + Hb, k), gg = ld4(g + 2 * Hb, k), o = ld4(g + 3 * Hb, k);
  const tc = f32x4_tanh(ld4(cn, k));
  const dct = madd4(f32x4.mul(dht, o), dtanh4(tc), ld4(dc, k));
  st4(dg, f32x4.mul(f32x4.mul(dct, gg), dgate4(i, hard)), k);
  st4(dg + Hb, f32x4.mul(f32x4.mul(dct, ld4(cp, k)), dgate4(f, hard)), k);
  st4(dg + 2 * Hb, f32x4.mul(f32x4.mul(dct, i), dtanh4(gg)), k);
  st4(dg + 3 * Hb, f32x4.mul(f32x4.mul(dht, tc), dgate4(o, hard)), k);
  st4(dcp, f32x4.mul(dct, f), k);
  st4(dhp, f32x4.splat(0), k);
}

// n units per row (see lstm_fwd_simd).
function lstm_bwd_simd(
  dGates: usize, dhPrev: usize, dcPrev: usize, dh: usize, dhOut: usize, dc: usize,
  gates: usize, cPrev: usize, c: usize, lens: usize, s: i32, B: i32, H: i32, n: i32, hard: i32,
): void {
  const Hb = <usize>H << 2;
  const H4 = n & ~3;
  for (let b = 0; b < B; b++) {
    const go = <usize>b * 4 * Hb, so = <usize>b * Hb;
    if (!row_active(lens, s, b)) {
      // padded step: state grads pass through, no gate grads
      for (let j = 0; j < n; j++) {
        const q = so + (<usize>j << 2);
        store<f32>(dhPrev + q, load<f32>(dh + q) + (dhOut ? load<f32>(dhOut + q) : <f32>0));
        store<f32>(dcPrev + q, load<f32>(dc + q));
      }
      for (let q = 0; q < 4; q++) for (let j = 0; j < n; j++) store<f32>(dGates + go + <usize>q * Hb + (<usize>j << 2), 0);
      continue;
    }
    let j = 0;
    for (; j < H4; j += 4) {
      const o = <usize>j << 2, q = so + o;
      lstm_bwd_lanes(dGates + go + o, dhPrev + q, dcPrev + q, dh + q, dhOut ? dhOut + q : 0, dc + q, gates + go + o, cPrev + q, c + q, Hb, 4, hard);
    }
    if (j < n) {
      const o = <usize>j << 2, q = so + o;
      lstm_bwd_lanes(dGates + go + o, dhPrev + q, dcPrev + q, dh + q, dhOut ? dhOut + q : 0, dc + q, gates + go + o, cPrev + q, c + q, Hb, n - j, hard);
    }
  }
}

export function f32_lstm_fwd(
  h: usize, c: usize, gates: usize, hPrev: usize, cPrev: usize, lens: usize, s: i32, B: i32, H: i32, hard: i32,
): void {
  if (ASC_FEATURE_SIMD) {
    lstm_fwd_simd(h, c, gates, hPrev, cPrev, lens, s, B, H, H, hard);
  } else {
    f32_lstm_fwd_ref(h, c, gates, hPrev, cPrev, lens, s, B, H, hard);
  }
}
// Hidden units [u0, u1) of every row (f32_lstm_fwd_units_ref).
export function f32_lstm_fwd_units(
  h: usize, c: usize, gates: usize, hPrev: usize, cPrev: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32, hard: i32,
): void {
  if (ASC_FEATURE_SIMD) {
    const o = <usize>u0 << 2;
    lstm_fwd_simd(h + o, c + o, gates + o, hPrev + o, cPrev + o, lens, s, B, H, u1 - u0, hard);
  } else {
    f32_lstm_fwd_units_ref(h, c, gates, hPrev, cPrev, lens, s, B, H, u0, u1, hard);
  }
}
// Divergence: overwrites dGates, dhPrev and dcPrev (and its _ref too) where the kernel convention
// says backward accumulates. One scan step's gate grads are a fresh (B, 4H) slice that nothing else
// writes, and dhPrev/dcPrev alias dh/dc (the carried state is updated in place); accumulating
// would cost the scan a zero fill of T*B*4H floats and a read per element on the hot path.
export function f32_lstm_bwd(
  dGates: usize, dhPrev: usize, dcPrev: usize, dh: usize, dhOut: usize, dc: usize,
  gates: usize, cPrev: usize, c: usize, lens: usize, s: i32, B: i32, H: i32, hard: i32,
): void {
  if (ASC_FEATURE_SIMD) {
    lstm_bwd_simd(dGates, dhPrev, dcPrev, dh, dhOut, dc, gates, cPrev, c, lens, s, B, H, H, hard);
  } else {
    f32_lstm_bwd_ref(dGates, dhPrev, dcPrev, dh, dhOut, dc, gates, cPrev, c, lens, s, B, H, hard);
  }
}
// Hidden units [u0, u1) of every row (f32_lstm_fwd_units_ref); overwrites as f32_lstm_bwd.
export function f32_lstm_bwd_units(
  dGates: usize, dhPrev: usize, dcPrev: usize, dh: usize, dhOut: usize, dc: usize,
  gates: usize, cPrev: usize, c: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32, hard: i32,
): void {
  if (ASC_FEATURE_SIMD) {
    const o = <usize>u0 << 2;
    lstm_bwd_simd(dGates + o, dhPrev + o, dcPrev + o, dh + o, dhOut ? dhOut + o : 0, dc + o, gates + o, cPrev + o, c + o, lens, s, B, H, u1 - u0, hard);
  } else {
    f32_lstm_bwd_units_ref(dGates, dhPrev, dcPrev, dh, dhOut, dc, gates, cPrev, c, lens, s, B, H, u0, u1, hard);
  }
}
