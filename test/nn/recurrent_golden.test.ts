// The golden rnn/model/tbptt handlers (test/golden/*.ts) on every build, compared value by value
// with README 1's rule |a - b| <= 1e-4 (1 + |b|). (The shared runner will also call the handlers.)
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ISAS, runtimeFor, worstRelErr } from '../helpers.js';
import { runRnnCase, type GoldenCase, type Results } from '../golden/rnn.js';
import { runModelCase } from '../golden/model.js';
import { runTbpttCase } from '../golden/tbptt.js';

const DIR = new URL('../../../shared/golden/', import.meta.url);
const all: GoldenCase[] = readdirSync(DIR).filter((f) => /^\d\d_.*\.json$/.test(f))
  .map((f) => JSON.parse(readFileSync(new URL(f, DIR), 'utf8')));

/** Every stored float of the case that the handler must reproduce, by fixture path. */
function expectedOf(c: GoldenCase): [string, ArrayLike<number> | number][] {
  const out: [string, ArrayLike<number> | number][] = [];
  for (const [k, v] of Object.entries(c.outputs ?? {})) out.push([`outputs.${k}`, (v as { data: number[] }).data]);
  for (const [k, v] of Object.entries(c.grads ?? {})) out.push([`grads.${k}`, (v as { data: number[] }).data]);
  if (c.loss?.value !== undefined) out.push(['loss.value', c.loss.value]);
  return out;
}

export function compare(res: Results, c: GoldenCase): void {
  for (const [key, want] of expectedOf(c)) {
    const got = res[key];
    expect(got, `${c.case}: ${key} missing`).toBeDefined();
    const a = typeof got === 'number' ? [got] : got;
    const b = typeof want === 'number' ? [want] : want;
    const { err, index } = worstRelErr(a, b);
    expect(err, `${c.case}: ${key} worst at ${index}`).toBeLessThanOrEqual(1e-4);
  }
}

describe.each(ISAS)('golden rnn cases through nn modules and the tape (%s)', (isa) => {
  it.each(all.filter((c) => c.kind === 'rnn').map((c) => [c.case, c]))('%s', async (_n, c) => {
    const rt = await runtimeFor(isa);
    rt.resetStep();
    compare(runRnnCase(c, rt), c);
  });
});

describe.each(ISAS)('golden model cases (%s)', (isa) => {
  it.each(all.filter((c) => c.kind === 'model').map((c) => [c.case, c]))('%s', async (_n, c) => {
    const rt = await runtimeFor(isa);
    rt.resetStep();
    compare(runModelCase(c, rt), c);
  });
});

describe.each(ISAS)('golden tbptt cases (%s)', (isa) => {
  it.each(all.filter((c) => c.kind === 'tbptt').map((c) => [c.case, c]))('%s', async (_n, c) => {
    const rt = await runtimeFor(isa);
    rt.resetStep();
    const res = runTbpttCase(c, rt);
    const want: [string, ArrayLike<number> | number][] = [['total_loss', c.total_loss]];
    for (const [k, v] of Object.entries(c.total_grads)) want.push([`total_grads.${k}`, (v as { data: number[] }).data]);
    c.chunks.forEach((ch: GoldenCase, i: number) => {
      want.push([`chunks.${i}.loss`, ch.loss], [`chunks.${i}.h_n`, ch.h_n.data], [`chunks.${i}.c_n`, ch.c_n.data]);
      if (i > 0) want.push([`chunks.${i}.h_in`, ch.h_in.data], [`chunks.${i}.c_in`, ch.c_in.data]);
      for (const [k, v] of Object.entries(ch.grads)) want.push([`chunks.${i}.grads.${k}`, (v as { data: number[] }).data]);
    });
    for (const [key, w] of want) {
      const got = res[key];
      expect(got, key).toBeDefined();
      const { err, index } = worstRelErr(typeof got === 'number' ? [got] : got, typeof w === 'number' ? [w] : w);
      expect(err, `${key} worst at ${index}`).toBeLessThanOrEqual(1e-4);
    }
  });
});
