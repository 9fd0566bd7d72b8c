// Golden runner: every *.json case in GOLDEN_DIR (default <repo>/../shared/golden), dispatched on
// its `kind` through HANDLERS, on every kernel build. An unknown kind FAILS; only the kinds
// listed in PENDING (brought by the recurrent issue) may be skipped.
import { describe, expect, it } from 'vitest';
import { ISAS, runtimeFor } from './helpers.js';
import { Comparator, goldenDir, loadCases, type Handler } from './golden/common.js';
import { lossesCase } from './golden/losses.js';
import { optimizerCase } from './golden/optimizer.js';
import { clipCase } from './golden/clip.js';
import { rnnCase } from './golden/rnn.js';
import { modelCase } from './golden/model.js';
import { tbpttCase } from './golden/tbptt.js';

// Adding a kind is one line here; its handler (c, rt, cmp) lives in test/golden/<kind>.ts and
// passes every stored value of the case to cmp.check.
const HANDLERS: Record<string, Handler> = {
  losses: lossesCase,
  optimizer: optimizerCase,
  clip_grad_norm: clipCase,
  rnn: rnnCase,
  model: modelCase,
  tbptt: tbpttCase,
};

/** Kinds whose handlers the recurrent issue adds (test/golden/{rnn,model,tbptt}.ts). */
const PENDING = new Set<string>([]);

const dir = goldenDir();
const cases = loadCases(dir);

describe(`golden cases in ${dir}`, () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(0));
  for (const { file, c } of cases) {
    const handler = HANDLERS[c.kind];
    if (!handler && PENDING.has(c.kind)) {
      it.todo(`${c.case} (kind '${c.kind}': handler pending, recurrent issue)`);
      continue;
    }
    describe.each(ISAS)(`${c.case} on %s`, (isa) => {
      it(`${file}`, async () => {
        expect(c.format, `${file}: not an rnn-golden case`).toBe('rnn-golden');
        expect(c.version, `${file}: unsupported version`).toBe(1);
        if (!handler) throw new Error(`${file}: unknown golden kind '${c.kind}' (no handler in test/golden.test.ts)`);
        const rt = await runtimeFor(isa);
        const cmp = new Comparator(c.case);
        try {
          await handler(c, rt, cmp);
        } finally {
          rt.resetStep();
        }
        cmp.assertAll();
      });
    });
  }
});

describe('golden comparator', () => {
  it('names the case, tensor and index of the worst mismatch', () => {
    const cmp = new Comparator('99_demo');
    cmp.check('a', [1, 2, 3], { shape: [3], dtype: 'float32', data: [1, 2.0001, 3] }); // within tolerance
    cmp.check('b', [10, 20.01], { shape: [2], dtype: 'float32', data: [10, 20] });
    cmp.check('c', 5.002, 5);
    expect(() => cmp.assertAll()).toThrow("golden case 99_demo: worst mismatch in 'b' at flat index 1: got 20.01, expected 20");
    const nan = new Comparator('98_nan');
    nan.check('x', [NaN], 0);
    expect(() => nan.assertAll()).toThrow("'x' at flat index 0");
    expect(() => new Comparator('97_empty').assertAll()).toThrow('compared nothing');
  });
});
