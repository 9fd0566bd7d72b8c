// fit(): the same numbers as the hand-written loop, epochs/steps/time budgets, early stopping
// with the best weights restored, reduce-on-plateau (Keras' rules), callbacks, AbortSignal, and
// options checked before anything changes.
import { beforeAll, describe, expect, it } from 'vitest';
import { Tensor, init, mse, nn, optim, Rng, ValueError } from '../../src/index.js';
import type { Module } from '../../src/nn/index.js';

type Batch = { x: number[]; y: number[] };
const loss = (m: nn.Linear, b: Batch) => mse(m.forward(Tensor.from(b.x, [b.x.length, 1])), Tensor.from(b.y, [b.y.length, 1]));
const line: Batch[] = [0, 1, 2, 3].map((k) => ({ x: [k / 4, k / 4 + 0.1], y: [2 * (k / 4) + 1, 2 * (k / 4 + 0.1) + 1] }));
const weights = (m: Module) => m.parameters().map((p) => Array.from(p.toArray()));

beforeAll(async () => {
  await init();
});

describe('fit', () => {
  it('gives exactly the weights and losses of the hand-written loop (same seed, same batches)', () => {
    const a = new nn.Linear(1, 1, { rng: new Rng(3) });
    const h = optim.fit(a, { train: line, loss, optimizer: new optim.Adam(a.parameters(), { lr: 0.05 }), epochs: 5, clipGradNorm: 0.5 });
    const b = new nn.Linear(1, 1, { rng: new Rng(3) });
    const opt = new optim.Adam(b.parameters(), { lr: 0.05 });
    const manual: number[] = [];
    for (let e = 0; e < 5; e++) {
      for (const batch of line) {
        const l = loss(b, batch);
        opt.zeroGrad();
        l.backward();
        optim.clipGradNorm(b.parameters(), 0.5);
        manual.push(l.item());
        opt.step();
      }
    }
    expect(h.losses).toEqual(manual);
    expect(weights(a)).toEqual(weights(b));
    expect(h.steps).toBe(20);
    expect(h.epochs.map((e) => e.steps)).toEqual([4, 4, 4, 4, 4]);
    expect(h.epochs[4].loss).toBeCloseTo(manual.slice(16).reduce((s, v) => s + v, 0) / 4, 12);
    expect(h.stoppedBy).toBe('epochs');
    expect(h.monitor).toBe('loss');
  });

  it('learns y = 2x + 1 and reports the validation loss each epoch', () => {
    const m = new nn.Linear(1, 1, { rng: new Rng(1) });
    const val = [{ x: [0.5, 0.9], y: [2, 2.8] }];
    const h = optim.fit(m, { train: line, validation: val, loss, optimizer: new optim.Adam(m.parameters(), { lr: 0.1 }), epochs: 80 });
    expect(h.monitor).toBe('valLoss');
    expect(h.epochs).toHaveLength(80);
    expect(h.epochs[79].valLoss!).toBeLessThan(1e-3);
    expect(h.epochs[79].valLoss!).toBeLessThan(h.epochs[0].valLoss! / 100);
    expect(m.weight.item()).toBeCloseTo(2, 1);
  });

  it('steps stops part-way through an epoch; time stops on the clock; the signal before the next step', () => {
    const m = new nn.Linear(1, 1, { rng: new Rng(1) });
    const o = () => ({ train: line, loss, optimizer: new optim.SGD(m.parameters(), { lr: 0.01 }) });
    const s = optim.fit(m, { ...o(), steps: 6 });
    expect([s.steps, s.stoppedBy, s.epochs.length, s.epochs[1].steps]).toEqual([6, 'steps', 2, 2]);
    let clock = 0;
    const t = optim.fit(m, { ...o(), time: 5, now: () => (clock += 1000) }); // each call to now() advances 1 s
    expect(t.stoppedBy).toBe('time');
    expect(t.steps).toBeGreaterThan(0);
    expect(t.steps).toBeLessThan(6);
    const ac = new AbortController();
    const a = optim.fit(m, { ...o(), epochs: 100, signal: ac.signal, callbacks: { onStep: (i) => { if (i.step === 3) ac.abort(); } } });
    expect([a.steps, a.stoppedBy]).toEqual([3, 'signal']);
    const pre = optim.fit(m, { ...o(), epochs: 3, signal: ac.signal });
    expect([pre.steps, pre.stoppedBy, pre.epochs.length]).toEqual([0, 'signal', 0]);
    const c = optim.fit(m, { ...o(), epochs: 10, callbacks: { onEpochEnd: (e) => (e.epoch === 1 ? 'stop' : undefined) } });
    expect([c.epochs.length, c.stoppedBy]).toEqual([2, 'callback']);
  });

  it('early stopping waits `patience` epochs without improvement, then restores the best weights', () => {
    // Training pulls the weight to +2, the validation data wants -2: validation gets worse after the start.
    const m = new nn.Linear(1, 1, { rng: new Rng(2) });
    m.loadStateDict({ weight: { shape: [1, 1], data: [-1] }, bias: { shape: [1], data: [0] } });
    const val = [{ x: [1], y: [-1.5] }];
    const seen: number[][][] = [];
    const h = optim.fit(m, {
      train: [{ x: [1], y: [2] }], validation: val, loss, optimizer: new optim.SGD(m.parameters(), { lr: 0.05 }), epochs: 50,
      earlyStopping: { patience: 3, restoreBest: true }, callbacks: { onEpochEnd: () => void seen.push(weights(m)) },
    });
    expect(h.stoppedBy).toBe('earlyStopping');
    expect(h.epochs).toHaveLength(h.bestEpoch + 1 + 3);
    expect(h.restoredBest).toBe(true);
    expect(weights(m)).toEqual(seen[h.bestEpoch]);
    expect(h.best).toBe(h.epochs[h.bestEpoch].valLoss);
    expect(Math.min(...h.epochs.map((e) => e.valLoss!))).toBe(h.best);
  });

  it('minDelta: small improvements do not count', () => {
    const m = new nn.Linear(1, 1, { rng: new Rng(1) });
    const h = optim.fit(m, { train: line, loss, optimizer: new optim.SGD(m.parameters(), { lr: 1e-4 }), epochs: 50, earlyStopping: { patience: 2, minDelta: 10 } });
    expect([h.epochs.length, h.stoppedBy, h.bestEpoch]).toEqual([3, 'earlyStopping', 0]);
  });

  it('reduceLrOnPlateau follows Keras: patience, factor, cooldown, minLr', () => {
    // Zero inputs: the weight gets no gradient, the loss cannot improve; bias frozen by lr on weight only.
    const m = new nn.Linear(1, 1, { bias: false, rng: new Rng(1) });
    const flat = [{ x: [0], y: [1] }];
    const opt = new optim.SGD(m.parameters(), { lr: 0.1 });
    const h = optim.fit(m, { train: flat, loss, optimizer: opt, epochs: 9, reduceLrOnPlateau: { factor: 0.5, patience: 2, cooldown: 2, minLr: 0.02 } });
    expect(h.epochs.map((e) => e.lr)).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025]);
    expect(opt.lr).toBe(0.02); // 0.0125 clamped to minLr
  });

  it('trains several modules together; batchWeight weights the epoch mean', () => {
    const mk = () => [new nn.Linear(1, 3, { rng: new Rng(5) }), new nn.Linear(3, 1, { rng: new Rng(6) })] as const;
    const two = (ms: readonly [nn.Linear, nn.Linear], b: Batch) => mse(ms[1].forward(ms[0].forward(Tensor.from(b.x, [b.x.length, 1]))), Tensor.from(b.y, [b.y.length, 1]));
    const a = mk();
    const batches = [line[0], { x: [0.3], y: [1.6] }];
    const h = optim.fit(a, { train: batches, loss: two, optimizer: new optim.SGD([...a[0].parameters(), ...a[1].parameters()], { lr: 0.1 }), epochs: 3, batchWeight: (b) => b.x.length });
    const b = mk();
    const opt = new optim.SGD([...b[0].parameters(), ...b[1].parameters()], { lr: 0.1 });
    const manual: number[] = [];
    for (let e = 0; e < 3; e++) for (const batch of batches) {
      const l = two(b, batch);
      opt.zeroGrad();
      l.backward();
      manual.push(l.item());
      opt.step();
    }
    expect(h.losses).toEqual(manual);
    expect([...weights(a[0]), ...weights(a[1])]).toEqual([...weights(b[0]), ...weights(b[1])]);
    expect(h.epochs[0].loss).toBeCloseTo((2 * manual[0] + manual[1]) / 3, 12);
    // restoreBest across several modules
    const c = mk();
    const snap: number[][][] = [];
    const hc = optim.fit(c, {
      train: batches, validation: [{ x: [5], y: [-20] }], loss: two, optimizer: new optim.SGD([...c[0].parameters(), ...c[1].parameters()], { lr: 0.05 }), epochs: 6,
      earlyStopping: { patience: 10, restoreBest: true }, callbacks: { onEpochEnd: () => void snap.push([...weights(c[0]), ...weights(c[1])]) },
    });
    expect(hc.restoredBest).toBe(true);
    expect([...weights(c[0]), ...weights(c[1])]).toEqual(snap[hc.bestEpoch]);
    expect(() => optim.fit([] as nn.Linear[], { train: batches, loss: () => { throw new Error('unreached'); }, optimizer: opt })).toThrow('fit: model must be a Module or an array of Modules');
  });

  it('rejects bad options before any step, a one-shot iterator, and a non-finite loss', () => {
    const m = new nn.Linear(1, 1, { rng: new Rng(1) });
    const before = weights(m);
    const opt = new optim.SGD(m.parameters(), { lr: 0.1 });
    const base = { train: line, loss, optimizer: opt };
    expect(() => optim.fit(m, { ...base, epoch: 3 } as never)).toThrow("fit: unknown option 'epoch'");
    expect(() => optim.fit(m, { ...base, steps: 0 })).toThrow('fit: steps must be a positive integer, got 0');
    expect(() => optim.fit(m, { ...base, time: -1 })).toThrow(/fit: time must be a number in \(0/);
    expect(() => optim.fit(m, { ...base, earlyStopping: { patience: 1, restore: true } as never })).toThrow("fit: earlyStopping: unknown option 'restore'");
    expect(() => optim.fit(m, { ...base, reduceLrOnPlateau: { factor: 2 } })).toThrow(/reduceLrOnPlateau.factor must be/);
    expect(() => optim.fit(m, { ...base, optimizer: undefined as never })).toThrow(/optimizer must be an Optimizer/);
    expect(weights(m)).toEqual(before);
    const gen = (function* () { yield* line; })();
    expect(() => optim.fit(m, { ...base, train: () => gen, epochs: 2 })).toThrow(/train yielded no batches in epoch 1/);
    const w = weights(m);
    const bad = [{ x: [1], y: [NaN] }];
    expect(() => optim.fit(m, { ...base, train: bad })).toThrow(ValueError);
    expect(() => optim.fit(m, { ...base, train: bad })).toThrow('fit: the loss is NaN at step 1 (epoch 0)');
    expect(weights(m)).toEqual(w);
    expect(optim.fit(m, { ...base, train: line }).steps).toBe(4); // still usable afterwards
  });
});
