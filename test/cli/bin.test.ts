// The program as shipped: bin/rnn-wasm.mjs running the bundle dist/cli.js in a child process,
// and the `npm run demo` command line (shortened to a few seconds).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, buildDist } from '../examples/harness.js';
import { tempDir, TOY_TEXT } from './run.js';

function bin(args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/rnn-wasm.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(buildDist, 300_000); // dist/cli.js comes with `scripts/build.mjs --dist`

describe('bin/rnn-wasm.mjs', () => {
  it('runs the bundled CLI: help, a usage error, train then eval', () => {
    expect(bin(['train', '--help']).out).toMatch(/^usage: rnn-wasm train/);
    const bad = bin(['eval', '--model']);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('rnn-wasm: error: eval: --model needs a value\n');
    const dir = tempDir();
    writeFileSync(join(dir, 't.txt'), TOY_TEXT);
    const t = bin(['train', '--text', join(dir, 't.txt'), '--steps', '30', '--out', join(dir, 'm'), '--hidden', '16', '--seq-len', '16', '--batch', '4', '--lr', '0.02', '--quiet']);
    expect(t.code, t.err).toBe(0);
    const e = bin(['eval', '--model', join(dir, 'm'), '--text', join(dir, 't.txt')]);
    expect(e.code).toBe(0);
    expect(e.out.trim().split('\n').pop()).toMatch(/^bpc: \d+\.\d{4}$/);
  });

  it('`npm run demo` (its command line, for 3 seconds) trains, samples and saves', () => {
    const script: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.demo;
    const cmd = script.split('&& ').pop()!;
    const out = join(tempDir(), 'demo');
    const args = cmd.replace('node bin/rnn-wasm.mjs ', '').replace('--time 60', '--time 3').replaceAll('demo-model', out).split(' ');
    const r = bin(args);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/on the embedded corpus "rnn-wasm harbour notes"/);
    expect(r.out).toMatch(/--- sample at step 0, held-out bpc [\d.]+ \(best so far, saved\) ---/);
    expect(existsSync(join(out, 'best', 'model.safetensors'))).toBe(true);
    expect(r.out).toMatch(/time limit of 3 s reached/);
    expect(existsSync(join(out, 'model.safetensors')) && existsSync(join(out, 'report.html'))).toBe(true);
  });
});
