// Optimizers against float64 torch.optim re-implementations, step-end semantics, non-finite
// skipping, clipping and schedules.
import { describe, expect, it } from 'vitest';
import { Tensor, optim, nn, sum, StateError, ValueError, setRuntime, Rng } from '../../src/index.js';
import { ISAS, randomArray, runtimeFor, worstRelErr } from '../helpers.js';
import { adamRef, rmspropRef, sgdRef, type RefOpt } from './torch_ref.js';

const N = 37; // not a multiple of 4: SIMD remainders

/** Four steps with mixed-magnitude gradients (some exact zeros); returns the worst rel. error. */
function compare(rt: Awaited<ReturnType<typeof runtimeFor>>, make: (p: Tensor[]) => optim.Optimizer, ref: RefOpt): number {
  const p0 = randomArray(N, 3);
  const p = Tensor.from(p0, [N], { runtime: rt, arena: 'params', requiresGrad: true });
  p.grad = Tensor.zeros([N], { runtime: rt, arena: 'state' });
  const opt = make([p]);
  const p64 = Float64Array.from(p0);
  let worst = 0;
  for (let s = 0; s < 4; s++) {
    const g = randomArray(N, 10 + s).map((v, i) => (i % 9 === 0 ? 0 : v * 10 ** -(i % 4)));
    p.grad.data().set(g);
    opt.step();
    ref.step(p64, Float64Array.from(g));
    worst = Math.max(worst, worstRelErr(p.toArray(), p64).err);
  }
  return worst;
}

describe.each(ISAS)('optimizers on %s', (isa) => {
  const cfgs: [string, (p: Tensor[]) => optim.Optimizer, () => RefOpt][] = [
    ['SGD plain', (p) => new optim.SGD(p, { lr: 0.1 }), () => sgdRef({ lr: 0.1 })],
    ['SGD momentum', (p) => new optim.SGD(p, { lr: 0.1, momentum: 0.9 }), () => sgdRef({ lr: 0.1, momentum: 0.9 })],
    ['SGD dampening+wd', (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.8, dampening: 0.3, weightDecay: 0.01 }), () => sgdRef({ lr: 0.05, momentum: 0.8, dampening: 0.3, weightDecay: 0.01 })],
    ['SGD nesterov', (p) => new optim.SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true }), () => sgdRef({ lr: 0.1, momentum: 0.9, nesterov: true })],
    ['Adam', (p) => new optim.Adam(p, { lr: 0.01 }), () => adamRef({ lr: 0.01 })],
    ['Adam eps 1e-3 betas', (p) => new optim.Adam(p, { lr: 0.005, betas: [0.8, 0.95], eps: 1e-3 }), () => adamRef({ lr: 0.005, betas: [0.8, 0.95], eps: 1e-3 })],
    ['Adam L2', (p) => new optim.Adam(p, { lr: 0.01, weightDecay: 0.1 }), () => adamRef({ lr: 0.01, weightDecay: 0.1 })],
    ['AdamW', (p) => new optim.AdamW(p, { lr: 0.01, weightDecay: 0.1 }), () => adamRef({ lr: 0.01, weightDecay: 0.1, decoupled: true })],
    ['RMSprop', (p) => new optim.RMSprop(p, { lr: 0.01 }), () => rmspropRef({ lr: 0.01 })],
    ['RMSprop centered+momentum+wd', (p) => new optim.RMSprop(p, { lr: 0.01, centered: true, momentum: 0.9, weightDecay: 0.01, alpha: 0.9 }), () => rmspropRef({ lr: 0.01, centered: true, momentum: 0.9, weightDecay: 0.01, alpha: 0.9 })],
  ];
  it.each(cfgs)('%s matches torch.optim in float64', async (_n, make, ref) => {
    expect(compare(await runtimeFor(isa), make, ref())).toBeLessThanOrEqual(2e-6);
  });
});

