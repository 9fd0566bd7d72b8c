// nn.quantizeDynamic: every recurrent form and Linear/Sequential against the float32 module (and
// the float32 module whose weights are the int8 weights dequantized), streaming step equal to
// forward bit for bit, the error over T up to 512, and the refusals.
import { describe, expect, it } from 'vitest';
import { nn, noGrad, setRuntime, StateError, Tensor, ValueError, type Runtime } from '../../src/index.js';
import { QuantizedRecurrent } from '../../src/nn/quantized/recurrent.js';
import { ISAS, randomArray, runtimeFor } from '../helpers.js';

type AnyRec = nn.LSTM | nn.GRU | nn.RNN;
interface Cfg { name: string; make: (rt: Runtime) => AnyRec; B: number; T: number; lengths?: number[]; states?: boolean }

const I = 12, H = 20;
const CFGS: Cfg[] = [
  { name: 'LSTM', make: (rt) => new nn.LSTM({ inputSize: I, hiddenSize: H, runtime: rt }), B: 1, T: 30 },
  { name: 'LSTM peephole', make: (rt) => new nn.LSTM({ inputSize: I, hiddenSize: H, peephole: true, runtime: rt }), B: 2, T: 17 },
  { name: 'LSTM hard_sigmoid', make: (rt) => new nn.LSTM({ inputSize: I, hiddenSize: H, gateActivation: 'hard_sigmoid', runtime: rt }), B: 1, T: 9 },
  { name: 'GRU', make: (rt) => new nn.GRU({ inputSize: I, hiddenSize: H, runtime: rt }), B: 3, T: 21 },
  { name: 'GRU reset before', make: (rt) => new nn.GRU({ inputSize: I, hiddenSize: H, resetAfter: false, runtime: rt }), B: 1, T: 25 },
  { name: 'GRU hard_sigmoid no bias', make: (rt) => new nn.GRU({ inputSize: I, hiddenSize: H, gateActivation: 'hard_sigmoid', bias: false, runtime: rt }), B: 2, T: 8 },
  { name: 'RNN tanh', make: (rt) => new nn.RNN({ inputSize: I, hiddenSize: H, runtime: rt }), B: 1, T: 40 },
  { name: 'RNN relu', make: (rt) => new nn.RNN({ inputSize: I, hiddenSize: H, nonlinearity: 'relu', runtime: rt }), B: 2, T: 12 },
  {
    name: 'LSTM 2-layer bidirectional, lengths, h0/c0', B: 3, T: 11, lengths: [11, 4, 7], states: true,
    make: (rt) => new nn.LSTM({ inputSize: I, hiddenSize: H, numLayers: 2, bidirectional: true, runtime: rt }),
  },
  { name: 'GRU time-major 2-layer', make: (rt) => new nn.GRU({ inputSize: I, hiddenSize: H, numLayers: 2, batchFirst: false, runtime: rt }), B: 2, T: 10 },
];

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

// The float module with its weights replaced by the int8 weights dequantized (q · s): the int8
// model differs from it only by the activation quantization.
function dequantizedTwin(m: AnyRec, q: QuantizedRecurrent, make: () => AnyRec): AnyRec {
  const twin = make();
  const dict: Record<string, { shape: number[]; data: Float32Array }> = {};
  for (const [n, t] of m.namedParameters()) dict[n] = { shape: t.shape.slice(), data: t.toArray() as Float32Array };
  const D = m.bidirectional ? 2 : 1;
  q.dirs.forEach((d, i) => {
    const s = `_l${Math.floor(i / D)}${i % D ? '_reverse' : ''}`;
    dict[`weight_ih${s}`].data = d.wIh.dequantized();
    dict[`weight_hh${s}`].data = d.wHh.dequantized();
  });
  twin.loadStateDict(dict);
  return twin.eval();
}

