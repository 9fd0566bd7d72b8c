// Loss kernels: cross-entropy and BCE-with-logits vs float64, `_ref`, and PyTorch (18_losses.json).
import { beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ISAS, get, put, randomArray, runtimeFor } from '../../helpers.js';
import type { Runtime } from '../../../src/index.js';

const golden = JSON.parse(readFileSync(new URL('../../../../shared/golden/18_losses.json', import.meta.url), 'utf8')).losses;
const SHAPES: [number, number][] = [[1, 1], [1, 3], [2, 4], [3, 5], [4, 7], [5, 8], [2, 15], [3, 16], [3, 17], [2, 1023]];
const SIZES = [0, 1, 3, 4, 5, 7, 8, 15, 16, 17, 1023];
const sigmoid64 = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const bce64 = (x: number, y: number) => Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));

function putI32(rt: Runtime, data: ArrayLike<number>): number {
  const p = rt.step.alloc(data.length * 4);
  rt.i32(p, data.length).set(data);
  return p;
}

/** The golden tolerance (README section 1). */
function expectGolden(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < b.length; i++) {
    if (!(Math.abs(a[i] - b[i]) <= 1e-4 * (1 + Math.abs(b[i])))) expect.fail(`${what}: element ${i} is ${a[i]}, expected ${b[i]}`);
  }
}

function ce64(z: ArrayLike<number>, cols: number, r: number, t: number): { loss: number; p: number[] } {
  let mx = -Infinity;
  for (let c = 0; c < cols; c++) mx = Math.max(mx, z[r * cols + c]);
  let s = 0;
  for (let c = 0; c < cols; c++) s += Math.exp(z[r * cols + c] - mx);
  const p = Array.from({ length: cols }, (_, c) => Math.exp(z[r * cols + c] - mx) / s);
  return { loss: Math.log(s) + mx - z[r * cols + t], p };
}

