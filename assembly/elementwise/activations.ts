// Activations: forward y = f(x); backward accumulates dx += dy * f'(.) from the saved output y.
import { ldf, stf } from '../common/ptr';
import { sigmoidf, tanhf, f32x4_sigmoid, f32x4_tanh, f32x4_load_tail, f32x4_store_tail } from '../common/math';

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

// ------------------------------------------------------------ dispatch
// Every element, tail included, goes through the same lane code, so results do not depend on
// where an element sits. Backward reads the saved output y, as the _ref twins do.

export function f32_sigmoid_fwd(y: usize, x: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(y + o, f32x4_sigmoid(v128.load(x + o)));
    }
    if (i < n) {
      const o = <usize>i << 2;
      f32x4_store_tail(y + o, f32x4_sigmoid(f32x4_load_tail(x + o, n - i)), n - i);
    }
  } else {
    for (let i = 0; i < n; i++) stf(y, i, sigmoidf(ldf(x, i)));
  }
}
export function f32_tanh_fwd(y: usize, x: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(y + o, f32x4_tanh(v128.load(x + o)));
    }
    if (i < n) {
      const o = <usize>i << 2;
      f32x4_store_tail(y + o, f32x4_tanh(f32x4_load_tail(x + o, n - i)), n - i);
    }
  } else {
    for (let i = 0; i < n; i++) stf(y, i, tanhf(ldf(x, i)));
  }
}
export function f32_relu_fwd(y: usize, x: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    let i = 0;
    const zero = f32x4.splat(0);
    // f32x4.max, not pmax: -0 -> +0 and NaN -> NaN exactly as max<f32>(x, 0) in the _ref.
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(y + o, f32x4.max(v128.load(x + o), zero));
    }
    for (; i < n; i++) stf(y, i, max<f32>(ldf(x, i), 0));
  } else {
    f32_relu_fwd_ref(y, x, n);
  }
}
// dx += dy * s(1 - s)
export function f32_sigmoid_bwd(dx: usize, dy: usize, y: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    let i = 0;
    const one = f32x4.splat(1);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      const s = v128.load(y + o);
      const d = f32x4.mul(f32x4.mul(v128.load(dy + o), s), f32x4.sub(one, s));
      v128.store(dx + o, f32x4.add(v128.load(dx + o), d));
    }
    f32_sigmoid_bwd_ref(dx + (<usize>i << 2), dy + (<usize>i << 2), y + (<usize>i << 2), n - i);
  } else {
    f32_sigmoid_bwd_ref(dx, dy, y, n);
  }
}
// dx += dy * (1 - t²)
export function f32_tanh_bwd(dx: usize, dy: usize, y: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    let i = 0;
    const one = f32x4.splat(1);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      const t = v128.load(y + o);
      const d = f32x4.mul(v128.load(dy + o), f32x4.sub(one, f32x4.mul(t, t)));
      v128.store(dx + o, f32x4.add(v128.load(dx + o), d));
    }
    f32_tanh_bwd_ref(dx + (<usize>i << 2), dy + (<usize>i << 2), y + (<usize>i << 2), n - i);
  } else {
    f32_tanh_bwd_ref(dx, dy, y, n);
  }
}
// dx += y > 0 ? dy : 0
export function f32_relu_bwd(dx: usize, dy: usize, y: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    let i = 0;
    const zero = f32x4.splat(0);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      const pass = v128.and(v128.load(dy + o), f32x4.gt(v128.load(y + o), zero));
      v128.store(dx + o, f32x4.add(v128.load(dx + o), pass));
    }
    f32_relu_bwd_ref(dx + (<usize>i << 2), dy + (<usize>i << 2), y + (<usize>i << 2), n - i);
  } else {
    f32_relu_bwd_ref(dx, dy, y, n);
  }
}
