// Fused losses. Cross-entropy works on logits directly (log-sum-exp with max subtraction);
// BCE-with-logits uses the overflow-free form max(x,0) - x*y + log1p(exp(-|x|)).
import { ldf, stf, ldi } from './util';

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

export function f32_cross_entropy_fwd(loss: usize, logits: usize, targets: usize, rows: i32, cols: i32, ignoreIndex: i32): i32 { return f32_cross_entropy_fwd_ref(loss, logits, targets, rows, cols, ignoreIndex); }
export function f32_cross_entropy_bwd(dlogits: usize, logits: usize, targets: usize, rows: i32, cols: i32, ignoreIndex: i32, dloss: usize, scale: f32): void { f32_cross_entropy_bwd_ref(dlogits, logits, targets, rows, cols, ignoreIndex, dloss, scale); }
export function f32_bce_logits_fwd(loss: usize, x: usize, y: usize, n: i32): void { f32_bce_logits_fwd_ref(loss, x, y, n); }
export function f32_bce_logits_bwd(dx: usize, x: usize, y: usize, n: i32, dloss: usize, scale: f32): void { f32_bce_logits_bwd_ref(dx, x, y, n, dloss, scale); }
