// init({ threads }): the pool, what the host gave and why not, barriers, failures that leave the
// pool usable, and processes that exit with no worker left behind.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { createRuntime, MemoryError, RnnWasmError, ValueError, type Runtime } from '../../src/index.js';
import { gemm } from '../../src/autograd/kern.js';
import { randomArray, put, get } from '../helpers.js';

const made: Runtime[] = [];
async function make(opts: Parameters<typeof createRuntime>[0]): Promise<Runtime> {
  const rt = await createRuntime(opts);
  made.push(rt);
  return rt;
}
afterAll(() => made.forEach((rt) => rt.close()));

describe('init({ threads })', () => {
  it('defaults to one thread; n threads start n-1 workers; auto takes the reported cores (at most 8)', async () => {
    const one = await make({ simd: 'simd' });
    expect([one.threads, one.threadsReason, one.pool]).toEqual([1, null, null]);
    for (const n of [2, 3]) {
      const rt = await make({ simd: 'simd', threads: n });
      expect([rt.threads, rt.threadsReason, rt.pool?.size]).toEqual([n, null, n]);
    }
    const auto = await make({ simd: 'relaxed', threads: 'auto' });
    expect(auto.threads).toBe(Math.min(8, availableParallelism()));
  });

  it('rejects bad thread options with typed errors', async () => {
    for (const threads of [0, 1.5, 65, -1, 'all', NaN]) {
      await expect(createRuntime({ threads: threads as number })).rejects.toThrow(ValueError);
    }
    await expect(createRuntime({ threads: 2, requireThreads: 'yes' as unknown as boolean })).rejects.toThrow(/requireThreads must be a boolean/);
  });

  it('falls back to one thread with the reason (scalar build, a single-thread wasm, no cross-origin isolation), or throws with requireThreads', async () => {
    const scalar = await make({ simd: 'none', threads: 2 });
    expect(scalar.threads).toBe(1);
    expect(scalar.threadsReason).toMatch(/scalar build .* no threaded variant/);
    await expect(createRuntime({ simd: 'none', threads: 2, requireThreads: true })).rejects.toThrow(/2 threads were asked for, but the scalar build/);

    const plain = readFileSync(new URL('../../build/rnn-simd.wasm', import.meta.url));
    const single = await make({ wasm: plain, threads: 2 });
    expect([single.threads, single.isa]).toEqual([1, 'simd']);
    expect(single.threadsReason).toMatch(/not a shared-memory build/);
    await expect(createRuntime({ wasm: plain, threads: 2, requireThreads: true })).rejects.toThrow(ValueError);

    const threaded = readFileSync(new URL('../../build/rnn-simd-threads.wasm', import.meta.url));
    const given = await make({ wasm: threaded, threads: 2 });
    expect([given.threads, given.threadsReason]).toEqual([2, null]);

    const g = globalThis as { crossOriginIsolated?: boolean };
    g.crossOriginIsolated = false;
    try {
      const page = await make({ simd: 'simd', threads: 2 });
      expect(page.threads).toBe(1);
      expect(page.threadsReason).toMatch(/cross-origin isolated/);
      await expect(createRuntime({ simd: 'simd', threads: 2, requireThreads: true })).rejects.toThrow(/cross-origin isolated/);
    } finally {
      delete g.crossOriginIsolated;
    }
  });

  it('runs call lists with barriers: what one thread writes before a barrier, the others read after it', async () => {
    const rt = await make({ simd: 'simd', threads: 3 });
    const pool = rt.pool!;
    const n = 1024;
    const buf = rt.step.alloc(3 * n * 4);
    const out = rt.step.alloc(3 * n * 4);
    for (let round = 0; round < 200; round++) {
      const job = pool.job();
      // Step 1: thread t fills its third; step 2: thread t writes twice the next thread's third
      // into a second buffer. Without a working barrier some reads see last round's values.
      for (let t = 0; t < 3; t++) job.call(t, 'f32_fill', buf + t * n * 4, n, round * 10 + t);
      job.barrier();
      for (let t = 0; t < 3; t++) job.call(t, 'f32_scale', out + t * n * 4, buf + ((t + 1) % 3) * n * 4, 2, n);
      pool.run(job);
      const v = rt.f32(out, 3 * n);
      for (let t = 0; t < 3; t++) {
        const want = 2 * (round * 10 + ((t + 1) % 3));
        expect(v[t * n], `round ${round} thread ${t}`).toBe(want);
        expect(v[t * n + n - 1]).toBe(want);
      }
    }
  });

  it('a kernel failing in a worker throws a typed error and leaves the pool usable', async () => {
    const rt = await make({ simd: 'simd', threads: 2, maxMemoryBytes: 8 << 20 });
    const pool = rt.pool!;
    const ok = rt.step.alloc(64);
    const job = pool.job().call(0, 'f32_fill', ok, 16, 1).call(1, 'f32_fill', 2 ** 31 - 64, 1 << 20, 1);
    expect(() => pool.run(job)).toThrow(RnnWasmError);
    expect(() => pool.run(job)).toThrow(/f32_fill failed in a worker/);
    pool.run(pool.job().call(0, 'f32_fill', ok, 8, 2).call(1, 'f32_fill', ok + 32, 8, 3));
    expect(Array.from(rt.f32(ok, 16))).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3]);
  });

  it('a MemoryError inside a parallel product changes nothing and leaves the pool usable', async () => {
    const one = await make({ simd: 'relaxed' });
    const rt = await make({ simd: 'relaxed', threads: 2, maxMemoryBytes: 24 << 20 });
    const [M, N, Kbig] = [16, 1024, 3072];
    const A = rt.step.alloc(M * Kbig * 4);
    const B = rt.step.alloc(Kbig * N * 4); // 12 MiB; the pieces' packed B need 12 MiB more
    const C = put(rt, randomArray(M * N, 1));
    const before = get(rt, C, M * N);
    const jobs = rt.pool!.jobsRun;
    expect(() => gemm(rt, M, N, Kbig, A, Kbig, false, B, N, false, C, N, false)).toThrow(MemoryError);
    expect(rt.pool!.jobsRun).toBe(jobs);
    expect(get(rt, C, M * N)).toEqual(before);
    // The same pool, a product that fits: one thread's bits.
    const K = 256;
    const run = (r: Runtime): Float32Array => {
      const a = put(r, randomArray(M * K, 2));
      const b = put(r, randomArray(K * N, 3));
      const c = r.step.alloc(M * N * 4);
      gemm(r, M, N, K, a, K, false, b, N, false, c, N, false);
      return get(r, c, M * N);
    };
    expect(run(rt)).toEqual(run(one));
    expect(rt.pool!.jobsRun).toBe(jobs + 1);
  });

  it('close() ends the workers; the runtime goes on with one thread', async () => {
    const rt = await make({ simd: 'simd', threads: 2 });
    rt.close();
    expect([rt.threads, rt.pool]).toEqual([1, null]);
    const M = 64;
    const a = put(rt, randomArray(M * M, 4));
    const c = rt.step.alloc(M * M * 4);
    gemm(rt, M, M, M, a, M, false, a, M, false, c, M, false);
    expect(get(rt, c, 1)[0]).not.toBe(0);
  });
});

