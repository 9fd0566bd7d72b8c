// Peers that run in a process of their own (PyTorch in Python; onnxruntime-web at 2 threads, whose
// thread count is fixed per process), driven one unit of work at a time so that they take turns
// with ours in bench/rnn.mjs's rounds like the in-process peers.
//
// Protocol, one JSON object per line: the parent sends the setup object; the child answers
// {"ready": true, ...} (or {"error": "..."}) once its model is built and its output written where
// the setup said; then each "run" line gets {"ms": t}, the child's own timing of one unit of work
// (the pipe's round trip is not counted); "quit" ends it. The parent also ends it by its PID.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * Starts `cmd args`, sends `setup`, resolves once the child is ready: { ready (the child's answer),
 * run() -> ms, dispose() }. Rejects with the child's error or stderr when it cannot start.
 */
export async function childRunner(cmd, args, { env = process.env, setup, timeoutMs = 120_000 }) {
  const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
  const waiting = [];
  let exited = null;
  const fail = (why) => {
    for (const w of waiting.splice(0)) w.reject(new Error(why));
  };
  child.on('error', (e) => { exited = String(e); fail(exited); });
  child.stdin.on('error', () => {}); // a child that already ended: its 'close' says so
  // 'close', not 'exit': by then every line it wrote has been read.
  child.on('close', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
    fail(`${cmd}: ${exited}: ${err.trim().split('\n').slice(-3).join(' | ')}`);
  });
  // Lines may come before they are asked for (a child that cannot start says so at once).
  const early = [];
  const answer = (w, line) => {
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      w.reject(new Error(`${cmd}: not a JSON line: ${line.slice(0, 200)}`));
      return;
    }
    // skip: the peer is absent on this machine (no torch), which is not a failure of the run.
    if (msg.error) w.reject(Object.assign(new Error(msg.error), { skip: msg.skip === true }));
    else w.resolve(msg);
  };
  createInterface({ input: child.stdout }).on('line', (line) => {
    const w = waiting.shift();
    if (w) answer(w, line);
    else early.push(line);
  });
  const ask = (line, ms = timeoutMs) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd}: no answer within ${ms} ms`)), ms);
    const w = { resolve: (m) => { clearTimeout(timer); resolve(m); }, reject: (e) => { clearTimeout(timer); reject(e); } };
    if (early.length) return answer(w, early.shift());
    if (exited) return w.reject(new Error(`${cmd}: ${exited}: ${err.trim()}`));
    waiting.push(w);
    child.stdin.write(`${line}\n`);
  });
  const stop = async () => {
    if (exited) return;
    child.stdin.end('quit\n');
    const gone = new Promise((r) => child.once('close', r));
    const timer = setTimeout(() => child.pid && process.kill(child.pid, 'SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  };
  try {
    const ready = await ask(JSON.stringify(setup));
    return {
      ready,
      async run() {
        return (await ask('run')).ms;
      },
      dispose: stop,
    };
  } catch (e) {
    await stop().catch(() => {});
    throw e;
  }
}

/**
 * The child's side in Node: reads the setup line, calls `start(setup)` (resolves to
 * { info?, run() }), then answers "run" lines with the time of one run() until "quit".
 */
export function serveChild(start) {
  const out = (m) => process.stdout.write(`${JSON.stringify(m)}\n`);
  let runner = null;
  let queue = Promise.resolve();
  createInterface({ input: process.stdin }).on('line', (line) => {
    queue = queue.then(async () => {
      try {
        if (line === 'quit') process.exit(0);
        if (runner === null) {
          runner = await start(JSON.parse(line));
          out({ ready: true, ...(runner.info ?? {}) });
        } else {
          const t0 = performance.now();
          await runner.run();
          out({ ms: performance.now() - t0 });
        }
      } catch (e) {
        out({ error: String(e?.message ?? e).slice(0, 500) });
      }
    });
  }).on('close', () => queue.then(() => process.exit(0)));
}

// The two child peers of bench/rnn.mjs. `m` is its onnxModel(w): the ONNX bytes, our parameters
// (time-major model) and an input `x` whose output the child writes back for m.check.

/** onnxruntime-web at `threads` threads (_rnn_ortweb_child.mjs). Resolves { runner, got }. */
export async function ortWebChild(name, m, threads, tmp) {
  const files = { model: join(tmp, `${name}.onnx`), x: join(tmp, `${name}.x.f32`), out: join(tmp, `${name}.ortweb.f32`) };
  writeFileSync(files.model, m.bytes);
  writeFileSync(files.x, new Uint8Array(m.x.buffer, m.x.byteOffset, m.x.byteLength));
  const script = fileURLToPath(new URL('./_rnn_ortweb_child.mjs', import.meta.url));
  const c = await childRunner(process.execPath, [script], { setup: { name, threads, ...files } });
  return { runner: { run: c.run, dispose: c.dispose, selfTimed: true }, got: readF32(files.out) };
}

/** Where the PyTorch peer's Python is (Debian's python3-torch): RNN_BENCH_PYTHON overrides. */
export const PYTHON = process.env.RNN_BENCH_PYTHON ?? '/usr/bin/python3';

/**
 * PyTorch on one thread (_rnn_torch.py): inference of our model with our weights (m given), or the
 * training step (m null). Resolves { runner, got (null for training), info }; rejects with
 * `skip: true` where there is no Python with torch.
 */
export async function torchChild(name, w, m, tmp) {
  if (!existsSync(PYTHON)) throw Object.assign(new Error(`no ${PYTHON} (the PyTorch peer needs python3-torch)`), { skip: true });
  const setup = { name, w, train: m === null, threads: 1 };
  if (m !== null) {
    Object.assign(setup, { params: join(tmp, `${name}.params.f32`), x: join(tmp, `${name}.x.f32`), out: join(tmp, `${name}.torch.f32`) });
    setup.names = m.params.map(([n, shape]) => [n, shape]);
    writeFileSync(setup.params, Buffer.concat(m.params.map(([, , data]) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength))));
    writeFileSync(setup.x, new Uint8Array(m.x.buffer, m.x.byteOffset, m.x.byteLength));
  }
  // Some machines set OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE; with them OpenBLAS picks an old kernel
  // and PyTorch runs 2 to 4x slower. Unset in this command alone. One thread for OpenMP and for
  // OpenBLAS's own pool (torch.set_num_threads does not reach a BLAS it was not built against).
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const script = fileURLToPath(new URL('./_rnn_torch.py', import.meta.url));
  const c = await childRunner(PYTHON, [script], { env, setup });
  if (c.ready.threads !== 1) {
    await c.dispose();
    throw new Error(`PyTorch runs ${c.ready.threads} threads, not 1`);
  }
  return { runner: { run: c.run, dispose: c.dispose, selfTimed: true }, got: m === null ? null : readF32(setup.out), info: c.ready };
}

function readF32(path) {
  return new Float32Array(new Uint8Array(readFileSync(path)).buffer);
}
