// Optimizer updates over a flat run of n parameters, written as torch.optim (1.13,
// single-tensor path) orders them. Scalars that depend only on the step count
// (bias corrections) are computed by the host in f64 and passed in.
import { ldf, stf } from './util';

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

export function f32_sgd_step(p: usize, g: usize, buf: usize, n: i32, lr: f32, momentum: f32, dampening: f32, nesterov: i32, weightDecay: f32, first: i32): void { f32_sgd_step_ref(p, g, buf, n, lr, momentum, dampening, nesterov, weightDecay, first); }
export function f32_adam_step(p: usize, g: usize, m: usize, v: usize, n: i32, stepSize: f32, beta1: f32, beta2: f32, eps: f32, bc2Sqrt: f32, l2: f32, decoupledDecay: f32): void { f32_adam_step_ref(p, g, m, v, n, stepSize, beta1, beta2, eps, bc2Sqrt, l2, decoupledDecay); }
export function f32_rmsprop_step(p: usize, g: usize, sq: usize, buf: usize, gavg: usize, n: i32, lr: f32, alpha: f32, eps: f32, weightDecay: f32, momentum: f32, centered: i32): void { f32_rmsprop_step_ref(p, g, sq, buf, gavg, n, lr, alpha, eps, weightDecay, momentum, centered); }