describe('processes exit with no worker left behind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-threads-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const program = `
    import { init, matmul, Tensor } from './entry.mjs';
    const rt = await init({ threads: 2 });
    const a = Tensor.from(new Float32Array(256 * 256).fill(0.5), [256, 256]);
    const c = matmul(a, a);
    console.log(JSON.stringify({ threads: rt.threads, jobs: rt.pool.jobsRun, c: c.toArray()[0] }));
  `;

  async function bundle(): Promise<void> {
    // The package's Node entry as one file; the program never calls close().
    await build({ entryPoints: [new URL('../../src/node.ts', import.meta.url).pathname], bundle: true, format: 'esm', platform: 'node', target: 'es2022', outfile: join(dir, 'entry.mjs'), logLevel: 'warning' });
    writeFileSync(join(dir, 'main.mjs'), program);
    writeFileSync(join(dir, 'main-close.mjs'), `${program}\nrt.close();\n`);
  }

  it('Node', async () => {
    await bundle();
    for (const main of ['main.mjs', 'main-close.mjs']) {
      const r = spawnSync(process.execPath, [join(dir, main)], { encoding: 'utf8', timeout: 30_000 });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual({ threads: 2, jobs: 1, c: 64 });
    }
  });

  it('Deno', async () => {
    await bundle();
    const deno = new URL('../../node_modules/.bin/deno', import.meta.url).pathname;
    for (const main of ['main.mjs', 'main-close.mjs']) {
      // No permission flags: starting the workers needs none.
      const r = spawnSync(deno, ['run', '--no-prompt', join(dir, main)], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' } });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual({ threads: 2, jobs: 1, c: 64 });
    }
  });
});
