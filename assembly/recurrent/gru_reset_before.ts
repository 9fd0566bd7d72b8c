// Fused GRU step pieces for the reset-BEFORE form (Keras reset_after=False), gate order r, z, n:
//   r = σ(xr + hr), z = σ(xz + hz), n = tanh(xn + W_hn (r*hPrev) + b_hn), h = (1-z)*n + z*hPrev
// The reset gate acts before the W_hn product, so a step is: GEMM (r,z rows) → gates kernel
// (r, z, r*hPrev) → GEMM (n rows, on r*hPrev) → output kernel. Backward mirrors it in two halves.
// Shapes: gx (B, 3H) = W_ih x + b_ih, turned into [r | z | n] IN PLACE; gh (B, 3H) = [hr | hz | hn]
// with hn = W_hn (r*hPrev) + b_hn; rh, h, hPrev (B, H). Rows not active at step s carry hPrev.
// hard != 0: r and z use hard_sigmoid instead of σ (TensorFlow.js' default); f32_gru_rb_fwd has no gate.
import { ldf, stf } from '../common/ptr';
import { gate, dgate, tanh32, row_active, ld4, st4, madd4, gate4, dgate4, dtanh4, copy_row } from './cell_math';
import { f32x4_tanh } from '../common/math';

// r, z into gx; rh = r * hPrev (zero on inactive rows, so the n-product adds nothing there).
export function f32_gru_rb_gates_fwd_ref(rh: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, hard: i32): void {
  f32_gru_rb_gates_fwd_units_ref(rh, gx, gh, hPrev, lens, s, B, H, 0, H, hard);
}
// Each kernel here has a _units twin: hidden units [u0, u1) of every row only (gate blocks still H
// apart), one thread's share of a step split by hidden units (the host's scan).
export function f32_gru_rb_gates_fwd_units_ref(rh: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32, hard: i32): void {
  for (let b = 0; b < B; b++) {
    const gr = b * 3 * H, sr = b * H;
    const active = row_active(lens, s, b);
    for (let j = u0; j < u1; j++) {
      if (!active) { stf(rh, sr + j, 0); continue; }
      const r = gate(ldf(gx, gr + j) + ldf(gh, gr + j), hard);
      const z = gate(ldf(gx, gr + H + j) + ldf(gh, gr + H + j), hard);
      stf(gx, gr + j, r); stf(gx, gr + H + j, z);
      stf(rh, sr + j, r * ldf(hPrev, sr + j));
    }
  }
}

// n = tanh(xn + hn) into gx; h = (1-z) n + z hPrev.
export function f32_gru_rb_fwd_ref(h: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32): void {
  f32_gru_rb_fwd_units_ref(h, gx, gh, hPrev, lens, s, B, H, 0, H);
}
export function f32_gru_rb_fwd_units_ref(h: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32): void {
  for (let b = 0; b < B; b++) {
    const gr = b * 3 * H, sr = b * H;
    const active = row_active(lens, s, b);
    for (let j = u0; j < u1; j++) {
      if (!active) { stf(h, sr + j, ldf(hPrev, sr + j)); continue; }
      const z = ldf(gx, gr + H + j);
      const n = tanh32(ldf(gx, gr + 2 * H + j) + ldf(gh, gr + 2 * H + j));
      stf(gx, gr + 2 * H + j, n);
      stf(h, sr + j, (1 - z) * n + z * ldf(hPrev, sr + j));
    }
  }
}

