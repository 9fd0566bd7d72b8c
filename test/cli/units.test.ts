// The CLI's pieces on their own: option parsing and the progress display.
import { describe, expect, it } from 'vitest';
import { UsageError, helpText, parseArgs, type CommandSpec } from '../../src/cli/args.js';
import { Progress, formatDuration } from '../../src/cli/progress.js';

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
