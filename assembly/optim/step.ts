// Optimizer updates over a flat run of n parameters, written as torch.optim (1.13,
// single-tensor path) orders them. Scalars that depend only on the step count
// (bias corrections) are computed by the host in f64 and passed in.
import { ldf, stf } from '../common/ptr';

// SGD. first != 0 on the first step with momentum: buf = g (no dampening then).
export function f32_sgd_step_ref(p: usize, g: usize, buf: usize, n: i32, lr: f32, momentum: f32, dampening: f32, nesterov: i32, weightDecay: f32, first: i32): void {
  for (let i = 0; i < n; i++) {
    const pi = ldf(p, i);
    let d = ldf(g, i);
    if (weightDecay != 0) d += weightDecay * pi;
    if (momentum != 0) {
      let b: f32 = first ? d : momentum * ldf(buf, i) + (1 - dampening) * d;
      stf(buf, i, b);
      d = nesterov ? d + momentum * b : b;
    }
    stf(p, i, pi - lr * d);
  }
}

// Adam / AdamW. stepSize = lr / bc1, bc2Sqrt = sqrt(1 - beta2^t).
// decoupledDecay = lr * weight_decay for AdamW (p *= 1 - decoupledDecay first), 0 for Adam;
// l2 = weight_decay for Adam (g += l2 * p), 0 for AdamW.
export function f32_adam_step_ref(p: usize, g: usize, m: usize, v: usize, n: i32, stepSize: f32, beta1: f32, beta2: f32, eps: f32, bc2Sqrt: f32, l2: f32, decoupledDecay: f32): void {
  for (let i = 0; i < n; i++) {
    let pi = ldf(p, i);
    let gi = ldf(g, i);
    if (decoupledDecay != 0) pi = pi * (1 - decoupledDecay);
    if (l2 != 0) gi += l2 * pi;
    const mi = beta1 * ldf(m, i) + (1 - beta1) * gi;
    const vi = beta2 * ldf(v, i) + (1 - beta2) * gi * gi;
    stf(m, i, mi);
    stf(v, i, vi);
    const denom = Mathf.sqrt(vi) / bc2Sqrt + eps;
    stf(p, i, pi - stepSize * (mi / denom));
  }
}

// RMSprop (torch.optim.RMSprop): sq = alpha*sq + (1-alpha) g²; centered subtracts gavg²;
// momentum > 0 keeps buf = momentum*buf + g/avg and steps by buf.
export function f32_rmsprop_step_ref(p: usize, g: usize, sq: usize, buf: usize, gavg: usize, n: i32, lr: f32, alpha: f32, eps: f32, weightDecay: f32, momentum: f32, centered: i32): void {
  for (let i = 0; i < n; i++) {
    const pi = ldf(p, i);
    let gi = ldf(g, i);
    if (weightDecay != 0) gi += weightDecay * pi;
    const s = alpha * ldf(sq, i) + (1 - alpha) * gi * gi;
    stf(sq, i, s);
    let avg: f32;
    if (centered) {
      const ga = alpha * ldf(gavg, i) + (1 - alpha) * gi;
      stf(gavg, i, ga);
      avg = Mathf.sqrt(s - ga * ga) + eps;
    } else {
      avg = Mathf.sqrt(s) + eps;
    }
    if (momentum > 0) {
      const b = momentum * ldf(buf, i) + gi / avg;
      stf(buf, i, b);
      stf(p, i, pi - lr * b);
    } else {
      stf(p, i, pi - lr * (gi / avg));
    }
  }
}

// ------------------------------------------------------------ dispatch
// Same f32 operations in the same order as the _ref (mul and add never fused, sqrt and div
// are exact IEEE ops), so the SIMD step is bit-identical to it; the tail calls the _ref.
// Hyperparameter branches are loop-invariant, resolved once per call.

export function f32_sgd_step(p: usize, g: usize, buf: usize, n: i32, lr: f32, momentum: f32, dampening: f32, nesterov: i32, weightDecay: f32, first: i32): void {
  if (ASC_FEATURE_SIMD) {
    const vlr = f32x4.splat(lr), vmu = f32x4.splat(momentum), vdamp = f32x4.splat(1 - dampening);
    const vwd = f32x4.splat(weightDecay);
    const wd = weightDecay != 0, mom = momentum != 0;
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      const pi = v128.load(p + o);
      let d = v128.load(g + o);
      if (wd) d = f32x4.add(d, f32x4.mul(vwd, pi));
      if (mom) {
        const b = first ? d : f32x4.add(f32x4.mul(vmu, v128.load(buf + o)), f32x4.mul(vdamp, d));
        v128.store(buf + o, b);
        d = nesterov ? f32x4.add(d, f32x4.mul(vmu, b)) : b;
      }
      v128.store(p + o, f32x4.sub(pi, f32x4.mul(vlr, d)));
    }
    const o = <usize>i << 2;
    f32_sgd_step_ref(p + o, g + o, buf + o, n - i, lr, momentum, dampening, nesterov, weightDecay, first);
  } else {
    f32_sgd_step_ref(p, g, buf, n, lr, momentum, dampening, nesterov, weightDecay, first);
  }
}

