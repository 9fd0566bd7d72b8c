// The kernel rules of assembly/README.md, checked on the sources and the builds: snake_case names
// with a dtype prefix, a `_ref` twin for every dispatching kernel (exported by every build, left
// out of the release builds), and no mutable module state (threaded builds share one memory).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ISAS, runtimeFor } from '../helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

// Files index.ts exports from, and the exported function names of each.
const index = readFileSync(join(root, 'assembly/index.ts'), 'utf8');
const listed = [...index.matchAll(/from '\.\/([\w/]+)'/g)].map((m) => m[1]);
const exported = listed.flatMap((f) =>
  [...readFileSync(join(root, 'assembly', `${f}.ts`), 'utf8').matchAll(/^export function (\w+)/gm)].map((m) => m[1]));
const QUERIES = new Set(['heap_base', 'build_isa']);
// Sizes, not computations: nothing to compare against a twin.
const isSizeQuery = (n: string) => n.endsWith('_bytes');

describe('assembly/ house rules', () => {
  it('every exported kernel is snake_case with a dtype prefix (or a module query / bench_ kernel)', () => {
    expect(exported.length).toBeGreaterThan(50);
    for (const n of exported) {
      expect(n, n).toMatch(/^[a-z0-9_]+$/);
      expect(QUERIES.has(n) || /^(f32|qs8|qu8)_/.test(n) || n.startsWith('bench_'), n).toBe(true);
    }
  });

  it('every dispatching kernel has a _ref twin, and every _ref a kernel', () => {
    const names = new Set(exported);
    for (const n of exported) {
      if (n.endsWith('_ref')) expect(names.has(n.slice(0, -4)), `${n} has no kernel`).toBe(true);
      else if (!QUERIES.has(n) && !isSizeQuery(n) && !n.startsWith('bench_')) expect(names.has(`${n}_ref`), `${n} has no _ref`).toBe(true);
    }
  });

  it('no mutable module state: no memory.data buffers, no module-level let/var', () => {
    for (const file of sources(join(root, 'assembly'))) {
      const text = readFileSync(file, 'utf8');
      expect(text.includes('memory.data('), `${file}: memory.data`).toBe(false);
      expect(/^(export\s+)?(let|var)\s/m.test(text), `${file}: module-level let/var`).toBe(false);
    }
  });

  it('no function or file named after a caller or in camelCase', () => {
    for (const file of sources(join(root, 'assembly'))) {
      const rel = file.slice(root.length);
      expect(rel, rel).toMatch(/^assembly\/([a-z0-9_]+\/)?[a-z0-9_]+\.ts$/);
      expect(rel, rel).not.toMatch(/autograd|scan|module|layer/);
      for (const m of readFileSync(file, 'utf8').matchAll(/function (\w+)/g)) expect(m[1], `${rel}: ${m[1]}`).toMatch(/^[a-z0-9_]+$/);
    }
  });

  it.each(ISAS)('the %s build exports every kernel and its _ref twin', async (isa) => {
    const rt = await runtimeFor(isa);
    const k = rt.k as unknown as Record<string, unknown>;
    for (const n of exported) expect(typeof k[n], `${n} (${isa})`).toBe('function');
  });

  it('the release entry leaves out the _ref twins, bench_ kernels and lines marked not in release', () => {
    const entry = readFileSync(join(root, 'build/release-entry.ts'), 'utf8');
    const released = new Set([...entry.matchAll(/export \{ ([^}]*) \}/g)].flatMap((m) => m[1].split(', ')));
    expect(released.has('f32_gemm')).toBe(true);
    for (const n of released) expect(n.endsWith('_ref') || n.startsWith('bench_'), n).toBe(false);
    expect(released.has('f32_exp')).toBe(false);
  });
});
