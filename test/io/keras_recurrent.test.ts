// KerasRecurrent (the op-by-op step loop) against the fused modules on the same weights, for both
// gate activations (so the hard_sigmoid kernels and the loop check each other), its step API, and
// gradients of the fused hard_sigmoid layers against the loop's (both differentiable).
import { beforeAll, describe, expect, it } from 'vitest';
import { init, mse, noGrad, Rng, setRuntime, StreamState, Tensor } from '../../src/index.js';
import { GRU, LSTM } from '../../src/nn/recurrent/index.js';
import { KerasRecurrent } from '../../src/io/keras_recurrent.js';
import { ISAS, randomArray, runtimeFor, worstRelErr } from '../helpers.js';

type Cell = 'lstm' | 'gru';
const CASES: [Cell, boolean, 'sigmoid' | 'hard_sigmoid', boolean][] = [];
for (const cell of ['lstm', 'gru'] as const) {
  for (const gates of ['sigmoid', 'hard_sigmoid'] as const) {
    CASES.push([cell, true, gates, false], [cell, true, gates, true]);
    if (cell === 'gru') CASES.push([cell, false, gates, false]);
  }
}

function pair(cell: Cell, resetAfter: boolean, gates: 'sigmoid' | 'hard_sigmoid', bidirectional: boolean, seed: number) {
  const I = 5, H = 7;
  const fused = cell === 'lstm'
    ? new LSTM({ inputSize: I, hiddenSize: H, bidirectional, gateActivation: gates, rng: new Rng(seed) })
    : new GRU({ inputSize: I, hiddenSize: H, bidirectional, resetAfter, gateActivation: gates, rng: new Rng(seed) });
  // Scale the weights up so the hard_sigmoid clip is reached.
  for (const p of fused.parameters()) p.data().forEach((v, i, a) => (a[i] = v * 3));
  const loop = new KerasRecurrent({ cell, inputSize: I, units: H, activation: 'tanh', recurrentActivation: gates, bias: true, resetAfter, bidirectional });
  loop.loadStateDict(fused.stateDict());
  return { fused, loop, I, H };
}

describe.each(ISAS)('KerasRecurrent vs fused kernels (%s build)', (isa) => {
  beforeAll(async () => {
    await init();
    setRuntime(await runtimeFor(isa));
  });

  it.each(CASES)('%s resetAfter=%s gates=%s bidirectional=%s: same outputs and gradients', (cell, resetAfter, gates, bi) => {
    const { fused, loop, I } = pair(cell, resetAfter, gates, bi, 3);
    const B = 3, T = 6;
    const xs = randomArray(B * T * I, 4, 2);
    const target = Tensor.from(randomArray(B * T * (bi ? 14 : 7), 5), [B, T, bi ? 14 : 7]);
    const grads = (m: LSTM | GRU | KerasRecurrent) => {
      m.zeroGrad();
      const x = Tensor.from(xs, [B, T, I]);
      const out = m.forward(x).output;
      const y = out.toArray();
      mse(out, target).backward();
      return { y, g: m.parameters().map((p) => p.grad!.toArray()) };
    };
    const a = grads(fused), b = grads(loop);
    expect(worstRelErr(a.y, b.y).err).toBeLessThan(1e-5);
    a.g.forEach((g, i) => expect(worstRelErr(g, b.g[i]).err, `grad ${fused.namedParameters()[i][0]}`).toBeLessThan(1e-5));
  });

  it('step() of the loop equals its forward; foreign states are refused', () => {
    const { loop, I, H } = pair('gru', false, 'hard_sigmoid', false, 9);
    const B = 2, T = 4;
    const xs = randomArray(B * T * I, 6);
    const whole = noGrad(() => loop.forward(Tensor.from(xs, [B, T, I])).output.toArray());
    let state = loop.initialState(B);
    for (let t = 0; t < T; t++) {
      const frame = new Float32Array(B * I);
      for (let b = 0; b < B; b++) frame.set(xs.subarray((b * T + t) * I, (b * T + t + 1) * I), b * I);
      const r = loop.step(Tensor.from(frame, [B, I]), StreamState.fromBytes(state.toBytes()));
      state = r.state;
      const want = new Float32Array(B * H);
      for (let b = 0; b < B; b++) want.set(whole.subarray((b * T + t) * H, (b * T + t + 1) * H), b * H);
      expect(worstRelErr(r.output.toArray(), want).err).toBeLessThan(1e-6);
    }
    const other = pair('gru', true, 'hard_sigmoid', false, 9).loop;
    expect(() => other.step(Tensor.zeros([B, I]), state)).toThrow(/state was made by another model/);
    expect(() => pair('lstm', true, 'sigmoid', true, 1).loop.initialState(1)).toThrow(/bidirectional/);
  });
});

describe('gateActivation option', () => {
  it('is validated and part of the streaming signature', async () => {
    await init();
    expect(() => new LSTM({ inputSize: 2, hiddenSize: 2, gateActivation: 'relu' as never })).toThrow(/gateActivation must be 'sigmoid' or 'hard_sigmoid'/);
    expect(() => new LSTM({ inputSize: 2, hiddenSize: 2, peephole: true, gateActivation: 'hard_sigmoid' })).toThrow(/not available with peephole/);
    const soft = new GRU({ inputSize: 2, hiddenSize: 2 });
    const hard = new GRU({ inputSize: 2, hiddenSize: 2, gateActivation: 'hard_sigmoid' });
    expect(() => hard.step(Tensor.zeros([1, 2]), soft.initialState(1))).toThrow(/another model/);
  });
});
