// nn.GRU({ resetAfter: false }) (Keras reset-before form) against a float64 reference in JS:
// outputs, final state and every gradient (central differences of the float64 model), with
// lengths and h0, in every build.
import { describe, expect, it } from 'vitest';
import { mul, nn, Rng, setRuntime, sum, Tensor, add } from '../../src/index.js';
import { ISAS, randomArray, runtimeFor, worstRelErr } from '../helpers.js';

const [B, T, I, H] = [2, 4, 3, 5];
const lens = [4, 2];
const sig = (x: number) => 1 / (1 + Math.exp(-x));

type P = Record<string, Float64Array>;
// float64 reset-before GRU over batch-first x; returns loss = Σ out⊙R + Σ h_n⊙Rh.
function refLoss(p: P, x: Float64Array, h0: Float64Array, R: Float32Array, Rh: Float32Array, outs?: { out: number[]; h: number[] }): number {
  let L = 0;
  for (let b = 0; b < B; b++) {
    let h = Array.from(h0.slice(b * H, (b + 1) * H));
    for (let t = 0; t < lens[b]; t++) {
      const xt = x.slice((b * T + t) * I, (b * T + t + 1) * I);
      const gx = (row: number) => { let s = p.bias_ih[row]; for (let i = 0; i < I; i++) s += p.weight_ih[row * I + i] * xt[i]; return s; };
      const ghv = (row: number, v: number[]) => { let s = p.bias_hh[row]; for (let k = 0; k < H; k++) s += p.weight_hh[row * H + k] * v[k]; return s; };
      const r = h.map((_, j) => sig(gx(j) + ghv(j, h)));
      const z = h.map((_, j) => sig(gx(H + j) + ghv(H + j, h)));
      const rh = h.map((v, j) => r[j] * v);
      const n = h.map((_, j) => Math.tanh(gx(2 * H + j) + ghv(2 * H + j, rh)));
      h = h.map((v, j) => (1 - z[j]) * n[j] + z[j] * v);
      for (let j = 0; j < H; j++) L += R[(b * T + t) * H + j] * h[j];
      if (outs) h.forEach((v, j) => (outs.out[(b * T + t) * H + j] = v));
    }
    for (let j = 0; j < H; j++) L += Rh[b * H + j] * h[j];
    if (outs) h.forEach((v, j) => (outs.h[b * H + j] = v));
  }
  return L;
}

function fd(f: () => number, x: Float64Array): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    x[i] = v + 1e-6; const a = f();
    x[i] = v - 1e-6; const c = f();
    x[i] = v;
    g[i] = (a - c) / 2e-6;
  }
  return g;
}

describe.each(ISAS)('GRU resetAfter: false (%s)', (isa) => {
  it('matches a float64 reference: outputs, h_n and every gradient', async () => {
    const rt = await runtimeFor(isa);
    setRuntime(rt);
    rt.resetStep();
    const m = new nn.GRU({ inputSize: I, hiddenSize: H, resetAfter: false, rng: new Rng(5), runtime: rt });
    const xs = randomArray(B * T * I, 1), h0s = randomArray(B * H, 2), R = randomArray(B * T * H, 3), Rh = randomArray(B * H, 4);
    const x = Tensor.from(xs, [B, T, I], { runtime: rt, requiresGrad: true });
    const h0 = Tensor.from(h0s, [1, B, H], { runtime: rt, requiresGrad: true });
    const r = m.forward(x, { h0, lengths: lens });
    const loss = add(sum(mul(r.output, Tensor.from(R, [B, T, H], { runtime: rt }))), sum(mul(r.h, Tensor.from(Rh, [1, B, H], { runtime: rt }))));
    loss.backward();
    const p: P = {};
    for (const [n, t] of m.namedParameters()) p[n.replace('_l0', '')] = Float64Array.from(t.data());
    const X = Float64Array.from(xs), H0 = Float64Array.from(h0s);
    const outs = { out: new Array(B * T * H).fill(0), h: new Array(B * H).fill(0) };
    const L = refLoss(p, X, H0, R, Rh, outs);
    expect(worstRelErr(r.output.toArray(), outs.out).err).toBeLessThanOrEqual(1e-5);
    expect(worstRelErr(r.h.toArray(), outs.h).err).toBeLessThanOrEqual(1e-5);
    expect(Math.abs(loss.item() - L)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(L)));
    const f = () => refLoss(p, X, H0, R, Rh);
    expect(worstRelErr(x.grad!.toArray(), fd(f, X)).err).toBeLessThanOrEqual(1e-4);
    expect(worstRelErr(h0.grad!.toArray(), fd(f, H0)).err).toBeLessThanOrEqual(1e-4);
    for (const [n, t] of m.namedParameters()) {
      const { err, index } = worstRelErr(t.grad!.toArray(), fd(f, p[n.replace('_l0', '')]));
      expect(err, `${n}[${index}]`).toBeLessThanOrEqual(1e-4);
    }
  });
});
