// Smoke tests: each example runs as `node examples/...` at reduced size and must have learned
// (loss below a stated threshold, accuracy above one).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS } from '../../src/cli/corpus.js';
import { ROOT, buildDist, lastNumber, runExample } from './harness.js';
import { tempDir } from '../cli/run.js';

describe('examples', () => {
  beforeAll(buildDist, 300_000);

  it('char-lm/hello.mjs learns to continue "hell" with "ello"', () => {
    const out = runExample('examples/char-lm/hello.mjs', ['--steps', '60']);
    expect(out).toContain('input "hell" -> predicted "ello"');
    expect(lastNumber(out, 'final loss')).toBeLessThan(0.01);
  });

  it('char-lm/text.mjs lowers the loss on the harbour text', () => {
    const out = runExample('examples/char-lm/text.mjs', ['--steps', '60', '--hidden', '32']);
    expect(out).toMatch(/^123417 characters, vocabulary 74/);
    expect(lastNumber(out, 'final loss')).toBeLessThan(2.7); // ln(53 drawable chars) = 3.97 at the start
  });

  it('forecast/forecast.mjs beats seasonal naive on the unseen CO2 and Seattle tails (MASE < 1)', () => {
    const co2 = runExample('examples/forecast/forecast.mjs', ['--epochs', '15', '--hidden', '16']);
    expect(co2).toContain('49 origins in the last 60 rows, horizon 12');
    expect(lastNumber(co2, 'test MASE')).toBeLessThan(1);
    expect(lastNumber(co2, 'test MAE')).toBeLessThan(lastNumber(co2, 'seasonal naive: MAE'));
    const weather = runExample('examples/forecast/forecast.mjs', ['--data', 'weather', '--epochs', '8', '--hidden', '16']);
    expect(weather).toContain('194 origins in the last 200 rows, horizon 7');
    expect(lastNumber(weather, 'test MASE')).toBeLessThan(1);
  });

  it('char-lm/harbour.txt is the corpus embedded in the CLI', () => {
    expect(readFileSync(join(ROOT, 'examples/char-lm/harbour.txt'), 'utf8')).toBe(CORPUS);
  });

  it('seq2seq/reverse.mjs reverses short digit strings exactly', () => {
    const out = runExample('examples/seq2seq/reverse.mjs', ['--steps', '250', '--max-len', '3', '--hidden', '64']);
    expect(lastNumber(out, 'final loss')).toBeLessThan(0.1);
    expect(lastNumber(out, 'exact match')).toBeGreaterThanOrEqual(90);
  });

  it('classifier/spam.mjs learns spam vs ham on 400 SpamAssassin emails', () => {
    const out = runExample('examples/classifier/spam.mjs', ['--limit', '400', '--epochs', '3']);
    expect(out).toMatch(/^320 training \/ 80 held-out emails/);
    expect(lastNumber(out, 'final loss')).toBeLessThan(0.45); // 0.69 = chance
    expect(lastNumber(out, 'held-out accuracy')).toBeGreaterThan(75);
  });

  it('classifier/spam.mjs --export writes the cleaned corpus as JSONL for the CLI', () => {
    const file = join(tempDir(), 'spam.jsonl');
    runExample('examples/classifier/spam.mjs', ['--export', file]);
    const rows = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(6046);
    expect(rows.filter((r) => r.label === 'spam')).toHaveLength(1896);
    expect(rows.every((r) => typeof r.text === 'string' && !/^Return-Path:/m.test(r.text))).toBe(true);
  });

  it('shapes/shapes.mjs: many-to-one, one-to-many and many-to-many all learn', () => {
    const out = runExample('examples/shapes/shapes.mjs', ['--steps', '150']);
    expect(lastNumber(out, 'many-to-one final loss')).toBeLessThan(0.01);
    expect(lastNumber(out, 'one-to-many final loss')).toBeLessThan(0.05);
    expect(lastNumber(out, 'many-to-many final loss')).toBeLessThan(0.2);
  });
});
