// The one recurrent state type (src/nn/recurrent/state.ts): a forward's result is a state the next
// forward takes as `state`, the same as passing h0/c0; cells take and return the same type.
import { describe, expect, it } from 'vitest';
import { nn, Rng, Tensor, ValueError, ShapeError } from '../../src/index.js';
import { randomArray, runtimeFor } from '../helpers.js';

describe('RecurrentState', () => {
  it('forward(x, { state }) continues from a previous result exactly as h0/c0 do', async () => {
    const rt = await runtimeFor('simd');
    for (const m of [
      new nn.LSTM({ inputSize: 3, hiddenSize: 5, numLayers: 2, rng: new Rng(7), runtime: rt }),
      new nn.GRU({ inputSize: 3, hiddenSize: 5, bidirectional: true, rng: new Rng(8), runtime: rt }),
    ]) {
      const x1 = Tensor.from(randomArray(2 * 4 * 3, 1), [2, 4, 3], { runtime: rt });
      const x2 = Tensor.from(randomArray(2 * 3 * 3, 2), [2, 3, 3], { runtime: rt });
      const r1 = m.forward(x1);
      const viaState = m.forward(x2, { state: r1 });
      const viaH0 = m instanceof nn.LSTM ? m.forward(x2, { h0: r1.h, c0: r1.c }) : m.forward(x2, { h0: r1.h });
      expect(viaState.output.toArray()).toEqual(viaH0.output.toArray());
      expect(viaState.h.toArray()).toEqual(viaH0.h.toArray());
      expect(() => m.forward(x2, { state: r1, h0: r1.h })).toThrow(/either state or h0\/c0/);
      expect(() => m.forward(x2, { state: { h: Tensor.zeros([1, 2, 5], { runtime: rt }) } })).toThrow(ShapeError);
      rt.resetStep();
    }
  });

  it('a GRU refuses a state with c; a cell takes its own result back', async () => {
    const rt = await runtimeFor('simd');
    const gru = new nn.GRU({ inputSize: 2, hiddenSize: 3, rng: new Rng(1), runtime: rt });
    const x = Tensor.zeros([1, 2, 2], { runtime: rt });
    const c = Tensor.zeros([1, 1, 3], { runtime: rt });
    expect(() => gru.forward(x, { state: { h: c, c } })).toThrow(ValueError);
    const cell = new nn.LSTMCell({ inputSize: 2, hiddenSize: 3, rng: new Rng(2), runtime: rt });
    const s1: nn.RecurrentState = cell.forward(Tensor.full([1, 2], 0.5, { runtime: rt }));
    const s2 = cell.forward(Tensor.full([1, 2], 0.5, { runtime: rt }), s1 as { h: Tensor; c: Tensor });
    expect(s2.c.shape).toEqual([1, 3]);
    rt.resetStep();
  });
});