// First backward half: dG[z], dG[n] (pre-activation grads; dG is (B, 3H)) from dh + dhOut, and
// dh <- the direct path z*(dh + dhOut) (inactive rows: dh + dhOut passed through, dG = 0).
// The host then computes drh = dG[n] · W_hn.
export function f32_gru_rb_bwd_n_ref(dG: usize, dh: usize, dhOut: usize, gx: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, hard: i32): void {
  f32_gru_rb_bwd_n_units_ref(dG, dh, dhOut, gx, hPrev, lens, s, B, H, 0, H, hard);
}
export function f32_gru_rb_bwd_n_units_ref(dG: usize, dh: usize, dhOut: usize, gx: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32, hard: i32): void {
  for (let b = 0; b < B; b++) {
    const gr = b * 3 * H, sr = b * H;
    const active = row_active(lens, s, b);
    for (let j = u0; j < u1; j++) {
      const dht = ldf(dh, sr + j) + (dhOut ? ldf(dhOut, sr + j) : <f32>0);
      if (!active) {
        stf(dh, sr + j, dht);
        stf(dG, gr + j, 0); stf(dG, gr + H + j, 0); stf(dG, gr + 2 * H + j, 0);
        continue;
      }
      const z = ldf(gx, gr + H + j), n = ldf(gx, gr + 2 * H + j);
      stf(dG, gr + H + j, dht * (ldf(hPrev, sr + j) - n) * dgate(z, hard));
      stf(dG, gr + 2 * H + j, dht * (1 - z) * (1 - n * n));
      stf(dh, sr + j, dht * z);
    }
  }
}

// Second half, from drh = d(r*hPrev): dG[r] = drh*hPrev*r(1-r), dh += drh*r. The host then adds
// dG[r,z] · W_h{r,z} into dh.
export function f32_gru_rb_bwd_r_ref(dG: usize, dh: usize, drh: usize, gx: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, hard: i32): void {
  f32_gru_rb_bwd_r_units_ref(dG, dh, drh, gx, hPrev, lens, s, B, H, 0, H, hard);
}
export function f32_gru_rb_bwd_r_units_ref(dG: usize, dh: usize, drh: usize, gx: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32, hard: i32): void {
  for (let b = 0; b < B; b++) {
    if (!row_active(lens, s, b)) continue; // dG[r] already 0, drh is 0
    const gr = b * 3 * H, sr = b * H;
    for (let j = u0; j < u1; j++) {
      const r = ldf(gx, gr + j), d = ldf(drh, sr + j);
      stf(dG, gr + j, d * ldf(hPrev, sr + j) * dgate(r, hard));
      stf(dh, sr + j, ldf(dh, sr + j) + d * r);
    }
  }
}

// ---- f32x4 bodies (same math, polynomial sigmoid/tanh of math.ts)
@inline function gates_lanes(rh: usize, gx: usize, gh: usize, hp: usize, Hb: usize, k: i32, hard: i32): void {
  const r = gate4(f32x4.add(ld4(gx, k), ld4(gh, k)), hard);
  const z = gate4(f32x4.add(ld4(gx + Hb, k), ld4(gh + Hb, k)), hard);
  st4(gx, r, k); st4(gx + Hb, z, k);
  st4(rh, f32x4.mul(r, ld4(hp, k)), k);
}
@inline function out_lanes(h: usize, gx: usize, gh: usize, hp: usize, Hb: usize, k: i32): void {
  const z = ld4(gx + Hb, k);
  const n = f32x4_tanh(f32x4.add(ld4(gx + 2 * Hb, k), ld4(gh + 2 * Hb, k)));
  st4(gx + 2 * Hb, n, k);
  st4(h, madd4(z, f32x4.sub(ld4(hp, k), n), n), k);
}
@inline function bwd_n_lanes(dG: usize, dh: usize, dho: usize, gx: usize, hp: usize, Hb: usize, k: i32, hard: i32): void {
  let dht = ld4(dh, k);
  if (dho) dht = f32x4.add(dht, ld4(dho, k));
  const z = ld4(gx + Hb, k), n = ld4(gx + 2 * Hb, k);
  st4(dG + Hb, f32x4.mul(f32x4.mul(dht, f32x4.sub(ld4(hp, k), n)), dgate4(z, hard)), k);
  st4(dG + 2 * Hb, f32x4.mul(f32x4.mul(dht, f32x4.sub(f32x4.splat(1), z)), dtanh4(n)), k);
  st4(dh, f32x4.mul(dht, z), k);
}
@inline function bwd_r_lanes(dG: usize, dh: usize, drh: usize, gx: usize, hp: usize, k: i32, hard: i32): void {
  const r = ld4(gx, k), d = ld4(drh, k);
  st4(dG, f32x4.mul(f32x4.mul(d, ld4(hp, k)), dgate4(r, hard)), k);
  st4(dh, madd4(d, r, ld4(dh, k)), k);
}

