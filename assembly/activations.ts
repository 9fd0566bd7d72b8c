// Activations: forward y = f(x); backward accumulates dx += dy * f'(.) from the saved output y.
import { ldf, stf } from './util';

// Computed in f64 and rounded once: the oracle for the SIMD polynomial versions.
@inline function sigmoid64(x: f64): f64 {
  return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
}

export function f32_sigmoid_fwd_ref(y: usize, x: usize, n: i32): void {
  for (let i = 0; i < n; i++) stf(y, i, <f32>sigmoid64(<f64>ldf(x, i)));
}
export function f32_sigmoid_bwd_ref(dx: usize, dy: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const s = ldf(y, i);
    stf(dx, i, ldf(dx, i) + ldf(dy, i) * s * (1 - s));
  }
}
export function f32_tanh_fwd_ref(y: usize, x: usize, n: i32): void {
  for (let i = 0; i < n; i++) stf(y, i, <f32>Math.tanh(<f64>ldf(x, i)));
}
export function f32_tanh_bwd_ref(dx: usize, dy: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const t = ldf(y, i);
    stf(dx, i, ldf(dx, i) + ldf(dy, i) * (1 - t * t));
  }
}
export function f32_relu_fwd_ref(y: usize, x: usize, n: i32): void {
  for (let i = 0; i < n; i++) stf(y, i, max<f32>(ldf(x, i), 0));
}
// relu'(0) = 0, as PyTorch; y > 0 exactly where x > 0.
export function f32_relu_bwd_ref(dx: usize, dy: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) if (ldf(y, i) > 0) stf(dx, i, ldf(dx, i) + ldf(dy, i));
}

export function f32_sigmoid_fwd(y: usize, x: usize, n: i32): void { f32_sigmoid_fwd_ref(y, x, n); }
export function f32_sigmoid_bwd(dx: usize, dy: usize, y: usize, n: i32): void { f32_sigmoid_bwd_ref(dx, dy, y, n); }
export function f32_tanh_fwd(y: usize, x: usize, n: i32): void { f32_tanh_fwd_ref(y, x, n); }
export function f32_tanh_bwd(dx: usize, dy: usize, y: usize, n: i32): void { f32_tanh_bwd_ref(dx, dy, y, n); }
export function f32_relu_fwd(y: usize, x: usize, n: i32): void { f32_relu_fwd_ref(y, x, n); }
export function f32_relu_bwd(dx: usize, dy: usize, y: usize, n: i32): void { f32_relu_bwd_ref(dx, dy, y, n); }
