// The recurrent workloads of bench/rnn.mjs in Deno (the `deno` devDependency): ours, relaxed
// build, on 1 and 2 threads in the same rounds. `npm run bench -- rnn-deno`; RNN_BENCH,
// RNN_BENCH_THREADS, RNN_BENCH_WARM_MS as for rnn. One JSON line per row ("runtime": "deno").
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bin } from '../test/runtimes/launch.mjs';
import { optionsFromEnv } from './_rnn_host.mjs';

export default async function run() {
  const script = fileURLToPath(new URL('./_rnn_deno.mjs', import.meta.url));
  const env = { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
  // No permission flags: loading the package and its wasm, and starting its workers, need none.
  const child = spawn(bin('deno'), ['run', '--no-prompt', '--no-lock', script, JSON.stringify(optionsFromEnv(process.env))], { env, stdio: ['ignore', 'inherit', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
  const timer = setTimeout(() => child.pid && process.kill(child.pid, 'SIGKILL'), 20 * 60_000);
  const code = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  }).finally(() => clearTimeout(timer));
  if (code !== 0) throw new Error(`bench rnn-deno: deno exited ${code}: ${err}`);
}
