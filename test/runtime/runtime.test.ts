import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import {
  init, createRuntime, getRuntime, Tensor, matmul, MemoryError, StateError, ValueError, detectIsa,
} from '../../src/index.js';

describe('init', () => {
  it('loads the embedded build with no argument and is safe to call twice', async () => {
    const a = await init();
    const b = await init();
    expect(a).toBe(b);
    expect(getRuntime()).toBe(a);
    // vitest runs Node with relaxed SIMD enabled, so detection picks the relaxed build.
    expect(detectIsa()).toBe('relaxed');
    expect(a.isa).toBe('relaxed');
  });

  it('forces each instruction set', async () => {
    for (const isa of ['relaxed', 'simd', 'none'] as const) {
      const rt = await createRuntime({ simd: isa });
      expect(rt.isa).toBe(isa);
      expect(rt.k.build_isa()).toBe({ none: 0, simd: 1, relaxed: 2 }[isa]);
    }
  });

  it('accepts a precompiled Module, bytes and a file URL', async () => {
    const url = new URL('../../build/rnn-simd.wasm', import.meta.url);
    const bytes = await readFile(url);
    const module = await WebAssembly.compile(bytes);
    for (const src of [module, bytes, url]) {
      const rt = await createRuntime(src);
      expect(rt.isa).toBe('simd');
      const c = matmul(Tensor.from([1, 2, 3, 4], [2, 2], { runtime: rt }), Tensor.from([5, 6, 7, 8], [2, 2], { runtime: rt }));
      expect(Array.from(c.toArray())).toEqual([19, 22, 43, 50]);
    }
    const rt = await createRuntime({ wasm: { simd: module } });
    expect(rt.isa).toBe('simd');
  });

  it('rejects bad options with typed errors', async () => {
    await expect(createRuntime({ simd: 'avx' as never })).rejects.toThrow(ValueError);
    await expect(createRuntime({ simdd: 'simd' } as never)).rejects.toThrow(/unknown option 'simdd'/);
    await expect(createRuntime(new Uint8Array([1, 2, 3]))).rejects.toThrow(ValueError);
    await expect(createRuntime({ maxMemoryBytes: NaN })).rejects.toThrow(/maxMemoryBytes/);
  });
});

describe('memory', () => {
  it('keeps earlier tensors valid when the memory grows', async () => {
    const rt = await createRuntime({ simd: 'simd' });
    const t = Tensor.from([1, 2, 3], [3], { runtime: rt, arena: 'params' });
    const before = rt.memory.buffer.byteLength;
    Tensor.empty([64 << 20 >> 2], { runtime: rt }); // 64 MiB forces growth
    expect(rt.memory.buffer.byteLength).toBeGreaterThan(before);
    expect(Array.from(t.toArray())).toEqual([1, 2, 3]);
  });

  it('makes tensors of a reset arena stale, with an error that says so', async () => {
    const rt = await createRuntime({ simd: 'simd' });
    const t = Tensor.from([1, 2], [2], { runtime: rt });
    rt.resetStep();
    expect(t.isValid).toBe(false);
    expect(() => t.toArray()).toThrow(StateError);
    expect(() => t.toArray()).toThrow(/stale.*'step' arena was reset/);
    const u = Tensor.from([3, 4], [2], { runtime: rt });
    expect(Array.from(u.toArray())).toEqual([3, 4]);
  });

  it('throws a typed error past the ceiling and stays usable', async () => {
    const rt = await createRuntime({ simd: 'simd', maxMemoryBytes: 8 << 20 });
    const keep = Tensor.from([7, 8, 9], [3], { runtime: rt, arena: 'params' });
    let err: unknown;
    try {
      Tensor.empty([4 << 20], { runtime: rt });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MemoryError);
    expect((err as MemoryError).requestedBytes).toBeGreaterThanOrEqual(16 << 20);
    expect((err as MemoryError).availableBytes).toBeLessThan(8 << 20);
    expect(Array.from(keep.toArray())).toEqual([7, 8, 9]);
    const c = matmul(Tensor.from([1, 2], [1, 2], { runtime: rt }), Tensor.from([3, 4], [2, 1], { runtime: rt }));
    expect(c.item()).toBe(11);
  });

  it('reuses step memory across resets instead of growing', async () => {
    const rt = await createRuntime({ simd: 'simd' });
    for (let i = 0; i < 50; i++) {
      Tensor.zeros([1000, 100], { runtime: rt });
      Tensor.zeros([3000], { runtime: rt });
      rt.resetStep();
    }
    const size = rt.memory.buffer.byteLength;
    for (let i = 0; i < 200; i++) {
      Tensor.zeros([1000, 100], { runtime: rt });
      Tensor.zeros([3000], { runtime: rt });
      rt.resetStep();
    }
    expect(rt.memory.buffer.byteLength).toBe(size);
  });
});

describe('init identity', () => {
  it('returns the same runtime for the same options and a new one for different options', async () => {
    const url = new URL('../../build/rnn-simd.wasm', import.meta.url);
    const module = await WebAssembly.compile(await readFile(url));
    const a = await init({ wasm: module });
    expect(await init({ wasm: module })).toBe(a); // a worker calling init per request
    expect(await init(module)).toBe(a);
    expect(await init()).toBe(a);
    const b = await init({ simd: 'simd', maxMemoryBytes: 64 << 20 });
    expect(b).not.toBe(a);
    expect(await init({ simd: 'simd', maxMemoryBytes: 64 << 20 })).toBe(b);
    const c = await init({});
    expect(c).not.toBe(b);
    expect(await init({ maxMemoryBytes: 2 ** 31 })).toBe(c); // the default, spelled out
    await expect(init(null as never)).rejects.toThrow(ValueError);
    expect(getRuntime()).toBe(c);
  });
});

describe('arena after a MemoryError', () => {
  it('keeps using the space left in its current chunk, and falls back to exact-size chunks', async () => {
    const rt = await createRuntime({ simd: 'simd', maxMemoryBytes: 6 << 20 });
    const first = Tensor.zeros([16], { runtime: rt }); // the step arena takes a 4 MiB chunk
    expect(() => Tensor.empty([1 << 20], { runtime: rt })).toThrow(MemoryError); // 4 MiB more does not fit
    const before = rt.memory.buffer.byteLength;
    const small = Tensor.from([1, 2, 3], [3], { runtime: rt });
    expect(small.offset - first.offset).toBe(64); // right after `first`, in the same chunk
    expect(rt.memory.buffer.byteLength).toBe(before);
    // A params allocation smaller than the 1 MiB chunk size still fits in the last ~1.9 MiB.
    const p = Tensor.zeros([300_000], { runtime: rt, arena: 'params' });
    expect(p.size).toBe(300_000);
    expect(Array.from(small.toArray())).toEqual([1, 2, 3]);
  });
});
