// Keras recurrent layers the fused kernels do not cover, run exactly as Keras defines them: gates
// with hard_sigmoid (TensorFlow.js' default recurrent_activation), other activations, and GRU
// reset_after=false. One step at a time over differentiable ops (slower than the fused scan, but
// the same equations tfjs runs). Parameters use PyTorch names and layouts, as keras.ts produces.
// Shape legend: B batch, T time, F input features, H units, G gate rows (1, 4 or 3 times H).
import { fmtShape, ShapeError, ValueError } from '../errors.js';
import { add, concat, linear, mul, relu, reshape, scale, sigmoid, slice, sub, tanh } from '../autograd/index.js';
import { noGrad } from '../autograd/tape.js';
import { Module } from '../nn/module.js';
import { checkStreamState, moduleSignature, StreamState, type StepResult } from '../nn/recurrent/stream.js';
import { stateFromHost, stateToHost, zeroHostState, type RecurrentState } from '../nn/recurrent/state.js';
import { Tensor } from '../tensor/tensor.js';
import type { KerasActivation } from './keras.js';

export interface KerasRecurrentConfig {
  cell: 'rnn' | 'lstm' | 'gru';
  inputSize: number;
  units: number;
  activation: KerasActivation;
  recurrentActivation: KerasActivation;
  bias: boolean;
  resetAfter: boolean;
  bidirectional: boolean;
}

const GATES = { rnn: 1, lstm: 4, gru: 3 } as const;

function full(like: Tensor, v: number): Tensor {
  return Tensor.full(like.shape, v, { runtime: like.runtime });
}

/** Keras activations on tensors; hard_sigmoid = clip(0.2x + 0.5, 0, 1) as tfjs computes it. */
export function kerasActivation(x: Tensor, a: KerasActivation): Tensor {
  switch (a) {
    case 'linear': return x;
    case 'relu': return relu(x);
    case 'sigmoid': return sigmoid(x);
    case 'tanh': return tanh(x);
    case 'hard_sigmoid': {
      const y = add(scale(x, 0.2), full(x, 0.5));
      return sub(full(x, 1), relu(sub(full(x, 1), relu(y)))); // min(max(y, 0), 1)
    }
    case 'softmax': throw new ValueError('importKeras: softmax is not a recurrent activation');
  }
}

interface Dir { wIh: Tensor; wHh: Tensor; bIh: Tensor | null; bHh: Tensor | null }

/** A Keras SimpleRNN / LSTM / GRU (optionally both directions) with forward, initialState, step. */
export class KerasRecurrent extends Module {
  readonly config: KerasRecurrentConfig;
  private readonly dirs: Dir[] = [];

  constructor(config: KerasRecurrentConfig) {
    super();
    this.config = { ...config };
    const { cell, inputSize: F, units: H } = config;
    const G = GATES[cell] * H;
    for (let d = 0; d < (config.bidirectional ? 2 : 1); d++) {
      const s = `_l0${d ? '_reverse' : ''}`;
      const z = (n: number) => new Float32Array(n);
      this.dirs.push({
        wIh: this.createParameter(`weight_ih${s}`, [G, F], z(G * F)),
        wHh: this.createParameter(`weight_hh${s}`, [G, H], z(G * H)),
        bIh: config.bias ? this.createParameter(`bias_ih${s}`, [G], z(G)) : null,
        bHh: config.bias ? this.createParameter(`bias_hh${s}`, [G], z(G)) : null,
      });
    }
  }

  /** One step of direction d: xt = x·W_ihᵀ + b_ih at this step (B, G); returns the new h (and c). */
  private cellStep(p: Dir, xt: Tensor, h: Tensor, c: Tensor | null): RecurrentState & { c: Tensor | null } {
    const { cell, units: H, activation: act, recurrentActivation: ra, resetAfter } = this.config;
    const gate = (t: Tensor, k: number) => slice(t, 1, k * H, (k + 1) * H);
    if (cell === 'rnn') return { h: kerasActivation(add(xt, linear(h, p.wHh, p.bHh)), act), c: null };
    if (cell === 'lstm') {
      const g = add(xt, linear(h, p.wHh, p.bHh)); // (B, 4H) gates i, f, g, o
      const i = kerasActivation(gate(g, 0), ra), f = kerasActivation(gate(g, 1), ra);
      const cc = kerasActivation(gate(g, 2), act), o = kerasActivation(gate(g, 3), ra);
      const cn = add(mul(f, c!), mul(i, cc));
      return { h: mul(o, kerasActivation(cn, act)), c: cn };
    }
    // GRU, gates r, z, n.
    let r: Tensor, z: Tensor, n: Tensor;
    if (resetAfter) {
      const hp = linear(h, p.wHh, p.bHh);
      r = kerasActivation(add(gate(xt, 0), gate(hp, 0)), ra);
      z = kerasActivation(add(gate(xt, 1), gate(hp, 1)), ra);
      n = kerasActivation(add(gate(xt, 2), mul(r, gate(hp, 2))), act);
    } else {
      // Keras reset_after=False: the reset gate scales h before its product with U_h.
      const wRz = slice(p.wHh, 0, 0, 2 * H), wN = slice(p.wHh, 0, 2 * H, 3 * H);
      const hp = linear(h, wRz, p.bHh ? slice(p.bHh, 0, 0, 2 * H) : null);
      r = kerasActivation(add(gate(xt, 0), gate(hp, 0)), ra);
      z = kerasActivation(add(gate(xt, 1), gate(hp, 1)), ra);
      n = kerasActivation(add(gate(xt, 2), linear(mul(r, h), wN, p.bHh ? slice(p.bHh, 0, 2 * H, 3 * H) : null)), act);
    }
    return { h: add(mul(z, h), mul(sub(full(z, 1), z), n)), c: null }; // z·h + (1 - z)·n, as Keras
  }

