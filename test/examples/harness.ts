// Runs an example as a user would (`node examples/...`, importing 'rnn-wasm' from dist/), after
// bundling dist/index.js once per test process (the same esbuild call as `npm run build`).
import { execFileSync, spawnSync } from 'node:child_process';
import { renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
let built = false;

export function buildDist(): void {
  if (built) return;
  const tmp = join(ROOT, `dist/index.${process.pid}.tmp.js`);
  execFileSync(join(ROOT, 'node_modules/.bin/esbuild'), ['src/index.ts', '--bundle', '--format=esm', '--target=es2022', '--platform=neutral', '--log-level=warning', `--outfile=${tmp}`], { cwd: ROOT });
  renameSync(tmp, join(ROOT, 'dist/index.js')); // atomic: parallel test files never see half a file
  built = true;
}

/** Runs `node <file> ...args`; returns stdout, throwing with stderr when it exits non-zero. */
export function runExample(file: string, args: string[] = [], timeoutMs = 60_000): string {
  buildDist();
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