describe.each(ISAS)('quantizeDynamic recurrent modules (%s)', (isa) => {
  it.each(CFGS.map((c) => [c.name, c] as const))('%s: close to float32 and to its dequantized-weight twin; step = forward', async (_n, cfg) => {
    const rt = await runtimeFor(isa);
    setRuntime(rt);
    const m = cfg.make(rt).eval();
    const q = nn.quantizeDynamic(m, { dtype: 'int8' }) as QuantizedRecurrent;
    expect(q).toBeInstanceOf(QuantizedRecurrent);
    expect(q.parameters()).toEqual([]);
    const { B, T } = cfg;
    const shape = m.batchFirst ? [B, T, I] : [T, B, I];
    const x = Tensor.from(randomArray(B * T * I, 5, 1.5), shape, { runtime: rt });
    const L = m.numLayers * (m.bidirectional ? 2 : 1);
    const opts: Record<string, unknown> = {};
    if (cfg.lengths) opts.lengths = cfg.lengths;
    if (cfg.states) {
      opts.h0 = Tensor.from(randomArray(L * B * H, 6, 0.5), [L, B, H], { runtime: rt });
      opts.c0 = Tensor.from(randomArray(L * B * H, 7, 0.5), [L, B, H], { runtime: rt });
    }
    const f = noGrad(() => (m as nn.LSTM).forward(x, opts));
    const r = q.forward(x, opts);
    const twin = dequantizedTwin(m, q, () => cfg.make(rt));
    const t = noGrad(() => (twin as nn.LSTM).forward(x, opts));
    expect(r.output.shape).toEqual(f.output.shape);
    expect(r.h.shape).toEqual(f.h.shape);
    const errFloat = Math.max(maxAbs(r.output.toArray(), f.output.toArray()), maxAbs(r.h.toArray(), f.h.toArray()), f.c ? maxAbs(r.c!.toArray(), f.c.toArray()) : 0);
    const errTwin = Math.max(maxAbs(r.output.toArray(), t.output.toArray()), maxAbs(r.h.toArray(), t.h.toArray()));
    console.log(`${isa} ${cfg.name}: max |int8 - float32| = ${errFloat.toExponential(2)}, vs dequantized-weight twin ${errTwin.toExponential(2)}`);
    expect(errFloat).toBeLessThan(0.05);
    expect(errFloat).toBeGreaterThan(0); // it is int8 arithmetic, not the float path
    expect(errTwin).toBeLessThan(0.03);
    if (cfg.lengths) {
      // Padded steps are exactly zero, as in the float module.
      const out = r.output.toArray();
      for (let b = 0; b < B; b++) for (let s = cfg.lengths[b]; s < T; s++) for (let j = 0; j < 2 * H; j++) expect(out[(b * T + s) * 2 * H + j]).toBe(0);
    }
    // Streaming: one frame at a time gives the forward's outputs exactly (the same per-row codes,
    // and the GEMV and GEMM compute the same integers).
    if (!m.bidirectional && !cfg.lengths) {
      let st = q.initialState(B);
      const xs = x.toArray();
      const full = r.output.toArray();
      for (let s = 0; s < T; s++) {
        const frame = new Float32Array(B * I);
        for (let b = 0; b < B; b++) frame.set(xs.subarray(m.batchFirst ? (b * T + s) * I : (s * B + b) * I, (m.batchFirst ? (b * T + s) : (s * B + b)) * I + I), b * I);
        const o = q.step(Tensor.from(frame, [B, I], { runtime: rt }), st);
        st = o.state;
        const got = o.output.toArray();
        for (let b = 0; b < B; b++) {
          for (let j = 0; j < H; j++) {
            const want = full[m.batchFirst ? (b * T + s) * H + j : (s * B + b) * H + j];
            if (got[b * H + j] !== want) throw new Error(`step ${s} row ${b} unit ${j}: ${got[b * H + j]} vs forward ${want}`);
          }
        }
      }
    }
    rt.resetStep();
  });
});

describe('quantizeDynamic error over time', () => {
  it('LSTM and GRU hidden states vs float32 for T up to 512 (printed), bounded', async () => {
    const rt = await runtimeFor('relaxed');
    setRuntime(rt);
    for (const make of [() => new nn.LSTM({ inputSize: 32, hiddenSize: 64, runtime: rt }), () => new nn.GRU({ inputSize: 32, hiddenSize: 64, runtime: rt })]) {
      const m = make().eval();
      const q = nn.quantizeDynamic(m, { dtype: 'int8' }) as QuantizedRecurrent;
      const T = 512;
      const x = Tensor.from(randomArray(T * 32, 9, 1), [1, T, 32], { runtime: rt });
      const a = noGrad(() => m.forward(x)).output.toArray();
      const b = q.forward(x).output.toArray();
      const rows: string[] = [];
      let prev = 0;
      for (const upTo of [16, 64, 128, 256, 512]) {
        let worst = 0, sum = 0;
        for (let i = prev * 64; i < upTo * 64; i++) { const e = Math.abs(a[i] - b[i]); worst = Math.max(worst, e); sum += e; }
        rows.push(`t ${prev}..${upTo - 1}: max ${worst.toFixed(4)} mean ${(sum / ((upTo - prev) * 64)).toFixed(5)}`);
        expect(worst).toBeLessThan(0.05);
        prev = upTo;
      }
      console.log(`${q.name} H=64 |int8 - float32| by time window: ${rows.join('; ')}`);
      rt.resetStep();
    }
  });
});

