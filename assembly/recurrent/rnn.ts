// Fused vanilla RNN step, forward and backward: h = act(pre), act = tanh (relu = 0) or relu (relu = 1).
// Shapes: pre (B, H) = W_ih x + b_ih + W_hh hPrev + b_hh; h, hPrev (B, H). Rows not active at step s carry hPrev.
import { ldf, stf } from '../common/ptr';
import { tanh32, row_active, ld4, st4, dtanh4, copy_row } from './cell_math';
import { f32x4_tanh } from '../common/math';

export function f32_rnn_fwd_ref(h: usize, pre: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, relu: i32): void {
  f32_rnn_fwd_units_ref(h, pre, hPrev, lens, s, B, H, 0, H, relu);
}

// Hidden units [u0, u1) of every row only: one thread's share of a step split by hidden units.
export function f32_rnn_fwd_units_ref(h: usize, pre: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32, relu: i32): void {
  for (let b = 0; b < B; b++) {
    const sr = b * H;
    const active = row_active(lens, s, b);
    for (let j = u0; j < u1; j++) {
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
  f32_rnn_bwd_units_ref(dPre, dhPrev, dh, dhOut, h, lens, s, B, H, 0, H, relu);
}

// Hidden units [u0, u1) only (see f32_rnn_fwd_units_ref).
export function f32_rnn_bwd_units_ref(
  dPre: usize, dhPrev: usize, dh: usize, dhOut: usize, h: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32, relu: i32,
): void {
  for (let b = 0; b < B; b++) {
    const sr = b * H;
    const active = row_active(lens, s, b);
    for (let j = u0; j < u1; j++) {
      const dht = ldf(dh, sr + j) + (dhOut ? ldf(dhOut, sr + j) : <f32>0);
      const y = ldf(h, sr + j);
      stf(dPre, sr + j, !active ? <f32>0 : relu ? (y > 0 ? dht : <f32>0) : dht * (1 - y * y));
      stf(dhPrev, sr + j, active ? <f32>0 : dht);
    }
  }
}

// f32x4 bodies: same math as the _ref twins with the polynomial tanh of math.ts.
@inline function rnn_fwd_lanes(h: usize, pre: usize, relu: i32, k: i32): void {
  const p = ld4(pre, k);
  st4(h, relu ? f32x4.max(p, f32x4.splat(0)) : f32x4_tanh(p), k);
}

// n units per row (n = H, or a thread's share with the pointers moved to its first unit); rows H apart.
function rnn_fwd_simd(h: usize, pre: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, n: i32, relu: i32): void {
  const H4 = n & ~3;
  for (let b = 0; b < B; b++) {
    const so = <usize>b * H << 2;
    if (!row_active(lens, s, b)) { copy_row(h + so, hPrev + so, n); continue; }
    let j = 0;
    for (; j < H4; j += 4) rnn_fwd_lanes(h + so + (<usize>j << 2), pre + so + (<usize>j << 2), relu, 4);
    if (j < n) rnn_fwd_lanes(h + so + (<usize>j << 2), pre + so + (<usize>j << 2), relu, n - j);
  }
}

@inline function rnn_bwd_lanes(dp: usize, dhp: usize, dh: usize, dho: usize, h: usize, relu: i32, k: i32): void {
  let dht = ld4(dh, k);
  if (dho) dht = f32x4.add(dht, ld4(dho, k));
  const y = ld4(h, k);
  // relu'(0) = 0: keep dht where y > 0
  st4(dp, relu ? v128.and(dht, f32x4.gt(y, f32x4.splat(0))) : f32x4.mul(dht, dtanh4(y)), k);
  st4(dhp, f32x4.splat(0), k);
}

function rnn_bwd_simd(dPre: usize, dhPrev: usize, dh: usize, dhOut: usize, h: usize, lens: usize, s: i32, B: i32, H: i32, n: i32, relu: i32): void {
  const H4 = n & ~3;
  for (let b = 0; b < B; b++) {
    const so = <usize>b * H << 2;
    if (!row_active(lens, s, b)) {
      for (let j = 0; j < n; j++) {
        const q = so + (<usize>j << 2);
        store<f32>(dhPrev + q, load<f32>(dh + q) + (dhOut ? load<f32>(dhOut + q) : <f32>0));
        store<f32>(dPre + q, 0);
      }
      continue;
    }
    let j = 0;
    for (; j < H4; j += 4) {
      const q = so + (<usize>j << 2);
      rnn_bwd_lanes(dPre + q, dhPrev + q, dh + q, dhOut ? dhOut + q : 0, h + q, relu, 4);
    }
    if (j < n) {
      const q = so + (<usize>j << 2);
      rnn_bwd_lanes(dPre + q, dhPrev + q, dh + q, dhOut ? dhOut + q : 0, h + q, relu, n - j);
    }
  }
}

export function f32_rnn_fwd(h: usize, pre: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, relu: i32): void {
  if (ASC_FEATURE_SIMD) {
    rnn_fwd_simd(h, pre, hPrev, lens, s, B, H, H, relu);
  } else {
    f32_rnn_fwd_ref(h, pre, hPrev, lens, s, B, H, relu);
  }
}
// Hidden units [u0, u1) of every row (f32_rnn_fwd_units_ref).
export function f32_rnn_fwd_units(h: usize, pre: usize, hPrev: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32, relu: i32): void {
  if (ASC_FEATURE_SIMD) {
    const o = <usize>u0 << 2;
    rnn_fwd_simd(h + o, pre + o, hPrev + o, lens, s, B, H, u1 - u0, relu);
  } else {
    f32_rnn_fwd_units_ref(h, pre, hPrev, lens, s, B, H, u0, u1, relu);
  }
}
// Divergence: overwrites dPre and dhPrev (and its _ref too) where the kernel convention says
// backward accumulates: dPre is a fresh per-step (B, H) slice and dhPrev aliases the carried dh;
// accumulating would cost a zero fill of T*B*H floats and a read per element on the hot path.
export function f32_rnn_bwd(
  dPre: usize, dhPrev: usize, dh: usize, dhOut: usize, h: usize, lens: usize, s: i32, B: i32, H: i32, relu: i32,
): void {
  if (ASC_FEATURE_SIMD) {
    rnn_bwd_simd(dPre, dhPrev, dh, dhOut, h, lens, s, B, H, H, relu);
  } else {
    f32_rnn_bwd_ref(dPre, dhPrev, dh, dhOut, h, lens, s, B, H, relu);
  }
}
// Hidden units [u0, u1) of every row (f32_rnn_fwd_units_ref); overwrites as f32_rnn_bwd.
export function f32_rnn_bwd_units(
  dPre: usize, dhPrev: usize, dh: usize, dhOut: usize, h: usize, lens: usize, s: i32, B: i32, H: i32, u0: i32, u1: i32, relu: i32,
): void {
  if (ASC_FEATURE_SIMD) {
    const o = <usize>u0 << 2;
    rnn_bwd_simd(dPre + o, dhPrev + o, dh + o, dhOut ? dhOut + o : 0, h + o, lens, s, B, H, u1 - u0, relu);
  } else {
    f32_rnn_bwd_units_ref(dPre, dhPrev, dh, dhOut, h, lens, s, B, H, u0, u1, relu);
  }
}
