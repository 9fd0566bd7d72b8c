// Carry (src/tensor/carry.ts): recurrent state kept across optimizer.step() without a host round
// trip gives the same bits as the round trip, does not grow memory, and refuses stale buffers.
import { describe, expect, it } from 'vitest';
import { Carry, crossEntropy, nn, optim, Rng, StateError, Tensor, ValueError, type Runtime } from '../../src/index.js';
import { ISAS, runtimeFor } from '../helpers.js';

const B = 2, T = 5, V = 7, H = 6;

class Tiny extends nn.Module {
  emb: nn.Embedding;
  lstm: nn.LSTM;
  head: nn.Linear;
  constructor(rt: Runtime) {
    super();
    this.emb = this.registerModule('emb', new nn.Embedding(V, 4, { rng: new Rng(1), runtime: rt }));
    this.lstm = this.registerModule('lstm', new nn.LSTM({ inputSize: 4, hiddenSize: H, numLayers: 2, rng: new Rng(2), runtime: rt }));
    this.head = this.registerModule('head', new nn.Linear(H, V, { rng: new Rng(3), runtime: rt }));
  }
}

function chunk(i: number, rt: Runtime): { x: Tensor; y: Tensor } {
  const x = new Int32Array(B * T), y = new Int32Array(B * T);
  for (let j = 0; j < B * T; j++) {
    x[j] = (i * 3 + j * 5) % V;
    y[j] = (i * 3 + j * 5 + 1) % V;
  }
  return { x: Tensor.from(x, [B, T], { dtype: 'int32', runtime: rt }), y: Tensor.from(y, [B, T], { dtype: 'int32', runtime: rt }) };
}

// Truncated BPTT over `n` chunks; the state passes each optimizer.step() through the host
// (`host`: toArray / Tensor.from, what the char-LM trainer did) or through a Carry.
function train(rt: Runtime, n: number, how: 'host' | 'carry', onChunk?: (i: number, carry: Carry) => void) {
  const m = new Tiny(rt);
  const opt = new optim.Adam(m.parameters(), { lr: 0.05 });
  const carry = new Carry({ runtime: rt });
  let host: { h: Float32Array; c: Float32Array } | null = null;
  let h: Tensor | null = null, c: Tensor | null = null;
  const losses: number[] = [];
  for (let i = 0; i < n; i++) {
    const { x, y } = chunk(i, rt);
    if (how === 'host' && host) {
      h = Tensor.from(host.h, [2, B, H], { runtime: rt });
      c = Tensor.from(host.c, [2, B, H], { runtime: rt });
    }
    const r = m.lstm.forward(m.emb.forward(x), { h0: h, c0: c });
    const loss = crossEntropy(m.head.forward(r.output), y);
    opt.zeroGrad();
    loss.backward();
    losses.push(loss.item());
    if (how === 'host') host = { h: r.h.toArray() as Float32Array, c: r.c.toArray() as Float32Array };
    else {
      h = carry.keep('h', r.h);
      c = carry.keep('c', r.c);
    }
    opt.step();
    onChunk?.(i, carry);
  }
  const params = m.parameters().map((p) => p.toArray());
  return { losses, params, h: how === 'host' ? host!.h : h!.toArray() };
}

describe('Carry', () => {
  for (const isa of ISAS) {
    it(`${isa}: a truncated-BPTT loop through optimizer.step() matches the host round trip bit for bit`, async () => {
      const rt = await runtimeFor(isa);
      const a = train(rt, 3, 'host');
      const b = train(rt, 3, 'carry');
      expect(b.losses).toEqual(a.losses);
      expect(b.h).toEqual(a.h);
      b.params.forEach((p, i) => expect(p).toEqual(a.params[i]));
      expect(new Set(a.losses).size).toBe(3); // the state and the weights really moved
    });
  }

  it('memory does not grow over 50 chunks', async () => {
    const rt = await runtimeFor('simd');
    let mark = { avail: 0, carry: 0 };
    train(rt, 50, 'carry', (i, carry) => {
      if (i === 2) mark = { avail: rt.heap.availableBytes, carry: carry.capacityBytes };
      if (i === 49) {
        expect(rt.heap.availableBytes).toBe(mark.avail);
        expect(carry.capacityBytes).toBe(mark.carry);
        expect(carry.capacityBytes).toBe(4 * Math.ceil((2 * B * H * 4) / 64) * 64); // 2 names x 2 buffers of (2, B, H), heap chunks of 64 bytes
      }
    });
  });

  it('double-buffered: the previous state stays readable while the next is kept, the one before is stale', async () => {
    const rt = await runtimeFor('none');
    const carry = new Carry({ runtime: rt });
    const a = carry.keep('h', Tensor.from([1, 2, 3], [3], { runtime: rt }));
    rt.resetStep();
    const b = carry.keep('h', Tensor.from([4, 5, 6], [3], { runtime: rt }).view([1, 3]));
    expect(Array.from(a.toArray())).toEqual([1, 2, 3]);
    expect(b.shape).toEqual([1, 3]);
    expect(b.requiresGrad).toBe(false);
    const c = carry.keep('h', b); // reuses a's buffer
    expect(() => a.toArray()).toThrow(StateError);
    expect(Array.from(b.toArray())).toEqual([4, 5, 6]);
    expect(Array.from(c.toArray())).toEqual([4, 5, 6]);
    expect(carry.get('h')).toBe(c);
    const ids = carry.keep('ids', Tensor.from([7, -1], [2], { dtype: 'int32', runtime: rt }));
    expect(ids.dtype).toBe('int32');
    expect(Array.from(ids.toArray())).toEqual([7, -1]);
    expect(carry.keep('h', null)).toBe(null);
    expect(() => carry.keep('', b)).toThrow(ValueError);
    expect(() => carry.keep('h', [1, 2] as never)).toThrow(ValueError);
  });
});