for (const isa of ISAS) {
  describe(`losses (${isa})`, () => {
    let rt: Runtime;
    beforeEach(async () => {
      rt = await runtimeFor(isa);
      rt.resetStep();
    });

    it('cross_entropy fwd/bwd match float64 and _ref, with ignore_index, dloss and scale', () => {
      for (const [rows, cols] of SHAPES) {
        const z = randomArray(rows * cols, rows * 13 + cols, 8);
        for (let c = 0; c < cols; c++) z[c] += 110; // a row of logits near +110..+118
        const targets = Array.from({ length: rows }, (_, r) => (r * 7 + 3) % cols);
        if (rows > 2) targets[1] = -100; // ignored row
        const pz = put(rt, z), pt = putI32(rt, targets), dl = randomArray(rows, 3 + rows);
        const pdl = put(rt, dl);
        const la = put(rt, new Float32Array(rows).fill(9)), lb = put(rt, new Float32Array(rows).fill(9));
        const counted = rt.k.f32_cross_entropy_fwd(la, pz, pt, rows, cols, -100);
        expect(rt.k.f32_cross_entropy_fwd_ref(lb, pz, pt, rows, cols, -100)).toBe(counted);
        expect(counted).toBe(targets.filter((t) => t !== -100).length);
        const ga = get(rt, la, rows), gb = get(rt, lb, rows);
        for (const dloss of [0, pdl]) {
          const d0 = randomArray(rows * cols, 77, 0.1);
          const da = put(rt, d0), db = put(rt, d0);
          rt.k.f32_cross_entropy_bwd(da, pz, pt, rows, cols, -100, dloss, 0.25);
          rt.k.f32_cross_entropy_bwd_ref(db, pz, pt, rows, cols, -100, dloss, 0.25);
          const gda = get(rt, da, rows * cols), gdb = get(rt, db, rows * cols);
          for (let r = 0; r < rows; r++) {
            const t = targets[r];
            const { loss, p } = t === -100 ? { loss: 0, p: [] as number[] } : ce64(z, cols, r, t);
            if (dloss === 0) {
              // log(s) + max - z[t] rounds at the scale of |z| (~118 here)
              expect(Math.abs(ga[r] - loss), `loss ${rows}x${cols} row ${r}`).toBeLessThanOrEqual(2e-5 + 1e-6 * loss);
              expect(Math.abs(gb[r] - loss)).toBeLessThanOrEqual(2e-5 + 1e-6 * loss);
            }
            const g = dloss ? dl[r] : 0.25;
            for (let c = 0; c < cols; c++) {
              const i = r * cols + c;
              const want = t === -100 ? d0[i] : d0[i] + g * (p[c] - (c === t ? 1 : 0));
              expect(Math.abs(gda[i] - want), `dlogits ${rows}x${cols} [${r},${c}]`).toBeLessThanOrEqual(3e-7 + 1e-6 * Math.abs(want) + 1e-6 * Math.abs(g * p[c] || 0));
              expect(Math.abs(gdb[i] - want)).toBeLessThanOrEqual(3e-7 + 1e-6 * Math.abs(want));
            }
          }
        }
      }
    });

    it('cross_entropy matches PyTorch (18_losses.json: mean, sum, grad with logits like 100 and -120)', () => {
      const ce = golden.cross_entropy;
      const [N, C] = ce.logits.shape as [number, number];
      const pz = put(rt, ce.logits.data), pt = putI32(rt, ce.targets.data), pl = put(rt, new Float32Array(N));
      expect(rt.k.f32_cross_entropy_fwd(pl, pz, pt, N, C, -100)).toBe(N);
      const l = get(rt, pl, N);
      const sum = l.reduce((a, b) => a + b, 0);
      expectGolden([sum / N, sum], [ce.value_mean, ce.value_sum], 'CE value');
      const pd = put(rt, new Float32Array(N * C));
      rt.k.f32_cross_entropy_bwd(pd, pz, pt, N, C, -100, 0, 1 / N);
      expectGolden(get(rt, pd, N * C), ce.grad_logits.data, 'CE grad');
    });

    it('bce_logits fwd/bwd match float64 and _ref on odd sizes, in place', () => {
      for (const n of SIZES) {
        const x = randomArray(n, 11 + n, 30), y = randomArray(n, 19 + n, 0.5).map((v) => v + 0.5);
        if (n >= 5) { x[0] = 0; x[1] = 120; x[2] = -120; x[3] = 40; x[4] = -40; }
        const px = put(rt, x), py = put(rt, y), dl = randomArray(n, 5);
        const la = put(rt, new Float32Array(n)), lb = put(rt, new Float32Array(n));
        rt.k.f32_bce_logits_fwd(la, px, py, n);
        rt.k.f32_bce_logits_fwd_ref(lb, px, py, n);
        const ga = get(rt, la, n), gb = get(rt, lb, n);
        for (let i = 0; i < n; i++) {
          const want = bce64(x[i], y[i]);
          expect(Math.abs(ga[i] - want), `bce(${x[i]}, ${y[i]}) = ${ga[i]} vs ${want}`).toBeLessThanOrEqual(2.4e-7 * (Math.abs(x[i]) + 1));
          expect(Math.abs(gb[i] - want)).toBeLessThanOrEqual(6e-8 * Math.abs(want) + 1e-45);
        }
        for (const dloss of [0, put(rt, dl)]) {
          const d0 = randomArray(n, 8 + n, 0.1);
          const da = put(rt, d0), db = put(rt, d0);
          rt.k.f32_bce_logits_bwd(da, px, py, n, dloss, -0.5);
          rt.k.f32_bce_logits_bwd_ref(db, px, py, n, dloss, -0.5);
          const gda = get(rt, da, n), gdb = get(rt, db, n);
          for (let i = 0; i < n; i++) {
            const g = dloss ? dl[i] : -0.5;
            const want = d0[i] + g * (sigmoid64(x[i]) - y[i]);
            expect(Math.abs(gda[i] - want), `dbce(${x[i]})`).toBeLessThanOrEqual(3e-7);
            expect(Math.abs(gdb[i] - want)).toBeLessThanOrEqual(2e-7);
          }
        }
        // the gradient at x = 0 is exactly g (0.5 - y)
        if (n >= 5) {
          const d = put(rt, new Float32Array(n));
          rt.k.f32_bce_logits_bwd(d, px, py, n, 0, 1);
          expect(get(rt, d, 1)[0]).toBe(Math.fround(0.5 - y[0]));
        }
        // in place: loss written over x
        const c = put(rt, x);
        rt.k.f32_bce_logits_fwd(c, c, py, n);
        expect(get(rt, c, n)).toEqual(ga);
      }
    });

    it('bce_logits matches PyTorch (18_losses.json: ±40, ±120, 0, soft targets)', () => {
      const b = golden.bce_with_logits;
      const n = b.logits.data.length;
      const px = put(rt, b.logits.data), py = put(rt, b.targets.data), pl = put(rt, new Float32Array(n));
      rt.k.f32_bce_logits_fwd(pl, px, py, n);
      const sum = get(rt, pl, n).reduce((a, v) => a + v, 0);
      expectGolden([sum / n, sum], [b.value_mean, b.value_sum], 'BCE value');
      const pd = put(rt, new Float32Array(n));
      rt.k.f32_bce_logits_bwd(pd, px, py, n, 0, 1 / n);
      expectGolden(get(rt, pd, n), b.grad_logits.data, 'BCE grad');
    });
  });
}
