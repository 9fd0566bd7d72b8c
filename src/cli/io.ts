// What the commands need from the host: output sinks, a clock, and reading input files with
// errors that name the file (missing, unreadable, empty, not UTF-8 text).
import { readFileSync, existsSync, statSync } from 'node:fs';
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
