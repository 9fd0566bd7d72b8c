// Cold start: time from process (or page, or workerd) start to the first inference result, per
// runtime, with an empty program's start as the baseline; onnxruntime-web and
// @tensorflow/tfjs-backend-wasm doing the same product in Node as peers.
// Workload: x[1,64] · W[64,256], one LSTM input projection (G = 4H = 256, I = 64); it becomes
// the first LSTM step once nn.LSTM lands.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, bundleWorker, firstWorkerdResponse, freePort, launchChromium, pageResult, root, runProcess, serveDir } from '../test/runtimes/launch.mjs';
import { emit, round } from './_stats.mjs';

const WORKLOAD = 'matmul 1x64 . 64x256 (until nn.LSTM lands)';
const RUNS = { node: 10, deno: 10, chromium: 10, workerd: 5, peer: 6 };
const dir = join(root, '.tmp', 'coldstart');

// The measured program. `performance.now()` counts from the process / page start (timeOrigin).
const rnnProgram = (entry) => `const t0 = performance.now();
const { init, Tensor, matmul } = await import(${JSON.stringify(entry)});
const rt = await init();
const x = Tensor.from(new Float32Array(64).fill(0.5), [1, 64]);
const w = Tensor.from(new Float32Array(64 * 256).fill(0.25), [64, 256]);
const y = matmul(x, w).toArray()[0];
const r = { sinceStart: performance.now(), fromImport: performance.now() - t0, isa: rt.isa, y };
`;
const emptyProgram = 'const r = { sinceStart: performance.now() };\n';
const cliTail = 'console.log(JSON.stringify(r));\n';

const ortProgram = `const t0 = performance.now();
const ort = await import('onnxruntime-web');
const { readFileSync } = await import('node:fs');
ort.env.wasm.numThreads = 1;
const s = await ort.InferenceSession.create(readFileSync(new URL('./matmul.onnx', import.meta.url)));
const out = await s.run({ x: new ort.Tensor('float32', new Float32Array(64).fill(0.5), [1, 64]) });
console.log(JSON.stringify({ sinceStart: performance.now(), fromImport: performance.now() - t0, y: out.y.data[0] }));
`;
const tfProgram = `const t0 = performance.now();
const tf = await import('@tensorflow/tfjs-core');
await import('@tensorflow/tfjs-backend-wasm');
await tf.setBackend('wasm');
const x = tf.tensor2d(new Float32Array(64).fill(0.5), [1, 64]);
const w = tf.tensor2d(new Float32Array(64 * 256).fill(0.25), [64, 256]);
const y = (await tf.matMul(x, w).data())[0];
console.log(JSON.stringify({ sinceStart: performance.now(), fromImport: performance.now() - t0, y }));
`;

// A minimal ONNX ModelProto (protobuf, hand-encoded): y[1,N] = MatMul(x[1,K], w[K,N]), opset 17.
function onnxMatMul(K, N, w) {
  const varint = (n) => { const o = []; do { o.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0)); n = Math.floor(n / 128); } while (n); return o; };
  const cat = (...p) => Buffer.concat(p.map((x) => Buffer.from(x)));
  const int = (f, v) => cat(varint(f << 3), varint(v));
  const bytes = (f, b) => cat(varint((f << 3) | 2), varint(b.length), b);
  const str = (f, s) => bytes(f, Buffer.from(s));
  const msg = (f, ...parts) => bytes(f, cat(...parts));
  const valueInfo = (f, name, dims) => msg(f, str(1, name), msg(2, msg(1, int(1, 1), msg(2, ...dims.map((d) => msg(1, int(1, d)))))));
  const graph = cat(
    msg(1, str(1, 'x'), str(1, 'w'), str(2, 'y'), str(4, 'MatMul')), // NodeProto
    str(2, 'g'),
    msg(5, int(1, K), int(1, N), int(2, 1), str(8, 'w'), bytes(9, new Uint8Array(w.buffer))), // TensorProto float
    valueInfo(11, 'x', [1, K]),
    valueInfo(12, 'y', [1, N]),
  );
  return cat(int(1, 8), msg(8, str(1, ''), int(2, 17)), msg(7, graph)); // ir_version 8
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return { median: round(s[s.length >> 1], 1), min: round(s[0], 1), max: round(s[s.length - 1], 1) };
}

async function repeat(n, fn) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await fn());
  return out;
}

/** Alternates baseline and measured runs, so load drift on the shared machine hits both alike. */
async function paired(n, baseFn, fn) {
  const base = [];
  const runs = [];
  for (let i = 0; i < n; i++) {
    base.push(await baseFn());
    runs.push(await fn());
  }
  return [runs, base];
}

