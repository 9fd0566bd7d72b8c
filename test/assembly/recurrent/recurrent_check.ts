// Shared checks of the fused recurrent gate kernels: each dispatch kernel against its `_ref` twin
// (every build), and each backward against central finite differences of a float64 model of the
// forward. Used by lstm/gru/rnn_cell.test.ts.
import { expect } from 'vitest';
import type { Runtime } from '../../../src/index.js';
import { randomArray, worstRelErr } from '../../helpers.js';

export type Bufs = Record<string, Float64Array | Float32Array>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type KernelFn = (...args: number[]) => void;

/** A kernel argument: a buffer name ('lens' = the lengths, '0' = null), [name, element offset], or a number. */
export type Arg = string | number | [string, number];

/** Puts named f32 buffers in the step arena, calls kernel `name` with args (names → offsets), reads all back. */
export function call(rt: Runtime, name: string, bufs: Bufs, args: Arg[], lens: Int32Array | null): Record<string, Float32Array> {
  const ptr: Record<string, number> = {};
  for (const [k, v] of Object.entries(bufs)) {
    ptr[k] = rt.step.alloc(v.length * 4);
    rt.f32(ptr[k], v.length).set(v);
  }
  let lp = 0;
  if (lens) {
    lp = rt.step.alloc(lens.length * 4);
    rt.i32(lp, lens.length).set(lens);
  }
  const fn = (rt.k as unknown as Record<string, KernelFn>)[name];
  fn(...args.map((a) => (Array.isArray(a) ? ptr[a[0]] + a[1] * 4 : a === 'lens' ? lp : typeof a === 'string' ? (a === '0' ? 0 : ptr[a]) : a)));
  const out: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(bufs)) out[k] = rt.f32(ptr[k], v.length).slice();
  return out;
}

/** Kernel `name` and `name_ref` on the same inputs agree to tol (relative to 1 + |ref|). */
export function expectMatchesRef(rt: Runtime, name: string, bufs: Bufs, args: Arg[], lens: Int32Array | null, tol: number): Record<string, Float32Array> {
  const got = call(rt, name, bufs, args, lens);
  const ref = call(rt, `${name}_ref`, bufs, args, lens);
  for (const k of Object.keys(bufs)) {
    const { err, index } = worstRelErr(got[k], ref[k]);
    expect(err, `${name} ${k}[${index}]`).toBeLessThanOrEqual(tol);
  }
  return got;
}

export const rand = (n: number, seed: number, scale = 1): Float32Array => randomArray(n, seed, scale);

/** Central differences of f (float64) with respect to every element of x. */
export function numericGrad(f: () => number, x: Float64Array, eps = 1e-6): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    x[i] = v + eps;
    const a = f();
    x[i] = v - eps;
    const b = f();
    x[i] = v;
    g[i] = (a - b) / (2 * eps);
  }
  return g;
}

export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what: string): void {
  const { err, index } = worstRelErr(got, want);
  expect(err, `${what}[${index}]`).toBeLessThanOrEqual(tol);
}

export const sig = (x: number): number => 1 / (1 + Math.exp(-x));
/** The gate activation of the LSTM/GRU kernels: σ, or hard_sigmoid clip(0.2x + 0.5, 0, 1) when hard. */
export const gateFn = (hard: number) => (hard ? (x: number): number => Math.min(Math.max(0.2 * x + 0.5, 0), 1) : sig);
export const f64 = (a: ArrayLike<number>): Float64Array => Float64Array.from(a);
