// int8 kernels (assembly/int8/): weight and activation quantization and the int8 GEMV/GEMM against
// their scalar _ref twins, bit for bit, in every build at tile edges and non-multiples (the cases
// are in cases.mjs). The relaxed dot product also runs in Deno, where it is trusted; in Node 20
// the relaxed build's relaxed dot (mode 1) is checked to be wrong before tier-up, which is why the
// host runs mode 2 (plain SIMD on i16 weights) there (src/nn/quantized/kernels.ts).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { quantizeRows } from '../../../src/io/quantize.js';
import { relaxedDotTrusted } from '../../../src/nn/quantized/kernels.js';
import { ISAS, runtimeFor } from '../../helpers.js';
import { runProcess, bin } from '../../runtimes/launch.mjs';
import { checkInt8, checkWeights } from './cases.mjs';

describe.each(ISAS)('int8 kernels (%s)', (isa) => {
  it('quantize_weights equals the stored int8 layout (quantizeRows), rows and per-tensor', async () => {
    const rt = await runtimeFor(isa);
    rt.resetStep();
    const fails = checkWeights({ k: rt.k, memory: rt.memory, alloc: (n: number) => rt.step.alloc(n) }, quantizeRows);
    expect(fails).toEqual([]);
  });

  it('quantize_act and every GEMV/GEMM path match _ref bit for bit', async () => {
    const rt = await runtimeFor(isa);
    rt.resetStep();
    // Node 20 + relaxed build: not the relaxed dot-add (mode 1; checked in Deno below). Mode 3 (the
    // relaxed i16 dot) runs everywhere: in the SIMD and scalar builds it is the i8 path.
    const modes = isa === 'relaxed' && !relaxedDotTrusted() ? [0, 2, 3] : [0, 1, 2, 3];
    const fails = checkInt8({ k: rt.k, memory: rt.memory, alloc: (n: number) => rt.step.alloc(n), modes });
    expect(fails).toEqual([]);
  });
});

describe('int8 relaxed dot product', () => {
  it('Deno: every path of the relaxed, SIMD and scalar builds matches _ref', async () => {
    const env = { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
    const r = await runProcess(bin('deno'), ['run', '--no-prompt', '--no-lock', '--allow-read', 'test/assembly/int8/deno.mjs'], { env, timeoutMs: 120_000 });
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out.trim().split('\n').pop()!);
    expect(out.relaxed.built).toBe(2);
    for (const isa of ['relaxed', 'simd', 'scalar']) expect(out[isa].fails, isa).toEqual([]);
  }, 180_000);

  it.runIf(!relaxedDotTrusted())('Node 20: the relaxed dot is wrong on a cold function (why it is not used here)', async () => {
    const rt = await runtimeFor('relaxed');
    rt.resetStep();
    // A fresh runtime's instance: its qs8_gemv has never run, so V8 runs it in the baseline tier.
    const { createRuntime } = await import('../../../src/index.js');
    const cold = await createRuntime({ simd: 'relaxed' });
    const k = cold.k;
    const N = 4, kp = 16;
    const w = cold.step.alloc(N * kp), x = cold.step.alloc(kp), qp = cold.step.alloc(8), rs = cold.step.alloc(16), ws = cold.step.alloc(16);
    const a = cold.step.alloc(16), b = cold.step.alloc(16);
    new Int8Array(cold.memory.buffer, w, N * kp).fill(3);
    new Uint8Array(cold.memory.buffer, x, kp).fill(5);
    new Float32Array(cold.memory.buffer, qp, 1)[0] = 1;
    new Int32Array(cold.memory.buffer, rs, N).fill(48);
    new Float32Array(cold.memory.buffer, ws, N).fill(1);
    k.qs8_gemv(N, kp, x, qp, w, rs, ws, a, 0, 0, 1); // mode 1: the relaxed dot
    k.qs8_gemv(N, kp, x, qp, w, rs, ws, b, 0, 0, 0);
    expect(Array.from(new Float32Array(cold.memory.buffer, b, N))).toEqual([240, 240, 240, 240]);
    expect(Array.from(new Float32Array(cold.memory.buffer, a, N))).not.toEqual([240, 240, 240, 240]);
  });

  it('Node: the i16 form of the relaxed dot (mode 3, what Node 20 runs) is right on a cold function and after tier-up', async () => {
    // A fresh instance runs qs8_gemv in the baseline tier first; then enough calls for V8 to tier it
    // up (the optimized code replaces it for later calls). Every call must give the exact sums.
    const { createRuntime } = await import('../../../src/index.js');
    const cold = await createRuntime({ simd: 'relaxed' });
    const k = cold.k;
    const N = 9, kp = 48;
    const w = cold.step.alloc(N * kp), x = cold.step.alloc(kp), qp = cold.step.alloc(8), rs = cold.step.alloc(N * 4), ws = cold.step.alloc(N * 4);
    const y = cold.step.alloc(N * 4), yr = cold.step.alloc(N * 4);
    const W = new Int8Array(cold.memory.buffer, w, N * kp);
    for (let i = 0; i < W.length; i++) W[i] = ((i * 37) % 255) - 127; // -127..127, both signs
    const X = new Uint8Array(cold.memory.buffer, x, kp);
    for (let i = 0; i < kp; i++) X[i] = (i * 53) % 128; // 0..127, the codes' whole range
    X[0] = 127; X[1] = 127; W[0] = -127; W[1] = -127; // a pair at the i16 sum's extreme
    new Float32Array(cold.memory.buffer, qp, 1)[0] = 1;
    new Float32Array(cold.memory.buffer, ws, N).fill(1);
    k.qs8_gemv_ref(N, kp, x, qp, w, rs, ws, yr, 0, 0, 0);
    const want = Array.from(new Float32Array(cold.memory.buffer, yr, N));
    for (let call = 0; call < 3000; call++) {
      k.qs8_gemv(N, kp, x, qp, w, rs, ws, y, 0, 0, 3);
      const got = Array.from(new Float32Array(cold.memory.buffer, y, N));
      if (got.some((v, i) => v !== want[i])) expect({ call, got }).toEqual({ call, got: want });
    }
  });
});

