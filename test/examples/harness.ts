// Runs an example as a user would (`node examples/...`, importing 'rnn-wasm' from dist/). dist/ is
// built by `scripts/build.mjs --dist` through test/package's packTarball: under its lock and only
// when stale, so the package tests (which also rebuild dist/) never rebuild it under a running example.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packTarball } from '../package/pack.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Makes sure dist/ (with dist/cli.js) is built and current; call it in beforeAll. */
export async function buildDist(): Promise<void> {
  await packTarball();
}

/** Runs `node <file> ...args`; returns stdout, throwing with stderr when it exits non-zero. */
export function runExample(file: string, args: string[] = [], timeoutMs = 60_000): string {
  const r = spawnSync(process.execPath, [join(ROOT, file), ...args], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs });
  if (r.status !== 0) throw new Error(`${file} exited with ${r.status} ${r.signal ?? ''}:\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

/** The number after `label` on the last line that has it, e.g. lastNumber(out, 'final loss'). */
export function lastNumber(out: string, label: string): number {
  const all = [...out.matchAll(new RegExp(`${label}[: ]+([-\\d.eE]+)`, 'g'))];
  if (all.length === 0) throw new Error(`no "${label}" in the output:\n${out}`);
  return Number(all[all.length - 1][1]);
}
