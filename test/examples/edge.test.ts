// The classifier served from saved weights by the edge worker (workerd) and the Deno script:
// both must give the labels and probabilities the CLI's own `classify` gives.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../cli/run.js';
import { ROOT, buildDist, runExample } from './harness.js';

const TEXTS = ['claim your free cash prize now', 'the meeting notes are attached'];
let modelDir = '';
let expected: { label: string; probability: number }[] = [];

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

beforeAll(async () => {
  const dir = tempDir();
  const rows = Array.from({ length: 80 }, (_, i) => {
    const base = ['the meeting is at noon', 'notes attached thanks', 'see you at lunch', 'team update today'][i % 4];
    return i % 2 ? `spam,"${base} free cash prize"` : `ham,"${base}"`;
  });
  writeFileSync(join(dir, 'd.csv'), 'label,text\n' + rows.join('\n'));
  modelDir = join(dir, 'model');
  const r = await cli(['classify-train', '--data', join(dir, 'd.csv'), '--out', modelDir, '--epochs', '4', '--embed', '8', '--hidden', '8', '--dense', '8', '--lr', '0.02', '--positive', 'spam']);
  expect(r.code).toBe(0);
  for (const t of TEXTS) {
    const c = await cli(['classify', '--model', modelDir, '--text', t]);
    const [label, p] = c.out.trim().split('\t');
    expected.push({ label, probability: Number(p) });
  }
  expect(expected.map((e) => e.label)).toEqual(['spam', 'ham']);
  await buildDist();
}, 300_000);

describe('serving the classifier', () => {
  it('edge-worker: workerd answers with the same label and probability', async () => {
    const port = await freePort();
    const out = join(tempDir(), 'worker');
    runExample('examples/edge-worker/build.mjs', ['--model', modelDir, '--port', String(port), '--out', out]);
    const child = spawn(join(ROOT, 'node_modules/.bin/workerd'), ['serve', join(out, 'config.capnp')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    try {
      const got = [];
      for (const t of TEXTS) {
        let res: Response | null = null;
        for (let i = 0; i < 300 && !res; i++) {
          res = await fetch(`http://127.0.0.1:${port}/?text=${encodeURIComponent(t)}`).catch(() => null);
          if (!res) await new Promise((r) => setTimeout(r, 50));
        }
        expect(res, `workerd did not answer: ${err}`).not.toBeNull();
        expect(res!.status).toBe(200);
        got.push(await res!.json());
      }
      expect(got).toEqual(expected);
      const post = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: TEXTS[0] });
      expect(await post.json()).toEqual(expected[0]);
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(400);
    } finally {
      if (child.pid) process.kill(child.pid, 'SIGTERM');
    }
  });

  it('deno: the command-line script prints the same results', () => {
    const r = spawnSync(join(ROOT, 'node_modules/.bin/deno'), ['run', '--allow-read', 'examples/deno/classify.mjs', '--model', modelDir, ...TEXTS], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, DENO_NO_UPDATE_CHECK: '1' }, timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => l.split('\t'));
    expect(lines.map(([label, p, text]) => ({ label, probability: Number(p), text }))).toEqual(expected.map((e, i) => ({ ...e, text: TEXTS[i] })));
  });
});
