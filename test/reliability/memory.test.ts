// Memory: the maxMemoryBytes ceiling with real model work (a typed error, then the runtime goes
// on), and a fast-check fuzz of arena lifetimes (stale use always throws, valid use never does,
// values never change behind a tensor's back).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  createRuntime, crossEntropy, MemoryError, nn, optim, Rng, StateError, Tensor, type Runtime,
} from '../../src/index.js';
import { sameBits } from './probe.js';

const CEILING = 12 << 20;

function model(rt: Runtime) {
  const emb = new nn.Embedding(40, 32, { runtime: rt, rng: new Rng(7) });
  const lstm = new nn.LSTM({ inputSize: 32, hiddenSize: 64, runtime: rt, rng: new Rng(8) });
  const head = new nn.Linear(64, 40, { runtime: rt, rng: new Rng(9) });
  const params = [...emb.parameters(), ...lstm.parameters(), ...head.parameters()];
  const logits = (ids: Tensor) => head.forward(lstm.forward(emb.forward(ids)).output);
  return { params, logits, opt: new optim.Adam(params, { lr: 0.01 }) };
}

function batch(rt: Runtime, B: number, T: number) {
  const ids = new Int32Array(B * T).map((_, i) => (i * 7) % 40);
  const tg = new Int32Array(B * T).map((_, i) => (i * 3 + 1) % 40);
  return { x: Tensor.from(ids, [B, T], { runtime: rt }), y: Tensor.from(tg, [B, T], { runtime: rt }) };
}

/** One training step on a small batch; returns the loss and every parameter after the update. */
function smallStep(rt: Runtime, m: ReturnType<typeof model>): Float32Array[] {
  const { x, y } = batch(rt, 2, 6);
  m.opt.zeroGrad();
  const loss = crossEntropy(m.logits(x), y);
  const l = Float32Array.of(loss.item());
  loss.backward();
  m.opt.step();
  return [l, ...m.params.map((p) => p.toArray() as Float32Array)];
}

describe('memory ceiling', () => {
  it('a forward or backward past maxMemoryBytes is a MemoryError; the model and runtime go on unchanged', async () => {
    const rt = await createRuntime({ simd: 'simd', maxMemoryBytes: CEILING });
    const m = model(rt);
    const before = m.params.map((p) => p.toArray() as Float32Array);
    const failedIn = new Set<string>();
    for (const T of [16, 32, 64, 96, 128, 192, 256, 384, 512, 1024]) {
      let stage = 'forward';
      try {
        const { x, y } = batch(rt, 32, T);
        const loss = crossEntropy(m.logits(x), y);
        stage = 'backward';
        m.opt.zeroGrad();
        loss.backward();
      } catch (e) {
        expect(e).toBeInstanceOf(MemoryError);
        expect((e as MemoryError).message).toMatch(/out of wasm memory: asked for \d+ bytes, \d+ available under the \d+-byte ceiling/);
        expect((e as MemoryError).requestedBytes).toBeGreaterThan((e as MemoryError).availableBytes);
        failedIn.add(stage);
      }
      rt.resetStep();
      expect(rt.memoryStats().memoryBytes).toBeLessThanOrEqual(CEILING);
    }
    // Both kinds of failure happened (the sizes above straddle the ceiling for each).
    expect([...failedIn].sort()).toEqual(['backward', 'forward']);
    expect(sameBits(m.params.map((p) => p.toArray() as Float32Array), before)).toBe(true);

    // A step that fits gives the same bits as on a fresh runtime that never hit the ceiling.
    const fresh = await createRuntime({ simd: 'simd' });
    expect(sameBits(smallStep(rt, m), smallStep(fresh, model(fresh)))).toBe(true);
  });
});

