// The published package: what the tarball holds, publint and attw on it, and that types resolve
// for every entry under the resolution modes users have (nodenext, bundler, bundler + workerd).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { publint } from 'publint';
import { bin, installedProject, packTarball, root } from './pack.js';

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
  it('ships only the entries, their chunks, the wasm builds, types, the CLI and the README', () => {
    const files = execFileSync('tar', ['-tzf', tgz], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
    const unexpected = files.filter(
      (f) => !/^(package\.json|README\.md|bin\/rnn-wasm\.mjs|dist\/(index|node|worker|models|cli|onnx\/index|onnx-worker)\.js|dist\/chunks\/(wasm-(relaxed|simd|scalar|relaxed-threads|simd-threads)\.gen|chunk|pool|threads|browser_backends)-\w+\.js|dist\/wasm\/(relaxed|simd|scalar|relaxed-threads|simd-threads)\.wasm|dist\/types\/.+\.d\.ts)$/.test(f),
    );
    expect(unexpected).toEqual([]);
    for (const f of ['bin/rnn-wasm.mjs', 'dist/cli.js', 'dist/index.js', 'dist/node.js', 'dist/worker.js', 'dist/models.js', 'dist/types/models/index.d.ts', 'dist/onnx/index.js', 'dist/types/onnx/index.d.ts', 'dist/types/onnx_entry.d.ts', 'dist/onnx-worker.js', 'dist/types/index.d.ts', 'dist/types/node.d.ts', 'dist/types/worker.d.ts', 'dist/wasm/relaxed.wasm', 'dist/wasm/simd.wasm', 'dist/wasm/scalar.wasm', 'dist/wasm/relaxed-threads.wasm', 'dist/wasm/simd-threads.wasm']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => f.startsWith('dist/chunks/wasm-'))).toHaveLength(5);
  });

  it('ships release builds: every kernel the library calls, none of the _ref oracles or bench kernels', () => {
    const pkg = join(dir, 'node_modules', 'rnn-wasm', 'dist');
    const full = new WebAssembly.Module(readFileSync(join(root, 'build', 'rnn-simd.wasm')));
    // f32_exp: a test/bench-only kernel (assembly/index.ts marks its line `not in release`).
    const testOnly = new Set(['f32_exp']);
    const wanted = WebAssembly.Module.exports(full).map((e) => e.name).filter((n) => !n.endsWith('_ref') && !n.startsWith('bench_') && !testOnly.has(n)).sort();
    for (const isa of ['scalar', 'simd', 'relaxed']) {
      if (isa === 'relaxed' && !WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 15, 1, 13, 0, 65, 1, 253, 15, 65, 2, 253, 15, 253, 128, 2, 11]))) continue;
      const names = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(join(pkg, 'wasm', `${isa}.wasm`)))).map((e) => e.name).sort();
      expect(names.filter((n) => n.endsWith('_ref')), isa).toEqual([]);
      expect(names, isa).toEqual(wanted);
    }
  });

  it('the default entry is platform neutral and embeds each build in its own lazy chunk', () => {
    const pkg = join(dir, 'node_modules', 'rnn-wasm', 'dist');
    // The entry and every chunk it imports statically: what a host loads before init().
    const loaded = new Map<string, string>();
    const visit = (file: string): void => {
      if (loaded.has(file)) return;
      const text = readFileSync(join(pkg, file), 'utf8');
      loaded.set(file, text);
      for (const m of text.matchAll(/(?:^|;)\s*import[^;(]*?["']\.\/(?:chunks\/)?([\w.-]+\.js)["']/g)) visit(`chunks/${m[1]}`);
    };
    visit('index.js');
    const all = [...loaded.values()].join('\n');
    expect(all).not.toMatch(/(^|;)\s*import[^;(]*from\s*["']node:/m); // no static Node imports
    expect(all).not.toMatch(/import\(\s*["']node:/); // nor literal dynamic ones, which bundlers resolve
    // A build is a base64 string of gzip data ("H4sI": the gzip magic in base64).
    expect(all).not.toMatch(/="H4sI/); // no build loaded before init()
    const lazy = [...all.matchAll(/import\("\.\/([^"]+)"\)/g)].map((m) => m[1]);
    // The thread pool and its host layer load only when init({ threads }) asks for more than one;
    // the IndexedDB/OPFS code on the first storeModel/listStored/... call.
    expect(lazy.map((c) => c.replace(/-\w+\.js$/, '')).sort()).toEqual(['browser_backends', 'pool', 'threads', 'wasm-relaxed-threads.gen', 'wasm-relaxed.gen', 'wasm-scalar.gen', 'wasm-simd-threads.gen', 'wasm-simd.gen']);
    const chunks = lazy.filter((c) => c.startsWith('wasm-'));
    for (const c of chunks) expect(readFileSync(join(pkg, 'chunks', c), 'utf8').match(/="H4sI/g)).toHaveLength(1);
  });

  it('no file of the neutral entries holds a literal import of a node: module (browser bundlers would resolve it)', () => {
    const pkg = join(dir, 'node_modules', 'rnn-wasm', 'dist');
    // Everything but node.js and cli.js (Node only): the default, ONNX, worker and models entries and
    // every chunk, lazy ones included (bundlers follow dynamic imports too). The Node fallbacks in
    // runtime/source.ts and threads.ts build their specifiers at run time; a minifier's constant
    // folding must not have turned them back into `import("node:fs/promises")`.
    const files = ['index.js', 'onnx/index.js', 'worker.js', 'onnx-worker.js', 'models.js', ...readdirSync(join(pkg, 'chunks')).map((f) => `chunks/${f}`)];
    let hidden = 0;
    for (const f of files) {
      const text = readFileSync(join(pkg, f), 'utf8');
      expect(text, f).not.toMatch(/(^|;)\s*import[^;(]*from\s*["']node:/m);
      expect(text, f).not.toMatch(/import\(\s*["'`]node:/);
      hidden += text.match(/\["node","(os|worker_threads)"\]\.join\(":"\)|\["node:fs","promises"\]\.join\("\/"\)/g)?.length ?? 0;
    }
    // The fallbacks are there (in the shared chunks and in both worker bundles), just not as literals.
    expect(hidden).toBeGreaterThanOrEqual(3);
  });

  it('minified, every exported class keeps its name; error names and nn.summary types are the class names', () => {
    const script = `import * as core from 'rnn-wasm';
import * as onnx from 'rnn-wasm/onnx';
const bad = []; let classes = 0;
const walk = (obj, path, depth) => {
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'function' && /^class\\b/.test(Function.prototype.toString.call(v))) { classes++; if (v.name !== k) bad.push(path + k + ' is named ' + v.name); }
    else if (v && typeof v === 'object' && !ArrayBuffer.isView(v) && depth < 2) walk(v, path + k + '.', depth + 1);
  }
};
walk(core, '', 0); walk(onnx, 'onnx:', 0);
await core.init();
let err = '';
try { core.Tensor.from([1, 2, 3], [2, 2]); } catch (e) { err = e.name + ' ' + (e instanceof core.ShapeError); }
class Mine extends core.nn.Module { constructor() { super(); this.registerModule('lstm', new core.nn.LSTM({ inputSize: 2, hiddenSize: 3 })); } }
const types = core.nn.summary(new Mine()).rows.map((r) => r.type).join(',');
console.log(classes > 40, JSON.stringify(bad), err, types);`;
    writeFileSync(join(dir, 'class-names.mjs'), script);
    const r = spawnSync(process.execPath, ['class-names.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('true [] ShapeError true Mine,LSTM');
  });

  it('the node entry reads dist/wasm/, and falls back to the embedded chunks when it is gone', async () => {
    const pkg = join(dir, 'node_modules', 'rnn-wasm', 'dist');
    const script = `import { init, Tensor, matmul } from 'rnn-wasm';
const rt = await init();
console.log(rt.isa, matmul(Tensor.from([1, 2], [1, 2]), Tensor.from([3, 4], [2, 1])).item());`;
    writeFileSync(join(dir, 'node-entry.mjs'), script);
    const run = () => spawnSync(process.execPath, ['node-entry.mjs'], { cwd: dir, encoding: 'utf8' });
    const chunks = readdirSync(join(pkg, 'chunks')).filter((f) => f.startsWith('wasm-'));
    // Without the base64 chunks: only the .wasm files can serve.
    for (const c of chunks) renameSync(join(pkg, 'chunks', c), join(dir, c));
    try {
      const r = run();
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('simd 11');
    } finally {
      for (const c of chunks) renameSync(join(dir, c), join(pkg, 'chunks', c));
    }
    // Without dist/wasm/ (a bundle that did not copy it): the embedded chunks serve.
    renameSync(join(pkg, 'wasm'), join(dir, 'wasm-away'));
    try {
      const r = run();
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('simd 11');
    } finally {
      renameSync(join(dir, 'wasm-away'), join(pkg, 'wasm'));
    }
  });

  it('Node resolves the node entry, Deno the default one (it would need --allow-read for files)', () => {
    writeFileSync(join(dir, 'resolve.mjs'), 'console.log(import.meta.resolve("rnn-wasm"));\n');
    const node = spawnSync(process.execPath, ['resolve.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(node.stdout.trim()).toMatch(/\/node_modules\/rnn-wasm\/dist\/node\.js$/);
    const env = { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
    const deno = spawnSync(bin('deno'), ['run', '--no-prompt', '--no-lock', 'resolve.mjs'], { cwd: dir, encoding: 'utf8', env });
    expect(deno.stdout.trim()).toMatch(/\/node_modules\/rnn-wasm\/dist\/index\.js$/);
  });

  it('rnn-wasm/onnx shares the classes and runtime of the node entry (one copy of the core)', () => {
    const script = `import { init, nn } from 'rnn-wasm';
import { exportOnnx } from 'rnn-wasm/onnx';
await init();
const bytes = exportOnnx(new nn.LSTM({ inputSize: 3, hiddenSize: 4 }), { input: [1, 2, 3] });
console.log(bytes instanceof Uint8Array, bytes.length > 4 * (16 * 3 + 16 * 4));`;
    writeFileSync(join(dir, 'onnx-entry.mjs'), script);
    const r = spawnSync(process.execPath, ['onnx-entry.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('true true');
  });

  it('rnn-wasm/onnx alone gives init and runs a model; imported before rnn-wasm it keeps the node entry\'s wasm provider', () => {
    const pkg = join(dir, 'node_modules', 'rnn-wasm', 'dist');
    // Both entries, the ONNX one first: one runtime and one set of classes; with the embedded chunks
    // gone, init() works only if the node entry's provider (dist/wasm/ files) was not replaced.
    const both = `import { init as initO, getRuntime as getO, Tensor as TensorO, FormatError as FormatO, importOnnx, exportOnnx } from 'rnn-wasm/onnx';
import { init, getRuntime, Tensor, FormatError, nn, manualSeed } from 'rnn-wasm';
import { writeFileSync } from 'node:fs';
const rt = await init();
manualSeed(7);
const lstm = new nn.LSTM({ inputSize: 3, hiddenSize: 4 });
const bytes = exportOnnx(lstm, { input: [1, 2, 3] });
const m = importOnnx(bytes);
const x = Float32Array.from([0.5, -1, 0.25, 2, 0.125, -0.75]);
const out = await m.run({ [m.inputs[0].name]: { data: x, shape: [1, 2, 3] } });
writeFileSync('tiny.onnx', bytes);
writeFileSync('tiny.json', JSON.stringify({ input: m.inputs[0].name, output: m.outputs[0].name, x: [...x], y: [...out[m.outputs[0].name].data] }));
console.log(initO === init, getO === getRuntime, TensorO === Tensor, FormatO === FormatError, getO() === rt, rt.isa);`;
    writeFileSync(join(dir, 'onnx-both.mjs'), both);
    const chunks = readdirSync(join(pkg, 'chunks')).filter((f) => f.startsWith('wasm-'));
    for (const c of chunks) renameSync(join(pkg, 'chunks', c), join(dir, c));
    try {
      const r = spawnSync(process.execPath, ['onnx-both.mjs'], { cwd: dir, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('true true true true true simd');
    } finally {
      for (const c of chunks) renameSync(join(dir, c), join(pkg, 'chunks', c));
    }
    // The ONNX entry alone (what an inference page loads): init from it, the same outputs.
    const alone = `import { init, importOnnx, Tensor, FormatError } from 'rnn-wasm/onnx';
import { readFileSync } from 'node:fs';
const rt = await init();
const ref = JSON.parse(readFileSync('tiny.json', 'utf8'));
const m = importOnnx(readFileSync('tiny.onnx'));
const out = await m.run({ [ref.input]: { data: Float32Array.from(ref.x), shape: [1, 2, 3] } });
let bad = 0;
try { importOnnx(new Uint8Array([8])); } catch (e) { bad = e instanceof FormatError ? 1 : 2; }
console.log(rt.isa, JSON.stringify([...out[ref.output].data]) === JSON.stringify(ref.y), ref.y.length, typeof Tensor.from, bad);`;
    writeFileSync(join(dir, 'onnx-alone.mjs'), alone);
    const r = spawnSync(process.execPath, ['onnx-alone.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('simd true 8 function 1');
  });

  // Download sizes, measured as bench/size.mjs measures: an entry and the chunks it imports
  // statically, transitively, each file gzipped on its own (level 9).
  const sizeOf = () => {
    const pkg = join(dir, 'node_modules', 'rnn-wasm', 'dist');
    const closure = (entry: string): string[] => {
      const files: string[] = [];
      const visit = (file: string): void => {
        if (files.includes(file)) return;
        files.push(file);
        const base = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
        for (const m of readFileSync(join(pkg, file), 'utf8').matchAll(/(?:^|;)\s*import[^;(]*?"(\.\.?\/(?:chunks\/)?chunk-[\w-]+\.js)"/g)) {
          visit(new URL(m[1], `file:///${base}`).pathname.slice(1));
        }
      };
      visit(entry);
      return files;
    };
    const gz = (files: string[]): number => files.reduce((a, f) => a + gzipSync(readFileSync(join(pkg, f)), { level: 9 }).length, 0);
    const relaxed = `chunks/${readdirSync(join(pkg, 'chunks')).find((f) => f.startsWith('wasm-relaxed.gen-'))}`;
    return { pkg, core: closure('index.js'), onnx: closure('onnx/index.js'), relaxed, gz };
  };

  it('download size: rnn-wasm/onnx + the relaxed wasm chunk <= 100 KB gzip, no training code on an ONNX page', () => {
    const { pkg, core, onnx, relaxed, gz } = sizeOf();
    expect(core.length).toBeGreaterThan(1);
    expect(onnx).toContain('onnx/index.js');
    expect(onnx.length).toBeGreaterThan(1); // shares the core's chunks (one runtime), not a copy
    expect(gz([...onnx, relaxed])).toBeLessThanOrEqual(100 * 1024);
    // What keeps it small: the training-only code is in the core's own chunks, not on the ONNX page
    // (found by their error messages: identifiers are minified). The int8 weights are on it by
    // design: OnnxModel.quantizeDynamicModel runs imported recurrent nodes in int8.
    const onnxText = onnx.map((f) => readFileSync(join(pkg, f), 'utf8')).join('\n');
    const coreText = core.map((f) => readFileSync(join(pkg, f), 'utf8')).join('\n');
    for (const name of ['betas must be [beta1, beta2]', 'fit: model must be a Module', 'takeWindows: index', 'loadCheckpoint: not a checkpoint']) {
      expect(onnxText, name).not.toContain(name);
      expect(coreText, name).toContain(name);
    }
  });

  // Issue 13: < 60 KiB. Everything the public API exports is in it (forecasting, int8, Keras,
  // checkpoints, fit); what keeps it there: full minification with only class names kept
  // (scripts/build.mjs), the threads and IndexedDB/OPFS code loaded lazily, and no small chunk of
  // its own for the codec or the heap (each separately gzipped file costs its own dictionary).
  it('download size: the core entry (rnn-wasm, JS without the wasm) < 60 KiB gzip', () => {
    const { core, gz } = sizeOf();
    expect(gz(core)).toBeLessThan(60 * 1024);
  });

  it('rnn-wasm/models imports the rest from rnn-wasm, so it runs on the runtime the user set up', () => {
    const models = readFileSync(join(dir, 'node_modules', 'rnn-wasm', 'dist', 'models.js'), 'utf8');
    expect([...models.matchAll(/\bfrom\s*"([^"]+)"/g)].map((m) => m[1])).toEqual(['rnn-wasm']);
    expect(models).not.toMatch(/\bimport\(/);
    const script = `import { init, data } from 'rnn-wasm';
import { CharLM, TextClassifier, loadClassifier } from 'rnn-wasm/models';
await init();
const m = new CharLM({ cell: 'gru', vocabSize: 5, embedDim: 2, hiddenSize: 3, numLayers: 1 });
const c = loadClassifier(new TextClassifier({ vocabSize: 6, embedDim: 2, hiddenSize: 2, denseSize: 2, maxLen: 4, labels: ['a', 'b'] }).save(), JSON.stringify(data.Vocab.fromText('x y', { level: 'word' }).toJSON()));
console.log(CharLM.load(m.save()).config.cell, c.model.config.labels.join(''));`;
    writeFileSync(join(dir, 'models-entry.mjs'), script);
    const r = spawnSync(process.execPath, ['models-entry.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('gru ab');
  });

  it('the worker entry imports the three builds statically', () => {
    const worker = readFileSync(join(dir, 'node_modules', 'rnn-wasm', 'dist', 'worker.js'), 'utf8');
    const imports = [...worker.matchAll(/import\s*\w+\s*from\s*"(\.\/wasm\/\w+\.wasm)"/g)].map((m) => m[1]).sort();
    expect(imports).toEqual(['./wasm/relaxed.wasm', './wasm/scalar.wasm', './wasm/simd.wasm']);
    expect(worker).not.toMatch(/="H4sI/);
  });

  it('publint reports nothing, suggestions included', async () => {
    const buf = readFileSync(tgz);
    const { messages } = await publint({ pack: { tarball: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) }, level: 'suggestion', strict: true });
    expect(messages).toEqual([]);
  });

  it('attw (ESM-only profile) reports no problems', () => {
    // The raw .wasm subpaths are assets, not modules with types: they are excluded from the check.
    const args = [tgz, '--profile', 'esm-only', '--format', 'json', '--exclude-entrypoints', './wasm/relaxed.wasm', './wasm/simd.wasm', './wasm/scalar.wasm', './wasm/relaxed-threads.wasm', './wasm/simd-threads.wasm'];
    const r = spawnSync(bin('attw'), args, { encoding: 'utf8' });
    const out = JSON.parse(r.stdout) as { problems: Record<string, { resolutionKind?: string }[]>; analysis: { entrypoints: Record<string, unknown> } };
    // The JSON lists every problem; the esm-only profile ignores CommonJS and node10 resolution.
    const counted = Object.values(out.problems).flat().filter((p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs');
    expect(counted).toEqual([]);
    expect(Object.keys(out.analysis.entrypoints).sort()).toEqual(['.', './models', './onnx', './package.json', './worker']);
    expect(r.status).toBe(0);
  });
});

describe('types resolve for every entry', () => {
  const consumer = `import { init, Tensor, matmul, nn, type Runtime } from 'rnn-wasm';
import * as worker from 'rnn-wasm/worker';
import { exportOnnx, type ExportOnnxOptions } from 'rnn-wasm/onnx';
const opts: ExportOnnxOptions = { input: [1, 2, 3], dynamic: { 0: 'batch' } };
const onnx: Uint8Array = exportOnnx(new nn.LSTM({ inputSize: 3, hiddenSize: 4 }), opts);
import { CharLM, CharTrainer, type CharLMConfig } from 'rnn-wasm/models';
const rt: Runtime = await init({ simd: 'simd' });
const t: Tensor = matmul(Tensor.from([1, 2], [1, 2]), Tensor.from([3, 4], [2, 1]));
const w: Promise<Runtime> = worker.init(new WebAssembly.Module(new Uint8Array(8)));
// @ts-expect-error: the types are real, so a wrong option value is an error
Tensor.from([1, 2], [2], { arena: 'heap' });
const cfg: CharLMConfig = { cell: 'lstm', vocabSize: 4, embedDim: 2, hiddenSize: 3, numLayers: 1 };
const params: Tensor[] = new CharLM(cfg).parameters(); // the models' Tensor is the entry's Tensor
const steps: number = (null as unknown as CharTrainer).step();
// @ts-expect-error: a cell that does not exist
new CharLM({ ...cfg, cell: 'transformer' });
import { importOnnx, type OnnxModel } from 'rnn-wasm/onnx';
const model: OnnxModel = importOnnx(onnx);
export { rt, t, w, onnx, params, steps, model };
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
      const want = c.name.includes('workerd') ? 'dist/types/worker.d.ts' : c.name === 'nodenext' ? 'dist/types/node.d.ts' : 'dist/types/index.d.ts';
      expect(r.stdout).toMatch(new RegExp(`Module name 'rnn-wasm' was successfully resolved to '[^']*${want}'`));
    });
  }
});
