// Conformance: the same program, importing the packed package, in Node (every build), Deno, Bun,
// headless Chromium and workerd. Digests must be bit-identical per build across hosts, and the
// SIMD and relaxed-SIMD builds must agree within 1e-6.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { installedProject } from '../package/pack.js';
import { addProgram, runBun, runChromium, runDeno, runNode, runWorkerd, type IsaResult, type Report } from './hosts.js';
import { runProcess } from './launch.mjs';
import { rand } from './program/rand.mjs';

const HOSTS = { node: runNode, deno: runDeno, bun: runBun, chromium: runChromium, workerd: runWorkerd } as const;
type Host = keyof typeof HOSTS;

let dir = '';
const reports = new Map<Host, PromiseSettledResult<Report>>();

beforeAll(async () => {
  dir = await installedProject('conformance');
  addProgram(dir);
  // The hosts run concurrently: they are separate processes.
  const hosts = Object.keys(HOSTS) as Host[];
  const settled = await Promise.allSettled(hosts.map((h) => HOSTS[h](dir)));
  hosts.forEach((h, i) => reports.set(h, settled[i]));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function report(host: Host): Report {
  const r = reports.get(host);
  if (!r) throw new Error(`${host}: did not run`);
  if (r.status === 'rejected') throw r.reason;
  return r.value;
}

function byIsa(rep: Report, isa: string): IsaResult & { cases: NonNullable<IsaResult['cases']> } {
  const r = rep.results.find((x) => x.isa === isa);
  if (!r) throw new Error(`${rep.host}: no result for ${isa}`);
  if (r.error || !r.cases) throw new Error(`${rep.host} ${isa}: ${r.error}`);
  return r as IsaResult & { cases: NonNullable<IsaResult['cases']> };
}

const ISAS = ['relaxed', 'simd', 'none'] as const;

describe('conformance in five runtimes', () => {
  it('node runs every build, and each build is the one asked for', () => {
    const rep = report('node');
    for (const isa of ISAS) expect(byIsa(rep, isa).built).toBe(isa);
    expect(byIsa(rep, 'none').cases.map((c) => c.name)).toEqual([
      'matmul-chain', 'matmul-square-64', 'matmul-row', 'emb-linear-training-steps',
      'emb-bilstm-linear-inference', 'gru-2layer-bi-lengths', 'lstm-training-steps', 'seeded-training', 'parallel-sized',
      'parallel-b1-steps',
    ]);
  });

  it('node agrees with float64 math (7x33 · 33x17)', () => {
    const got = byIsa(report('node'), 'none').cases[0].values.slice(0, 7 * 17);
    const a = rand(7 * 33, 1);
    const b = rand(33 * 17, 2);
    for (let i = 0; i < 7; i++) {
      for (let j = 0; j < 17; j++) {
        let s = 0;
        for (let k = 0; k < 33; k++) s += a[i * 33 + k] * b[k * 17 + j];
        expect(Math.abs(got[i * 17 + j] - s)).toBeLessThan(1e-5);
      }
    }
  });

  it('simd and relaxed agree within 1e-6', () => {
    const rep = report('node');
    const simd = byIsa(rep, 'simd');
    const relaxed = byIsa(rep, 'relaxed');
    simd.cases.forEach((c, i) => {
      const r = relaxed.cases[i].values;
      expect(r.length).toBe(c.values.length);
      let worst = 0;
      c.values.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - r[j]) / (1 + Math.abs(v)))));
      console.log(`simd vs relaxed, ${c.name}: worst relative difference ${worst.toExponential(2)}`);
      expect(worst, c.name).toBeLessThanOrEqual(1e-6);
    });
  });

  for (const host of ['deno', 'chromium', 'workerd'] as const) {
    it(`${host} is bit-identical to node for every build`, () => {
      const rep = report(host);
      const node = report('node');
      for (const isa of ISAS) {
        const got = byIsa(rep, isa);
        expect(got.built).toBe(isa);
        const want = byIsa(node, isa);
        got.cases.forEach((c, i) => expect(`${isa} ${c.name} ${c.digest}`).toBe(`${isa} ${want.cases[i].name} ${want.cases[i].digest}`));
        expect(got.digest).toBe(want.digest);
      }
    });
  }

  it('bun is bit-identical to node for the simd and scalar builds', () => {
    const rep = report('bun');
    const node = report('node');
    for (const isa of ['simd', 'none'] as const) {
      const got = byIsa(rep, isa);
      expect(got.built).toBe(isa);
      const want = byIsa(node, isa);
      got.cases.forEach((c, i) => expect(`${isa} ${c.name} ${c.digest}`).toBe(`${isa} ${want.cases[i].name} ${want.cases[i].digest}`));
    }
  });

  it('bun runs the relaxed build, and it equals node bit for bit with or without fused multiply-add', () => {
    // Relaxed SIMD leaves f32x4.relaxed_madd fused or unfused to the engine. V8 fuses it;
    // JavaScriptCore (Bun 1.4) computes mul then add, which is exactly the plain SIMD build. So Bun's
    // relaxed digests must each equal Node's relaxed or Node's simd digest, the same choice for all.
    const got = byIsa(report('bun'), 'relaxed');
    expect(got.built).toBe('relaxed');
    const node = report('node');
    const fused = byIsa(node, 'relaxed').cases.map((c) => c.digest);
    const unfused = byIsa(node, 'simd').cases.map((c) => c.digest);
    const digests = got.cases.map((c) => c.digest);
    const same = digests.every((d, i) => d === fused[i]) ? 'fused (node relaxed)' : digests.every((d, i) => d === unfused[i]) ? 'unfused (node simd)' : 'neither';
    console.log(`bun relaxed build: madd ${same}`);
    expect(same).not.toBe('neither');
  });

  // Issue 14: init({ threads: 2 }) gives 2 threads in Node, Deno, Bun and a cross-origin-isolated
  // Chromium page (whose main thread may not block: it spins), and the one-thread bits; workerd
  // has no threads: one thread, the reason, the same bits.
  for (const host of ['node', 'deno', 'bun', 'chromium', 'workerd'] as const) {
    it(`${host}: the 2-thread leg matches the one-thread digest`, () => {
      const rep = report(host);
      if (host === 'chromium') expect(rep.crossOriginIsolated).toBe(true);
      for (const isa of ['relaxed', 'simd'] as const) {
        const two = rep.results.find((r) => r.isa === isa && r.threadsAsked === 2);
        if (!two || two.error || !two.cases) throw new Error(`${host} ${isa}: no 2-thread result: ${two?.error}`);
        console.log(`${host} ${isa}, 2 threads asked: ${two.threads} thread(s), ${two.jobs} parallel jobs, reason ${two.threadsReason}`);
        if (host === 'workerd') {
          expect(two.threads).toBe(1);
          expect(two.threadsReason).toMatch(/no Workers|SharedArrayBuffer/);
        } else {
          expect([two.threads, two.threadsReason]).toEqual([2, null]);
          expect(two.jobs).toBeGreaterThan(0);
        }
        const one = byIsa(rep, isa);
        two.cases.forEach((c, i) => expect(`${isa} ${c.name} ${c.digest}`).toBe(`${isa} ${one.cases[i].name} ${one.cases[i].digest}`));
        expect(two.digest).toBe(one.digest);
      }
    });
  }

  it('requireThreads: 2 threads where the host has them, else a ValueError that says why', () => {
    for (const host of ['node', 'deno', 'bun', 'chromium'] as const) expect([host, report(host).requireThreads]).toEqual([host, { threads: 2 }]);
    const plain = report('chromium').plain;
    expect(plain?.requireThreads?.error).toMatch(/^ValueError: init: 2 threads were asked for, but this host has no SharedArrayBuffer .*cross-origin isolation/);
    expect(report('workerd').requireThreads?.error).toMatch(/^ValueError: init: 2 threads were asked for, but this host has no Workers/);
  });

  it('chromium without cross-origin isolation: the 2-thread leg runs one thread, says why, same bits', () => {
    const rep = report('chromium');
    const plain = rep.plain;
    if (!plain) throw new Error('chromium: no report from the page without isolation');
    expect(plain.crossOriginIsolated).toBe(false);
    for (const isa of ['relaxed', 'simd'] as const) {
      const two = plain.results.find((r) => r.isa === isa && r.threadsAsked === 2);
      if (!two || two.error || !two.cases) throw new Error(`chromium ${isa}: no 2-thread result: ${two?.error}`);
      console.log(`chromium (not isolated) ${isa}, 2 threads asked: ${two.threads} thread(s), reason: ${two.threadsReason}`);
      expect(two.threads).toBe(1);
      expect(two.jobs).toBe(0);
      // Chromium (web security on) gives a page that is not isolated no SharedArrayBuffer at all.
      expect(two.threadsReason).toMatch(/cross-origin isolat/);
      expect(two.threadsReason).toMatch(/Cross-Origin-Embedder-Policy|COEP/);
      expect(two.digest).toBe(byIsa(plain, isa).digest);
      expect(two.digest).toBe(byIsa(rep, isa).digest);
    }
  });

  it('chromium, through a bundler (esbuild, platform browser, split chunks), is bit-identical to node', () => {
    const bundled = report('chromium').bundled;
    if (!bundled) throw new Error('chromium: no report from the bundled page');
    const node = report('node');
    for (const isa of ISAS) expect(`${isa} ${byIsa(bundled, isa).digest}`).toBe(`${isa} ${byIsa(node, isa).digest}`);
  });

  it('the browser page and worker examples run, and agree bit for bit', () => {
    const page = report('chromium').example as { isa: string; probs: number[] };
    const worker = report('workerd').example as { isa: string; probs: number[] };
    expect(page.isa).toBe('relaxed');
    expect(page.probs).toHaveLength(3);
    expect(Math.abs(page.probs.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-6);
    expect(worker).toEqual(page);
  });

  it('node: the package reaches its first result without loading fetch (undici)', async () => {
    const r = await runProcess(process.execPath, ['node-lean.mjs'], { cwd: dir });
    expect(r.err).toBe('');
    const loaded = JSON.parse(r.out) as string[];
    expect(loaded.filter((m) => m.includes('undici'))).toEqual([]);
  });
});