describe('int8 .wat keeps the product loops vectorized', () => {
  const wat = (b: string) => readFileSync(new URL(`../../../build/rnn-${b}.wat`, import.meta.url), 'utf8');
  const func = (text: string, name: string) => {
    const start = text.indexOf(`\n (func $${name} `);
    if (start < 0) throw new Error(`function ${name} not found in the .wat (renamed or inlined?)`);
    const end = text.indexOf('\n (', start + 1);
    return text.slice(start, end < 0 ? text.length : end);
  };
  const count = (s: string, needle: string) => s.split(needle).length - 1;
  it('relaxed GEMV/GEMM use the relaxed dot (4+ per loop body); widening ones pmaddwd from load8x8', () => {
    const r = wat('relaxed');
    expect(count(func(r, 'assembly/int8/gemm/qs8_gemv_1x4_relaxed'), 'i32x4.relaxed_dot_i8x16_i7x16_add_s')).toBeGreaterThanOrEqual(8);
    expect(count(func(r, 'assembly/int8/gemm/qs8_gemm_2x4_relaxed'), 'i32x4.relaxed_dot_i8x16_i7x16_add_s')).toBeGreaterThanOrEqual(8);
    for (const f of ['qs8_gemv_1x4_relaxed16', 'qs8_gemm_2x4_relaxed16']) {
      const body = func(r, `assembly/int8/gemm/${f}`);
      expect(count(body, 'i16x8.relaxed_dot_i8x16_i7x16_s'), f).toBeGreaterThanOrEqual(8);
      expect(count(body, 'i32x4.extadd_pairwise_i16x8_s'), f).toBeGreaterThanOrEqual(8);
      expect(body, f).not.toContain('relaxed_dot_i8x16_i7x16_add_s');
    }
    for (const b of ['simd', 'relaxed']) {
      const s = wat(b);
      for (const f of ['qs8_gemv_1x4_simd', 'qs8_gemm_2x4_simd', 'qs8_gemv_1x4_i16_simd', 'qs8_gemm_2x4_i16_simd']) {
        const body = func(s, `assembly/int8/gemm/${f}`);
        expect(count(body, 'i32x4.dot_i16x8_s'), `${b} ${f}`).toBeGreaterThanOrEqual(8);
        // i8 weights widen while loading; the i16 kernels load them plainly.
        expect(body.includes('v128.load8x8_s'), `${b} ${f}`).toBe(!f.includes('i16'));
        expect(body, `${b} ${f}`).not.toContain('relaxed_dot');
      }
    }
  });
});
