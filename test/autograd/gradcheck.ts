// Gradient checking: an op's wasm forward against a float64 JS reference, and its backward
// against central finite differences of that reference, for loss = Σ out ⊙ R with random R.
import { expect } from 'vitest';
import { Tensor, type Runtime } from '../../src/index.js';
import { mul, sum } from '../../src/autograd/index.js';
import { randomArray, worstRelErr } from '../helpers.js';

export interface GradCase {
  name: string;
  /** Float inputs (all get requiresGrad); data defaults to random in [-1, 1). */
  inputs: { shape: number[]; data?: ArrayLike<number> }[];
  /** Float64 reference forward: flat inputs → flat output. */
  ref: (xs: Float64Array[]) => Float64Array;
  /** The op under test on wasm tensors. */
  run: (xs: Tensor[]) => Tensor;
  /** Output tolerance factor (default 2e-6, rel to 1 + |b|). */
  fwdTol?: number;
}

function lossRef(c: GradCase, xs: Float64Array[], R: Float32Array): number {
  const y = c.ref(xs);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] * R[i];
  return s;
}

function wasmGrads(rt: Runtime, c: GradCase, data: Float32Array[], R: Float32Array): { out: Float32Array; grads: Float32Array[] } {
  const xs = c.inputs.map((inp, i) => Tensor.from(data[i], inp.shape, { runtime: rt, requiresGrad: true }));
  const out = c.run(xs);
  const r = Tensor.from(R, out.shape, { runtime: rt });
  sum(mul(out, r)).backward();
  return { out: out.toArray() as Float32Array, grads: xs.map((x) => (x.grad ? (x.grad.toArray() as Float32Array) : new Float32Array(x.size))) };
}

/** Runs the three checks; returns the wasm gradients for further assertions. */
export function gradCheck(rt: Runtime, c: GradCase, seed = 1): Float32Array[] {
  const data = c.inputs.map((inp, i) => Float32Array.from(inp.data ?? randomArray(inp.shape.reduce((a, b) => a * b, 1), seed + 17 * i)));
  const x64 = data.map((d) => Float64Array.from(d));
  const y64 = c.ref(x64);
  const R = randomArray(y64.length, seed + 1000);
  const first = wasmGrads(rt, c, data, R);
  // 1. forward vs reference
  const fw = worstRelErr(first.out, y64);
  expect(fw.err, `${c.name}: forward worst at ${fw.index}`).toBeLessThanOrEqual(c.fwdTol ?? 2e-6);
  // 2. backward vs central differences of the float64 reference
  const h = 1e-6;
  x64.forEach((x, i) => {
    const fd = new Float64Array(x.length);
    for (let j = 0; j < x.length; j++) {
      const v = x[j];
      x[j] = v + h;
      const lp = lossRef(c, x64, R);
      x[j] = v - h;
      const lm = lossRef(c, x64, R);
      x[j] = v;
      fd[j] = (lp - lm) / (2 * h);
    }
    const e = worstRelErr(first.grads[i], fd);
    expect(e.err, `${c.name}: d/dinput${i} worst at ${e.index}: ${first.grads[i][e.index]} vs ${fd[e.index]}`).toBeLessThanOrEqual(1e-4);
  });
  // 3. a second forward/backward on a fresh tape gives bit-identical gradients
  rt.resetStep();
  const second = wasmGrads(rt, c, data, R);
  second.grads.forEach((g, i) => expect(Array.from(g), `${c.name}: rerun input${i}`).toEqual(Array.from(first.grads[i])));
  const grads = first.grads;
  rt.resetStep();
  return grads;
}
