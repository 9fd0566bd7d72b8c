// The CLI's pieces on their own: option parsing, the progress display, the SVG pictures, sampling.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/index.js';
import { UsageError, helpText, parseArgs, type CommandSpec } from '../../src/cli/args.js';
import { Progress, formatDuration } from '../../src/cli/progress.js';
import { heatColor, heatmapSvg, lossCurveSvg, smooth } from '../../src/cli/report.js';
import { drawFrom } from '../../src/cli/charlm.js';
import { splitText } from '../../src/cli/char_trainer.js';

const SPEC: CommandSpec = {
  name: 'demo', summary: 's', usage: 'u',
  options: {
    n: { type: 'int', min: 1, default: 3, help: 'count' },
    lr: { type: 'number', min: 0, minOpen: true, help: 'rate' },
    cell: { type: 'string', choices: ['a', 'b'], default: 'a', help: 'kind' },
    go: { type: 'flag', help: 'flag' },
  },
};

describe('parseArgs', () => {
  it('reads both spellings, defaults, flags and help', () => {
    expect(parseArgs(SPEC, [])).toEqual({ n: 3, cell: 'a' });
    expect(parseArgs(SPEC, ['--n', '7', '--lr=0.5', '--cell', 'b', '--go'])).toEqual({ n: 7, lr: 0.5, cell: 'b', go: true });
    expect(parseArgs(SPEC, ['--go=false', '-h'])).toMatchObject({ go: false, help: true });
  });

  it('rejects bad input with messages naming the option', () => {
    const bad: [string[], string][] = [
      [['--n', '1.5'], 'demo: --n must be an integer, got \'1.5\''],
      [['--n', '0'], 'demo: --n must be >= 1, got 0'],
      [['--lr', '0'], 'demo: --lr must be > 0, got 0'],
      [['--lr', ''], 'demo: --lr must be a number, got \'\''],
      [['--cell', 'c'], 'demo: --cell must be one of a, b, got \'c\''],
      [['--n'], 'demo: --n needs a value'],
      [['--nope'], 'demo: unknown option --nope (see rnn-wasm demo --help)'],
      [['stray'], 'demo: unexpected argument \'stray\' (options start with --; see rnn-wasm demo --help)'],
      [['--go=yes'], 'demo: --go is a flag (true or false), got \'yes\''],
    ];
    for (const [argv, msg] of bad) {
      expect(() => parseArgs(SPEC, argv)).toThrow(UsageError);
      expect(() => parseArgs(SPEC, argv)).toThrow(msg);
    }
  });

  it('lists every option in the help text', () => {
    const h = helpText(SPEC);
    expect(h).toMatch(/^usage: u\n/);
    expect(h).toMatch(/--n N +count \[default: 3\]/);
    expect(h).toMatch(/--cell TEXT +kind \(a \| b\) \[default: a\]/);
    expect(h).toMatch(/--go +flag\n/);
  });
});

describe('Progress', () => {
  const fields = (step: number) => ({ step, total: 4, loss: 1.3863, bpc: 2, charsPerSec: 12345, eta: 65 });
  it('writes plain lines every few updates without a TTY', () => {
    let out = '';
    const p = new Progress({ write: (s) => void (out += s) }, { plainEvery: 2 });
    for (let s = 1; s <= 4; s++) p.update(fields(s));
    expect(out).toBe('step 2/4  loss 1.386  bpc 2.000  12.3k char/s  eta 1:05\nstep 4/4  loss 1.386  bpc 2.000  12.3k char/s  eta 1:05\n');
  });
  it('redraws one line on a TTY and clears it for log lines', () => {
    let out = '';
    const p = new Progress({ write: (s) => void (out += s), isTTY: true, columns: 120 });
    p.update(fields(2));
    p.log('hello');
    p.update(fields(4));
    p.done();
    expect(out.startsWith('\r\x1b[2K')).toBe(true);
    expect(out).toContain('\r\x1b[2Khello\n');
    expect(out).toMatch(/█{30} step 4\/4 .*\n$/);
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(Infinity)).toBe('--:--');
  });
});