async function cli(cmd, args, file, env) {
  const r = await runProcess(cmd, [...args, join(dir, file)], { cwd: dir, env });
  if (r.code !== 0) throw new Error(`${cmd} ${file} exited ${r.code}: ${r.err}`);
  return { ...JSON.parse(r.out.trim().split('\n').pop()), wall: r.ms };
}

function line(runtime, runs, base, extra) {
  emit({
    bench: 'coldstart', runtime, unit: 'ms', ...stats(runs.map((r) => r.sinceStart)),
    fromImportMedian: runs[0].fromImport === undefined ? undefined : stats(runs.map((r) => r.fromImport)).median,
    baselineMedian: base ? stats(base.map((r) => r.sinceStart)).median : undefined,
    // Parent-side spawn -> exit, for processes (Deno's timeOrigin is after its own bootstrap).
    wallMedian: runs[0].wall === undefined ? undefined : stats(runs.map((r) => r.wall)).median,
    baselineWallMedian: base?.[0].wall === undefined ? undefined : stats(base.map((r) => r.wall)).median,
    runs: runs.length, workload: WORKLOAD, ...extra,
  });
}

export default async function coldstart() {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const distIndex = new URL('dist/index.js', `file://${root}/`).href;
  writeFileSync(join(dir, 'rnn.mjs'), rnnProgram(distIndex) + cliTail);
  writeFileSync(join(dir, 'empty.mjs'), emptyProgram + cliTail);
  writeFileSync(join(dir, 'ort.mjs'), ortProgram);
  writeFileSync(join(dir, 'tf.mjs'), tfProgram);
  writeFileSync(join(dir, 'matmul.onnx'), onnxMatMul(64, 256, new Float32Array(64 * 256).fill(0.25)));
  const measure = 'process start -> first result (performance.now() at the result)';

  // Node without flags: what users get (the SIMD build; relaxed SIMD is behind a flag in Node 20).
  const [nodeRuns, nodeBase] = await paired(RUNS.node, () => cli(process.execPath, [], 'empty.mjs'), () => cli(process.execPath, [], 'rnn.mjs'));
  line('node', nodeRuns, nodeBase, { measure, isa: 'simd' });
  const denoEnv = { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
  const denoArgs = ['run', '--no-prompt', '--no-lock', '--allow-read'];
  const deno = (f) => () => cli(bin('deno'), denoArgs, f, denoEnv);
  line('deno', ...(await paired(RUNS.deno, deno('empty.mjs'), deno('rnn.mjs'))), { measure: 'deno timeOrigin (after its bootstrap) -> first result', isa: 'relaxed' });

  // Chromium: one browser, a fresh context per run; time from navigation start (timeOrigin).
  const page = (body) => `<!doctype html><meta charset="utf-8"><script type="module">${body}window.__r = r;</script>`;
  writeFileSync(join(dir, 'rnn.html'), page(rnnProgram('/dist/index.js')));
  writeFileSync(join(dir, 'empty.html'), page(emptyProgram));
  const browser = await launchChromium();
  const { server, url } = await serveDir(root);
  try {
    const at = (f) => () => pageResult(browser, `${url}.tmp/coldstart/${f}`, '__r');
    line('chromium', ...(await paired(RUNS.chromium, at('empty.html'), at('rnn.html'))), { measure: 'navigation start -> first result', isa: 'relaxed' });
  } finally {
    await browser.close();
    server.close();
  }

  // workerd freezes clocks inside the isolate, so it is timed from outside: spawn -> first response.
  writeFileSync(join(dir, 'worker-rnn.mjs'), `export default { async fetch() {\n${rnnProgram('../../dist/worker.js').replace('await import(', '(await import(').replace('.js");', '.js"));')}return Response.json(r); } };\n`);
  writeFileSync(join(dir, 'worker-empty.mjs'), 'export default { fetch() { return new Response("{}"); } };\n');
  const spawnToResponse = async (entry) => {
    const port = await freePort();
    const config = await bundleWorker(dir, entry, port);
    return { sinceStart: (await firstWorkerdResponse(config, port)).startToResponseMs };
  };
  line('workerd', ...(await paired(RUNS.workerd, () => spawnToResponse('worker-empty.mjs'), () => spawnToResponse('worker-rnn.mjs'))), { measure: 'spawn workerd -> first HTTP response (includes workerd startup)', isa: 'relaxed' });

  // Peers in Node, same product.
  line('node', await repeat(RUNS.peer, () => cli(process.execPath, [], 'ort.mjs')), nodeBase, { peer: 'onnxruntime-web', measure });
  line('node', await repeat(RUNS.peer, () => cli(process.execPath, [], 'tf.mjs')), nodeBase, { peer: '@tensorflow/tfjs-backend-wasm', measure });
}
