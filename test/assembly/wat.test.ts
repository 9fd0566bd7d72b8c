// Pins that the release builds' GEMM/GEMV hot loops are still vectorized: each kernel is found
// by name in build/rnn-{simd,relaxed}.wat and its loop body must hold the f32x4 instructions.
// (Run `node scripts/build.mjs` first; `npm test` does.)
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

function wat(build: 'simd' | 'relaxed'): string {
  return readFileSync(new URL(`../../build/rnn-${build}.wat`, import.meta.url), 'utf8');
}

// The text of one function, from its header to the next top-level form.
function func(text: string, name: string): string {
  const start = text.indexOf(`\n (func $${name} `);
  if (start < 0) throw new Error(`function ${name} not found in the .wat (renamed or inlined?)`);
  const end = text.indexOf('\n (', start + 1);
  return text.slice(start, end < 0 ? text.length : end);
}

// The part of a function from its first loop on: where the per-k work happens.
function loops(body: string): string {
  const at = body.indexOf('loop $');
  return at < 0 ? '' : body.slice(at);
}

const count = (s: string, needle: string) => s.split(needle).length - 1;

// Kernels whose inner loops must be SIMD. Inlined ones are checked in their callers: the packed-A
// 4x8 tile in panels_block, the 1x24 GEMV (@inline) in panels_gemm.
const KERNELS = [
  'assembly/gemm/tile_4x8/f32_gemm_4x8_simd', 'assembly/gemm/panels/panels_block', 'assembly/gemm/tile_2x16/f32_gemm_2x16_simd',
  'assembly/gemm/panels/panels_gemm', 'assembly/gemm/gemv/f32_gemv_1x32_packed_simd', 'assembly/gemm/gemv/f32_gemv_1x8_simd', 'assembly/gemm/gemv/f32_gemv_nt_1x4_simd',
  // a thread's share of a B = 1 recurrent step (the 1x24 and in-order 1x8 GEMVs inlined here)
  'assembly/gemm/gemm_packed/f32_gemv_packed_cols',
];

describe('release .wat keeps the GEMM loops vectorized', () => {
  it('simd build: the 4x8 microkernel loop does 8+ f32x4.mul and f32x4.add per k, with splat loads', () => {
    const text = wat('simd');
    const loop = loops(func(text, 'assembly/gemm/tile_4x8/f32_gemm_4x8_simd'));
    expect(count(loop, 'f32x4.mul')).toBeGreaterThanOrEqual(8);
    expect(count(loop, 'f32x4.add')).toBeGreaterThanOrEqual(8);
    expect(loop).toContain('v128.load32_splat');
    expect(loop).not.toContain('f32.mul');
    for (const name of KERNELS) {
      const l = loops(func(text, name));
      expect(l, name).toContain('f32x4.mul');
      expect(l, name).toContain('f32x4.add');
    }
  });

  it('relaxed build: the same loops use f32x4.relaxed_madd with 8 independent accumulators', () => {
    const text = wat('relaxed');
    const loop = loops(func(text, 'assembly/gemm/tile_4x8/f32_gemm_4x8_simd'));
    expect(count(loop, 'f32x4.relaxed_madd')).toBeGreaterThanOrEqual(8);
    expect(loop).not.toContain('f32x4.mul');
    for (const name of KERNELS) expect(loops(func(text, name)), name).toContain('f32x4.relaxed_madd');
  });

  it('the peak kernel used by bench/gemm.mjs is vectorized too', () => {
    expect(func(wat('simd'), 'assembly/gemm/bench_peak/bench_simd_peak')).toContain('f32x4.mul');
    expect(func(wat('relaxed'), 'assembly/gemm/bench_peak/bench_simd_peak')).toContain('f32x4.relaxed_madd');
  });
});
