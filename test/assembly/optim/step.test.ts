// Optimizer kernels: 3 steps vs a float64 torch.optim model, dispatch == `_ref` bitwise, and PyTorch golden 12.
import { beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ISAS, get, put, randomArray, runtimeFor } from '../../helpers.js';
import type { Runtime } from '../../../src/index.js';

const golden = JSON.parse(readFileSync(new URL('../../../../shared/golden/12_optim_adam_sgd.json', import.meta.url), 'utf8'));
const SIZES = [0, 1, 3, 4, 5, 7, 8, 15, 16, 17, 1023];

/** |a - b| <= tol * (1 + |b|) everywhere. */
function expectNear(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < b.length; i++) {
    if (!(Math.abs(a[i] - b[i]) <= tol * (1 + Math.abs(b[i])))) expect.fail(`${what}: element ${i} is ${a[i]}, expected ${b[i]}`);
  }
}

// float64 models of torch.optim 1.13 (single-tensor path), one step over arrays.
function sgd64(p: number[], g: ArrayLike<number>, buf: number[], o: { lr: number; mu: number; damp: number; nesterov: boolean; wd: number }, first: boolean): void {
  for (let i = 0; i < p.length; i++) {
    let d = g[i] + o.wd * p[i];
    if (o.mu !== 0) {
      buf[i] = first ? d : o.mu * buf[i] + (1 - o.damp) * d;
      d = o.nesterov ? d + o.mu * buf[i] : buf[i];
    }
    p[i] -= o.lr * d;
  }
}
function adam64(p: number[], g: ArrayLike<number>, m: number[], v: number[], t: number, o: { lr: number; b1: number; b2: number; eps: number; wd: number; decoupled: boolean }): void {
  const bc1 = 1 - o.b1 ** t, bc2 = 1 - o.b2 ** t;
  for (let i = 0; i < p.length; i++) {
    if (o.decoupled) p[i] *= 1 - o.lr * o.wd;
    const gi = o.decoupled ? g[i] : g[i] + o.wd * p[i];
    m[i] = o.b1 * m[i] + (1 - o.b1) * gi;
    v[i] = o.b2 * v[i] + (1 - o.b2) * gi * gi;
    p[i] -= (o.lr / bc1) * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + o.eps);
  }
}
function rmsprop64(p: number[], g: ArrayLike<number>, sq: number[], buf: number[], ga: number[], o: { lr: number; alpha: number; eps: number; wd: number; mu: number; centered: boolean }): void {
  for (let i = 0; i < p.length; i++) {
    const gi = g[i] + o.wd * p[i];
    sq[i] = o.alpha * sq[i] + (1 - o.alpha) * gi * gi;
    let avg: number;
    if (o.centered) {
      ga[i] = o.alpha * ga[i] + (1 - o.alpha) * gi;
      avg = Math.sqrt(sq[i] - ga[i] * ga[i]) + o.eps;
    } else avg = Math.sqrt(sq[i]) + o.eps;
    if (o.mu > 0) {
      buf[i] = o.mu * buf[i] + gi / avg;
      p[i] -= o.lr * buf[i];
    } else p[i] -= o.lr * gi / avg;
  }
}

