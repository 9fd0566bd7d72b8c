// The rnn-wasm program end to end (in-process): help, errors and exit codes, train -> sample ->
// eval -> resume on a toy text, the non-TTY progress lines and the HTML report.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir, TOY_TEXT } from './run.js';

describe('rnn-wasm help and errors', () => {
  it('prints help for each command', async () => {
    for (const cmd of ['train', 'sample', 'eval', 'classify-train', 'classify']) {
      const r = await cli([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`usage: rnn-wasm ${cmd}`);
      expect(r.out).toContain('--help');
    }
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/commands:[\s\S]*train[\s\S]*classify-train/);
    expect((await cli([])).code).toBe(2);
  });

  it('reports usage errors as one line with exit code 2', async () => {
    const dir = tempDir();
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '  \n');
    const tiny = join(dir, 'tiny.txt');
    writeFileSync(tiny, 'abcdefghij');
    const cases: [string[], RegExp][] = [
      [['fly'], /unknown command 'fly'/],
      [['train', '--stepz', '3'], /unknown option --stepz/],
      [['train', '--steps', 'ten'], /--steps must be an integer, got 'ten'/],
      [['train', '--steps', '0'], /--steps must be >= 1, got 0/],
      [['train', '--cell', 'tree'], /--cell must be one of lstm, gru, rnn/],
      [['train', '--lr'], /--lr needs a value/],
      [['train', '--text', join(dir, 'nope.txt')], /cannot read .*nope\.txt: no such file/],
      [['train', '--text', empty], /empty\.txt is empty/],
      [['train', '--text', tiny, '--batch', '8'], /the text has 9 training characters, too few for --batch 8/],
      [['train', '--resume', '--out', dir], /--resume: .* has no train-state\.json to resume from/],
      [['sample', '--length', '5'], /--model is required/],
      [['train', '--hidden', '8', '--units', '2,8'], /--units must be unit indices below 8 separated by commas, got '2,8'/],
      [['eval', '--model', join(dir, 'none')], /model directory .*none does not exist/],
      [['classify', '--model', dir], /give exactly one of --text or --data/],
    ];
    for (const [args, msg] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/^rnn-wasm: error: .+\n$/);
      expect(r.err).toMatch(msg);
      expect(r.out).toBe('');
    }
  });

  it('reports a broken model directory as a runtime error (exit 1)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'model.safetensors'), 'not a safetensors file');
    const r = await cli(['sample', '--model', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^rnn-wasm: error: \S+model\.safetensors: (read|parse)Safetensors: .+\n$/);
  });
});

