// The general ONNX LSTM/GRU/RNN: every activation with its alpha/beta, clip, input_forget,
// peepholes with any gate function. Used only where the fused kernels cannot compute the
// attributes. The products (X·Wᵀ for all steps at once, H·Rᵀ per step) run on the GEMM kernel;
// the gate functions run in a loop over the (B, G) gate rows of each step, in ONNX's equations
// and gate order (LSTM i,o,f,c; GRU z,r,h) — see the ONNX operator specs.
import { gemm } from '../autograd/kern.js';
import type { Tensor } from '../tensor/tensor.js';
import { dev, newTensor, read, runtime, type Ctx, type Val } from './values.js';
export type RecKind = 'LSTM' | 'GRU' | 'RNN';
export interface Act { f: string; alpha: number; beta: number }

/** A recurrent node's attributes, checked (ops_recurrent.ts reads them). */
export interface RecAttrs {
  kind: RecKind;
  D: number;
  reverseOnly: boolean;
  H: number | null;
  layout: number;
  acts: Act[]; // per direction: 3 (LSTM), 2 (GRU), 1 (RNN)
  clip: number | null;
  inputForget: boolean;
  linearBeforeReset: boolean;
}

export function activate(a: Act, x: number): number {
  switch (a.f) {
    case 'relu': return x > 0 ? x : 0;
    case 'tanh': return Math.tanh(x);
    case 'sigmoid': return 1 / (1 + Math.exp(-x));
    case 'affine': return a.alpha * x + a.beta;
    case 'leakyrelu': return x >= 0 ? x : a.alpha * x;
    case 'thresholdedrelu': return x > a.alpha ? x : 0;
    case 'scaledtanh': return a.alpha * Math.tanh(a.beta * x);
    case 'hardsigmoid': return Math.min(Math.max(a.alpha * x + a.beta, 0), 1);
    case 'elu': return x >= 0 ? x : a.alpha * (Math.exp(x) - 1);
    case 'softsign': return x / (1 + Math.abs(x));
    case 'softplus': return Math.log1p(Math.exp(x));
    default: throw new Error(`unreachable activation ${a.f}`);
  }
}

interface Inputs { x: Val; w: Val; r: Val; b: Val | null; p: Val | null; h0: Val | null; c0: Val | null }
interface Dims { T: number; B: number; I: number; H: number; D: number }

