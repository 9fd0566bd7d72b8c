// The published package: what the tarball holds, publint and attw on it, and that types resolve
// for every entry under the resolution modes users have (nodenext, bundler, bundler + workerd).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { publint } from 'publint';
import { bin, installedProject, packTarball } from './pack.js';

let tgz = '';
let dir = '';
beforeAll(async () => {
  tgz = await packTarball();
  dir = await installedProject('types');
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('ships only the entries, their chunks, the wasm builds, types and the README', () => {
    const files = execFileSync('tar', ['-tzf', tgz], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
    const unexpected = files.filter(
      (f) => !/^(package\.json|README\.md|dist\/(index|worker)\.js|dist\/chunks\/(wasm-(relaxed|simd|scalar)\.gen|chunk)-\w+\.js|dist\/wasm\/(relaxed|simd|scalar)\.wasm|dist\/types\/.+\.d\.ts)$/.test(f),
    );
    expect(unexpected).toEqual([]);
    for (const f of ['dist/index.js', 'dist/worker.js', 'dist/types/index.d.ts', 'dist/types/worker.d.ts', 'dist/wasm/relaxed.wasm', 'dist/wasm/simd.wasm', 'dist/wasm/scalar.wasm']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => f.startsWith('dist/chunks/wasm-'))).toHaveLength(3);
  });

  it('the default entry is platform neutral and embeds each build in its own lazy chunk', () => {
    const pkg = join(dir, 'node_modules', 'rnn-wasm', 'dist');
    const index = readFileSync(join(pkg, 'index.js'), 'utf8');
    expect(index).not.toMatch(/(^|;)\s*import[^;(]*from\s*["']node:/m); // no static Node imports
    expect(index).not.toMatch(/import\(\s*["']node:/); // nor literal dynamic ones, which bundlers resolve
    expect(index).not.toContain('AGFzbQ'); // base64 of the wasm magic: no build inlined in the entry
    const chunks = [...index.matchAll(/import\("(\.\/chunks\/[^"]+)"\)/g)].map((m) => m[1]);
    expect(chunks).toHaveLength(3);
    for (const c of chunks) expect(readFileSync(join(pkg, c), 'utf8').match(/AGFzbQ/g)).toHaveLength(1);
  });

  it('the worker entry imports the three builds statically', () => {
    const worker = readFileSync(join(dir, 'node_modules', 'rnn-wasm', 'dist', 'worker.js'), 'utf8');
    const imports = [...worker.matchAll(/import\s*\w+\s*from\s*"(\.\/wasm\/\w+\.wasm)"/g)].map((m) => m[1]).sort();
    expect(imports).toEqual(['./wasm/relaxed.wasm', './wasm/scalar.wasm', './wasm/simd.wasm']);
    expect(worker).not.toContain('AGFzbQ');
  });

  it('publint reports nothing, suggestions included', async () => {
    const buf = readFileSync(tgz);
    const { messages } = await publint({ pack: { tarball: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) }, level: 'suggestion', strict: true });
    expect(messages).toEqual([]);
  });

  it('attw (ESM-only profile) reports no problems', () => {
    // The raw .wasm subpaths are assets, not modules with types: they are excluded from the check.
    const args = [tgz, '--profile', 'esm-only', '--format', 'json', '--exclude-entrypoints', './wasm/relaxed.wasm', './wasm/simd.wasm', './wasm/scalar.wasm'];
    const r = spawnSync(bin('attw'), args, { encoding: 'utf8' });
    const out = JSON.parse(r.stdout) as { problems: Record<string, { resolutionKind?: string }[]>; analysis: { entrypoints: Record<string, unknown> } };
    // The JSON lists every problem; the esm-only profile ignores CommonJS and node10 resolution.
    const counted = Object.values(out.problems).flat().filter((p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs');
    expect(counted).toEqual([]);
    expect(Object.keys(out.analysis.entrypoints).sort()).toEqual(['.', './package.json', './worker']);
    expect(r.status).toBe(0);
  });
});

describe('types resolve for every entry', () => {
  const consumer = `import { init, Tensor, matmul, type Runtime } from 'rnn-wasm';
import * as worker from 'rnn-wasm/worker';
const rt: Runtime = await init({ simd: 'simd' });
const t: Tensor = matmul(Tensor.from([1, 2], [1, 2]), Tensor.from([3, 4], [2, 1]));
const w: Promise<Runtime> = worker.init(new WebAssembly.Module(new Uint8Array(8)));
// @ts-expect-error: the types are real, so a wrong option value is an error
Tensor.from([1, 2], [2], { arena: 'heap' });
export { rt, t, w };
`;
  const cases = [
    { name: 'nodenext', options: { module: 'NodeNext', moduleResolution: 'NodeNext' } },
    { name: 'bundler', options: { module: 'ESNext', moduleResolution: 'Bundler' } },
    { name: 'bundler + workerd condition', options: { module: 'ESNext', moduleResolution: 'Bundler', customConditions: ['workerd'] } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      writeFileSync(join(dir, 'consumer.ts'), consumer);
      const config = { compilerOptions: { target: 'ES2022', lib: ['ES2022', 'DOM'], strict: true, noEmit: true, skipLibCheck: false, types: [], ...c.options }, files: ['consumer.ts'] };
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
      const r = spawnSync(bin('tsc'), ['-p', 'tsconfig.json', '--traceResolution'], { cwd: dir, encoding: 'utf8' });
      const errors = r.stdout.split('\n').filter((l) => l.includes('error TS'));
      expect(errors).toEqual([]);
      expect(r.status).toBe(0);
      // Which declaration file the bare import resolved to under this mode.
      const want = c.name.includes('workerd') ? 'dist/types/worker.d.ts' : 'dist/types/index.d.ts';
      expect(r.stdout).toMatch(new RegExp(`Module name 'rnn-wasm' was successfully resolved to '[^']*${want}'`));
    });
  }
});
