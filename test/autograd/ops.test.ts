// Every differentiable op: wasm forward vs float64 reference, backward vs finite differences,
// and rerun determinism, on all three kernel builds.
import { describe, it } from 'vitest';
import { Tensor } from '../../src/index.js';
import * as ag from '../../src/autograd/index.js';
import { ISAS, runtimeFor } from '../helpers.js';
import { gradCheck, type GradCase } from './gradcheck.js';

const F = Float64Array;
/** out[r, o] = Σ_i x[r, i] w[o, i] (+ b[o]) */
function linRef(x: Float64Array, w: Float64Array, b: Float64Array | null, R: number, I: number, O: number): Float64Array {
  const y = new F(R * O);
  for (let r = 0; r < R; r++) for (let o = 0; o < O; o++) {
    let s = b ? b[o] : 0;
    for (let i = 0; i < I; i++) s += x[r * I + i] * w[o * I + i];
    y[r * O + o] = s;
  }
  return y;
}
function mmRef(a: Float64Array, b: Float64Array, batch: number, M: number, K: number, N: number, shared: boolean): Float64Array {
  const y = new F(batch * M * N);
  for (let t = 0; t < batch; t++) for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += a[(t * M + m) * K + k] * b[(shared ? 0 : t * K * N) + k * N + n];
    y[(t * M + m) * N + n] = s;
  }
  return y;
}
const map = (x: Float64Array, f: (v: number) => number): Float64Array => x.map(f);
function bcast(a: Float64Array, b: Float64Array, f: (u: number, v: number) => number): Float64Array {
  return a.map((v, i) => f(v, b[i % b.length]));
}
/** Reduces x viewed as (outer, d, inner) over d. */
function sumDim(x: Float64Array, outer: number, d: number, inner: number, alpha: number): Float64Array {
  const y = new F(outer * inner);
  for (let o = 0; o < outer; o++) for (let k = 0; k < d; k++) for (let i = 0; i < inner; i++) y[o * inner + i] += alpha * x[(o * d + k) * inner + i];
  return y;
}
function rowsApply(x: Float64Array, cols: number, f: (row: Float64Array) => Float64Array): Float64Array {
  const y = new F(x.length);
  for (let r = 0; r < x.length / cols; r++) y.set(f(x.subarray(r * cols, (r + 1) * cols)), r * cols);
  return y;
}
const softmaxRow = (row: Float64Array): Float64Array => {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
const logSoftmaxRow = (row: Float64Array): Float64Array => softmaxRow(row).map(Math.log);
/** Copies (outer, width) blocks: out[o, off + c] = x[o, c]. */
function concatRef(xs: Float64Array[], outer: number): Float64Array {
  const widths = xs.map((x) => x.length / outer);
  const total = widths.reduce((a, b) => a + b, 0);
  const y = new F(outer * total);
  let off = 0;
  xs.forEach((x, j) => {
    for (let o = 0; o < outer; o++) for (let c = 0; c < widths[j]; c++) y[o * total + off + c] = x[o * widths[j] + c];
    off += widths[j];
  });
  return y;
}
const ids = [3, 0, 3, 4, 1, 3];
const sig = (v: number): number => 1 / (1 + Math.exp(-v));
const awayFromZero = Float32Array.from({ length: 24 }, (_, i) => ((i * 7) % 24) / 10 - 1.15);

const cases: GradCase[] = [
  { name: 'linear+bias', inputs: [{ shape: [2, 3, 4] }, { shape: [5, 4] }, { shape: [5] }], ref: ([x, w, b]) => linRef(x, w, b, 6, 4, 5), run: ([x, w, b]) => ag.linear(x, w, b) },
  { name: 'linear', inputs: [{ shape: [3, 7] }, { shape: [2, 7] }], ref: ([x, w]) => linRef(x, w, null, 3, 7, 2), run: ([x, w]) => ag.linear(x, w) },
  { name: 'matmul 2-D', inputs: [{ shape: [3, 4] }, { shape: [4, 2] }], ref: ([a, b]) => mmRef(a, b, 1, 3, 4, 2, true), run: ([a, b]) => ag.matmul(a, b) },
  { name: 'matmul shared b', inputs: [{ shape: [2, 3, 4] }, { shape: [4, 5] }], ref: ([a, b]) => mmRef(a, b, 2, 3, 4, 5, true), run: ([a, b]) => ag.matmul(a, b) },
  { name: 'matmul batched', inputs: [{ shape: [2, 3, 4] }, { shape: [2, 4, 5] }], ref: ([a, b]) => mmRef(a, b, 2, 3, 4, 5, false), run: ([a, b]) => ag.matmul(a, b) },
  { name: 'add', inputs: [{ shape: [2, 3] }, { shape: [2, 3] }], ref: ([a, b]) => bcast(a, b, (u, v) => u + v), run: ([a, b]) => ag.add(a, b) },
  { name: 'add bias [4]', inputs: [{ shape: [2, 3, 4] }, { shape: [4] }], ref: ([a, b]) => bcast(a, b, (u, v) => u + v), run: ([a, b]) => ag.add(a, b) },
  { name: 'sub [3,4]', inputs: [{ shape: [2, 3, 4] }, { shape: [3, 4] }], ref: ([a, b]) => bcast(a, b, (u, v) => u - v), run: ([a, b]) => ag.sub(a, b) },
  { name: 'sub', inputs: [{ shape: [5] }, { shape: [5] }], ref: ([a, b]) => bcast(a, b, (u, v) => u - v), run: ([a, b]) => ag.sub(a, b) },
  { name: 'mul', inputs: [{ shape: [2, 5] }, { shape: [2, 5] }], ref: ([a, b]) => bcast(a, b, (u, v) => u * v), run: ([a, b]) => ag.mul(a, b) },
  { name: 'mul bias', inputs: [{ shape: [3, 5] }, { shape: [5] }], ref: ([a, b]) => bcast(a, b, (u, v) => u * v), run: ([a, b]) => ag.mul(a, b) },
  { name: 'scale', inputs: [{ shape: [7] }], ref: ([x]) => map(x, (v) => -2.5 * v), run: ([x]) => ag.scale(x, -2.5) },
  { name: 'sum all', inputs: [{ shape: [2, 3, 4] }], ref: ([x]) => sumDim(x, 1, 24, 1, 1), run: ([x]) => ag.sum(x) },
  { name: 'sum dim 1', inputs: [{ shape: [2, 3, 4] }], ref: ([x]) => sumDim(x, 2, 3, 4, 1), run: ([x]) => ag.sum(x, { dim: 1 }) },
  { name: 'sum dim 0', inputs: [{ shape: [2, 3, 4] }], ref: ([x]) => sumDim(x, 1, 2, 12, 1), run: ([x]) => ag.sum(x, { dim: 0 }) },
  { name: 'mean all', inputs: [{ shape: [3, 5] }], ref: ([x]) => sumDim(x, 1, 15, 1, 1 / 15), run: ([x]) => ag.mean(x) },
  { name: 'mean dim -1 keepDim', inputs: [{ shape: [3, 5] }], ref: ([x]) => sumDim(x, 3, 5, 1, 1 / 5), run: ([x]) => ag.mean(x, { dim: -1, keepDim: true }) },
  { name: 'reshape', inputs: [{ shape: [2, 3, 4] }], ref: ([x]) => map(x, (v) => v * v), run: ([x]) => ag.mul(ag.reshape(x, [6, -1]), ag.reshape(x, [6, 4])) },
  {
    name: 'transpose', inputs: [{ shape: [2, 3, 4] }],
    ref: ([x]) => { const y = new F(24); for (let b = 0; b < 2; b++) for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) y[b * 12 + c * 3 + r] = x[b * 12 + r * 4 + c]; return y; },
    run: ([x]) => ag.transpose(x),
  },
  { name: 'concat dim 1', inputs: [{ shape: [2, 3, 4] }, { shape: [2, 2, 4] }], ref: ([a, b]) => concatRef([a, b], 2), run: ([a, b]) => ag.concat([a, b], 1) },
  { name: 'concat dim -1', inputs: [{ shape: [3, 2] }, { shape: [3, 1] }, { shape: [3, 3] }], ref: (xs) => concatRef(xs, 3), run: (xs) => ag.concat(xs, -1) },
  { name: 'concat dim 0', inputs: [{ shape: [1, 3] }, { shape: [2, 3] }], ref: (xs) => concatRef(xs, 1), run: (xs) => ag.concat(xs, 0) },
  {
    name: 'slice dim 1', inputs: [{ shape: [2, 5, 3] }],
    ref: ([x]) => { const y = new F(2 * 2 * 3); for (let o = 0; o < 2; o++) for (let c = 0; c < 6; c++) y[o * 6 + c] = x[o * 15 + 3 + c]; return y; },
    run: ([x]) => ag.slice(x, 1, 1, 3),
  },
  {
    name: 'slice dim -1 negative', inputs: [{ shape: [3, 4] }],
    ref: ([x]) => { const y = new F(3); for (let o = 0; o < 3; o++) y[o] = x[o * 4 + 3]; return y; },
    run: ([x]) => ag.slice(x, -1, -1),
  },
  {
    name: 'gather (repeated ids)', inputs: [{ shape: [5, 3] }],
    ref: ([t]) => { const y = new F(ids.length * 3); ids.forEach((id, r) => y.set(t.subarray(id * 3, id * 3 + 3), r * 3)); return y; },
    run: ([t]) => ag.gather(t, Tensor.from(Int32Array.from(ids), [2, 3], { runtime: t.runtime })),
  },
  { name: 'tanh', inputs: [{ shape: [2, 5] }], ref: ([x]) => map(x, Math.tanh), run: ([x]) => ag.tanh(x) },
  { name: 'sigmoid', inputs: [{ shape: [2, 5] }], ref: ([x]) => map(x, sig), run: ([x]) => ag.sigmoid(x) },
  { name: 'relu', inputs: [{ shape: [24], data: awayFromZero }], ref: ([x]) => map(x, (v) => Math.max(v, 0)), run: ([x]) => ag.relu(x) },
  { name: 'softmax', inputs: [{ shape: [3, 5] }], ref: ([x]) => rowsApply(x, 5, softmaxRow), run: ([x]) => ag.softmax(x) },
  { name: 'logSoftmax', inputs: [{ shape: [2, 2, 4] }], ref: ([x]) => rowsApply(x, 4, logSoftmaxRow), run: ([x]) => ag.logSoftmax(x, 2) },
];

describe.each(ISAS)('ops on %s', (isa) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    gradCheck(await runtimeFor(isa), c);
  });
});