export function runGeneral(c: Ctx, ra: RecAttrs, v: Inputs, dims: Dims, lens: Int32Array | null): { y: Tensor; yh: Tensor; yc: Tensor | null } {
  const { T, B, I, H, D } = dims;
  const kind = ra.kind;
  const nG = kind === 'LSTM' ? 4 : kind === 'GRU' ? 3 : 1;
  const G = nG * H;
  const rt = runtime(c);
  const l0 = ra.layout === 0;
  const y = newTensor(c, l0 ? [T, D, B, H] : [B, T, D, H]);
  const yh = newTensor(c, l0 ? [D, B, H] : [B, D, H]);
  const yc = kind === 'LSTM' ? newTensor(c, l0 ? [D, B, H] : [B, D, H]) : null;
  const xp = newTensor(c, [T * B, G]); // X·Wᵀ rows in X's row order
  const hr = newTensor(c, [B, G]); // H·Rᵀ of this step
  const hcur = newTensor(c, [B, H]);
  const rh = newTensor(c, [B, H]); // GRU: r ⊙ h
  const hn = newTensor(c, [B, H]); // GRU: (r ⊙ h)·Rhᵀ
  rt.k.f32_fill(y.ptr, y.size, 0);
  const px = dev(c, v.x).ptr, pw = dev(c, v.w).ptr, pr = dev(c, v.r).ptr;
  const bias = v.b ? Float32Array.from(read(c, v.b)) : new Float32Array(D * 2 * G);
  const peep = v.p ? Float32Array.from(read(c, v.p)) : null;
  const h0 = v.h0 ? Float32Array.from(read(c, v.h0)) : null;
  const c0 = v.c0 ? Float32Array.from(read(c, v.c0)) : null;
  const per = kind === 'LSTM' ? 3 : kind === 'GRU' ? 2 : 1;
  const clip = ra.clip;
  const cl = (x: number): number => (clip === null ? x : Math.min(Math.max(x, -clip), clip));
  const stateAt = (d: number, b: number): number => (l0 ? (d * B + b) * H : (b * D + d) * H);
  const gates = new Float32Array(G);
  for (let d = 0; d < D; d++) {
    const reverse = ra.reverseOnly || d === 1;
    const [f, g, hAct] = [ra.acts[d * per], ra.acts[d * per + 1], ra.acts[d * per + 2]];
    const wb = bias.subarray(d * 2 * G, d * 2 * G + G), rb = bias.subarray(d * 2 * G + G, (d + 1) * 2 * G);
    gemm(rt, T * B, G, I, px, I, false, pw + d * G * I * 4, I, true, xp.ptr, G, false);
    const cst = new Float32Array(B * H);
    {
      const hv = rt.f32(hcur.ptr, B * H);
      for (let b = 0; b < B; b++) {
        for (let j = 0; j < H; j++) {
          hv[b * H + j] = h0 ? h0[stateAt(d, b) + j] : 0;
          cst[b * H + j] = c0 ? c0[stateAt(d, b) + j] : 0;
        }
      }
    }
    const Rd = pr + d * G * H * 4;
    const gruRb = kind === 'GRU' && !ra.linearBeforeReset;
    for (let s = 0; s < T; s++) {
      gemm(rt, B, gruRb ? 2 * H : G, H, hcur.ptr, H, false, Rd, H, true, hr.ptr, G, false);
      if (gruRb) {
        // r ⊙ h first, then its product with Rh
        const xv = rt.f32(xp.ptr, T * B * G), hrv = rt.f32(hr.ptr, B * G), hv = rt.f32(hcur.ptr, B * H), rhv = rt.f32(rh.ptr, B * H);
        for (let b = 0; b < B; b++) {
          const L = lens ? lens[b] : T;
          if (s >= L) continue;
          const t = reverse ? L - 1 - s : s;
          const row = (l0 ? t * B + b : b * T + t) * G;
          for (let j = 0; j < H; j++) {
            const rg = activate(f, cl(xv[row + H + j] + wb[H + j] + hrv[b * G + H + j] + rb[H + j]));
            rhv[b * H + j] = rg * hv[b * H + j];
          }
        }
        gemm(rt, B, H, H, rh.ptr, H, false, Rd + 2 * H * H * 4, H, true, hn.ptr, H, false);
      }
      const xv = rt.f32(xp.ptr, T * B * G), hrv = rt.f32(hr.ptr, B * G), hv = rt.f32(hcur.ptr, B * H), hnv = rt.f32(hn.ptr, B * H);
      const yv = rt.f32(y.ptr, y.size);
      for (let b = 0; b < B; b++) {
        const L = lens ? lens[b] : T;
        if (s >= L) continue;
        const t = reverse ? L - 1 - s : s;
        const row = (l0 ? t * B + b : b * T + t) * G;
        for (let k = 0; k < G; k++) gates[k] = xv[row + k] + wb[k] + (gruRb && k >= 2 * H ? 0 : hrv[b * G + k] + rb[k]);
        const yo = l0 ? ((t * D + d) * B + b) * H : ((b * T + t) * D + d) * H;
        for (let j = 0; j < H; j++) {
          const hp = hv[b * H + j];
          let hNew: number;
          if (kind === 'LSTM') {
            const cp = cst[b * H + j];
            const pi = peep ? peep[d * 3 * H + j] : 0, po = peep ? peep[d * 3 * H + H + j] : 0, pf = peep ? peep[d * 3 * H + 2 * H + j] : 0;
            const ig = activate(f, cl(gates[j] + pi * cp));
            const fg = ra.inputForget ? 1 - ig : activate(f, cl(gates[2 * H + j] + pf * cp));
            const cc = activate(g, cl(gates[3 * H + j]));
            const cn = fg * cp + ig * cc;
            const og = activate(f, cl(gates[H + j] + po * cn));
            cst[b * H + j] = cn;
            hNew = og * activate(hAct, cn);
          } else if (kind === 'GRU') {
            const z = activate(f, cl(gates[j]));
            let hh: number;
            if (gruRb) hh = activate(g, cl(gates[2 * H + j] + hnv[b * H + j] + rb[2 * H + j]));
            else {
              const rg = activate(f, cl(gates[H + j]));
              hh = activate(g, cl(xv[row + 2 * H + j] + wb[2 * H + j] + rg * (hrv[b * G + 2 * H + j] + rb[2 * H + j])));
            }
            hNew = (1 - z) * hh + z * hp;
          } else {
            hNew = activate(f, cl(gates[j]));
          }
          hv[b * H + j] = hNew;
          yv[yo + j] = hNew;
        }
      }
    }
    const hv = rt.f32(hcur.ptr, B * H), yhv = rt.f32(yh.ptr, yh.size);
    const ycv = yc ? rt.f32(yc.ptr, yc.size) : null;
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < H; j++) {
        yhv[stateAt(d, b) + j] = hv[b * H + j];
        if (ycv) ycv[stateAt(d, b) + j] = cst[b * H + j];
      }
    }
  }
  return { y, yh, yc };
}
