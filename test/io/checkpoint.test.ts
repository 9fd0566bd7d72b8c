// Checkpoints: training resumed from saveCheckpoint bytes (into freshly built, differently seeded
// objects) gives the same losses, bit for bit, as training that never stopped.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FormatError, init, RnnWasmError, manualSeed, mse, nn, optim, Rng, setRuntime, Tensor, ValueError, writeSafetensors } from '../../src/index.js';
import { LSTM } from '../../src/nn/recurrent/index.js';
import { loadCheckpoint, saveCheckpoint } from '../../src/io/checkpoint.js';
import { ISAS, randomArray, runtimeFor } from '../helpers.js';

class Net extends nn.Module {
  readonly lstm: LSTM;
  readonly head: nn.Linear;
  constructor() {
    super();
    // Dropout between the layers draws from the default generator: the checkpoint must carry it.
    this.lstm = this.registerModule('lstm', new LSTM({ inputSize: 3, hiddenSize: 8, numLayers: 2, dropout: 0.3 }));
    this.head = this.registerModule('head', new nn.Linear(8, 2));
  }
  forward(x: Tensor): Tensor {
    return this.head.forward(this.lstm.forward(x).output);
  }
}

const B = 4, T = 5, N = 16;
const X = randomArray(N * T * 3, 99);
const Y = randomArray(N * T * 2, 98);

interface Run { model: Net; opt: optim.Optimizer; sched: optim.LRScheduler; data: Rng }

function build(seed: number, kind: 'adam' | 'sgd' | 'rmsprop'): Run {
  manualSeed(seed);
  const model = new Net();
  const p = model.parameters();
  const opt = kind === 'adam' ? new optim.Adam(p, { lr: 0.01 }) : kind === 'sgd' ? new optim.SGD(p, { lr: 0.05, momentum: 0.9 }) : new optim.RMSprop(p, { lr: 0.005, centered: true, momentum: 0.5 });
  return { model, opt, sched: new optim.StepLR(opt, { stepSize: 2, gamma: 0.5 }), data: new Rng(seed + 1) };
}

/** One step on a batch of B sequences picked by the data generator; returns the loss. */
function trainStep(r: Run): number {
  const idx = Array.from({ length: B }, () => r.data.nextU32() % N);
  const xb = new Float32Array(B * T * 3), yb = new Float32Array(B * T * 2);
  idx.forEach((s, b) => {
    xb.set(X.subarray(s * T * 3, (s + 1) * T * 3), b * T * 3);
    yb.set(Y.subarray(s * T * 2, (s + 1) * T * 2), b * T * 2);
  });
  r.opt.zeroGrad();
  const loss = mse(r.model.forward(Tensor.from(xb, [B, T, 3])), Tensor.from(yb, [B, T, 2]));
  loss.backward();
  const v = loss.item();
  r.opt.step();
  r.sched.step();
  return v;
}

beforeAll(async () => {
  await init();
});

describe.each(ISAS)('checkpoints (%s build)', (isa) => {
  beforeAll(async () => {
    setRuntime(await runtimeFor(isa));
  });

  for (const kind of ['adam', 'sgd', 'rmsprop'] as const) {
    it(`${kind}: resumed training gives bit-identical losses`, () => {
      const straight = build(7, kind);
      const want = Array.from({ length: 8 }, () => trainStep(straight));

      const first = build(7, kind);
      const got = Array.from({ length: 3 }, () => trainStep(first));
      const bytes = saveCheckpoint({ model: first.model, optimizer: first.opt, scheduler: first.sched, rngs: { default: first.model.lstm['rng'] as Rng, data: first.data }, extra: { note: 'mid-run' } });
      const lrAt3 = first.opt.lr;
      for (let i = 0; i < 5; i++) trainStep(first); // the original run goes on; the checkpoint must not

      const resumed = build(12345, kind); // other initial weights and generator states
      manualSeed(999);
      const info = loadCheckpoint(bytes, { model: resumed.model, optimizer: resumed.opt, scheduler: resumed.sched, rngs: { default: resumed.model.lstm['rng'] as Rng, data: resumed.data } });
      expect(info).toEqual({ step: 3, extra: { note: 'mid-run' } });
      expect(resumed.opt.stepCount).toBe(3);
      expect(resumed.opt.lr).toBe(lrAt3);
      expect(resumed.sched.epoch).toBe(3);
      for (let i = 0; i < 5; i++) got.push(trainStep(resumed));
      expect(got).toEqual(want);
    });
  }

  it('refuses checkpoints that do not fit, changing nothing', () => {
    const a = build(1, 'adam');
    trainStep(a);
    const bytes = saveCheckpoint({ model: a.model, optimizer: a.opt });
    const b = build(2, 'sgd');
    const before = b.model.parameters()[0].toArray();
    expect(() => loadCheckpoint(bytes, { model: b.model, optimizer: b.opt })).toThrow(/optimizer is "Adam" in the checkpoint, SGD here/);
    expect(() => loadCheckpoint(bytes, { model: b.model, scheduler: b.sched })).toThrow(/no scheduler state/);
    expect(() => loadCheckpoint(bytes, { model: b.model, rngs: { data: b.data } })).toThrow(/no RNG 'data'/);
    expect(() => loadCheckpoint(bytes, { model: new nn.Linear(3, 2) })).toThrow(ValueError);
    expect(b.model.parameters()[0].toArray()).toEqual(before);
    expect(() => loadCheckpoint(writeSafetensors({ w: Tensor.zeros([1]) }, { format: 'pt' }), { model: b.model })).toThrow(FormatError);
    expect(() => saveCheckpoint({ model: a.model, step: -1 })).toThrow(ValueError);
  });

  it('never fails with anything but a typed error on corrupted checkpoints (fuzz)', () => {
    const a = build(3, 'adam');
    trainStep(a);
    const bytes = saveCheckpoint({ model: a.model, optimizer: a.opt, scheduler: a.sched });
    const headerLen = new DataView(bytes.buffer).getUint32(0, true);
    fc.assert(fc.property(fc.nat(headerLen + 7), fc.integer({ min: 0, max: 255 }), (at, v) => {
      const b = bytes.slice();
      b[at] = v;
      const c = build(3, 'adam');
      try {
        loadCheckpoint(b, { model: c.model, optimizer: c.opt, scheduler: c.sched });
      } catch (e) {
        expect(e).toBeInstanceOf(RnnWasmError);
      }
    }), { numRuns: 300 });
  });
});