describe('optimizer step semantics', async () => {
  const rt = await runtimeFor('simd');
  setRuntime(rt);

  it('ends the step: tensors from it become stale, the tape is cleared', () => {
    const l = new nn.Linear(3, 2, { rng: new Rng(1) });
    const opt = new optim.SGD(l.parameters(), { lr: 0.1 });
    const x = Tensor.from([1, 2, 3], [1, 3]);
    const y = l.forward(x);
    sum(y).backward();
    opt.step();
    expect(() => y.toArray()).toThrow(StateError);
    expect(() => l.forward(x)).toThrow(/stale/);
    expect(() => sum(y)).toThrow(StateError);
    expect(l.weight.toArray().length).toBe(6); // parameters and grads survive
    expect(l.weight.grad!.toArray().length).toBe(6);
  });

  it('skips a step with non-finite gradients when asked, and counts it', () => {
    const p = Tensor.from([1, 2], [2], { arena: 'params', requiresGrad: true });
    const q = Tensor.from([3], [1], { arena: 'params', requiresGrad: true });
    const opt = new optim.Adam([p, q], { lr: 0.1, skipNonFinite: true });
    p.grad = Tensor.from([0.5, NaN], [2], { arena: 'state' });
    q.grad = Tensor.from([1], [1], { arena: 'state' });
    expect(opt.step()).toBe(false);
    expect(opt.skippedSteps).toBe(1);
    expect(Array.from(p.toArray())).toEqual([1, 2]);
    expect(Array.from(q.toArray())).toEqual([3]);
    p.grad.data()[1] = 0.5;
    expect(opt.step()).toBe(true);
    expect(opt.stepCount).toBe(1);
    expect(p.toArray()[0]).toBeCloseTo(0.9, 5);
  });

  it('leaves parameters without a gradient alone', () => {
    const p = Tensor.from([1, 2], [2], { arena: 'params', requiresGrad: true });
    new optim.SGD([p], { lr: 1, momentum: 0.9 }).step();
    expect(Array.from(p.toArray())).toEqual([1, 2]);
  });

  it('rejects bad arguments with typed errors', () => {
    const p = Tensor.from([1], [1], { arena: 'params', requiresGrad: true });
    expect(() => new optim.SGD([], {})).toThrow('SGD: params is empty');
    expect(() => new optim.SGD([p], { lr: -1 })).toThrow('SGD: lr must be a number in [0, Infinity), got -1');
    expect(() => new optim.SGD([p], { nesterov: true })).toThrow(ValueError);
    expect(() => new optim.Adam([p], { betas: [0.9] as never })).toThrow('Adam: betas must be [beta1, beta2]');
    expect(() => new optim.Adam([p], { beta1: 0.9 } as never)).toThrow("Adam: unknown option 'beta1'");
    expect(() => new optim.RMSprop([Tensor.from([1], [1], { requiresGrad: true })])).toThrow(/step arena/);
    expect(() => new optim.AdamW([Tensor.from([1], [1], { arena: 'params' })])).toThrow('AdamW: params[0] [1] does not require grad');
  });
});

describe('clipping and schedules', async () => {
  const rt = await runtimeFor('relaxed');
  setRuntime(rt);
  const withGrads = (gs: number[][]): Tensor[] => gs.map((g) => {
    const p = Tensor.zeros([g.length], { arena: 'params', requiresGrad: true });
    p.grad = Tensor.from(g, [g.length], { arena: 'state' });
    return p;
  });

  it('clipGradNorm uses one global norm, returns it, and scales by max/(norm+1e-6)', () => {
    const ps = withGrads([[3, 0], [4], [0, 0, 12]]);
    const norm = optim.clipGradNorm(ps, 6.5);
    expect(norm).toBeCloseTo(13, 6);
    const c = 6.5 / (13 + 1e-6);
    expect(Array.from(ps[0].grad!.toArray())).toEqual([Math.fround(3 * c), 0]);
    expect(ps[2].grad!.toArray()[2]).toBeCloseTo(12 * c, 6);
    const qs = withGrads([[3, 4]]);
    expect(optim.clipGradNorm(qs, 5.1)).toBeCloseTo(5, 6);
    expect(Array.from(qs[0].grad!.toArray())).toEqual([3, 4]); // coef >= 1: untouched
    expect(() => optim.clipGradNorm(qs, -1)).toThrow(ValueError);
  });

  it('clipGradNorm with a non-finite norm makes every gradient NaN, as torch does', () => {
    const ps = withGrads([[1, NaN], [2]]);
    expect(optim.clipGradNorm(ps, 1)).toBeNaN();
    expect(Array.from(ps[1].grad!.toArray())).toEqual([NaN]);
  });

  it('clipGradValue clamps elementwise', () => {
    const ps = withGrads([[-3, 0.5, 2]]);
    optim.clipGradValue(ps, 1);
    expect(Array.from(ps[0].grad!.toArray())).toEqual([-1, 0.5, 1]);
  });

  it('StepLR and CosineAnnealingLR follow the closed forms', () => {
    const p = withGrads([[0]]);
    const o1 = new optim.SGD(p, { lr: 1 });
    const s1 = new optim.StepLR(o1, { stepSize: 2, gamma: 0.5 });
    expect([s1.step(), s1.step(), s1.step(), s1.step(), s1.step()]).toEqual([1, 0.5, 0.5, 0.25, 0.25]);
    const o2 = new optim.Adam(p, { lr: 0.1 });
    const s2 = new optim.CosineAnnealingLR(o2, { tMax: 4, etaMin: 0.01 });
    const lrs = [1, 2, 3, 4].map(() => s2.step());
    expect(lrs[1]).toBeCloseTo(0.055, 12);
    expect(lrs[3]).toBeCloseTo(0.01, 12);
    expect(o2.lr).toBe(lrs[3]);
    expect(() => new optim.StepLR(o1, { stepSize: 0 })).toThrow(ValueError);
  });
});
