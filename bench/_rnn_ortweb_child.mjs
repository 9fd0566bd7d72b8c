// onnxruntime-web at N threads in a process of its own (its thread count is fixed per process),
// driven by bench/rnn.mjs through _rnn_child.mjs. Setup: { name, threads, model, x, out } (paths):
// the exported model, an input (T, B, I) whose output it writes to `out` for the parent to check.
import { readFileSync, writeFileSync } from 'node:fs';
import { serveChild } from './_rnn_child.mjs';
import { ortWebInferRunner } from './_rnn_peers.mjs';

serveChild(async ({ name, threads, model, x, out }) => {
  const runner = await ortWebInferRunner(name, readFileSync(model), threads);
  const got = await runner.outputFor(new Float32Array(new Uint8Array(readFileSync(x)).buffer));
  writeFileSync(out, new Uint8Array(got.buffer, got.byteOffset, got.byteLength));
  return { run: runner.run, info: { threads } };
});
