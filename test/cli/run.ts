// Runs the CLI's main() in-process with captured output, for the tests in test/cli/.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

export interface RunResult { code: number; out: string; err: string }

export async function cli(args: string[], opts: { tty?: boolean } = {}): Promise<RunResult> {
  let out = '', err = '';
  const code = await main(args, {
    out: { write: (s) => void (out += s), isTTY: opts.tty ?? false, columns: 100 },
    err: { write: (s) => void (err += s) },
    now: () => performance.now(),
  });
  return { code, out, err };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'rnn-wasm-cli-'));
}

/** A small text with obvious structure, so a tiny model learns it in a few dozen steps. */
export const TOY_TEXT = 'hello world. hello there. hello again. '.repeat(40);
