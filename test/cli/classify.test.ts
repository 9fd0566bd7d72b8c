// classify-train / classify on a synthetic CSV and JSONL: the BiLSTM classifier learns a word rule.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseLabelled } from '../../src/cli/labelled.js';
import { metrics } from '../../src/models/index.js';
import { cli, tempDir } from './run.js';

/** Texts labelled 'spam' when they hold a "money" word, 'ham' otherwise. */
function synthetic(n: number, seed: number): { text: string; label: string }[] {
  const filler = ['the', 'meeting', 'is', 'at', 'noon', 'see', 'you', 'there', 'notes', 'attached', 'thanks', 'team', 'lunch', 'today'];
  const money = ['cash', 'prize', 'winner', 'free', 'offer'];
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 4294967296);
  return Array.from({ length: n }, (_, i) => {
    const words = Array.from({ length: 4 + Math.floor(rnd() * 6) }, () => filler[Math.floor(rnd() * filler.length)]);
    const spam = i % 2 === 0;
    if (spam) words.splice(Math.floor(rnd() * words.length), 0, money[Math.floor(rnd() * money.length)]);
    return { text: words.join(' '), label: spam ? 'spam' : 'ham' };
  });
}

describe('labelled files', () => {
  it('parses quoted CSV fields and maps two labels', () => {
    expect(parseCsv('a,b\n"x, ""y""",1\r\nz,0\n', 'f')).toEqual([['a', 'b'], ['x, "y"', '1'], ['z', '0']]);
    const set = parseLabelled('text,label\nhi,ham\nwin,spam\n', 'f.csv', 'text', 'label', 'spam');
    expect(set.labels).toEqual(['ham', 'spam']);
    expect(set.examples.map((e) => e.label)).toEqual([0, 1]);
    expect(() => parseLabelled('text,label\na,x\nb,y\nc,z\n', 'f.csv', 'text', 'label')).toThrow(/exactly 2 distinct labels, found 3/);
    expect(() => parseLabelled('{"text": "a", "label": 1}\n{oops\n', 'f.jsonl', 'text', 'label')).toThrow(/f\.jsonl: line 2 is not valid JSON/);
    const bools = parseLabelled('{"text": "a", "label": true}\n{"text": "b", "label": false}\n', 'f.jsonl', 'text', 'label');
    expect(bools.labels).toEqual(['false', 'true']);
    expect(bools.examples.map((e) => e.label)).toEqual([1, 0]);
  });

  it('computes accuracy, precision and recall', () => {
    const m = metrics([1, 1, 0, 0, 1], [1, 0, 0, 1, 1]);
    expect(m).toMatchObject({ tp: 2, fp: 1, tn: 1, fn: 1, accuracy: 0.6 });
    expect(m.precision).toBeCloseTo(2 / 3, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
  });
});

describe('rnn-wasm classify-train / classify', () => {
  it('learns the rule and reports held-out metrics', async () => {
    const dir = tempDir();
    const rows = synthetic(160, 7);
    const csv = join(dir, 'd.csv');
    writeFileSync(csv, 'label,text\n' + rows.map((r) => `${r.label},"${r.text}"`).join('\n') + '\n');
    const out = join(dir, 'clf');
    const r = await cli(['classify-train', '--data', csv, '--out', out, '--epochs', '8', '--embed', '8', '--hidden', '8', '--dense', '8', '--batch', '16', '--lr', '0.02', '--positive', 'spam']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/128 training \/ 32 held-out texts/);
    const losses = [...r.out.matchAll(/epoch \d+\/8 {2}loss ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(losses).toHaveLength(8);
    expect(losses[7]).toBeLessThan(0.3);
    expect(losses[7]).toBeLessThan(losses[0]);
    const acc = Number(/held-out: accuracy ([\d.]+)%/.exec(r.out)![1]);
    expect(acc).toBeGreaterThanOrEqual(90);
    expect(r.out).toMatch(/held-out: .*precision [\d.]+% {2}recall [\d.]+%/);

    const one = await cli(['classify', '--model', out, '--text', 'you are a winner of a free prize']);
    expect(one.code).toBe(0);
    expect(one.out).toMatch(/^spam\t0\.\d{4}\n$/);
    const jsonl = join(dir, 'new.jsonl');
    writeFileSync(jsonl, synthetic(20, 99).map((x) => JSON.stringify(x)).join('\n'));
    const many = await cli(['classify', '--model', out, '--data', jsonl]);
    expect(many.code).toBe(0);
    expect(many.out.split('\n').filter((l) => /^(spam|ham)\t/.test(l))).toHaveLength(20);
    expect(Number(/accuracy on the file: accuracy ([\d.]+)%/.exec(many.out)![1])).toBeGreaterThanOrEqual(85);

    // Unlabelled texts: one line each, no metrics.
    const plain = join(dir, 'plain.csv');
    writeFileSync(plain, 'text\nwinner winner free cash\nlunch at noon\n');
    const un = await cli(['classify', '--model', out, '--data', plain]);
    expect(un.code).toBe(0);
    expect(un.out).toBe(un.out.split('\n').filter((l) => l).map((l) => l + '\n').join(''));
    expect(un.out).toMatch(/^spam\t0\.\d{4}\twinner winner free cash\nham\t0\.\d{4}\tlunch at noon\n$/);
    // Labels the model does not know are an error naming the row.
    writeFileSync(plain, 'text,label\nhello,maybe\n');
    const bad = await cli(['classify', '--model', out, '--data', plain]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/plain\.csv: row 2: label 'maybe' is not one of the model's labels \(ham, spam\)/);
  });
});
