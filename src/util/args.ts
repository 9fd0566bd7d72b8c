// The one argument checker every public entry point uses: options objects (own keys only, null
// refused, unknown names refused) and single values (booleans strictly boolean, finite numbers,
// integers in a range, one of a list of strings). Errors are ValueErrors that name the public
// function the caller called and the argument: `Linear: bias must be a boolean, got "false"`.
import { ValueError } from '../errors.js';

/** How a value is described in a message: null, undefined, a short JSON or the type. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return `${v}n (a bigint)`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  const name = (v as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

/** One option's rule. `null: true` lets null stand for "absent". */
export type Rule =
  | { kind: 'bool'; null?: boolean }
  | { kind: 'int'; min?: number; max?: number; null?: boolean }
  | { kind: 'number'; min?: number; max?: number; minOpen?: boolean; maxOpen?: boolean; null?: boolean }
  | { kind: 'enum'; values: readonly (string | number | boolean)[]; null?: boolean }
  | { kind: 'string'; null?: boolean }
  | { kind: 'function'; null?: boolean }
  /** Checked by the caller (tensors, runtimes, generators): only its presence is known here. */
  | { kind: 'any' };

export const bool = (nullable = false): Rule => ({ kind: 'bool', null: nullable });
export const int = (min = -Infinity, max = Infinity, nullable = false): Rule => ({ kind: 'int', min, max, null: nullable });
export const num = (min = -Infinity, max = Infinity, opts: { minOpen?: boolean; maxOpen?: boolean; null?: boolean } = {}): Rule => ({ kind: 'number', min, max, ...opts });
export const oneOf = (values: readonly (string | number | boolean)[], nullable = false): Rule => ({ kind: 'enum', values, null: nullable });
export const str = (nullable = false): Rule => ({ kind: 'string', null: nullable });
export const fn = (nullable = false): Rule => ({ kind: 'function', null: nullable });
export const any: Rule = { kind: 'any' };

function range(r: { min?: number; max?: number; minOpen?: boolean; maxOpen?: boolean }): string {
  const lo = r.min ?? -Infinity;
  const hi = r.max ?? Infinity;
  return `${r.minOpen || lo === -Infinity ? '(' : '['}${lo}, ${hi}${r.maxOpen || hi === Infinity ? ')' : ']'}`;
}

/** Checks one value against its rule; returns it (undefined stays undefined: absent). */
export function checkValue(where: string, name: string, v: unknown, rule: Rule): unknown {
  if (v === undefined || rule.kind === 'any') return v;
  if (v === null) {
    if (rule.null) return undefined;
    throw new ValueError(`${where}: ${name} must not be null (leave it out for the default)`);
  }
  switch (rule.kind) {
    case 'bool':
      if (typeof v !== 'boolean') throw new ValueError(`${where}: ${name} must be a boolean (true or false), got ${describe(v)}`);
      return v;
    case 'int':
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < (rule.min ?? -Infinity) || v > (rule.max ?? Infinity)) {
        throw new ValueError(`${where}: ${name} must be an integer in ${range(rule)}, got ${describe(v)}`);
      }
      return v;
    case 'number': {
      const lo = rule.min ?? -Infinity;
      const hi = rule.max ?? Infinity;
      const ok = typeof v === 'number' && Number.isFinite(v) && (rule.minOpen ? v > lo : v >= lo) && (rule.maxOpen ? v < hi : v <= hi);
      if (!ok) throw new ValueError(`${where}: ${name} must be a finite number in ${range(rule)}, got ${describe(v)}`);
      return v;
    }
    case 'enum':
      if (!rule.values.includes(v as string)) throw new ValueError(`${where}: ${name} must be one of ${rule.values.map((x) => JSON.stringify(x)).join(', ')}, got ${describe(v)}`);
      return v;
    case 'string':
      if (typeof v !== 'string') throw new ValueError(`${where}: ${name} must be a string, got ${describe(v)}`);
      return v;
    case 'function':
      if (typeof v !== 'function') throw new ValueError(`${where}: ${name} must be a function, got ${describe(v)}`);
      return v;
  }
}

/**
 * Checks an options object against its rules and returns a null-prototype copy holding only its
 * own, known, non-undefined keys. undefined means {}; null, arrays and non-objects are errors;
 * an unknown name is an error (a typo is not ignored).
 */
export function options<T extends object>(where: string, opts: unknown, rules: Readonly<Record<string, Rule>>): Partial<T> {
  const out = Object.create(null) as Record<string, unknown>;
  if (opts === undefined) return out as Partial<T>;
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    throw new ValueError(`${where}: options must be an object, got ${describe(opts)}`);
  }
  for (const key of Object.keys(opts)) {
    if (!Object.hasOwn(rules, key)) {
      throw new ValueError(`${where}: unknown option '${key}' (expected one of: ${Object.keys(rules).join(', ')})`);
    }
    const v = checkValue(where, key, (opts as Record<string, unknown>)[key], rules[key]);
    if (v !== undefined) out[key] = v;
  }
  return out as Partial<T>;
}

/** A positional argument: checked like an option, but required unless the rule allows null. */
export function arg<T>(where: string, name: string, v: unknown, rule: Rule): T {
  if (v === undefined && rule.kind !== 'any') throw new ValueError(`${where}: ${name} is required, got undefined`);
  return checkValue(where, name, v, rule) as T;
}

/** A plain object (not null, not an array), e.g. a config or a dict. */
export function plainObject(where: string, name: string, v: unknown): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ValueError(`${where}: ${name} must be an object, got ${describe(v)}`);
  return v as Record<string, unknown>;
}

/** Own-key lookup: names from files and users never reach a prototype ('__proto__', 'constructor'). */
export function own<V>(obj: object | null | undefined, key: string): V | undefined {
  return obj != null && Object.hasOwn(obj, key) ? (obj as Record<string, V>)[key] : undefined;
}