// n units per row (n = H, or a thread's share with the pointers moved to its first unit); rows are
// H (state) and 3H (gates) apart.
function gates_fwd_simd(rh: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, n: i32, hard: i32): void {
  const Hb = <usize>H << 2, n4 = n & ~3;
  for (let b = 0; b < B; b++) {
    const go = <usize>b * 3 * Hb, so = <usize>b * Hb;
    if (!row_active(lens, s, b)) { for (let j = 0; j < n; j++) store<f32>(rh + so + (<usize>j << 2), 0); continue; }
    let j = 0;
    for (; j < n4; j += 4) { const o = <usize>j << 2; gates_lanes(rh + so + o, gx + go + o, gh + go + o, hPrev + so + o, Hb, 4, hard); }
    if (j < n) { const o = <usize>j << 2; gates_lanes(rh + so + o, gx + go + o, gh + go + o, hPrev + so + o, Hb, n - j, hard); }
  }
}
function out_fwd_simd(h: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, n: i32): void {
  const Hb = <usize>H << 2, n4 = n & ~3;
  for (let b = 0; b < B; b++) {
    const go = <usize>b * 3 * Hb, so = <usize>b * Hb;
    if (!row_active(lens, s, b)) { copy_row(h + so, hPrev + so, n); continue; }
    let j = 0;
    for (; j < n4; j += 4) { const o = <usize>j << 2; out_lanes(h + so + o, gx + go + o, gh + go + o, hPrev + so + o, Hb, 4); }
    if (j < n) { const o = <usize>j << 2; out_lanes(h + so + o, gx + go + o, gh + go + o, hPrev + so + o, Hb, n - j); }
  }
}
function bwd_n_simd(dG: usize, dh: usize, dhOut: usize, gx: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, n: i32, hard: i32): void {
  const Hb = <usize>H << 2, n4 = n & ~3;
  for (let b = 0; b < B; b++) {
    const go = <usize>b * 3 * Hb, so = <usize>b * Hb;
    if (!row_active(lens, s, b)) {
      for (let j = 0; j < n; j++) {
        const q = so + (<usize>j << 2);
        store<f32>(dh + q, load<f32>(dh + q) + (dhOut ? load<f32>(dhOut + q) : <f32>0));
      }
      for (let q = 0; q < 3; q++) for (let j = 0; j < n; j++) store<f32>(dG + go + <usize>q * Hb + (<usize>j << 2), 0);
      continue;
    }
    let j = 0;
    for (; j < n4; j += 4) { const o = <usize>j << 2, q = so + o; bwd_n_lanes(dG + go + o, dh + q, dhOut ? dhOut + q : 0, gx + go + o, hPrev + q, Hb, 4, hard); }
    if (j < n) { const o = <usize>j << 2, q = so + o; bwd_n_lanes(dG + go + o, dh + q, dhOut ? dhOut + q : 0, gx + go + o, hPrev + q, Hb, n - j, hard); }
  }
}
function bwd_r_simd(dG: usize, dh: usize, drh: usize, gx: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, n: i32, hard: i32): void {
  const Hb = <usize>H << 2, n4 = n & ~3;
  for (let b = 0; b < B; b++) {
    if (!row_active(lens, s, b)) continue;
    const go = <usize>b * 3 * Hb, so = <usize>b * Hb;
    let j = 0;
    for (; j < n4; j += 4) { const o = <usize>j << 2, q = so + o; bwd_r_lanes(dG + go + o, dh + q, drh + q, gx + go + o, hPrev + q, 4, hard); }
    if (j < n) { const o = <usize>j << 2, q = so + o; bwd_r_lanes(dG + go + o, dh + q, drh + q, gx + go + o, hPrev + q, n - j, hard); }
  }
}