describe('pictures', () => {
  it('draws a curve through the points and a heat cell per unit and character', () => {
    const svg = lossCurveSvg([{ name: 'l', color: '#000', points: [{ x: 1, y: 4 }, { x: 2, y: 2 }, { x: 3, y: 1 }] }], { width: 100, height: 100 });
    const d = /<path d="([^"]+)"/.exec(svg)![1];
    expect(d.split(/[ML]/).filter(Boolean)).toHaveLength(3);
    const heat = heatmapSvg(['a', 'b', 'c'], [5, 9], [[-1, 0, 1], [0.5, 0.5, 0.5]]);
    expect((heat.match(/<rect /g) ?? []).length).toBe(6);
    expect(heat).toContain('>h9<');
    expect([heatColor(1), heatColor(0), heatColor(-1), heatColor(7)]).toEqual(['rgb(255,0,0)', 'rgb(255,255,255)', 'rgb(0,0,255)', 'rgb(255,0,0)']);
    expect(smooth([0, 10, 10], 0.5)).toEqual([0, 5, 7.5]);
  });
});

describe('sampling and splitting', () => {
  it('draws with temperature 0 greedily, honours top-k and banned ids', () => {
    const logits = [5, 1, 4, 0];
    expect(drawFrom(logits, 0, 0, [], new Rng(1))).toBe(0);
    expect(drawFrom(logits, 0, 0, [0], new Rng(1))).toBe(2);
    const seen = new Set<number>();
    const rng = new Rng(2);
    for (let i = 0; i < 300; i++) seen.add(drawFrom(logits, 5, 2, [], rng));
    expect([...seen].sort()).toEqual([0, 2]);
  });
  it('holds out the end of the text, by characters', () => {
    expect(splitText('abcdefghij', 0.2)).toEqual({ train: 'abcdefgh', val: 'ij' });
    expect(splitText('ab😀', 0.34)).toEqual({ train: 'ab', val: '😀' });
    expect(() => splitText('abc', 1)).toThrow(/held-out fraction must be in \[0, 1\)/);
  });
});

describe('CharTrainer data walk', () => {
  it('cuts contiguous streams whose targets are the next characters, covering an epoch', async () => {
    const { init, data } = await import('../../src/index.js');
    const { CharTrainer, newCharModel } = await import('../../src/cli/char_trainer.js');
    await init();
    const text = Array.from({ length: 208 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    const vocab = data.Vocab.fromText(text);
    const model = newCharModel({ cell: 'rnn', embedDim: 2, hiddenSize: 3, numLayers: 1 }, vocab, 1);
    const tr = new CharTrainer(text, vocab, model, { seqLen: 8, batch: 4, lr: 0.01, clip: 0, seed: 3, valFraction: 0 });
    const t = tr as unknown as { chunk(i: number): { x: Int32Array; y: Int32Array; shape: [number, number] }; chunkCount: number; perStream: number };
    expect(t.perStream).toBe(52); // 208 = 8 x 26: the wrap-around seam (z -> a) keeps the alphabet going
    expect(t.chunkCount).toBe(Math.ceil(51 / 8));
    const rows: number[][] = [[], [], [], []];
    for (let i = 0; i < t.chunkCount; i++) {
      const { x, y, shape: [B, T] } = t.chunk(i);
      for (let b = 0; b < B; b++) {
        for (let k = 0; k < T; k++) {
          rows[b].push(x[b * T + k]);
          const next = (vocab.tokens[x[b * T + k]].charCodeAt(0) - 97 + 1) % 26; // the text is a, b, ..., z, a, ...
          expect(vocab.tokens[y[b * T + k]]).toBe(String.fromCharCode(97 + next));
        }
      }
    }
    expect(rows.map((r) => r.length)).toEqual([51, 51, 51, 51]); // perStream - 1 inputs per stream and epoch
  });
});
