// Fused peephole LSTM gate step, forward and backward (golden README 4.3; Gers & Schmidhuber 2000):
// i, f see c(t-1), o sees the new c(t); pI, pF, pO are (H) diagonal weights. Shapes as lstm.ts.
import { ldf, stf } from '../common/ptr';
import { sigm, tanh32, row_active, ld4, st4, madd4, dsig4, dtanh4, copy_row } from './cell_math';
import { f32x4_sigmoid, f32x4_tanh } from '../common/math';

export function f32_lstm_peephole_fwd_ref(
  h: usize, c: usize, gates: usize, hPrev: usize, cPrev: usize, pI: usize, pF: usize, pO: usize,
  lens: usize, s: i32, B: i32, H: i32,
): void {
  f32_lstm_peephole_fwd_units_ref(h, c, gates, hPrev, cPrev, pI, pF, pO, lens, s, B, H, 0, H);
}

// Hidden units [u0, u1) of every row only (see f32_lstm_fwd_units_ref).
export function f32_lstm_peephole_fwd_units_ref(
  h: usize, c: usize, gates: usize, hPrev: usize, cPrev: usize, pI: usize, pF: usize, pO: usize,
  lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32,
): void {
  const G = 4 * H;
  for (let b = 0; b < B; b++) {
    const gr = b * G, sr = b * H;
    if (!row_active(lens, s, b)) {
      for (let j = u0; j < u1; j++) { stf(h, sr + j, ldf(hPrev, sr + j)); stf(c, sr + j, ldf(cPrev, sr + j)); }
      continue;
    }
    for (let j = u0; j < u1; j++) {
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
  f32_lstm_peephole_bwd_units_ref(dGates, dhPrev, dcPrev, dpI, dpF, dpO, dh, dhOut, dc, gates, cPrev, c, pI, pF, pO, lens, s, B, H, 0, H);
}

// Hidden units [u0, u1) only (see f32_lstm_fwd_units_ref).
export function f32_lstm_peephole_bwd_units_ref(
  dGates: usize, dhPrev: usize, dcPrev: usize, dpI: usize, dpF: usize, dpO: usize,
  dh: usize, dhOut: usize, dc: usize, gates: usize, cPrev: usize, c: usize,
  pI: usize, pF: usize, pO: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32,
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

// f32x4 bodies: same math as the _ref twins with the polynomial sigmoid/tanh of math.ts.
@inline function peep_fwd_lanes(g: usize, Hb: usize, cp: usize, cn: usize, hn: usize, pI: usize, pF: usize, pO: usize, k: i32): void {
  const c0 = ld4(cp, k);
  const i = f32x4_sigmoid(madd4(ld4(pI, k), c0, ld4(g, k)));
  const f = f32x4_sigmoid(madd4(ld4(pF, k), c0, ld4(g + Hb, k)));
  const gg = f32x4_tanh(ld4(g + 2 * Hb, k));
  const c = madd4(f, c0, f32x4.mul(i, gg));
  const o = f32x4_sigmoid(madd4(ld4(pO, k), c, ld4(g + 3 * Hb, k)));
  st4(g, i, k); st4(g + Hb, f, k); st4(g + 2 * Hb, gg, k); st4(g + 3 * Hb, o, k);
  st4(cn, c, k);
  st4(hn, f32x4.mul(o, f32x4_tanh(c)), k);
}

function peephole_fwd_simd(
  h: usize, c: usize, gates: usize, hPrev: usize, cPrev: usize, pI: usize, pF: usize, pO: usize,
  lens: usize, s: i32, B: i32, H: i32, n: i32,
): void {
  const Hb = <usize>H << 2;
  const H4 = n & ~3;
  for (let b = 0; b < B; b++) {
    const g = gates + <usize>b * 4 * Hb, so = <usize>b * Hb;
    if (!row_active(lens, s, b)) { copy_row(h + so, hPrev + so, n); copy_row(c + so, cPrev + so, n); continue; }
    let j = 0;
    for (; j < H4; j += 4) {
      const o = <usize>j << 2;
      peep_fwd_lanes(g + o, Hb, cPrev + so + o, c + so + o, h + so + o, pI + o, pF + o, pO + o, 4);
    }
    if (j < n) {
      const o = <usize>j << 2;
      peep_fwd_lanes(g + o, Hb, cPrev + so + o, c + so + o, h + so + o, pI + o, pF + o, pO + o, n - j);
    }
  }
}

@inline function peep_bwd_lanes(
  dg: usize, dhp: usize, dcp: usize, dpI: usize, dpF: usize, dpO: usize, dh: usize, dho: usize, dc: usize,
  g: usize, cp: usize, cn: usize, pI: usize, pF: usize, pO: usize, Hb: usize, k: i32,
): void {
  let dht = ld4(dh, k);
  if (dho) dht = f32x4.add(dht, ld4(dho, k));
  const i = ld4(g, k), f = ld4(g + Hb, k), gg = ld4(g + 2 * Hb, k), o = ld4(g + 3 * Hb, k);
  const c = ld4(cn, k), c0 = ld4(cp, k);
  const tc = f32x4_tanh(c);
  const dOp = f32x4.mul(f32x4.mul(dht, tc), dsig4(o));
  const dct = madd4(dOp, ld4(pO, k), madd4(f32x4.mul(dht, o), dtanh4(tc), ld4(dc, k)));
  const dIp = f32x4.mul(f32x4.mul(dct, gg), dsig4(i));
  const dFp = f32x4.mul(f32x4.mul(dct, c0), dsig4(f));
  st4(dg, dIp, k);
  st4(dg + Hb, dFp, k);
  st4(dg + 2 * Hb, f32x4.mul(f32x4.mul(dct, i), dtanh4(gg)), k);
  st4(dg + 3 * Hb, dOp, k);
  st4(dcp, madd4(dFp, ld4(pF, k), madd4(dIp, ld4(pI, k), f32x4.mul(dct, f))), k);
  st4(dhp, f32x4.splat(0), k);
  st4(dpI, madd4(dIp, c0, ld4(dpI, k)), k);
  st4(dpF, madd4(dFp, c0, ld4(dpF, k)), k);
  st4(dpO, madd4(dOp, c, ld4(dpO, k)), k);
}

function peephole_bwd_simd(
  dGates: usize, dhPrev: usize, dcPrev: usize, dpI: usize, dpF: usize, dpO: usize,
  dh: usize, dhOut: usize, dc: usize, gates: usize, cPrev: usize, c: usize,
  pI: usize, pF: usize, pO: usize, lens: usize, s: i32, B: i32, H: i32, n: i32,
): void {
  const Hb = <usize>H << 2;
  const H4 = n & ~3;
  for (let b = 0; b < B; b++) {
    const go = <usize>b * 4 * Hb, so = <usize>b * Hb;
    if (!row_active(lens, s, b)) {
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
      peep_bwd_lanes(dGates + go + o, dhPrev + q, dcPrev + q, dpI + o, dpF + o, dpO + o, dh + q, dhOut ? dhOut + q : 0, dc + q,
        gates + go + o, cPrev + q, c + q, pI + o, pF + o, pO + o, Hb, 4);
    }
    if (j < n) {
      const o = <usize>j << 2, q = so + o;
      peep_bwd_lanes(dGates + go + o, dhPrev + q, dcPrev + q, dpI + o, dpF + o, dpO + o, dh + q, dhOut ? dhOut + q : 0, dc + q,
        gates + go + o, cPrev + q, c + q, pI + o, pF + o, pO + o, Hb, n - j);
    }
  }
}

export function f32_lstm_peephole_fwd(
  h: usize, c: usize, gates: usize, hPrev: usize, cPrev: usize, pI: usize, pF: usize, pO: usize,
  lens: usize, s: i32, B: i32, H: i32,
): void {
  if (ASC_FEATURE_SIMD) {
    peephole_fwd_simd(h, c, gates, hPrev, cPrev, pI, pF, pO, lens, s, B, H, H);
  } else {
    f32_lstm_peephole_fwd_ref(h, c, gates, hPrev, cPrev, pI, pF, pO, lens, s, B, H);
  }
}
// Hidden units [u0, u1) of every row (f32_lstm_fwd_units_ref).
export function f32_lstm_peephole_fwd_units(
  h: usize, c: usize, gates: usize, hPrev: usize, cPrev: usize, pI: usize, pF: usize, pO: usize,
  lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32,
): void {
  if (ASC_FEATURE_SIMD) {
    const o = <usize>u0 << 2;
    peephole_fwd_simd(h + o, c + o, gates + o, hPrev + o, cPrev + o, pI + o, pF + o, pO + o, lens, s, B, H, u1 - u0);
  } else {
    f32_lstm_peephole_fwd_units_ref(h, c, gates, hPrev, cPrev, pI, pF, pO, lens, s, B, H, u0, u1);
  }
}
// Divergence: overwrites dGates, dhPrev and dcPrev (and its _ref too), as f32_lstm_bwd and for
// the same reason (a fresh per-step slice; dhPrev/dcPrev alias the carried dh/dc). The peephole
// grads dpI, dpF, dpO do accumulate, as the convention says.
export function f32_lstm_peephole_bwd(
  dGates: usize, dhPrev: usize, dcPrev: usize, dpI: usize, dpF: usize, dpO: usize,
  dh: usize, dhOut: usize, dc: usize, gates: usize, cPrev: usize, c: usize,
  pI: usize, pF: usize, pO: usize, lens: usize, s: i32, B: i32, H: i32,
): void {
  if (ASC_FEATURE_SIMD) {
    peephole_bwd_simd(dGates, dhPrev, dcPrev, dpI, dpF, dpO, dh, dhOut, dc, gates, cPrev, c, pI, pF, pO, lens, s, B, H, H);
  } else {
    f32_lstm_peephole_bwd_ref(dGates, dhPrev, dcPrev, dpI, dpF, dpO, dh, dhOut, dc, gates, cPrev, c, pI, pF, pO, lens, s, B, H);
  }
}
// Hidden units [u0, u1) of every row (f32_lstm_fwd_units_ref); as f32_lstm_peephole_bwd otherwise.
export function f32_lstm_peephole_bwd_units(
  dGates: usize, dhPrev: usize, dcPrev: usize, dpI: usize, dpF: usize, dpO: usize,
  dh: usize, dhOut: usize, dc: usize, gates: usize, cPrev: usize, c: usize,
  pI: usize, pF: usize, pO: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32,
): void {
  if (ASC_FEATURE_SIMD) {
    const o = <usize>u0 << 2;
    peephole_bwd_simd(dGates + o, dhPrev + o, dcPrev + o, dpI + o, dpF + o, dpO + o, dh + o, dhOut ? dhOut + o : 0, dc + o,
      gates + o, cPrev + o, c + o, pI + o, pF + o, pO + o, lens, s, B, H, u1 - u0);
  } else {
    f32_lstm_peephole_bwd_units_ref(dGates, dhPrev, dcPrev, dpI, dpF, dpO, dh, dhOut, dc, gates, cPrev, c, pI, pF, pO, lens, s, B, H, u0, u1);
  }
}
