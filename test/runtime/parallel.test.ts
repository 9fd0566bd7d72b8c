// Kernels split over threads give exactly one thread's results: GEMMs (every path: few rows,
// transposed operands, row and column splits, packed B), optimizer updates, training, and the
// recurrent scan's splits (batch pieces, B = 1 hidden-unit shares, directions side by side).
import { afterAll, describe, expect, it } from 'vitest';
import { createRuntime, setRuntime, Tensor, nn, optim, crossEntropy, reshape, mean, mul, add, Rng, type Runtime } from '../../src/index.js';
import { gemm } from '../../src/autograd/kern.js';
import { gemmPacked, splitRange } from '../../src/runtime/parallel.js';
import { Job } from '../../src/runtime/pool.js';
import { randomArray, put, get } from '../helpers.js';

/** Kernel calls and barriers recorded into jobs while f runs: per thread, kernel name -> count. */
function recordedCalls(f: () => void): { calls: Map<string, number>[]; barriers: number } {
  const calls: Map<string, number>[] = [];
  let barriers = 0;
  const { push, barrier } = Job.prototype;
  Job.prototype.push = function (this: Job, t: number, fn: number, args: readonly number[]) {
    const name = [...this.index].find(([, i]) => i === fn)![0];
    while (calls.length <= t) calls.push(new Map());
    calls[t].set(name, (calls[t].get(name) ?? 0) + 1);
    return push.call(this, t, fn, args);
  };
  Job.prototype.barrier = function (this: Job) {
    barriers++;
    return barrier.call(this);
  };
  try {
    f();
  } finally {
    Object.assign(Job.prototype, { push, barrier });
  }
  return { calls, barriers };
}

type Pass = { out: Float32Array; dx: Float32Array; jobs: number[] };
/** Forward of `m` on x, then backward of the mean: output, dx and the pool jobs each pass ran. */
function passWithJobs(rt: Runtime, m: { forward(x: Tensor): { output: Tensor } }, x: Tensor): Pass {
  const j0 = rt.pool?.jobsRun ?? 0;
  const { output } = m.forward(x);
  const j1 = rt.pool?.jobsRun ?? 0;
  mean(output).backward();
  const j2 = rt.pool?.jobsRun ?? 0;
  const res = { out: output.toArray() as Float32Array, dx: x.grad!.toArray() as Float32Array, jobs: [j1 - j0, j2 - j1] };
  rt.resetStep();
  return res;
}

const BUILDS = ['relaxed', 'simd'] as const;
const THREADS = [2, 3];
const runtimes: Runtime[] = [];
async function runtime(isa: (typeof BUILDS)[number], threads: number): Promise<Runtime> {
  const rt = await createRuntime({ simd: isa, threads, requireThreads: threads > 1 });
  runtimes.push(rt);
  return rt;
}
afterAll(() => runtimes.forEach((rt) => rt.close()));

function bitsEqual(a: Float32Array, b: Float32Array): boolean {
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return a.length === b.length && ua.every((x, i) => x === ub[i]);
}

interface Case { M: number; N: number; K: number; tA: boolean; tB: boolean; acc: boolean; bias: boolean }
// Every path of f32_gemm: x·W^T with 1-3 rows, B read in place (M <= 8, M = 1), packed B, A^T
// transposed or packed from A^T; column splits (N past 2 units) and row splits (few columns).
const CASES: Case[] = [];
for (const M of [1, 2, 3, 5, 8, 9, 24, 37, 130]) {
  for (const N of [65, 200, 300, 1024]) {
    for (const [tA, tB] of [[false, false], [false, true], [true, false]] as const) {
      const K = M * N * 128 >= 1 << 18 ? 128 : 1 + Math.ceil((1 << 18) / (M * N));
      CASES.push({ M, N, K, tA, tB, acc: (M + N) % 2 === 1, bias: M % 3 !== 0 });
    }
  }
}

function runGemm(rt: Runtime, c: Case): Float32Array {
  const { M, N, K, tA, tB } = c;
  rt.resetStep();
  const A = put(rt, randomArray(M * K, 1 + M));
  const B = put(rt, randomArray(K * N, 2 + N));
  const C = put(rt, randomArray(M * N, 3));
  const bias = c.bias ? put(rt, randomArray(N, 4)) : 0;
  gemm(rt, M, N, K, A, tA ? M : K, tA, B, tB ? K : N, tB, C, N, c.acc, bias);
  return get(rt, C, M * N);
}

