// Fused losses. Cross-entropy works on logits directly (log-sum-exp with max subtraction);
// BCE-with-logits uses the overflow-free form max(x,0) - x*y + log1p(exp(-|x|)).
import { ldf, stf, ldi } from '../common/ptr';
import { f32x4_exp, f32x4_sigmoid, f32x4_load_tail, f32x4_store_tail } from '../common/math';
import { row_max_simd, row_sum_exp_simd } from './row_simd';

// loss[r] = logsumexp(z[r]) - z[r, t[r]]; rows whose target == ignoreIndex get 0.
// Returns how many rows were counted (not ignored). Targets out of [0, cols) must be
// rejected by the host before the call.
export function f32_cross_entropy_fwd_ref(loss: usize, logits: usize, targets: usize, rows: i32, cols: i32, ignoreIndex: i32): i32 {
  let counted = 0;
  for (let r = 0; r < rows; r++) {
    const t = ldi(targets, r);
    if (t == ignoreIndex) { stf(loss, r, 0); continue; }
    const zr = logits + (<usize>(r * cols) << 2);
    let mx = -Infinity as f32;
    for (let c = 0; c < cols; c++) mx = max(mx, ldf(zr, c));
    let s: f64 = 0;
    for (let c = 0; c < cols; c++) s += Math.exp(<f64>(ldf(zr, c) - mx));
    stf(loss, r, <f32>(Math.log(s) + <f64>mx - <f64>ldf(zr, t)));
    counted++;
  }
  return counted;
}
// dlogits[r, :] += g_r * (softmax(z[r]) - onehot(t[r])), g_r = dloss ? dloss[r] : scale.
export function f32_cross_entropy_bwd_ref(dlogits: usize, logits: usize, targets: usize, rows: i32, cols: i32, ignoreIndex: i32, dloss: usize, scale: f32): void {
  for (let r = 0; r < rows; r++) {
    const t = ldi(targets, r);
    if (t == ignoreIndex) continue;
    const g: f32 = dloss ? ldf(dloss, r) : scale;
    const o = r * cols;
    let mx = -Infinity as f32;
    for (let c = 0; c < cols; c++) mx = max(mx, ldf(logits, o + c));
    let s: f64 = 0;
    for (let c = 0; c < cols; c++) s += Math.exp(<f64>(ldf(logits, o + c) - mx));
    const inv = 1.0 / s;
    for (let c = 0; c < cols; c++) {
      let p = <f32>(Math.exp(<f64>(ldf(logits, o + c) - mx)) * inv);
      if (c == t) p -= 1;
      stf(dlogits, o + c, ldf(dlogits, o + c) + g * p);
    }
  }
}
// loss[i] = max(x,0) - x*y + log1p(exp(-|x|))
export function f32_bce_logits_fwd_ref(loss: usize, x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const xi = <f64>ldf(x, i);
    const yi = <f64>ldf(y, i);
    stf(loss, i, <f32>(max(xi, 0.0) - xi * yi + Math.log1p(Math.exp(-Math.abs(xi)))));
  }
}
// dx[i] += g_i * (sigmoid(x) - y), g_i = dloss ? dloss[i] : scale
export function f32_bce_logits_bwd_ref(dx: usize, x: usize, y: usize, n: i32, dloss: usize, scale: f32): void {
  for (let i = 0; i < n; i++) {
    const xi = <f64>ldf(x, i);
    const s = xi >= 0 ? 1.0 / (1.0 + Math.exp(-xi)) : Math.exp(xi) / (1.0 + Math.exp(xi));
    const g: f32 = dloss ? ldf(dloss, i) : scale;
    stf(dx, i, ldf(dx, i) + g * <f32>(s - <f64>ldf(y, i)));
  }
}

// ------------------------------------------------------------ dispatch

// Per row: max and the f64 sum of e^(z - max) in lanes, then the _ref's f64 formula.
export function f32_cross_entropy_fwd(loss: usize, logits: usize, targets: usize, rows: i32, cols: i32, ignoreIndex: i32): i32 {
  if (ASC_FEATURE_SIMD) {
    let counted = 0;
    for (let r = 0; r < rows; r++) {
      const t = ldi(targets, r);
      if (t == ignoreIndex) { stf(loss, r, 0); continue; }
      const zr = logits + (<usize>(r * cols) << 2);
      const mx = row_max_simd(zr, cols);
      const s = row_sum_exp_simd(0, zr, cols, mx);
      stf(loss, r, <f32>(Math.log(s) + <f64>mx - <f64>ldf(zr, t)));
      counted++;
    }
    return counted;
  } else {
    return f32_cross_entropy_fwd_ref(loss, logits, targets, rows, cols, ignoreIndex);
  }
}