export function f32_adam_step(p: usize, g: usize, m: usize, v: usize, n: i32, stepSize: f32, beta1: f32, beta2: f32, eps: f32, bc2Sqrt: f32, l2: f32, decoupledDecay: f32): void {
  if (ASC_FEATURE_SIMD) {
    const vb1 = f32x4.splat(beta1), vc1 = f32x4.splat(1 - beta1);
    const vb2 = f32x4.splat(beta2), vc2 = f32x4.splat(1 - beta2);
    const veps = f32x4.splat(eps), vbc2 = f32x4.splat(bc2Sqrt), vstep = f32x4.splat(stepSize);
    const vl2 = f32x4.splat(l2), vkeep = f32x4.splat(1 - decoupledDecay);
    const hasL2 = l2 != 0, hasDecay = decoupledDecay != 0;
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      let pi = v128.load(p + o);
      let gi = v128.load(g + o);
      if (hasDecay) pi = f32x4.mul(pi, vkeep);
      if (hasL2) gi = f32x4.add(gi, f32x4.mul(vl2, pi));
      const mi = f32x4.add(f32x4.mul(vb1, v128.load(m + o)), f32x4.mul(vc1, gi));
      // (1 - beta2) * g * g, left to right as in the _ref
      const vi = f32x4.add(f32x4.mul(vb2, v128.load(v + o)), f32x4.mul(f32x4.mul(vc2, gi), gi));
      v128.store(m + o, mi);
      v128.store(v + o, vi);
      const denom = f32x4.add(f32x4.div(f32x4.sqrt(vi), vbc2), veps);
      v128.store(p + o, f32x4.sub(pi, f32x4.mul(vstep, f32x4.div(mi, denom))));
    }
    const o = <usize>i << 2;
    f32_adam_step_ref(p + o, g + o, m + o, v + o, n - i, stepSize, beta1, beta2, eps, bc2Sqrt, l2, decoupledDecay);
  } else {
    f32_adam_step_ref(p, g, m, v, n, stepSize, beta1, beta2, eps, bc2Sqrt, l2, decoupledDecay);
  }
}

export function f32_rmsprop_step(p: usize, g: usize, sq: usize, buf: usize, gavg: usize, n: i32, lr: f32, alpha: f32, eps: f32, weightDecay: f32, momentum: f32, centered: i32): void {
  if (ASC_FEATURE_SIMD) {
    const va = f32x4.splat(alpha), vc = f32x4.splat(1 - alpha), veps = f32x4.splat(eps);
    const vlr = f32x4.splat(lr), vwd = f32x4.splat(weightDecay), vmu = f32x4.splat(momentum);
    const wd = weightDecay != 0, mom = momentum > 0;
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      const pi = v128.load(p + o);
      let gi = v128.load(g + o);
      if (wd) gi = f32x4.add(gi, f32x4.mul(vwd, pi));
      const s = f32x4.add(f32x4.mul(va, v128.load(sq + o)), f32x4.mul(f32x4.mul(vc, gi), gi));
      v128.store(sq + o, s);
      let avg: v128;
      if (centered) {
        const ga = f32x4.add(f32x4.mul(va, v128.load(gavg + o)), f32x4.mul(vc, gi));
        v128.store(gavg + o, ga);
        avg = f32x4.add(f32x4.sqrt(f32x4.sub(s, f32x4.mul(ga, ga))), veps);
      } else {
        avg = f32x4.add(f32x4.sqrt(s), veps);
      }
      if (mom) {
        const b = f32x4.add(f32x4.mul(vmu, v128.load(buf + o)), f32x4.div(gi, avg));
        v128.store(buf + o, b);
        v128.store(p + o, f32x4.sub(pi, f32x4.mul(vlr, b)));
      } else {
        v128.store(p + o, f32x4.sub(pi, f32x4.mul(vlr, f32x4.div(gi, avg))));
      }
    }
    const o = <usize>i << 2;
    f32_rmsprop_step_ref(p + o, g + o, sq + o, buf + o, gavg + o, n - i, lr, alpha, eps, weightDecay, momentum, centered);
  } else {
    f32_rmsprop_step_ref(p, g, sq, buf, gavg, n, lr, alpha, eps, weightDecay, momentum, centered);
  }
}
