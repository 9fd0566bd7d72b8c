// What the commands need from the host: output sinks, a clock, and reading input files with
// errors that name the file (missing, unreadable, empty, not UTF-8 text).
import { accessSync, constants, readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './args.js';
import type { Sink } from './progress.js';

export interface CliContext {
  out: Sink;
  err: Sink;
  /** Milliseconds, monotonic. */
  now(): number;
}

/** Reads a UTF-8 text file; missing, directory or empty files are usage errors naming the path. */
export function readText(path: string): string {
  if (!existsSync(path)) throw new UsageError(`cannot read ${path}: no such file`);
  if (statSync(path).isDirectory()) throw new UsageError(`cannot read ${path}: it is a directory`);
  const bytes = readFileSync(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`cannot read ${path}: not UTF-8 text`);
  }
  if (text.trim().length === 0) throw new UsageError(`${path} is empty`);
  return text;
}

/** A model directory given with --model must exist. */
export function checkModelDir(path: string): string {
  if (!existsSync(path)) throw new UsageError(`model directory ${path} does not exist (train one with: rnn-wasm train --out ${path})`);
  if (!statSync(path).isDirectory()) throw new UsageError(`--model ${path} is not a directory`);
  return path;
}

/** The nearest existing directory at or above `path` must be writable (mkdir -p will work there). */
function writableAncestor(flag: string, path: string): void {
  let p = resolve(path);
  while (!existsSync(p)) {
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  if (!statSync(p).isDirectory()) throw new UsageError(`${flag} ${path}: ${p} is a file, not a directory`);
  try {
    accessSync(p, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${path}: ${p} is not writable`);
  }
}

/** An output directory (--out): checked before any work, so a long run cannot fail at its end. */
export function checkWritableDir(flag: string, path: string): void {
  if (existsSync(path) && !statSync(path).isDirectory()) throw new UsageError(`${flag} ${path} is a file, not a directory`);
  writableAncestor(flag, path);
}

/** An output file (--report): writable if it exists, else creatable (its directories with mkdir -p). */
export function checkWritableFile(flag: string, path: string): void {
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) throw new UsageError(`${flag} ${path} is a directory, not a file`);
    try {
      accessSync(path, constants.W_OK);
    } catch {
      throw new UsageError(`${flag} ${path} is not writable`);
    }
    return;
  }
  writableAncestor(flag, dirname(resolve(path))); // the command creates missing directories
}