// dlogits += g (p - onehot): the one-hot is a lane mask (column index == t), so the target
// column rounds as in the _ref ((p - 1) then times g).
export function f32_cross_entropy_bwd(dlogits: usize, logits: usize, targets: usize, rows: i32, cols: i32, ignoreIndex: i32, dloss: usize, scale: f32): void {
  if (ASC_FEATURE_SIMD) {
    const one = f32x4.splat(1);
    for (let r = 0; r < rows; r++) {
      const t = ldi(targets, r);
      if (t == ignoreIndex) continue;
      const g = f32x4.splat(dloss ? ldf(dloss, r) : scale);
      const ob = <usize>(r * cols) << 2;
      const zr = logits + ob, dr = dlogits + ob;
      const mx = row_max_simd(zr, cols);
      const vm = f32x4.splat(mx);
      const inv = f32x4.splat(<f32>(1.0 / row_sum_exp_simd(0, zr, cols, mx)));
      const vt = i32x4.splat(t);
      let col = i32x4(0, 1, 2, 3);
      let c = 0;
      for (; c < cols; c += 4) {
        const o = <usize>c << 2;
        const k = min(cols - c, 4);
        const z = k == 4 ? v128.load(zr + o) : f32x4_load_tail(zr + o, k);
        let p = f32x4.mul(f32x4_exp(f32x4.sub(z, vm)), inv);
        p = f32x4.sub(p, v128.and(one, i32x4.eq(col, vt)));
        if (k == 4) {
          v128.store(dr + o, f32x4.add(v128.load(dr + o), f32x4.mul(g, p)));
        } else {
          f32x4_store_tail(dr + o, f32x4.add(f32x4_load_tail(dr + o, k), f32x4.mul(g, p)), k);
        }
        col = i32x4.add(col, i32x4.splat(4));
      }
    }
  } else {
    f32_cross_entropy_bwd_ref(dlogits, logits, targets, rows, cols, ignoreIndex, dloss, scale);
  }
}

// log(1 + e) for lanes e in [0, 1]: 2 atanh(s), s = e / (2 + e) in [0, 1/3], by its series
// 2s (1 + w/3 + w²/5 + ... + w^7/15), w = s²; the first dropped term is below 2e-9 relative.
@inline function log1p_unit(e: v128): v128 {
  const s = f32x4.div(e, f32x4.add(e, f32x4.splat(2)));
  const w = f32x4.mul(s, s);
  let p = f32x4.splat(<f32>(1.0 / 15));
  p = f32x4.add(f32x4.mul(p, w), f32x4.splat(<f32>(1.0 / 13)));
  p = f32x4.add(f32x4.mul(p, w), f32x4.splat(<f32>(1.0 / 11)));
  p = f32x4.add(f32x4.mul(p, w), f32x4.splat(<f32>(1.0 / 9)));
  p = f32x4.add(f32x4.mul(p, w), f32x4.splat(<f32>(1.0 / 7)));
  p = f32x4.add(f32x4.mul(p, w), f32x4.splat(<f32>(1.0 / 5)));
  p = f32x4.add(f32x4.mul(p, w), f32x4.splat(<f32>(1.0 / 3)));
  p = f32x4.add(f32x4.mul(p, w), f32x4.splat(1));
  return f32x4.mul(f32x4.add(s, s), p);
}

// max(x,0) - x*y + log1p(e^{-|x|}) in f32 lanes.
@inline function bce_lanes(x: v128, y: v128): v128 {
  const head = f32x4.sub(f32x4.max(x, f32x4.splat(0)), f32x4.mul(x, y));
  return f32x4.add(head, log1p_unit(f32x4_exp(f32x4.neg(f32x4.abs(x)))));
}

export function f32_bce_logits_fwd(loss: usize, x: usize, y: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(loss + o, bce_lanes(v128.load(x + o), v128.load(y + o)));
    }
    if (i < n) {
      const o = <usize>i << 2;
      const k = n - i;
      f32x4_store_tail(loss + o, bce_lanes(f32x4_load_tail(x + o, k), f32x4_load_tail(y + o, k)), k);
    }
  } else {
    f32_bce_logits_fwd_ref(loss, x, y, n);
  }
}

// dx += g (sigmoid(x) - y); sigmoid(0) is exactly 0.5, so x = 0 gives g (0.5 - y).
export function f32_bce_logits_bwd(dx: usize, x: usize, y: usize, n: i32, dloss: usize, scale: f32): void {
  if (ASC_FEATURE_SIMD) {
    const vs = f32x4.splat(scale);
    let i = 0;
    for (; i < n; i += 4) {
      const o = <usize>i << 2;
      const k = min(n - i, 4);
      if (k == 4) {
        const g = dloss ? v128.load(dloss + o) : vs;
        const d = f32x4.mul(g, f32x4.sub(f32x4_sigmoid(v128.load(x + o)), v128.load(y + o)));
        v128.store(dx + o, f32x4.add(v128.load(dx + o), d));
      } else {
        const g = dloss ? f32x4_load_tail(dloss + o, k) : vs;
        const d = f32x4.mul(g, f32x4.sub(f32x4_sigmoid(f32x4_load_tail(x + o, k)), f32x4_load_tail(y + o, k)));
        f32x4_store_tail(dx + o, f32x4.add(f32x4_load_tail(dx + o, k), d), k);
      }
    }
  } else {
    f32_bce_logits_bwd_ref(dx, x, y, n, dloss, scale);
  }
}
