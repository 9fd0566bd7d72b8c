// The streaming VAD example (examples/vad/) in Node, Deno and a workerd Worker: each must report
// the speech segments that onnxruntime-node's probabilities give under the same rule.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { tempDir } from '../cli/run.js';
import { ROOT, buildDist, runExample } from './harness.js';
import { readWav } from '../onnx/fixtures.js';

const WAV = join(ROOT, 'test/fixtures/onnx/speech16k.wav');
const MODEL = join(ROOT, 'node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx');
let expected = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Segments from onnxruntime-node's probabilities: start at p >= 0.5, end after 8 frames below 0.45. */
async function reference(): Promise<{ segments: { startMs: number; endMs: number }[]; frames: number }> {
  const audio = readWav(new Uint8Array(readFileSync(WAV)));
  const s = await ort.InferenceSession.create(MODEL, { intraOpNumThreads: 1 });
  let state: Float32Array = new Float32Array(256);
  const ctx = new Float32Array(64);
  const segments: { startMs: number; endMs: number }[] = [];
  let start = -1, quiet = 0, f = 0;
  for (let off = 0; off + 512 <= audio.length; off += 512, f++) {
    const x = new Float32Array(576);
    x.set(ctx);
    x.set(audio.subarray(off, off + 512), 64);
    ctx.set(audio.subarray(off + 448, off + 512));
    const r = await s.run({ input: new ort.Tensor('float32', x, [1, 576]), state: new ort.Tensor('float32', state, [2, 1, 128]), sr: new ort.Tensor('int64', BigInt64Array.of(16000n), []) });
    state = r.stateN.data as Float32Array;
    const p = (r.output.data as Float32Array)[0];
    if (start < 0) { if (p >= 0.5) { start = f; quiet = 0; } continue; }
    if (p < 0.45) {
      if (++quiet >= 8) { segments.push({ startMs: start * 32, endMs: (f - quiet + 1) * 32 }); start = -1; }
    } else quiet = 0;
  }
  if (start >= 0) segments.push({ startMs: start * 32, endMs: f * 32 });
  return { segments, frames: f };
}

beforeAll(async () => {
  const ref = await reference();
  expect(ref.segments.length).toBeGreaterThan(1);
  expected = [...ref.segments.map((s) => `speech\t${s.startMs}\t${s.endMs}`), `frames\t${ref.frames}`].join('\n');
  await buildDist();
}, 300_000);

describe('examples/vad: streaming Silero VAD', () => {
  it('node: segments of a WAV file', () => {
    expect(runExample('examples/vad/node.mjs', [WAV]).trim()).toBe(expected);
  });

  it('deno: the same segments', () => {
    const r = spawnSync(join(ROOT, 'node_modules/.bin/deno'), ['run', '--allow-read', 'examples/vad/deno.mjs', WAV], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, DENO_NO_UPDATE_CHECK: '1' }, timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(expected);
  });

  it('workerd: a Worker takes PCM and returns the same segments', async () => {
    const port = await freePort();
    const out = join(tempDir(), 'vad-worker');
    runExample('examples/vad/build.mjs', ['--port', String(port), '--out', out]);
    const child = spawn(join(ROOT, 'node_modules/.bin/workerd'), ['serve', join(out, 'config.capnp')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    try {
      const wav = readFileSync(WAV);
      let res: Response | null = null;
      for (let i = 0; i < 300 && !res; i++) {
        res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: wav }).catch(() => null);
        if (!res) await new Promise((r) => setTimeout(r, 50));
      }
      expect(res, `workerd did not answer: ${err}`).not.toBeNull();
      expect(res!.status).toBe(200);
      const got = (await res!.json()) as { segments: { startMs: number; endMs: number }[]; frames: number };
      expect([...got.segments.map((s) => `speech\t${s.startMs}\t${s.endMs}`), `frames\t${got.frames}`].join('\n')).toBe(expected);
      // raw PCM (the WAV's data chunk) gives the same answer; a GET is refused
      const pcm = wav.subarray(44);
      const raw = (await (await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: pcm })).json()) as typeof got;
      expect(raw.segments).toEqual(got.segments);
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(400);
    } finally {
      if (child.pid) process.kill(child.pid, 'SIGTERM');
    }
  });
});