export function f32_gru_rb_gates_fwd(rh: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, hard: i32): void {
  if (ASC_FEATURE_SIMD) gates_fwd_simd(rh, gx, gh, hPrev, lens, s, B, H, H, hard);
  else f32_gru_rb_gates_fwd_ref(rh, gx, gh, hPrev, lens, s, B, H, hard);
}
export function f32_gru_rb_gates_fwd_units(rh: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32, hard: i32): void {
  const o = <usize>u0 << 2;
  if (ASC_FEATURE_SIMD) gates_fwd_simd(rh + o, gx + o, gh + o, hPrev + o, lens, s, B, H, u1 - u0, hard);
  else f32_gru_rb_gates_fwd_units_ref(rh, gx, gh, hPrev, lens, s, B, H, u0, u1, hard);
}

export function f32_gru_rb_fwd(h: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32): void {
  if (ASC_FEATURE_SIMD) out_fwd_simd(h, gx, gh, hPrev, lens, s, B, H, H);
  else f32_gru_rb_fwd_ref(h, gx, gh, hPrev, lens, s, B, H);
}
export function f32_gru_rb_fwd_units(h: usize, gx: usize, gh: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32): void {
  const o = <usize>u0 << 2;
  if (ASC_FEATURE_SIMD) out_fwd_simd(h + o, gx + o, gh + o, hPrev + o, lens, s, B, H, u1 - u0);
  else f32_gru_rb_fwd_units_ref(h, gx, gh, hPrev, lens, s, B, H, u0, u1);
}

// Divergence: f32_gru_rb_bwd_n overwrites dG[z], dG[n] and dh, f32_gru_rb_bwd_r overwrites dG[r]
// and updates dh in place (their _refs too), where the kernel convention says backward
// accumulates: dG is a fresh per-step (B, 3H) slice and dh is the carried state; accumulating
// would cost a zero fill of T*B*3H floats and a read per element on the hot path.
export function f32_gru_rb_bwd_n(dG: usize, dh: usize, dhOut: usize, gx: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, hard: i32): void {
  if (ASC_FEATURE_SIMD) bwd_n_simd(dG, dh, dhOut, gx, hPrev, lens, s, B, H, H, hard);
  else f32_gru_rb_bwd_n_ref(dG, dh, dhOut, gx, hPrev, lens, s, B, H, hard);
}
export function f32_gru_rb_bwd_n_units(dG: usize, dh: usize, dhOut: usize, gx: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32, hard: i32): void {
  const o = <usize>u0 << 2;
  if (ASC_FEATURE_SIMD) bwd_n_simd(dG + o, dh + o, dhOut ? dhOut + o : 0, gx + o, hPrev + o, lens, s, B, H, u1 - u0, hard);
  else f32_gru_rb_bwd_n_units_ref(dG, dh, dhOut, gx, hPrev, lens, s, B, H, u0, u1, hard);
}

export function f32_gru_rb_bwd_r(dG: usize, dh: usize, drh: usize, gx: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, hard: i32): void {
  if (ASC_FEATURE_SIMD) bwd_r_simd(dG, dh, drh, gx, hPrev, lens, s, B, H, H, hard);
  else f32_gru_rb_bwd_r_ref(dG, dh, drh, gx, hPrev, lens, s, B, H, hard);
}
export function f32_gru_rb_bwd_r_units(dG: usize, dh: usize, drh: usize, gx: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32, hard: i32): void {
  const o = <usize>u0 << 2;
  if (ASC_FEATURE_SIMD) bwd_r_simd(dG + o, dh + o, drh + o, gx + o, hPrev + o, lens, s, B, H, u1 - u0, hard);
  else f32_gru_rb_bwd_r_units_ref(dG, dh, drh, gx, hPrev, lens, s, B, H, u0, u1, hard);
}
