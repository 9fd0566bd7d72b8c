// Argument checks of the models entry: the same rules as the library's (src/util/args.ts), written
// against the public API only (this entry imports nothing but 'rnn-wasm'). Errors are ValueErrors
// naming the function and the argument: `sampleIds: model must be a CharLM, got null`.
import { RnnWasmError, Tensor, ValueError, data, nn } from './deps.js';

export function describe(v: unknown): string {
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return `${v}n (a bigint)`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  const name = (v as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

const bad = (where: string, name: string, what: string, v: unknown): never => {
  throw new ValueError(`${where}: ${name} must be ${what}, got ${describe(v)}`);
};

export function isInstance<T>(where: string, name: string, v: unknown, C: abstract new (...a: never[]) => T, what: string): T {
  if (!(v instanceof C)) bad(where, name, what, v);
  return v as T;
}

export const isModule = (where: string, name: string, v: unknown): nn.Module => isInstance(where, name, v, nn.Module, 'a Module');
export const isVocab = (where: string, name: string, v: unknown): data.Vocab => isInstance(where, name, v, data.Vocab, 'a data.Vocab');

export function isTensor(where: string, name: string, v: unknown, dtype?: 'int32' | 'float32'): Tensor {
  if (!(v instanceof Tensor)) bad(where, name, dtype ? `an ${dtype} Tensor` : 'a Tensor', v);
  const t = v as Tensor;
  if (!t.isValid) throw new ValueError(`${where}: ${name} is stale (its arena was reset since it was made)`);
  if (dtype && t.dtype !== dtype) bad(where, name, `${dtype}`, t.dtype);
  return t;
}

export function isString(where: string, name: string, v: unknown): string {
  if (typeof v !== 'string') bad(where, name, 'a string', v);
  return v as string;
}

export function isInt(where: string, name: string, v: unknown, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) bad(where, name, `an integer in [${min}, ${max}]`, v);
  return v as number;
}

export function isNumber(where: string, name: string, v: unknown, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) bad(where, name, `a finite number in [${min}, ${max}]`, v);
  return v as number;
}

/** An array or typed array of finite numbers (bigints refused). */
export function isNumbers(where: string, name: string, v: unknown): ArrayLike<number> {
  const ok = (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array))) &&
    Array.prototype.every.call(v, (x: unknown) => typeof x === 'number' && Number.isFinite(x));
  if (!ok) bad(where, name, 'an array of finite numbers', v);
  return v as ArrayLike<number>;
}

export function isInt32Array(where: string, name: string, v: unknown): Int32Array {
  if (!(v instanceof Int32Array)) bad(where, name, 'an Int32Array', v);
  return v as Int32Array;
}

export function isStrings(where: string, name: string, v: unknown): string[] {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) bad(where, name, 'an array of strings', v);
  return v as string[];
}

export function isObject(where: string, name: string, v: unknown): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) bad(where, name, 'an object', v);
  return v as Record<string, unknown>;
}

export function isBytes(where: string, name: string, v: unknown): Uint8Array {
  if (!(v instanceof Uint8Array)) bad(where, name, 'a Uint8Array', v);
  return v as Uint8Array;
}

/** Runs a call under the public name: a typed error from inside names `where` first. */
export function as<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RnnWasmError && !e.message.startsWith(`${where}:`)) {
      const m = /^[A-Za-z_$][\w$.]*: /.exec(e.message);
      e.message = m ? `${where}: ${e.message.slice(m[0].length)}` : `${where}: ${e.message}`;
    }
    throw e;
  }
}
