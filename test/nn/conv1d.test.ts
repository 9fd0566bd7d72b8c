// nn.Conv1d against PyTorch 1.13 (test/fixtures/pytorch/conv1d.safetensors, written by
// scripts/make_conv1d_fixtures.py): loads `weight`/`bias` by name, matches the output and the
// gradients of x, weight and bias for loss = Σ y ⊙ r, on all three builds.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getRuntime, manualSeed, nn, noGrad, parseSafetensors, readSafetensors, setRuntime, sum, mul, Tensor, ValueError } from '../../src/index.js';
import { ISAS, runtimeFor, worstRelErr } from '../helpers.js';

const FIXTURE = new URL('../fixtures/pytorch/conv1d.safetensors', import.meta.url);

interface FixtureCase {
  name: string; in: number; out: number; k: number; stride: number;
  padding: number | [number, number] | 'same' | 'valid'; dilation: number; groups: number; bias: boolean;
}

function expectClose(got: Tensor | null, want: Tensor, what: string): void {
  expect(got, what).not.toBeNull();
  expect(got!.shape, what).toEqual(want.shape);
  const { err, index } = worstRelErr(got!.toArray(), want.toArray());
  expect(err, `${what}: worst error at ${index}`).toBeLessThan(1e-5);
}

describe.each(ISAS)('nn.Conv1d vs PyTorch (%s build)', (isa) => {
  beforeAll(async () => {
    setRuntime(await runtimeFor(isa));
  });

  const { metadata } = parseSafetensors(new Uint8Array(readFileSync(FIXTURE)));
  const cases = JSON.parse(metadata!.cases) as FixtureCase[];
  it('the fixture holds every case', () => expect(cases.length).toBe(14));

  for (const c of cases) {
    it(`${c.name}: output and gradients of x, weight, bias`, () => {
      const { tensors: t } = readSafetensors(new Uint8Array(readFileSync(FIXTURE)));
      const conv = new nn.Conv1d(c.in, c.out, c.k, { stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups, bias: c.bias });
      const dict: Record<string, Tensor> = { weight: t[`${c.name}.weight`] };
      if (c.bias) dict.bias = t[`${c.name}.bias`];
      expect(conv.loadStateDict(dict)).toEqual({ missingKeys: [], unexpectedKeys: [] });
      const x = t[`${c.name}.x`];
      x.requiresGrad = true;
      const y = conv.forward(x);
      expectClose(y, t[`${c.name}.y`], 'y');
      sum(mul(y, t[`${c.name}.r`])).backward();
      expectClose(x.grad, t[`${c.name}.x_grad`], 'x.grad');
      expectClose(conv.weight.grad, t[`${c.name}.weight_grad`], 'weight.grad');
      if (c.bias) expectClose(conv.bias!.grad, t[`${c.name}.bias_grad`], 'bias.grad');
      conv.zeroGrad();
    });
  }
});

describe('nn.Conv1d module', () => {
  it('PyTorch parameter names and shapes; default init within ±1/√(Cin/groups·K)', async () => {
    setRuntime(await runtimeFor('simd'));
    manualSeed(3);
    const conv = new nn.Conv1d(6, 4, 5, { groups: 2 });
    expect(conv.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([['weight', [4, 3, 5]], ['bias', [4]]]);
    const bound = 1 / Math.sqrt(15);
    for (const p of conv.parameters()) {
      const v = Array.from(p.toArray());
      expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(bound);
      expect(Math.max(...v.map(Math.abs))).toBeGreaterThan(bound * 0.5);
    }
    expect(new nn.Conv1d(2, 2, 3, { bias: false }).bias).toBeNull();
    expect(new nn.Conv1d(2, 2, 3, { padding: [1, 2] }).padding).toEqual([1, 2]);
  });

  it.each(ISAS)('an inference forward keeps the packed weight until the weight is written (%s build)', async (isa) => {
    setRuntime(await runtimeFor(isa));
    manualSeed(11);
    const conv = new nn.Conv1d(6, 10, 3, { groups: 2, padding: 1 });
    for (const L of [1, 5]) {
      const x = Tensor.from(Array.from({ length: 2 * 6 * L }, (_, i) => Math.sin(i * 0.7)), [2, 6, L]);
      const train = (): Float32Array => conv.forward(x).toArray() as Float32Array; // weights require grad: packed per call
      const infer = (): Float32Array => noGrad(() => conv.forward(x)).toArray() as Float32Array;
      const first = infer();
      expect(first).toEqual(train());
      const packs = getRuntime().memoryStats().packsBytes;
      expect(infer()).toEqual(first);
      expect(getRuntime().memoryStats().packsBytes).toBe(packs); // the kept copy, not a new one
      const w = conv.weight.data(); // a view handed out counts as a write: the next forward repacks
      const w1 = w[1];
      w[1] = w1 + 0.5; // the centre tap: it reaches x at every length
      const second = infer();
      expect(second).not.toEqual(first);
      expect(second).toEqual(train());
      w[1] = w1; // through a view taken before that forward: markModified() says so (Tensor docs)
      conv.weight.markModified();
      expect(infer()).toEqual(first);
    }
  });

  it('rejects bad configurations before drawing any weights', async () => {
    setRuntime(await runtimeFor('simd'));
    expect(() => new nn.Conv1d(3, 4, 3, { groups: 2 })).toThrow(/Conv1d: groups \(2\) must divide/);
    expect(() => new nn.Conv1d(3, 4, 0)).toThrow(ValueError);
    expect(() => new nn.Conv1d(3, 4, 3, { stride: 2, padding: 'same' })).toThrow(/Conv1d: padding 'same' needs stride 1/);
    expect(() => new nn.Conv1d(3, 4, 3, { padding_mode: 'zeros' } as never)).toThrow(/unknown option 'padding_mode'/);
  });
});