describe('splitRange', () => {
  it('cuts at multiples of the unit, never more pieces than units', () => {
    expect(splitRange(1024, 32, 2)).toEqual([0, 512, 1024]);
    expect(splitRange(1024, 96, 2)).toEqual([0, 480, 1024]);
    expect(splitRange(100, 32, 3)).toEqual([0, 32, 64, 100]);
    expect(splitRange(40, 32, 3)).toEqual([0, 32, 40]);
    expect(splitRange(20, 32, 3)).toEqual([0, 20]);
  });
});

describe.each(BUILDS)('%s build', (isa) => {
  it.each(THREADS)('f32_gemm on %i threads equals one thread bit for bit (%#)', async (n) => {
    const one = await runtime(isa, 1);
    const many = await runtime(isa, n);
    expect(many.threads).toBe(n);
    const jobs0 = many.pool!.jobsRun;
    let split = 0;
    for (const c of CASES) {
      const before = many.pool!.jobsRun;
      const got = runGemm(many, c);
      split += many.pool!.jobsRun - before;
      expect(bitsEqual(got, runGemm(one, c)), JSON.stringify(c)).toBe(true);
    }
    // Most cases really ran on the threads (a few are too narrow and too short to split).
    expect(many.pool!.jobsRun - jobs0).toBe(split);
    expect(split).toBeGreaterThan(CASES.length * 0.8);
  });

  it.each(THREADS)('f32_gemm_packed on %i threads equals one thread bit for bit', async (n) => {
    const one = await runtime(isa, 1);
    const many = await runtime(isa, n);
    const jobs0 = many.pool!.jobsRun;
    let cases = 0;
    for (const M of [1, 2, 4, 7, 32]) {
      for (const N of [72, 300, 1000, 1024]) {
        for (const reverse of [0, 1]) {
          const K = Math.max(64, Math.ceil((1 << 18) / (M * N)));
          const out = [one, many].map((rt) => {
            rt.resetStep();
            const A = put(rt, randomArray(M * K, 5));
            const W = put(rt, randomArray(N * K, 6));
            const packed = rt.step.alloc(Number(rt.k.f32_packed_b_bytes(K, N)));
            rt.k.f32_pack_b(packed, W, K, 1, K, N);
            const C = put(rt, randomArray(M * N, 7));
            const bias = put(rt, randomArray(N, 8));
            gemmPacked(rt, M, N, K, A, K, packed, C, N, M % 2 ? bias : 0, reverse, M === 1 ? reverse : 0);
            return get(rt, C, M * N);
          });
          expect(bitsEqual(out[1], out[0]), `M ${M} N ${N} K ${K} reverse ${reverse}`).toBe(true);
          cases++;
        }
      }
    }
    expect(many.pool!.jobsRun - jobs0).toBeGreaterThanOrEqual(cases - 2);
  });

  interface Net { kind: 'lstm' | 'gru' | 'rnn'; B: number; T: number; I: number; H: number; L: number; bi: boolean; lengths: boolean; opt: 'adam' | 'sgd' | 'rmsprop' }
  const NETS: Net[] = [
    // Batch pieces of whole 4-row tiles (12 = 4 + 8 or 4 + 4 + 4; 9 = 4 + 5), B = 1 (split by hidden units).
    { kind: 'lstm', B: 12, T: 16, I: 48, H: 128, L: 2, bi: true, lengths: false, opt: 'adam' },
    { kind: 'gru', B: 9, T: 12, I: 32, H: 96, L: 1, bi: true, lengths: true, opt: 'sgd' },
    { kind: 'rnn', B: 16, T: 10, I: 40, H: 64, L: 2, bi: false, lengths: true, opt: 'rmsprop' },
    { kind: 'lstm', B: 1, T: 20, I: 64, H: 256, L: 1, bi: false, lengths: false, opt: 'adam' },
    // B < 8, bidirectional: the two directions' steps on two threads.
    { kind: 'gru', B: 2, T: 8, I: 16, H: 64, L: 2, bi: true, lengths: true, opt: 'adam' },
  ];
  it.each(NETS)('$kind B $B (L $L, bi $bi, lengths $lengths) + Linear trained with $opt: outputs, gradients and weights on 1, 2, 3 threads are the same bits', async (net) => {
    const { B, T, I, H } = net;
    const D = net.bi ? 2 : 1;
    const V = 40;
    const train = async (threads: number): Promise<{ loss: number[]; grads: Float32Array[]; weights: Float32Array[]; jobs: number }> => {
      const rt = await runtime(isa, threads);
      setRuntime(rt);
      const rng = new Rng(11);
      const o = { inputSize: I, hiddenSize: H, numLayers: net.L, bidirectional: net.bi, rng };
      const rec = net.kind === 'lstm' ? new nn.LSTM(o) : net.kind === 'gru' ? new nn.GRU(o) : new nn.RNN(o);
      const head = new nn.Linear(D * H, V, { rng });
      const params = [...rec.parameters(), ...head.parameters()];
      const opt = net.opt === 'adam' ? new optim.Adam(params, { lr: 0.01 })
        : net.opt === 'sgd' ? new optim.SGD(params, { lr: 0.05, momentum: 0.9 })
          : new optim.RMSprop(params, { lr: 0.01, centered: true });
      const lengths = net.lengths ? Int32Array.from({ length: B }, (_, b) => T - (b % 4)) : null;
      const loss: number[] = [];
      let grads: Float32Array[] = [];
      for (let step = 0; step < 3; step++) {
        const x = Tensor.from(randomArray(B * T * I, 20 + step), [B, T, I]);
        const y = Tensor.from(Int32Array.from({ length: B * T }, (_, i) => (i * 7 + step) % V), [B * T]);
        const { output } = rec.forward(x, lengths ? { lengths } : {});
        const l = crossEntropy(head.forward(reshape(output, [B * T, D * H])), y);
        loss.push(l.item());
        opt.zeroGrad();
        l.backward();
        grads = params.map((p) => p.grad!.toArray() as Float32Array);
        opt.step();
        rt.resetStep();
      }
      return { loss, grads, weights: params.map((p) => p.toArray() as Float32Array), jobs: rt.pool?.jobsRun ?? 0 };
    };
    const ref = await train(1);
    for (const n of [2, 3]) {
      const got = await train(n);
      expect(got.jobs).toBeGreaterThan(0);
      expect(got.loss).toEqual(ref.loss);
      got.grads.forEach((g, i) => expect(bitsEqual(g, ref.grads[i]), `grad ${i} on ${n} threads`).toBe(true));
      got.weights.forEach((w, i) => expect(bitsEqual(w, ref.weights[i]), `weight ${i} on ${n} threads`).toBe(true));
    }
  });

  it('a B >= 8 scan runs its batch pieces as one job per direction (forward and backward), the same bits', async () => {
    // Small enough that no product splits: every job is a scan's.
    const run = async (threads: number): Promise<Pass> => {
      const rt = await runtime(isa, threads);
      setRuntime(rt);
      const lstm = new nn.LSTM({ inputSize: 4, hiddenSize: 8, bidirectional: true, rng: new Rng(3) });
      return passWithJobs(rt, lstm, Tensor.from(randomArray(9 * 5 * 4, 9), [9, 5, 4], { requiresGrad: true }));
    };
    const ref = await run(1);
    for (const n of [2, 3]) {
      const got = await run(n);
      expect(got.jobs).toEqual([2, 2]);
      expect(bitsEqual(got.out, ref.out)).toBe(true);
      expect(bitsEqual(got.dx, ref.dx)).toBe(true);
    }
  });

  it('a bidirectional scan with B < 8 runs its two directions as one job, the same bits', async () => {
    const run = async (threads: number): Promise<{ out: Float32Array; h: Float32Array; jobs: number }> => {
      const rt = await runtime(isa, threads);
      setRuntime(rt);
      const lstm = new nn.LSTM({ inputSize: 4, hiddenSize: 8, numLayers: 2, bidirectional: true, rng: new Rng(5) });
      const x = Tensor.from(randomArray(3 * 6 * 4, 6), [3, 6, 4]);
      const j0 = rt.pool?.jobsRun ?? 0;
      const r = lstm.forward(x, { lengths: [6, 2, 5] });
      const res = { out: r.output.toArray() as Float32Array, h: r.h.toArray() as Float32Array, jobs: (rt.pool?.jobsRun ?? 0) - j0 };
      rt.resetStep();
      return res;
    };
    const ref = await run(1);
    for (const n of [2, 3]) {
      const got = await run(n);
      expect(got.jobs).toBe(2); // one per layer
      expect(bitsEqual(got.out, ref.out)).toBe(true);
      expect(bitsEqual(got.h, ref.h)).toBe(true);
    }
  });

  // B = 1, split by hidden units: every cell kind (both GRU forms, peephole, relu), lengths, h0/c0
  // with grads, the cell-state sequence as output (its grads enter backward through dCellOut).
  interface UnitNet { name: string; make: (rng: Rng) => nn.LSTM | nn.GRU | nn.RNN; H: number; kernel: string; phases: [number, number]; c: boolean; cellSeq?: boolean }
  const UNIT_NETS: UnitNet[] = [
    { name: 'LSTM H 128', H: 128, kernel: 'f32_lstm', phases: [1, 2], c: true, make: (rng) => new nn.LSTM({ inputSize: 8, hiddenSize: 128, rng }) },
    { name: 'LSTM H 136 (shares of 8), cell sequence', H: 136, kernel: 'f32_lstm', phases: [1, 2], c: true, cellSeq: true, make: (rng) => new nn.LSTM({ inputSize: 8, hiddenSize: 136, rng }) },
    { name: 'peephole LSTM H 128', H: 128, kernel: 'f32_lstm_peephole', phases: [1, 2], c: true, make: (rng) => new nn.LSTM({ inputSize: 8, hiddenSize: 128, peephole: true, rng }) },
    { name: 'LSTM hard gates H 128', H: 128, kernel: 'f32_lstm', phases: [1, 2], c: true, make: (rng) => new nn.LSTM({ inputSize: 8, hiddenSize: 128, gateActivation: 'hard_sigmoid', rng }) },
    { name: 'GRU H 160', H: 160, kernel: 'f32_gru', phases: [1, 2], c: false, make: (rng) => new nn.GRU({ inputSize: 8, hiddenSize: 160, rng }) },
    { name: 'GRU reset-before H 160', H: 160, kernel: 'f32_gru_rb', phases: [2, 3], c: false, make: (rng) => new nn.GRU({ inputSize: 8, hiddenSize: 160, resetAfter: false, rng }) },
    { name: 'RNN tanh H 256', H: 256, kernel: 'f32_rnn', phases: [1, 2], c: false, make: (rng) => new nn.RNN({ inputSize: 8, hiddenSize: 256, rng }) },
    { name: 'RNN relu H 264', H: 264, kernel: 'f32_rnn', phases: [1, 2], c: false, make: (rng) => new nn.RNN({ inputSize: 8, hiddenSize: 264, nonlinearity: 'relu', rng }) },
  ];
  it.each(UNIT_NETS)('B = 1 $name: each thread owns hidden units through all steps (one barrier per step), outputs and gradients the same bits on 1, 2, 3 threads', async (net) => {
    const T = 9;
    const run = async (threads: number) => {
      const rt = await runtime(isa, threads);
      setRuntime(rt);
      const m = net.make(new Rng(21));
      const x = Tensor.from(randomArray(T * 8, 22), [1, T, 8], { requiresGrad: true });
      const h0 = Tensor.from(randomArray(net.H, 23), [1, 1, net.H], { requiresGrad: true });
      const c0 = net.c ? Tensor.from(randomArray(net.H, 24), [1, 1, net.H], { requiresGrad: true }) : null;
      const j0 = rt.pool?.jobsRun ?? 0;
      let out: Tensor | null = null;
      let hn: Tensor | null = null;
      const fwd = recordedCalls(() => {
        const r = m.forward(x, { h0, ...(c0 ? { c0 } : {}), lengths: [T - 2], ...(net.cellSeq ? { sequence: 'cell' as const } : {}) });
        out = r.output;
        hn = r.h;
      });
      const j1 = rt.pool?.jobsRun ?? 0;
      // a loss through every output row and h_n, with weights so that no gradient is uniform
      const wOut = Tensor.from(randomArray(T * net.H, 25), [1, T, net.H]);
      const bwd = recordedCalls(() => add(mean(mul(out!, wOut)), mean(mul(hn!, hn!))).backward());
      const res = {
        out: out!.toArray() as Float32Array, hn: hn!.toArray() as Float32Array, dx: x.grad!.toArray() as Float32Array,
        dh0: h0.grad!.toArray() as Float32Array, dc0: c0 ? (c0.grad!.toArray() as Float32Array) : new Float32Array(0),
        grads: m.parameters().map((p) => p.grad!.toArray() as Float32Array), jobs: [j1 - j0, (rt.pool?.jobsRun ?? 0) - j1], fwd, bwd,
      };
      rt.resetStep();
      return res;
    };
    const ref = await run(1);
    for (const n of [2, 3]) {
      const got = await run(n);
      expect(got.jobs[0]).toBe(1); // the scan (the input projection is too small to split)
      // every thread ran its units' cell kernel at every step, forward and backward
      for (let t = 0; t < n; t++) {
        expect(got.fwd.calls[t].get(`${net.kernel}_fwd_units`), `thread ${t}`).toBe(T);
        expect(got.bwd.calls[t].get(`${net.kernel}${net.kernel === 'f32_gru_rb' ? '_bwd_n' : '_bwd'}_units`), `thread ${t}`).toBe(T);
        expect(got.fwd.calls[t].get('f32_gemv_packed_cols'), `thread ${t}`).toBe(T * net.phases[0]);
        expect(got.bwd.calls[t].get('f32_gemv_packed_cols'), `thread ${t}`).toBe(T * (net.phases[1] - 1));
      }
      expect(got.fwd.calls[0].has('f32_gemm_packed')).toBe(false); // no column-split step products
      expect(got.fwd.barriers).toBe(T * net.phases[0] - 1);
      expect(got.bwd.barriers).toBe(T * (net.phases[1] - 1));
      for (const k of ['out', 'hn', 'dx', 'dh0', 'dc0'] as const) expect(bitsEqual(got[k], ref[k]), `${k} on ${n} threads`).toBe(true);
      got.grads.forEach((g, i) => expect(bitsEqual(g, ref.grads[i]), `grad ${i} on ${n} threads`).toBe(true));
    }
  });

  it('a B = 1 forward again at the same offsets runs its kept job; moved offsets record anew; memory growth changes nothing; the same bits', async () => {
    const T = 12;
    const xs = randomArray(T * 8, 32);
    const forward = (rt: Runtime, m: nn.LSTM) => {
      const jobs = rt.pool?.jobsRun ?? 0;
      let out: Float32Array | null = null;
      const rec = recordedCalls(() => { out = m.forward(Tensor.from(xs, [1, T, 8])).output.toArray() as Float32Array; });
      rt.resetStep();
      return { out: out!, calls: rec.calls.reduce((n, c) => n + [...c.values()].reduce((a, b) => a + b, 0), 0), jobs: (rt.pool?.jobsRun ?? 0) - jobs };
    };
    const rt1 = await runtime(isa, 1);
    setRuntime(rt1);
    const ref = forward(rt1, new nn.LSTM({ inputSize: 8, hiddenSize: 128, rng: new Rng(31) })).out;
    for (const n of THREADS) {
      const rt = await runtime(isa, n);
      setRuntime(rt);
      const m = new nn.LSTM({ inputSize: 8, hiddenSize: 128, rng: new Rng(31) });
      const first = forward(rt, m);
      expect(first.calls).toBeGreaterThan(0);
      const again = forward(rt, m);
      expect(again.calls, 'the kept job runs, nothing recorded').toBe(0);
      expect(again.jobs).toBe(1);
      // something else in the step arena first: every workspace moves, so the scan records again
      Tensor.zeros([1000]);
      const moved = forward(rt, m);
      expect(moved.calls).toBeGreaterThan(0);
      // the memory grows (the workers' views of it are older): the first offsets' job runs again
      const before = rt.memoryStats().memoryBytes;
      Tensor.zeros([4 << 20], { arena: 'params' });
      expect(rt.memoryStats().memoryBytes).toBeGreaterThan(before);
      const grown = forward(rt, m);
      expect(grown.calls).toBe(0);
      for (const [k, r] of Object.entries({ first, again, moved, grown })) expect(bitsEqual(r.out, ref), `${k} on ${n} threads`).toBe(true);
    }
  });

  it('a B = 1 scan with H % 8 != 0 keeps its step products split by columns, the same bits', async () => {
    const run = async (threads: number) => {
      const rt = await runtime(isa, threads);
      setRuntime(rt);
      const lstm = new nn.LSTM({ inputSize: 8, hiddenSize: 130, rng: new Rng(9) }); // 4H*H = 67600
      const x = Tensor.from(randomArray(6 * 8, 5), [1, 6, 8], { requiresGrad: true });
      let output: Tensor | null = null;
      const rec = recordedCalls(() => { output = lstm.forward(x).output; });
      mean(output!).backward();
      const res = { out: output!.toArray() as Float32Array, dx: x.grad!.toArray() as Float32Array, rec };
      rt.resetStep();
      return res;
    };
    const ref = await run(1);
    const got = await run(2);
    expect(got.rec.calls[1].get('f32_gemm_packed')).toBe(6);
    expect(got.rec.calls[1].has('f32_lstm_fwd_units')).toBe(false);
    expect(bitsEqual(got.out, ref.out)).toBe(true);
    expect(bitsEqual(got.dx, ref.dx)).toBe(true);
  });

  it('a bidirectional layer with B < 8 runs its two directions\' backward as one job, the same bits', async () => {
    const run = async (threads: number) => {
      const rt = await runtime(isa, threads);
      setRuntime(rt);
      const gru = new nn.GRU({ inputSize: 6, hiddenSize: 24, numLayers: 2, bidirectional: true, rng: new Rng(12) });
      const x = Tensor.from(randomArray(3 * 7 * 6, 13), [3, 7, 6], { requiresGrad: true });
      const h0 = Tensor.from(randomArray(4 * 3 * 24, 14), [4, 3, 24], { requiresGrad: true });
      const r = gru.forward(x, { h0, lengths: [7, 3, 5] });
      const w = Tensor.from(randomArray(3 * 7 * 48, 15), [3, 7, 48]);
      const j0 = rt.pool?.jobsRun ?? 0;
      add(mean(mul(r.output, w)), mean(r.h)).backward({ retainGraph: true });
      const j1 = rt.pool?.jobsRun ?? 0;
      const first = { dx: x.grad!.toArray() as Float32Array, dh0: h0.grad!.toArray() as Float32Array, grads: gru.parameters().map((p) => p.grad!.toArray() as Float32Array) };
      // a second walk of the retained graph runs every direction again: gradients double
      add(mean(mul(r.output, w)), mean(r.h)).backward();
      const res = { ...first, jobs: j1 - j0, dx2: x.grad!.toArray() as Float32Array, grads2: gru.parameters().map((p) => p.grad!.toArray() as Float32Array) };
      rt.resetStep();
      return res;
    };
    const ref = await run(1);
    // (doubled, up to rounding: the second walk adds the same gradients again)
    const doubled = (a: Float32Array, b: Float32Array): boolean => {
      const scale = a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      return scale > 0 && a.every((v, i) => Math.abs(b[i] - 2 * v) <= 1e-6 * scale);
    };
    expect(doubled(ref.dx, ref.dx2)).toBe(true);
    ref.grads.forEach((g, i) => expect(doubled(g, ref.grads2[i]), `grad ${i}`).toBe(true));
    for (const n of [2, 3]) {
      const got = await run(n);
      expect(got.jobs).toBe(2); // one per layer: both directions' steps at once
      expect(bitsEqual(got.dx, ref.dx)).toBe(true);
      expect(bitsEqual(got.dh0, ref.dh0)).toBe(true);
      got.grads.forEach((g, i) => expect(bitsEqual(g, ref.grads[i]), `grad ${i} on ${n} threads`).toBe(true));
      expect(bitsEqual(got.dx2, ref.dx2)).toBe(true);
      got.grads2.forEach((g, i) => expect(bitsEqual(g, ref.grads2[i]), `second walk, grad ${i} on ${n} threads`).toBe(true));
    }
  });

  it('a B = 1 scan is one job per pass (forward and backward), the same bits', async () => {
    const run = async (threads: number): Promise<Pass> => {
      const rt = await runtime(isa, threads);
      setRuntime(rt);
      const gru = new nn.GRU({ inputSize: 8, hiddenSize: 160, rng: new Rng(8) }); // B*G*H = 76800: step-split
      return passWithJobs(rt, gru, Tensor.from(randomArray(7 * 8, 4), [1, 7, 8], { requiresGrad: true }));
    };
    const ref = await run(1);
    for (const n of [2, 3]) {
      const got = await run(n);
      expect(got.jobs).toEqual([1, 2]); // backward: the scan, then dW_hh split by columns
      expect(bitsEqual(got.out, ref.out)).toBe(true);
      expect(bitsEqual(got.dx, ref.dx)).toBe(true);
    }
  });
});