describe('optimizer step at the ceiling', () => {
  const kinds = {
    Adam: (ps: Tensor[]) => new optim.Adam(ps, { lr: 0.1 }),
    RMSprop: (ps: Tensor[]) => new optim.RMSprop(ps, { lr: 0.1, momentum: 0.5, centered: true }),
    SGD: (ps: Tensor[]) => new optim.SGD(ps, { lr: 0.1, momentum: 0.9, dampening: 0.1 }),
  };
  for (const [kind, make] of Object.entries(kinds)) {
    it(`${kind}: state buffers that do not fit are a MemoryError before any parameter changes`, async () => {
      let hits = 0;
      for (let mb = 28; mb <= 48; mb += 2) {
        const rt = await createRuntime({ simd: 'simd', maxMemoryBytes: mb << 20 });
        // Two 4 MB layers: the state buffers of the first fit under some ceilings, the second's do not.
        const a = new nn.Linear(1000, 1000, { runtime: rt, rng: new Rng(1) });
        const b = new nn.Linear(1000, 1000, { runtime: rt, rng: new Rng(2) });
        const params = [...a.parameters(), ...b.parameters()];
        const opt = make(params);
        try {
          const x = Tensor.full([2, 1000], 0.5, { runtime: rt });
          crossEntropy(b.forward(a.forward(x)), Tensor.from([3, 7], [2], { runtime: rt, dtype: 'int32' })).backward();
        } catch (e) {
          expect(e).toBeInstanceOf(MemoryError); // the gradients did not fit: not this test's case
          continue;
        }
        const before = params.map((p) => p.toArray() as Float32Array);
        try {
          opt.step();
          continue;
        } catch (e) {
          expect(e).toBeInstanceOf(MemoryError);
        }
        hits++;
        expect(sameBits(params.map((p) => p.toArray() as Float32Array), before), `${mb} MB`).toBe(true);
        expect(opt.stepCount).toBe(0);
      }
      expect(hits).toBeGreaterThan(0);
    });
  }

  it('SGD momentum after a checkpoint-style state load continues (not a first step)', async () => {
    const rt = await createRuntime({ simd: 'simd' });
    const run = (withReload: boolean) => {
      const p = Tensor.from([1, 2, 3], [3], { runtime: rt, arena: 'params', requiresGrad: true });
      let opt = new optim.SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.5 });
      for (let s = 0; s < 4; s++) {
        p.grad = Tensor.full([3], s + 1, { runtime: rt, arena: 'state' });
        opt.step();
        if (withReload && s === 1) {
          const st = opt.stateDict();
          const copy = { ...st, state: { 0: { buffers: { momentum_buffer: Tensor.from(st.state[0].buffers.momentum_buffer.toArray(), [3], { runtime: rt, arena: 'state' }) }, counters: {} } } };
          opt = new optim.SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.5 });
          opt.loadStateDict(copy);
        }
      }
      return [p.toArray() as Float32Array];
    };
    expect(sameBits(run(true), run(false))).toBe(true);
  });
});

type Cmd =
  | { op: 'alloc'; rt: number; arena: 'params' | 'state' | 'step'; n: number; v: number }
  | { op: 'reset'; rt: number; arena: 'params' | 'state' | 'step' }
  | { op: 'read'; i: number }
  | { op: 'write'; i: number; v: number }
  | { op: 'optStep'; rt: number };

const arenaArb = fc.constantFrom('params' as const, 'state' as const, 'step' as const);
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ op: fc.constant('alloc' as const), rt: fc.nat(1), arena: arenaArb, n: fc.integer({ min: 0, max: 70000 }), v: fc.integer({ min: -1000, max: 1000 }) }),
  fc.record({ op: fc.constant('reset' as const), rt: fc.nat(1), arena: arenaArb }),
  fc.record({ op: fc.constant('read' as const), i: fc.nat(200) }),
  fc.record({ op: fc.constant('write' as const), i: fc.nat(200), v: fc.integer({ min: -1000, max: 1000 }) }),
  fc.record({ op: fc.constant('optStep' as const), rt: fc.nat(1) }),
);

