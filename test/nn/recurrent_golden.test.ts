// The golden rnn/model/tbptt handlers (test/golden/*.ts) on every build, compared value by value
// with README 1's rule |a - b| <= 1e-4 (1 + |b|). (The shared runner will also call the handlers.)
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ISAS, runtimeFor, worstRelErr } from '../helpers.js';
import { runRnnCase, type GoldenCase, type Results } from '../golden/rnn.js';

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
