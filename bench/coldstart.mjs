// Cold start: time from process (or page, or workerd) start to the first inference result, per
// runtime, with an empty program's start as the baseline; onnxruntime-web and
// @tensorflow/tfjs-backend-wasm doing the same work in Node as peers. The workload is an LSTM
// (or, while the package does not export nn.LSTM, one matmul): see _coldstart_programs.mjs.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, bundleWorker, firstWorkerdResponse, freePort, launchChromium, pageResult, root, runProcess, serveDir } from '../test/runtimes/launch.mjs';
import { emit, round } from './_stats.mjs';
import { WORKLOADS, emptyProgram, onnxModel, ortProgram, rnnProgram, tfProgram } from './_coldstart_programs.mjs';

let workload = 'matmul';
const RUNS = { node: 10, deno: 10, chromium: 10, workerd: 5, peer: 6 };
const dir = join(root, '.tmp', 'coldstart');

const cliTail = 'console.log(JSON.stringify(r));\n';

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
    runs: runs.length, workload: WORKLOADS[workload], ...extra,
  });
}

export default async function coldstart() {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const distIndex = new URL('dist/index.js', `file://${root}/`).href;
  workload = typeof (await import(distIndex)).nn?.LSTM === 'function' ? 'lstm' : 'matmul';
  // Each host gets the entry its export condition picks: Node dist/node.js, Deno dist/index.js.
  writeFileSync(join(dir, 'rnn-node.mjs'), rnnProgram(workload, new URL('dist/node.js', `file://${root}/`).href) + cliTail);
  writeFileSync(join(dir, 'rnn.mjs'), rnnProgram(workload, distIndex) + cliTail);
  writeFileSync(join(dir, 'empty.mjs'), emptyProgram + cliTail);
  writeFileSync(join(dir, 'ort.mjs'), ortProgram(workload) + cliTail);
  writeFileSync(join(dir, 'tf.mjs'), tfProgram(workload) + cliTail);
  writeFileSync(join(dir, 'model.onnx'), onnxModel(workload));
  const measure = 'process start -> first result (performance.now() at the result)';

  // Node without flags: what users get (the SIMD build; relaxed SIMD is behind a flag in Node 20).
  const [nodeRuns, nodeBase] = await paired(RUNS.node, () => cli(process.execPath, [], 'empty.mjs'), () => cli(process.execPath, [], 'rnn-node.mjs'));
  line('node', nodeRuns, nodeBase, { measure, isa: 'simd' });
  const denoEnv = { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
  const denoArgs = ['run', '--no-prompt', '--no-lock', '--allow-read'];
  const deno = (f) => () => cli(bin('deno'), denoArgs, f, denoEnv);
  line('deno', ...(await paired(RUNS.deno, deno('empty.mjs'), deno('rnn.mjs'))), { measure: 'deno timeOrigin (after its bootstrap) -> first result', isa: 'relaxed' });

  // Chromium: one browser, a fresh context per run; time from navigation start (timeOrigin).
  const page = (body) => `<!doctype html><meta charset="utf-8"><script type="module">${body}window.__r = r;</script>`;
  writeFileSync(join(dir, 'rnn.html'), page(rnnProgram(workload, '/dist/index.js')));
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
  writeFileSync(join(dir, 'worker-rnn.mjs'), `export default { async fetch() {\n${rnnProgram(workload, '../../dist/worker.js')}return Response.json(r); } };\n`);
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
