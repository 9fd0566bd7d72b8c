// Model directories: the ones the CLI wrote before src/models (test/fixtures/cli-v0, made by the
// CLI of commit 9222996 with the outputs it printed) still sample, evaluate, classify and resume.
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './run.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/cli-v0');
const expected = (f: string) => readFileSync(join(FIXTURE, f), 'utf8');

describe('model directories from before src/models', () => {
  it('sample, eval and classify print what the old CLI printed', async () => {
    const s = await cli(['sample', '--model', join(FIXTURE, 'char-lm'), '--length', '40', '--seed', '3']);
    expect(s.code).toBe(0);
    expect(s.out).toBe(expected('sample.out'));
    const e = await cli(['eval', '--model', join(FIXTURE, 'char-lm'), '--text', join(FIXTURE, 'toy.txt')]);
    expect(e.out).toBe(expected('eval.out'));
    const c = await cli(['classify', '--model', join(FIXTURE, 'classifier'), '--data', join(FIXTURE, 'labelled.csv')]);
    expect(c.out).toBe(expected('classify.out'));
  });

  it('train --resume continues an old directory and rewrites it in the checkpoint format', async () => {
    const dir = join(tempDir(), 'old');
    cpSync(join(FIXTURE, 'char-lm'), dir, { recursive: true });
    const small = ['--hidden', '6', '--embed', '3', '--seq-len', '8', '--batch', '2', '--sample-every', '0', '--save-every', '0', '--quiet'];
    const r = await cli(['train', '--resume', '--out', dir, '--text', join(FIXTURE, 'toy.txt'), '--steps', '5', ...small]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^resuming a 1-layer LSTM \(hidden 6, 434 parameters\) .* steps 13\.\.17/);
    const state = JSON.parse(readFileSync(join(dir, 'train-state.json'), 'utf8'));
    expect(state.pos.step).toBe(17);
    expect(state.losses).toHaveLength(17);
    const file = readFileSync(join(dir, 'optimizer.safetensors'));
    const meta = JSON.parse(file.subarray(8, 8 + Number(file.readBigUInt64LE(0))).toString('utf8'));
    expect(meta.__metadata__.format).toBe('rnn-wasm.checkpoint');
    // ... which resumes again.
    const r2 = await cli(['train', '--resume', '--out', dir, '--text', join(FIXTURE, 'toy.txt'), '--steps', '2', ...small]);
    expect(r2.code).toBe(0);
    expect(r2.out).toMatch(/steps 18\.\.19/);
  });
});