describe('quantizeDynamic Linear and Sequential', () => {
  it.each(ISAS)('%s: Linear over leading dims and Sequential(Linear, Dropout, Linear) close to float32', async (isa) => {
    const rt = await runtimeFor(isa);
    setRuntime(rt);
    for (const [inF, outF] of [[1, 1], [17, 5], [64, 33]]) {
      const lin = new nn.Linear(inF, outF, { runtime: rt }).eval();
      const ql = nn.quantizeDynamic(lin, { dtype: 'int8' }) as nn.QuantizedLinear;
      const x = Tensor.from(randomArray(3 * 4 * inF, inF, 2), [3, 4, inF], { runtime: rt });
      const want = noGrad(() => lin.forward(x)).toArray();
      const got = ql.forward(x);
      expect(got.shape).toEqual([3, 4, outF]);
      expect(maxAbs(got.toArray(), want)).toBeLessThan(0.03 * Math.sqrt(inF));
    }
    const seq = new nn.Sequential(new nn.Linear(10, 16, { runtime: rt }), new nn.Dropout(0.5), new nn.Linear(16, 3, { runtime: rt })).eval();
    const qs = nn.quantizeDynamic(seq, { dtype: 'int8', perTensor: true }) as nn.Sequential;
    expect(qs.layers[0]).toBeInstanceOf(nn.QuantizedLinear);
    expect(qs.layers[1]).toBe(seq.layers[1]);
    const x = Tensor.from(randomArray(5 * 10, 3, 1), [5, 10], { runtime: rt });
    expect(maxAbs(qs.forward(x).toArray(), noGrad(() => seq.forward(x)).toArray())).toBeLessThan(0.05);
    rt.resetStep();
  });
});

describe('quantizeDynamic refusals', () => {
  it('refuses training mode, other dtypes, unknown options and modules without an int8 form; int8 modules refuse train()', async () => {
    const rt = await runtimeFor('simd');
    setRuntime(rt);
    const m = new nn.LSTM({ inputSize: 4, hiddenSize: 8, runtime: rt });
    expect(() => nn.quantizeDynamic(m, { dtype: 'int8' })).toThrow(StateError);
    expect(() => nn.quantizeDynamic(m, { dtype: 'int8' })).toThrow(/training mode; call \.eval\(\) first/);
    const seq = new nn.Sequential(new nn.Linear(2, 2, { runtime: rt }));
    seq.training = false; // the child is still training
    expect(() => nn.quantizeDynamic(seq, { dtype: 'int8' })).toThrow(/its child Linear/);
    m.eval();
    expect(() => nn.quantizeDynamic(m, { dtype: 'int4' as 'int8' })).toThrow(ValueError);
    expect(() => nn.quantizeDynamic(m, { dtype: 'int8', scheme: 1 } as never)).toThrow(ValueError);
    expect(() => nn.quantizeDynamic(m, { dtype: 'int8', perTensor: 'yes' } as never)).toThrow(ValueError);
    expect(() => nn.quantizeDynamic(new nn.LSTMCell({ inputSize: 2, hiddenSize: 2, runtime: rt }).eval(), { dtype: 'int8' })).toThrow(/LSTMCell has no int8 form/);
    const q = nn.quantizeDynamic(m, { dtype: 'int8' }) as QuantizedRecurrent;
    expect(() => q.train()).toThrow(StateError);
    expect(q.eval()).toBe(q);
    expect(() => q.forward(Tensor.zeros([1, 3, 5], { runtime: rt }))).toThrow(/x must be \[B, T, 4\], got \[1, 3, 5\]/);
    expect(() => q.forward(Tensor.zeros([1, 3, 4], { runtime: rt }), { sequence: 'gates' as 'cell' })).toThrow(ValueError);
  });
});