  /** x (B, T, F) → output (B, T, D·H) (the reverse direction aligned to input time), h and c (D, B, H). */
  forward(x: Tensor): { output: Tensor; h: Tensor; c: Tensor | null } {
    const { inputSize: F, units: H, cell } = this.config;
    if (!(x instanceof Tensor) || x.shape.length !== 3 || x.shape[2] !== F) {
      throw new ShapeError(`KerasRecurrent.forward: x must be [B, T, ${F}], got ${x instanceof Tensor ? fmtShape(x.shape) : typeof x}`);
    }
    const [B, T] = x.shape;
    const outs: Tensor[] = [], hs: Tensor[] = [], cs: Tensor[] = [];
    this.dirs.forEach((p, d) => {
      const xp = linear(x, p.wIh, p.bIh); // (B, T, G) input products of every step at once
      let h = Tensor.zeros([B, H], { runtime: x.runtime });
      let c = cell === 'lstm' ? Tensor.zeros([B, H], { runtime: x.runtime }) : null;
      const seq: Tensor[] = new Array(T);
      for (let s = 0; s < T; s++) {
        const t = d ? T - 1 - s : s;
        ({ h, c } = this.cellStep(p, reshape(slice(xp, 1, t, t + 1), [B, xp.shape[2]]), h, c));
        seq[t] = reshape(h, [B, 1, H]);
      }
      outs.push(T === 1 ? seq[0] : concat(seq, 1));
      hs.push(reshape(h, [1, B, H]));
      if (c) cs.push(reshape(c, [1, B, H]));
    });
    const one = (ts: Tensor[], dim: number) => (ts.length === 1 ? ts[0] : concat(ts, dim));
    return { output: one(outs, 2), h: one(hs, 0), c: cs.length ? one(cs, 0) : null };
  }

  private signature(): string {
    const c = this.config;
    return moduleSignature('KerasRecurrent', this, `${c.cell}, ${c.activation}/${c.recurrentActivation}, resetAfter=${c.resetAfter}, `);
  }

  /** A zero streaming state: h (and c) (1, B, H). Unidirectional only. */
  initialState(B: number): StreamState {
    if (this.config.bidirectional) throw new ValueError('KerasRecurrent.initialState: a bidirectional layer cannot run frame by frame; use forward');
    if (!Number.isInteger(B) || B < 1) throw new ValueError(`KerasRecurrent.initialState: B must be a positive integer, got ${B}`);
    return new StreamState(this.signature(), B, zeroHostState([1, B, this.config.units], this.config.cell === 'lstm'));
  }

  /** One frame x (B, F) → output (B, H) and the next state. */
  step(x: Tensor, state?: StreamState | null): StepResult {
    const { inputSize: F, units: H, cell } = this.config;
    if (!(x instanceof Tensor) || x.shape.length !== 2 || x.shape[1] !== F) {
      throw new ShapeError(`KerasRecurrent.step: x must be [B, ${F}] (one frame), got ${x instanceof Tensor ? fmtShape(x.shape) : typeof x}`);
    }
    const B = x.shape[0];
    const s = state == null ? this.initialState(B) : state;
    if (this.config.bidirectional) this.initialState(B); // throws the bidirectional error
    const want: Record<string, number[]> = cell === 'lstm' ? { h: [1, B, H], c: [1, B, H] } : { h: [1, B, H] };
    checkStreamState('KerasRecurrent.step', s, this.signature(), B, want);
    return noGrad(() => {
      const rt = x.runtime;
      const p = this.dirs[0];
      const { h: h0, c: c0 } = stateFromHost(s.tensors, [B, H], rt, cell === 'lstm');
      const r = this.cellStep(p, linear(x, p.wIh, p.bIh), h0, c0);
      const next = stateToHost(r, [1, B, H]);
      return { output: r.h, state: new StreamState(s.signature, B, next) };
    });
  }
}
