// Argument checks of the data functions (tables, frames, windows, number arrays), written on the
// one checker (src/util/args.ts), and `within`, which runs a helper under the public name the
// caller used while keeping the file and line the helper's message names ("numericColumn:
// s.csv: line 2, column 'w': ..."). Errors are ValueErrors naming the function and the argument.
import { RnnWasmError, ValueError } from '../errors.js';
import { describe } from '../util/args.js';

// The shapes checked here, as plain structural types (csv.ts and windows.ts import this file; it
// does not import them back: no cycle).
interface TableLike { header: unknown; rows: unknown; lines: unknown; source: unknown }
interface FrameLike { names: unknown[]; columns: unknown[]; lines?: unknown }
interface WindowsLike {
  count: number; window: number; horizon: number; inputs: unknown[]; targets: unknown[]; known: unknown[];
  x: unknown; y: unknown; future: unknown; origin: unknown; series: unknown;
}

const bad = (where: string, name: string, what: string, v: unknown): never => {
  throw new ValueError(`${where}: ${name} must be ${what}, got ${describe(v)}`);
};

/** Runs `fn`; a typed error from inside that does not start with `where` gets it as a prefix. */
export function within<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RnnWasmError && !e.message.startsWith(`${where}:`)) e.message = `${where}: ${e.message}`;
    throw e;
  }
}

const isNumberView = (v: unknown): boolean =>
  ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array);

/** An array or a (non-bigint) typed array of numbers; any number (NaN: a missing value) when `nan`, else finite ones. */
export function numbers(where: string, name: string, v: unknown, nan = false): ArrayLike<number> {
  if (!Array.isArray(v) && !isNumberView(v)) bad(where, name, 'an array of numbers', v);
  const a = v as ArrayLike<unknown>;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (typeof x !== 'number' || (!nan && !Number.isFinite(x))) bad(where, `${name}[${i}]`, nan ? 'a number' : 'a finite number', x);
  }
  return a as ArrayLike<number>;
}

export function text(where: string, name: string, v: unknown): string {
  if (typeof v !== 'string') bad(where, name, 'a string', v);
  return v as string;
}

export function strings(where: string, name: string, v: unknown): string[] {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) bad(where, name, 'an array of strings', v);
  return v as string[];
}

export function integer(where: string, name: string, v: unknown, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) bad(where, name, `an integer in [${min}, ${max}]`, v);
  return v as number;
}

/** A CsvTable as parseCsv returns it. */
export function table(where: string, v: unknown): void {
  const t = v as TableLike;
  const ok = t !== null && typeof t === 'object' && Array.isArray(t.header) && t.header.every((h) => typeof h === 'string') &&
    Array.isArray(t.rows) && Array.isArray(t.lines) && t.rows.length === t.lines.length && typeof t.source === 'string' &&
    t.rows.every((r) => Array.isArray(r) && r.length === (t.header as unknown[]).length && r.every((c) => typeof c === 'string'));
  if (!ok) bad(where, 'table', 'a CsvTable (from parseCsv)', v);
}

/** A well formed frame: names and columns match, equal lengths, unique names; returns its rows. */
export function frameRows(where: string, f: unknown, name = 'frame'): number {
  const fr = f as FrameLike;
  if (fr === null || typeof fr !== 'object' || !Array.isArray(fr.names) || !Array.isArray(fr.columns)) {
    throw new ValueError(`${where}: ${name} must be a frame { names: string[], columns: Float64Array[] }, got ${describe(f)}`);
  }
  if (!fr.names.every((s) => typeof s === 'string')) throw new ValueError(`${where}: ${name}.names must be strings`);
  if (fr.names.length !== fr.columns.length) throw new ValueError(`${where}: the frame has ${fr.names.length} names and ${fr.columns.length} columns`);
  if (new Set(fr.names).size !== fr.names.length) throw new ValueError(`${where}: the frame names a column twice`);
  const n = fr.columns.length ? (fr.columns[0] as { length?: unknown })?.length : 0;
  fr.columns.forEach((c, j) => {
    if (!(c instanceof Float64Array) && !(c instanceof Float32Array)) throw new ValueError(`${where}: column '${fr.names[j]}' must be a Float64Array, got ${describe(c)}`);
    if (c.length !== n) throw new ValueError(`${where}: column '${fr.names[j]}' has ${c.length} rows, column '${fr.names[0]}' ${n}`);
  });
  if (fr.lines !== undefined && !Array.isArray(fr.lines)) bad(where, `${name}.lines`, 'an array of line numbers', fr.lines);
  return n as number;
}

/** Windows as makeWindows returns them (the fields and their sizes agree). */
export function windows(where: string, v: unknown, name = 'windows'): void {
  const w = v as WindowsLike;
  const ok = w !== null && typeof w === 'object' && Number.isSafeInteger(w.count) && w.count >= 0 &&
    Number.isSafeInteger(w.window) && w.window > 0 && Number.isSafeInteger(w.horizon) && w.horizon > 0 &&
    Array.isArray(w.inputs) && Array.isArray(w.targets) && Array.isArray(w.known) &&
    w.x instanceof Float32Array && w.y instanceof Float32Array && w.future instanceof Float32Array &&
    w.origin instanceof Int32Array && w.series instanceof Int32Array &&
    w.x.length === w.count * w.window * w.inputs.length && w.y.length === w.count * w.horizon * w.targets.length &&
    w.future.length === w.count * w.horizon * w.known.length && w.origin.length === w.count && w.series.length === w.count;
  if (!ok) bad(where, name, 'Windows (from makeWindows)', v);
}
