// nn.RNN / nn.LSTM / nn.GRU and the cells: names, init, validation, layouts, lengths, cells vs
// sequence modules, dropout, the cell-state sequence, tape records, repeatable gradients.
import { describe, expect, it, beforeAll } from 'vitest';
import { add, mul, nn, Rng, setRuntime, ShapeError, StateError, sum, Tensor, ValueError, type Runtime } from '../../src/index.js';
import { tapeLength } from '../../src/autograd/tape.js';
import { randomArray, runtimeFor, worstRelErr } from '../helpers.js';

let rt: Runtime;
beforeAll(async () => {
  rt = await runtimeFor('relaxed');
  setRuntime(rt);
});

const T_ = (data: ArrayLike<number>, shape: number[], requiresGrad = false) => Tensor.from(data, shape, { runtime: rt, requiresGrad });
const rand = (shape: number[], seed: number, rg = false) => T_(randomArray(shape.reduce((a, b) => a * b, 1), seed), shape, rg);
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5) => expect(worstRelErr(a, b).err).toBeLessThanOrEqual(tol);
const dot = (a: Tensor, seed: number) => sum(mul(a, rand([...a.shape], seed)));

describe('recurrent modules', () => {
  it('use PyTorch parameter names, order and shapes; init is U(-1/sqrt(H), 1/sqrt(H)) and seeded', () => {
    const m = new nn.LSTM({ inputSize: 3, hiddenSize: 5, numLayers: 2, bidirectional: true, peephole: true, rng: new Rng(7) });
    const names = m.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`);
    const dir = (l: number, s: string, I: number) => [`weight_ih_l${l}${s}:20x${I}`, `weight_hh_l${l}${s}:20x5`, `bias_ih_l${l}${s}:20`, `bias_hh_l${l}${s}:20`,
      `peephole_i_l${l}${s}:5`, `peephole_f_l${l}${s}:5`, `peephole_o_l${l}${s}:5`];
    expect(names).toEqual([...dir(0, '', 3), ...dir(0, '_reverse', 3), ...dir(1, '', 10), ...dir(1, '_reverse', 10)]);
    const bound = 1 / Math.sqrt(5);
    for (const p of m.parameters()) for (const v of p.data()) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
    const m2 = new nn.LSTM({ inputSize: 3, hiddenSize: 5, numLayers: 2, bidirectional: true, peephole: true, rng: new Rng(7) });
    expect(Array.from(m2.parameters()[0].data())).toEqual(Array.from(m.parameters()[0].data()));
    expect(new nn.GRU({ inputSize: 2, hiddenSize: 3, bias: false }).namedParameters().map(([n]) => n)).toEqual(['weight_ih_l0', 'weight_hh_l0']);
  });

  it('forgetBias sets the sum b_if + b_hf (bias_ih = v, bias_hh = 0 on the forget rows)', () => {
    const m = new nn.LSTM({ inputSize: 2, hiddenSize: 3, forgetBias: 1 });
    const sd = m.stateDict();
    expect(Array.from(sd.bias_ih_l0.data().slice(3, 6))).toEqual([1, 1, 1]);
    expect(Array.from(sd.bias_hh_l0.data().slice(3, 6))).toEqual([0, 0, 0]);
  });

  it('validate inputs with typed errors naming argument, expected and actual', () => {
    const m = new nn.LSTM({ inputSize: 64, hiddenSize: 4, numLayers: 2 });
    expect(() => m.forward(rand([2, 5, 32], 1))).toThrow(new ShapeError('LSTM.forward: x must be [B, T, 64], got [2, 5, 32]'));
    const x = rand([2, 5, 64], 1);
    expect(() => m.forward(x, { h0: rand([1, 2, 4], 2) })).toThrow(new ShapeError('LSTM.forward: h0 must be [2, 2, 4], got [1, 2, 4]'));
    expect(() => m.forward(x, { c0: rand([2, 3, 4], 2) })).toThrow(ShapeError);
    for (const bad of [[0, 5], [-1, 5], [6, 5], [2.5, 5]]) {
      expect(() => m.forward(x, { lengths: bad })).toThrow(`LSTM.forward: lengths[0] must be an integer in [1, 5] (T = 5), got ${bad[0]}`);
    }
    expect(() => m.forward(x, { lengths: [5] })).toThrow(new ShapeError('LSTM.forward: lengths must have B = 2 entries, got 1'));
    expect(() => m.forward(x, { hx: null } as never)).toThrow(ValueError);
    expect(() => new nn.GRU({ inputSize: 3, hiddenSize: 4 }).forward(rand([1, 2, 3], 3), { c0: rand([1, 1, 4], 2) } as never)).toThrow(ValueError);
    expect(() => new nn.LSTM({ inputSize: 3, hiddenSize: 0 })).toThrow('LSTM: hiddenSize must be a positive integer, got 0');
    expect(() => new nn.RNN({ inputSize: 3, hiddenSize: 2, nonlinearity: 'sigmoid' as never })).toThrow(ValueError);
    expect(() => new nn.GRU({ inputSize: 3, hiddenSize: 2, hidden: 3 } as never)).toThrow("GRU: unknown option 'hidden'");
    expect(() => new nn.LSTM({ inputSize: 3, hiddenSize: 2, dropout: 1 })).toThrow(ValueError);
    const cell = new nn.LSTMCell({ inputSize: 3, hiddenSize: 2 });
    expect(() => cell.forward(rand([4, 2], 1))).toThrow(new ShapeError('LSTMCell.forward: x must be [B, 3], got [4, 2]'));
    expect(() => new nn.GRUCell({ inputSize: 3, hiddenSize: 2, gateActivation: 'relu' as never }))
      .toThrow(new ValueError(`GRUCell: gateActivation must be 'sigmoid' or 'hard_sigmoid', got "relu"`));
    expect(() => cell.forward(rand([4, 3], 1), { h: rand([4, 3], 2), c: rand([4, 2], 2) })).toThrow(ShapeError);
    rt.resetStep();
    expect(() => m.forward(x)).toThrow(StateError); // x's step arena was reset
  });

  it('time-major input gives the transposed batch-first result', () => {
    const bf = new nn.GRU({ inputSize: 3, hiddenSize: 5, bidirectional: true, rng: new Rng(3) });
    const tm = new nn.GRU({ inputSize: 3, hiddenSize: 5, bidirectional: true, batchFirst: false, rng: new Rng(3) });
    const [B, T] = [2, 4];
    const x = randomArray(B * T * 3, 9);
    const xt = new Float32Array(x.length);
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let i = 0; i < 3; i++) xt[(t * B + b) * 3 + i] = x[(b * T + t) * 3 + i];
    const a = bf.forward(T_(x, [B, T, 3]), { lengths: [4, 2] });
    const b = tm.forward(T_(xt, [T, B, 3]), { lengths: [4, 2] });
    const ao = a.output.toArray(), bo = b.output.toArray();
    for (let bb = 0; bb < B; bb++) for (let t = 0; t < T; t++) for (let j = 0; j < 10; j++) expect(bo[(t * B + bb) * 10 + j]).toBe(ao[(bb * T + t) * 10 + j]);
    expect(Array.from(b.h.toArray())).toEqual(Array.from(a.h.toArray()));
  });

  it.each(['rnn', 'lstm', 'gru'])('%s: lengths equal running each sequence alone (bi, 2 layers, a length-1 row)', (kind) => {
    const opts = { inputSize: 3, hiddenSize: 5, numLayers: 2, bidirectional: true };
    const m = kind === 'lstm' ? new nn.LSTM(opts) : kind === 'gru' ? new nn.GRU(opts) : new nn.RNN({ ...opts, nonlinearity: 'relu' });
    const [B, T, H] = [3, 4, 5];
    const lens = [4, 1, 3];
    const xs = randomArray(B * T * 3, 21);
    const x = T_(xs, [B, T, 3], true);
    const r = m.forward(x, { lengths: lens });
    sum(mul(r.output, rand([B, T, 10], 5))).backward();
    const out = r.output.toArray(), h = r.h.toArray(), dx = x.grad!.toArray();
    for (let b = 0; b < B; b++) {
      const L = lens[b];
      const xb = T_(xs.slice(b * T * 3, (b * T + L) * 3), [1, L, 3], true);
      const rb = m.forward(xb);
      const R = rand([B, T, 10], 5).toArray().slice(b * T * 10, (b * T + L) * 10);
      sum(mul(rb.output, T_(R, [1, L, 10]))).backward();
      close(out.slice(b * T * 10, (b * T + L) * 10), rb.output.toArray());
      expect(Array.from(out.slice((b * T + L) * 10, (b + 1) * T * 10)).every((v) => v === 0)).toBe(true); // padded outputs are 0
      for (let k = 0; k < 4; k++) close(h.slice((k * B + b) * H, (k * B + b + 1) * H), rb.h.toArray().slice(k * H, (k + 1) * H));
      close(dx.slice(b * T * 3, (b * T + L) * 3), xb.grad!.toArray());
      expect(Array.from(dx.slice((b * T + L) * 3, (b + 1) * T * 3)).every((v) => v === 0)).toBe(true); // no grad into padding
    }
  });

  it.each([
    ['rnn', 'sigmoid'], ['lstm', 'sigmoid'], ['gru', 'sigmoid'], ['gru_rb', 'sigmoid'],
    ['lstm', 'hard_sigmoid'], ['gru', 'hard_sigmoid'], ['gru_rb', 'hard_sigmoid'],
  ] as const)('%s cell (%s gates) in a loop equals the sequence module (values and gradients)', (kind, gates) => {
    const [B, T, I, H] = [2, 3, 4, 7];
    const o = { inputSize: I, hiddenSize: H, ...(kind === 'rnn' ? {} : { gateActivation: gates }) };
    const ra = { resetAfter: kind === 'gru' };
    const seq = kind === 'lstm' ? new nn.LSTM(o) : kind.startsWith('gru') ? new nn.GRU({ ...o, ...ra }) : new nn.RNN(o);
    const cell = kind === 'lstm' ? new nn.LSTMCell(o) : kind.startsWith('gru') ? new nn.GRUCell({ ...o, ...ra }) : new nn.RNNCell(o);
    if (kind !== 'rnn') expect((cell as nn.LSTMCell).gateActivation).toBe(gates);
    const sd = seq.stateDict();
    cell.loadStateDict(Object.fromEntries(Object.entries(sd).map(([n, t]) => [n.replace('_l0', ''), t])));
    const xs = randomArray(B * T * I, 31);
    const r = seq.forward(T_(xs, [B, T, I]));
    dot(r.h, 41).backward();
    let st = cell.zeroState(B) as { h: Tensor; c: Tensor };
    for (let t = 0; t < T; t++) {
      const xt = new Float32Array(B * I);
      for (let b = 0; b < B; b++) xt.set(xs.slice((b * T + t) * I, (b * T + t + 1) * I), b * I);
      st = cell.forward(T_(xt, [B, I]), st) as { h: Tensor; c: Tensor };
    }
    close(st.h.toArray(), r.h.toArray());
    if (r.c) close(st.c.toArray(), r.c.toArray());
    sum(mul(st.h, rand([1, B, H], 41).detach().view([B, H]))).backward();
    const cg = cell.namedParameters();
    seq.namedParameters().forEach(([, p], i) => close(cg[i][1].grad!.toArray(), p.grad!.toArray(), 1e-4));
  });

  it('one tape record per layer and direction; backward twice gives the same gradients', () => {
    const m = new nn.LSTM({ inputSize: 3, hiddenSize: 5, numLayers: 2, bidirectional: true });
    const x = rand([2, 3, 3], 1, true);
    const run = () => {
      m.zeroGrad();
      x.grad = null;
      const r = m.forward(x);
      expect(tapeLength(rt)).toBe(4);
      add(dot(r.output, 2), dot(r.c, 3)).backward();
      return [x.grad!.toArray(), ...m.parameters().map((p) => p.grad!.toArray())];
    };
    const a = run(), b = run();
    a.forEach((g, i) => expect(Array.from(b[i])).toEqual(Array.from(g)));
    expect(a.some((g) => g.some((v) => v !== 0))).toBe(true);
  });

  it('dropout between layers: eval is deterministic and equals no dropout; training masks are seeded', () => {
    const mk = (dropout: number, seed: number) => new nn.GRU({ inputSize: 3, hiddenSize: 6, numLayers: 2, dropout, rng: new Rng(seed) });
    const x = rand([2, 4, 3], 7);
    const plain = mk(0, 1).forward(x).output.toArray();
    const d = mk(0.5, 1);
    d.eval();
    expect(Array.from(d.forward(x).output.toArray())).toEqual(Array.from(plain));
    const t1 = mk(0.5, 1).forward(x).output.toArray();
    const t2 = mk(0.5, 1).forward(x).output.toArray();
    expect(Array.from(t1)).toEqual(Array.from(t2));
    expect(worstRelErr(t1, plain).err).toBeGreaterThan(1e-3);
  });

  it("sequence: 'cell' returns the cell states and differentiates through them (finite differences)", async () => {
    const r0 = await runtimeFor('none');
    setRuntime(r0);
    try {
      const m = new nn.LSTM({ inputSize: 2, hiddenSize: 3, bidirectional: true, runtime: r0 });
      const xs = randomArray(2 * 4 * 2, 51);
      const R = randomArray(2 * 4 * 6, 52);
      const f = (v: Float32Array, grad = false) => {
        const x = Tensor.from(v, [2, 4, 2], { runtime: r0, requiresGrad: grad });
        const r = m.forward(x, { sequence: 'cell', lengths: [4, 2] });
        return { x, r, loss: sum(mul(r.output, Tensor.from(R, [2, 4, 6], { runtime: r0 }))) };
      };
      const { x, r, loss } = f(xs, true);
      const o = r.output.toArray(), c = r.c.toArray();
      close(o.slice(3 * 6, 3 * 6 + 3), c.slice(0, 3)); // forward c_n of row 0 = output[0, T-1, 0:H]
      close(o.slice(0 + 3, 6), c.slice(6, 9)); // backward c_n of row 0 = output[0, 0, H:2H]
      loss.backward();
      const g = x.grad!.toArray();
      const eps = 1e-2;
      for (let i = 0; i < xs.length; i++) {
        const p = xs.slice(); p[i] += eps;
        const q = xs.slice(); q[i] -= eps;
        const num = (f(p).loss.item() - f(q).loss.item()) / (2 * eps);
        expect(Math.abs(num - g[i])).toBeLessThanOrEqual(2e-3 * (1 + Math.abs(num)));
      }
    } finally {
      setRuntime(rt);
    }
  });

  it('a loss on h_n / c_n alone (no gradient reaches output) gives the same gradients as with a zero output term', () => {
    const m = new nn.LSTM({ inputSize: 3, hiddenSize: 5, numLayers: 2, bidirectional: true });
    const x = rand([3, 4, 3], 1, true);
    const grads = (withOut: boolean) => {
      m.zeroGrad();
      x.grad = null;
      const r = m.forward(x, { lengths: [4, 1, 2] });
      let l = add(dot(r.h, 2), dot(r.c, 3));
      if (withOut) l = add(l, sum(mul(r.output, T_(new Float32Array(3 * 4 * 10), [3, 4, 10]))));
      l.backward();
      return [x.grad!.toArray(), ...m.parameters().map((p) => p.grad!.toArray())];
    };
    const a = grads(false), b = grads(true);
    a.forEach((g, i) => close(g, b[i], 1e-6));
  });

  it('training steps reuse memory: no growth after the first steps', async () => {
    const { optim, crossEntropy } = await import('../../src/index.js');
    const m = new nn.GRU({ inputSize: 4, hiddenSize: 6, bidirectional: true });
    const opt = new optim.Adam(m.parameters(), { lr: 1e-3 });
    const sizes: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = m.forward(rand([2, 5, 4], i), { lengths: [5, 3] });
      const loss = crossEntropy(r.output, Tensor.from(new Int32Array(10).fill(1), [2, 5], { runtime: rt, dtype: 'int32' }));
      opt.zeroGrad();
      loss.backward();
      opt.step();
      sizes.push(rt.memoryStats().memoryBytes);
    }
    expect(sizes[5]).toBe(sizes[2]);
  });

  it('B = 1, T = 1, odd H: output equals h', () => {
    const m = new nn.RNN({ inputSize: 5, hiddenSize: 3 });
    const r = m.forward(rand([1, 1, 5], 3));
    expect(Array.from(r.output.toArray())).toEqual(Array.from(r.h.toArray()));
    expect(r.c).toBe(null);
  });
});