describe('arena lifetimes (fuzz)', () => {
  it('stale tensors always throw StateError, live ones never do and keep their values', async () => {
    const rts = [await createRuntime({ simd: 'simd' }), await createRuntime({ simd: 'none' })];
    fc.assert(
      fc.property(fc.array(cmdArb, { maxLength: 60 }), (cmds) => {
        for (const rt of rts) for (const a of ['params', 'state', 'step'] as const) rt[a].reset();
        // One parameter per runtime with a gradient, so optimizer steps really update something.
        const ps = rts.map((rt) => Tensor.from([1, 2, 3], [3], { runtime: rt, arena: 'params', requiresGrad: true }));
        const opts = ps.map((p) => new optim.SGD([p], { lr: 0.5 }));
        // Model: per (runtime, arena) a reset counter; per tensor the counter it was made at and its values.
        const resets = rts.map(() => ({ params: 0, state: 0, step: 0 }));
        const live: { t: Tensor; rt: number; arena: 'params' | 'state' | 'step'; made: number; v: number }[] = [];
        const valid = (e: (typeof live)[number]) => resets[e.rt][e.arena] === e.made;
        for (const c of cmds) {
          if (c.op === 'alloc') {
            const t = Tensor.full([c.n], c.v, { runtime: rts[c.rt], arena: c.arena });
            live.push({ t, rt: c.rt, arena: c.arena, made: resets[c.rt][c.arena], v: c.v });
          } else if (c.op === 'reset' || c.op === 'optStep') {
            if (c.op === 'reset') rts[c.rt][c.arena].reset();
            else {
              const p = ps[c.rt];
              p.grad = Tensor.full([3], 1, { runtime: rts[c.rt], arena: 'state' });
              if (resets[c.rt].params === 0) {
                opts[c.rt].step();
              } else {
                // The parameter's arena was reset under the optimizer: it refuses instead of writing.
                expect(() => opts[c.rt].step()).toThrow(StateError);
                rts[c.rt].resetStep();
              }
            }
            resets[c.rt][c.op === 'reset' ? c.arena : 'step']++;
          } else if (live.length) {
            const e = live[c.i % live.length];
            if (!valid(e)) {
              expect(() => (c.op === 'read' ? e.t.toArray() : e.t.data().fill(c.v))).toThrow(StateError);
              expect(() => e.t.ptr).toThrow(/stale/);
            } else if (c.op === 'write') {
              e.t.data().fill(c.v);
              e.v = c.v;
            } else {
              const a = e.t.toArray();
              for (let k = 0; k < a.length; k++) if (a[k] !== e.v) throw new Error(`tensor ${e.arena}/${e.rt} changed: ${a[k]} != ${e.v} at ${k}`);
            }
          }
        }
        // Every live tensor still holds its value; every stale one refuses.
        for (const e of live) {
          if (valid(e)) expect(e.t.toArray().every((x) => x === e.v)).toBe(true);
          else expect(() => e.t.toArray()).toThrow(StateError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('dropout randomness and failed forwards', () => {
  it('a forward that runs out of memory part-way leaves the dropout generator as it was', async () => {
    // A 2-layer LSTM with dropout between layers, training: layer 1 draws a mask, a later
    // allocation fails. Retrying with smaller inputs must draw what a run that never failed draws.
    const make = async (ceiling?: number) => {
      const rt = await createRuntime({ simd: 'simd', ...(ceiling ? { maxMemoryBytes: ceiling } : {}) });
      const rng = new Rng(5);
      const m = new nn.LSTM({ inputSize: 16, hiddenSize: 32, numLayers: 2, dropout: 0.5, runtime: rt, rng });
      return { rt, rng, m };
    };
    const a = await make(CEILING);
    const b = await make();
    const x = (rt: Runtime, B: number, T: number) => Tensor.from(new Float32Array(B * T * 16).map((_, i) => Math.sin(i)), [B, T, 16], { runtime: rt });
    let failures = 0;
    // Lengths around the ceiling: some fail in layer 1, some in layer 2 after its mask was drawn
    // (with this model, 510..600 do), each followed by a short run that must match the clean one.
    const lengths = [4];
    for (let T = 450; T <= 700; T += 15) lengths.push(T, 3 + (T % 7));
    for (const T of lengths) {
      const before = a.rng.getState();
      let outA: Float32Array | null = null;
      try {
        outA = a.m.forward(x(a.rt, 8, T)).output.toArray() as Float32Array;
      } catch (e) {
        expect(e).toBeInstanceOf(MemoryError);
        expect(a.rng.getState()).toEqual(before);
        failures++;
      }
      a.rt.resetStep();
      if (outA) {
        const outB = b.m.forward(x(b.rt, 8, T)).output.toArray() as Float32Array;
        b.rt.resetStep();
        expect(sameBits([outA], [outB])).toBe(true);
      }
    }
    expect(failures).toBeGreaterThanOrEqual(8);
  });
});