for (const isa of ISAS) {
  describe(`optimizer steps (${isa})`, () => {
    let rt: Runtime;
    beforeEach(async () => {
      rt = await runtimeFor(isa);
      rt.resetStep();
    });

    // Gradients with mixed magnitudes and exact zeros, one set per step.
    const grads = (n: number, s: number) => randomArray(n, 1000 * s + n, 1).map((v, i) => (i % 5 === 0 ? 0 : v * 10 ** -(i % 4)));

    it('SGD (plain, momentum, dampening, nesterov, weight decay): 3 steps vs float64, SIMD == _ref', () => {
      const configs = [
        { lr: 0.1, mu: 0, damp: 0, nesterov: false, wd: 0 },
        { lr: 0.1, mu: 0.9, damp: 0, nesterov: false, wd: 0 },
        { lr: 0.05, mu: 0.8, damp: 0.3, nesterov: false, wd: 0.01 },
        { lr: 0.05, mu: 0.9, damp: 0, nesterov: true, wd: 0.02 },
      ];
      for (const o of configs) {
        for (const n of SIZES) {
          const p0 = randomArray(n, 7 + n);
          const p64 = Array.from(p0), buf64 = new Array(n).fill(0);
          const pa = put(rt, p0), pb = put(rt, p0), ba = put(rt, new Float32Array(n)), bb = put(rt, new Float32Array(n));
          for (let s = 1; s <= 3; s++) {
            const g = grads(n, s), pg = put(rt, g);
            rt.k.f32_sgd_step(pa, pg, ba, n, o.lr, o.mu, o.damp, o.nesterov ? 1 : 0, o.wd, s === 1 ? 1 : 0);
            rt.k.f32_sgd_step_ref(pb, pg, bb, n, o.lr, o.mu, o.damp, o.nesterov ? 1 : 0, o.wd, s === 1 ? 1 : 0);
            sgd64(p64, g, buf64, o, s === 1);
          }
          const what = `sgd ${JSON.stringify(o)} n=${n}`;
          expect(get(rt, pa, n), what).toEqual(get(rt, pb, n));
          expect(get(rt, ba, n), what).toEqual(get(rt, bb, n));
          expectNear(get(rt, pa, n), p64, 1e-6, what);
          if (o.mu) expectNear(get(rt, ba, n), buf64, 1e-6, `${what} buf`);
        }
      }
    });

    it('Adam and AdamW: 3 steps vs float64 (eps after the bias-corrected sqrt), SIMD == _ref', () => {
      const configs = [
        { lr: 0.01, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0, decoupled: false },
        { lr: 0.005, b1: 0.8, b2: 0.95, eps: 1e-3, wd: 0.1, decoupled: false },
        { lr: 0.01, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0.05, decoupled: true },
      ];
      for (const o of configs) {
        for (const n of SIZES) {
          const p0 = randomArray(n, 17 + n);
          const p64 = Array.from(p0), m64 = new Array(n).fill(0), v64 = new Array(n).fill(0);
          const pa = put(rt, p0), pb = put(rt, p0);
          const st = [0, 1, 2, 3].map(() => put(rt, new Float32Array(n))); // ma, va, mb, vb
          for (let t = 1; t <= 3; t++) {
            const g = grads(n, t), pg = put(rt, g);
            const stepSize = o.lr / (1 - o.b1 ** t), bc2Sqrt = Math.sqrt(1 - o.b2 ** t);
            const l2 = o.decoupled ? 0 : o.wd, dd = o.decoupled ? o.lr * o.wd : 0;
            rt.k.f32_adam_step(pa, pg, st[0], st[1], n, stepSize, o.b1, o.b2, o.eps, bc2Sqrt, l2, dd);
            rt.k.f32_adam_step_ref(pb, pg, st[2], st[3], n, stepSize, o.b1, o.b2, o.eps, bc2Sqrt, l2, dd);
            adam64(p64, g, m64, v64, t, o);
          }
          const what = `adam ${JSON.stringify(o)} n=${n}`;
          expect(get(rt, pa, n), what).toEqual(get(rt, pb, n));
          expect(get(rt, st[0], n)).toEqual(get(rt, st[2], n));
          expect(get(rt, st[1], n)).toEqual(get(rt, st[3], n));
          expectNear(get(rt, pa, n), p64, 1e-6, what);
          expectNear(get(rt, st[0], n), m64, 1e-6, `${what} m`);
          expectNear(get(rt, st[1], n), v64, 1e-6, `${what} v`);
        }
      }
    });

    it('RMSprop (plain, centered, momentum, weight decay): 3 steps vs float64, SIMD == _ref', () => {
      const configs = [
        { lr: 0.01, alpha: 0.99, eps: 1e-8, wd: 0, mu: 0, centered: false },
        { lr: 0.01, alpha: 0.9, eps: 1e-6, wd: 0.01, mu: 0.9, centered: true },
        { lr: 0.005, alpha: 0.95, eps: 1e-4, wd: 0, mu: 0.5, centered: false },
      ];
      for (const o of configs) {
        for (const n of SIZES) {
          const p0 = randomArray(n, 27 + n);
          const p64 = Array.from(p0), sq64 = new Array(n).fill(0), buf64 = new Array(n).fill(0), ga64 = new Array(n).fill(0);
          const pa = put(rt, p0), pb = put(rt, p0);
          const st = [0, 1, 2, 3, 4, 5].map(() => put(rt, new Float32Array(n)));
          for (let s = 1; s <= 3; s++) {
            const g = grads(n, s).map((v) => v + 1e-3), pg = put(rt, g); // keep centered sq - ga² away from 0
            rt.k.f32_rmsprop_step(pa, pg, st[0], st[1], st[2], n, o.lr, o.alpha, o.eps, o.wd, o.mu, o.centered ? 1 : 0);
            rt.k.f32_rmsprop_step_ref(pb, pg, st[3], st[4], st[5], n, o.lr, o.alpha, o.eps, o.wd, o.mu, o.centered ? 1 : 0);
            rmsprop64(p64, g, sq64, buf64, ga64, o);
          }
          const what = `rmsprop ${JSON.stringify(o)} n=${n}`;
          expect(get(rt, pa, n), what).toEqual(get(rt, pb, n));
          for (let j = 0; j < 3; j++) expect(get(rt, st[j], n)).toEqual(get(rt, st[j + 3], n));
          expectNear(get(rt, pa, n), p64, 2e-5, what);
          expectNear(get(rt, st[0], n), sq64, 1e-6, `${what} sq`);
        }
      }
    });

    it('matches PyTorch golden 12 (Adam, Adam eps 1e-3, SGD momentum) over 3 steps', () => {
      const names: string[] = golden.config.param_order;
      const flat = (o: Record<string, { data: number[] }>) => names.flatMap((k) => o[k].data);
      const p0 = flat(golden.params_initial);
      const n = p0.length;
      for (const [key, opt] of Object.entries<any>(golden.optimizers)) {
        const h = opt.hyperparameters;
        const p = put(rt, p0), s1 = put(rt, new Float32Array(n)), s2 = put(rt, new Float32Array(n));
        for (let t = 1; t <= 3; t++) {
          const g = put(rt, flat(golden.grads_per_step[t - 1]));
          if (opt.algorithm === 'adam') {
            const [b1, b2] = h.betas;
            rt.k.f32_adam_step(p, g, s1, s2, n, h.lr / (1 - b1 ** t), b1, b2, h.eps, Math.sqrt(1 - b2 ** t), h.weight_decay, 0);
          } else {
            rt.k.f32_sgd_step(p, g, s1, n, h.lr, h.momentum, h.dampening, h.nesterov ? 1 : 0, h.weight_decay, t === 1 ? 1 : 0);
          }
          const after = opt.after_step[t - 1];
          expectNear(get(rt, p, n), flat(after.params), 1e-4, `${key} step ${t} params`);
          if (opt.algorithm === 'adam') {
            expectNear(get(rt, s1, n), flat(after.state.exp_avg), 1e-4, `${key} step ${t} exp_avg`);
            expectNear(get(rt, s2, n), flat(after.state.exp_avg_sq), 1e-4, `${key} step ${t} exp_avg_sq`);
          } else {
            expectNear(get(rt, s1, n), flat(after.state.momentum_buffer), 1e-4, `${key} step ${t} momentum_buffer`);
          }
        }
      }
    });
  });
}