describe('rnn-wasm train / sample / eval', () => {
  it('trains a small model that learns, then samples, evaluates and resumes', async () => {
    const dir = tempDir();
    const text = join(dir, 'toy.txt');
    writeFileSync(text, TOY_TEXT);
    const out = join(dir, 'model');
    const small = ['--hidden', '24', '--embed', '8', '--seq-len', '16', '--batch', '4', '--lr', '0.02', '--sample-every', '20', '--sample-length', '30'];
    const r = await cli(['train', '--text', text, '--steps', '60', '--out', out, '--report', join(dir, 'r.html'), '--units', '0,3,5', ...small]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    for (const f of ['model.safetensors', 'vocab.json', 'optimizer.safetensors', 'train-state.json']) expect(existsSync(join(out, f))).toBe(true);
    // Plain progress lines when not a TTY: no carriage returns, every line parsable.
    expect(r.out).not.toContain('\r');
    const lines = [...r.out.matchAll(/step (\d+)\/60 {2}loss ([\d.]+) {2}bpc ([\d.]+) {2}[\d.]+k? char\/s {2}eta \d+:\d\d/g)];
    expect(lines.length).toBeGreaterThanOrEqual(10);
    expect(r.out).toMatch(/--- sample at step 20, held-out bpc [\d.]+ ---/);
    const first = Number(lines[0][2]);
    const last = Number(lines[lines.length - 1][2]);
    expect(first).toBeGreaterThan(2); // ~ln(vocab 14) = 2.6 at the start
    expect(last).toBeLessThan(1.2); // it learned the repeated phrases
    const state = JSON.parse(readFileSync(join(out, 'train-state.json'), 'utf8'));
    expect(state.pos.step).toBe(60);
    expect(state.losses).toHaveLength(60);

    const s = await cli(['sample', '--model', out, '--length', '40', '--prime', 'hello', '--temperature', '0']);
    expect(s.code).toBe(0);
    expect(s.out).toMatch(/^hello.{40}\n$/s);
    expect(s.out.slice(5)).toMatch(/hello|there|world|again/); // greedy decoding follows the text

    const e = await cli(['eval', '--model', out, '--text', text]);
    expect(e.code).toBe(0);
    const bpc = Number(/\nbpc: ([\d.]+)\n$/.exec(e.out)![1]);
    expect(bpc).toBeLessThan(1.5);
    expect(bpc).toBeGreaterThan(0);

    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect((html.match(/<svg /g) ?? []).length).toBe(2);
    expect(html).toContain('<path d="M');
    const heldOut = Array.from(TOY_TEXT).length - Math.floor(Array.from(TOY_TEXT).length * 0.9);
    expect((html.match(/<rect /g) ?? []).length).toBe(3 * Math.min(180, heldOut)); // a cell per chosen unit and character
    expect(html).toContain('>h3<');
    expect(html).not.toContain('>h1<');

    // Resume: the step counter continues and Adam's moments are restored (not restarted).
    const r2 = await cli(['train', '--resume', '--steps', '10', '--out', out, '--text', text, ...small, '--quiet']);
    expect(r2.code).toBe(0);
    expect(r2.out).toMatch(/resuming .* steps 61\.\.70/);
    const state2 = JSON.parse(readFileSync(join(out, 'train-state.json'), 'utf8'));
    expect(state2.pos.step).toBe(70);
    expect(state2.losses.slice(0, 60)).toEqual(state.losses);
    const resumedMean = state2.losses.slice(60).reduce((a: number, b: number) => a + b, 0) / 10;
    expect(resumedMean).toBeLessThan(1.2); // a fresh Adam (bias-corrected first steps) would jolt the loss up
  });

  it('train --resume keeps the saved --batch and --seq-len when they are not repeated, and refuses another --batch', async () => {
    const dir = tempDir();
    const text = join(dir, 'toy.txt');
    writeFileSync(text, TOY_TEXT);
    const out = join(dir, 'm');
    const r = await cli(['train', '--text', text, '--hidden', '16', '--embed', '8', '--seq-len', '12', '--batch', '3', '--steps', '8', '--out', out, '--quiet', '--sample-every', '0']);
    expect(r.code, r.err).toBe(0);
    const r2 = await cli(['train', '--resume', '--steps', '4', '--out', out, '--quiet', '--sample-every', '0']);
    expect(r2.code, r2.err).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'train-state.json'), 'utf8')).pos.step).toBe(12);
    const r3 = await cli(['train', '--resume', '--steps', '4', '--batch', '5', '--out', out, '--quiet']);
    expect(r3.code).toBe(2);
    expect(r3.err).toMatch(/--resume: --batch 5 differs from the run in .* \(--batch 3\)/);
  });

  it('trains every cell kind, stacked, and samples from it', async () => {
    const dir = tempDir();
    const text = join(dir, 'toy.txt');
    writeFileSync(text, TOY_TEXT);
    for (const cell of ['gru', 'rnn']) {
      const out = join(dir, cell);
      const r = await cli(['train', '--text', text, '--cell', cell, '--layers', '2', '--hidden', '16', '--embed', '8', '--seq-len', '16', '--batch', '4',
        '--lr', '0.02', '--steps', '40', '--dropout', '0.1', '--out', out, '--quiet', '--keep-best', '--sample-every', '10', '--val', '0.2']);
      expect(r.code, r.err).toBe(0);
      const best = /best held-out bpc ([\d.]+) at step (\d+): saved in .*best\/\n/.exec(r.out)!;
      const ev = await cli(['eval', '--model', join(out, 'best'), '--text', text]);
      expect(ev.code).toBe(0);
      expect(Number(best[2]) % 10).toBe(0);
      const st = JSON.parse(readFileSync(join(out, 'train-state.json'), 'utf8'));
      expect(Number(best[1])).toBeCloseTo(Math.min(...st.valBpc.map((v: { bpc: number }) => v.bpc)), 3);
      expect(r.out).toContain(`training a 2-layer ${cell.toUpperCase()}`);
      const state = JSON.parse(readFileSync(join(out, 'train-state.json'), 'utf8'));
      expect(state.losses[39]).toBeLessThan(state.losses[0] - 0.8);
      const s = await cli(['sample', '--model', out, '--length', '25', '--prime', 'hel', '--top-k', '3', '--seed', '5']);
      expect(s.code).toBe(0);
      expect(s.out).toMatch(/^hel[a-z. ]{25}\n$/); // top-3 never reaches the rare specials
    }
  });

  it('refuses a tampered checkpoint with a one-line runtime error', async () => {
    const dir = tempDir();
    const out = join(dir, 'm');
    expect((await cli(['train', '--steps', '2', '--hidden', '8', '--seq-len', '8', '--batch', '2', '--out', out, '--quiet'])).code).toBe(0);
    writeFileSync(join(out, 'vocab.json'), '{"format": "rnn-wasm-vocab", "version": 1, "level": "char", "tokens": ["a"]}');
    const r = await cli(['sample', '--model', out]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^rnn-wasm: error: \S+vocab\.json: Vocab.fromJSON: the special token <pad> is missing\n$/);
  });

  it('draws a bar on a TTY and stops on --time', async () => {
    const dir = tempDir();
    const r = await cli(['train', '--time', '0.5', '--out', join(dir, 'm'), '--hidden', '8', '--seq-len', '8', '--batch', '2', '--sample-every', '0', '--sample-length', '5'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.out).toContain('\r\x1b[2K');
    expect(r.out).toMatch(/[█░]{10,}/);
    expect(r.out).toMatch(/time limit of 0\.5 s reached at step \d+/);
  });
});
