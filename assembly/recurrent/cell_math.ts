// Shared helpers (scalar and f32x4) of the recurrent gate kernels; not wasm exports (index.ts does not re-export this file).
// Step masking: lens (i32[B], or 0 for "all rows active") and the scan step s; row b is
// processed at step s only when s < lens[b] (golden README 4.4: padded steps are never processed).
import { f32x4_load_tail, f32x4_store_tail, f32x4_sigmoid } from '../common/math';

// f64 then one rounding: the accuracy the golden fixtures need (tolerance 1e-4, margin ~50x).
@inline export function sigm(x: f32): f32 {
  const d = <f64>x;
  return <f32>(d >= 0 ? 1.0 / (1.0 + Math.exp(-d)) : Math.exp(d) / (1.0 + Math.exp(d)));
}
@inline export function tanh32(x: f32): f32 {
  return <f32>Math.tanh(<f64>x);
}
// Gate activation of the LSTM/GRU kernels: σ (PyTorch) when hard == 0, else Keras' hard_sigmoid
// clip(0.2x + 0.5, 0, 1) (TensorFlow.js' default recurrent_activation), with f32 mul then add as
// tfjs computes it. Derivatives from the output y: σ' = y(1-y); hard: 0.2 inside (0, 1), else 0.
@inline export function gate(x: f32, hard: i32): f32 {
  return hard ? min<f32>(max<f32>(<f32>0.2 * x + <f32>0.5, 0), 1) : sigm(x);
}
@inline export function dgate(y: f32, hard: i32): f32 {
  return hard ? (y > 0 && y < 1 ? <f32>0.2 : <f32>0) : y * (1 - y);
}
@inline export function row_active(lens: usize, s: i32, b: i32): bool {
  return lens == 0 || s < load<i32>(lens + (<usize>b << 2));
}

// ---- f32x4 helpers: only referenced from ASC_FEATURE_SIMD branches of the dispatch kernels.
// k = lanes to touch: 4 in the body loop (constant-folded into plain v128 loads/stores), 1..3 for
// the row tail, which goes through the same vector math so every column rounds the same way.

@inline export function ld4(p: usize, k: i32): v128 {
  return k == 4 ? v128.load(p) : f32x4_load_tail(p, k);
}
@inline export function st4(p: usize, v: v128, k: i32): void {
  if (k == 4) v128.store(p, v);
  else f32x4_store_tail(p, v, k);
}
// a * b + c (one rounding where relaxed_madd is an FMA).
@inline export function madd4(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.relaxed_madd(a, b, c);
  } else {
    return f32x4.add(f32x4.mul(a, b), c);
  }
}
// x * (1 - x): the derivative of σ from its output.
@inline export function dsig4(y: v128): v128 {
  return f32x4.mul(y, f32x4.sub(f32x4.splat(1), y));
}
// Lane-wise gate / dgate (see above).
@inline export function gate4(v: v128, hard: i32): v128 {
  if (!hard) return f32x4_sigmoid(v);
  const y = f32x4.add(f32x4.mul(v, f32x4.splat(0.2)), f32x4.splat(0.5));
  return f32x4.min(f32x4.max(y, f32x4.splat(0)), f32x4.splat(1));
}
@inline export function dgate4(y: v128, hard: i32): v128 {
  if (!hard) return dsig4(y);
  return v128.and(f32x4.splat(0.2), v128.and(f32x4.gt(y, f32x4.splat(0)), f32x4.lt(y, f32x4.splat(1))));
}
// 1 - x²: the derivative of tanh from its output.
@inline export function dtanh4(y: v128): v128 {
  return f32x4.sub(f32x4.splat(1), f32x4.mul(y, y));
}
// Copies n floats (inactive rows carry their state).
@inline export function copy_row(dst: usize, src: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(dst + (<usize>j << 2), v128.load(src + (<usize>j << 2)));
  for (; j < n; j++) store<f32>(dst + (<usize>j << 2), load<f32>(src + (<usize>j << 2)));
}
