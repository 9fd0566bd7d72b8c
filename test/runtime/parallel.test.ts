// Kernels split over threads give exactly one thread's results: GEMMs (every path: few rows,
// transposed operands, row and column splits, packed B), optimizer updates, and training.
import { afterAll, describe, expect, it } from 'vitest';
import { createRuntime, setRuntime, Tensor, nn, optim, crossEntropy, reshape, mean, Rng, type Runtime } from '../../src/index.js';
import { gemm } from '../../src/autograd/kern.js';
import { gemmPacked, splitRange } from '../../src/runtime/parallel.js';
import { randomArray, put, get } from '../helpers.js';

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
    // Batch pieces of whole 4-row tiles (12 = 4 + 8 or 4 + 4 + 4; 9 = 4 + 5), B = 1 (products split by columns).
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
    const run = async (threads: number): Promise<{ out: Float32Array; dx: Float32Array; jobs: number[] }> => {
      const rt = await runtime(isa, threads);
      setRuntime(rt);
      const lstm = new nn.LSTM({ inputSize: 4, hiddenSize: 8, bidirectional: true, rng: new Rng(3) });
      const x = Tensor.from(randomArray(9 * 5 * 4, 9), [9, 5, 4], { requiresGrad: true });
      const j0 = rt.pool?.jobsRun ?? 0;
      const { output } = lstm.forward(x);
      const j1 = rt.pool?.jobsRun ?? 0;
      mean(output).backward();
      const j2 = rt.pool?.jobsRun ?? 0;
      const res = { out: output.toArray() as Float32Array, dx: x.grad!.toArray() as Float32Array, jobs: [j1 - j0, j2 - j1] };
      rt.resetStep();
      return res;
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

  it('a B = 1 scan is one job per pass, its step products split between barriers, the same bits', async () => {
    const run = async (threads: number): Promise<{ out: Float32Array; dx: Float32Array; jobs: number[] }> => {
      const rt = await runtime(isa, threads);
      setRuntime(rt);
      const gru = new nn.GRU({ inputSize: 8, hiddenSize: 160, rng: new Rng(8) }); // B*G*H = 76800: step-split
      const x = Tensor.from(randomArray(7 * 8, 4), [1, 7, 8], { requiresGrad: true });
      const j0 = rt.pool?.jobsRun ?? 0;
      const { output } = gru.forward(x);
      const j1 = rt.pool?.jobsRun ?? 0;
      mean(output).backward();
      const j2 = rt.pool?.jobsRun ?? 0;
      const res = { out: output.toArray() as Float32Array, dx: x.grad!.toArray() as Float32Array, jobs: [j1 - j0, j2 - j1] };
      rt.resetStep();
      return res;
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
