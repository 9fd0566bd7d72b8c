// int8 accuracy against float64 PyTorch: the W2 / W5 benchmark models (B = 1, T = 128, I = 64,
// H = 256) and a T = 512 LSTM (test/fixtures/pytorch/int8_reference.safetensors, made by
// scripts/make_int8_fixtures.py), and the golden recurrent cases of ../shared/golden: every hidden
// state of the int8 model within 0.02 (absolute) of the reference. The float32 model's error is
// printed beside it.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { nn, noGrad, parseSafetensors, setRuntime, Tensor, type Runtime } from '../../src/index.js';
import { goldenDir, loadCases, toTensor, type GoldenTensor } from '../golden/common.js';
import { ISAS, runtimeFor } from '../helpers.js';
import { CASES, caseTensors } from './int8_reference_cases.mjs';

const TOL = 0.02;
const fixture = parseSafetensors(new Uint8Array(readFileSync(new URL('../fixtures/pytorch/int8_reference.safetensors', import.meta.url))));
const ref = new Map(fixture.tensors.map((t) => [t.name, t.data as Float32Array]));

function worst(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe.each(ISAS)('int8 vs float64 PyTorch (%s)', (isa) => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s: every hidden state within 0.02', async (_n, c) => {
    const rt = await runtimeFor(isa);
    setRuntime(rt);
    const t = caseTensors(c);
    const Cls = c.cell === 'lstm' ? nn.LSTM : nn.GRU;
    const m = new Cls({ inputSize: c.I, hiddenSize: c.H, runtime: rt });
    m.loadStateDict(t.params);
    m.eval();
    const x = Tensor.from(t.x.data, t.x.shape, { runtime: rt });
    const want = ref.get(`${c.name}.output`)!;
    const f32 = worst(noGrad(() => m.forward(x)).output.toArray(), want);
    const rows = worst((nn.quantizeDynamic(m, { dtype: 'int8' }) as nn.QuantizedRecurrent).forward(x).output.toArray(), want);
    const tensor = worst((nn.quantizeDynamic(m, { dtype: 'int8', perTensor: true }) as nn.QuantizedRecurrent).forward(x).output.toArray(), want);
    console.log(`${isa} ${c.name} (T=${c.T} H=${c.H}): max |y - float64 PyTorch| float32 ${f32.toExponential(2)}, int8 per-row ${rows.toFixed(4)}, int8 per-tensor ${tensor.toFixed(4)}`);
    expect(f32).toBeLessThan(1e-4);
    expect(rows).toBeLessThan(TOL);
    expect(tensor).toBeLessThan(2 * TOL); // printed: PyTorch's default, coarser
    rt.resetStep();
  });
});

// The golden recurrent cases (kind 'rnn'): the int8 model's outputs and final states.
const golden = loadCases(goldenDir()).filter(({ c }) => c.kind === 'rnn');

describe('int8 on the golden recurrent cases', () => {
  it('has cases', () => expect(golden.length).toBeGreaterThan(5));
  it.each(golden.map(({ file, c }) => [file, c] as const))('%s: outputs and final states within 0.02 of float64 PyTorch', async (_f, c) => {
    const rt: Runtime = await runtimeFor('relaxed');
    setRuntime(rt);
    const cf = c.config as Record<string, never>;
    const base = {
      inputSize: cf.input_size, hiddenSize: cf.hidden_size, numLayers: cf.num_layers, bidirectional: cf.bidirectional,
      bias: cf.bias, batchFirst: cf.batch_first, runtime: rt,
    };
    const cell = cf.cell as string;
    const m = cell === 'lstm' ? new nn.LSTM({ ...base, peephole: !!cf.peephole })
      : cell === 'gru' ? new nn.GRU(base) : new nn.RNN({ ...base, nonlinearity: cf.nonlinearity });
    m.loadStateDict(c.params as Record<string, GoldenTensor>);
    m.eval();
    const q = nn.quantizeDynamic(m, { dtype: 'int8' }) as nn.QuantizedRecurrent;
    const inp = c.inputs as Record<string, GoldenTensor>;
    const out = c.outputs as Record<string, GoldenTensor>;
    const x = toTensor(rt, inp.x);
    const r = q.forward(x, {
      h0: inp.h0 ? toTensor(rt, inp.h0) : null, c0: inp.c0 ? toTensor(rt, inp.c0) : null, lengths: inp.lengths ? inp.lengths.data : null,
    });
    const errs = [worst(r.output.toArray(), out.output.data), worst(r.h.toArray(), out.h_n.data)];
    if (r.c) errs.push(worst(r.c.toArray(), out.c_n.data));
    console.log(`${c.case}: max |int8 - float64| output ${errs[0].toFixed(4)}, h_n ${errs[1].toFixed(4)}${r.c ? `, c_n ${errs[2].toFixed(4)}` : ''}`);
    for (const e of errs) expect(e).toBeLessThan(TOL);
    rt.resetStep();
  });
});
