// Default initialisations as PyTorch defines them, drawn from the seeded Rng so that every
// runtime produces the same parameters for the same seed.
import { ValueError } from '../errors.js';
import { defaultRng, rngOption, type Rng } from '../util/rng.js';
import { describe } from '../util/args.js';

/**
 * n values from U(-bound, bound).
 * @example
 * ```ts
 * const w = nn.uniformValues(6, 0.5, new Rng(1)); // 6 values in [-0.5, 0.5)
 * ```
 */
export function uniformValues(n: number, bound: number, rng: Rng = defaultRng): Float32Array {
  checkCount('uniformValues', n);
  if (typeof bound !== 'number' || !Number.isFinite(bound)) throw new ValueError(`uniformValues: bound must be a finite number, got ${describe(bound)}`);
  rng = rngOption('uniformValues', rng);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniformIn(-bound, bound);
  return out;
}

/**
 * n values from N(mean, std²).
 * @example
 * ```ts
 * const w = nn.normalValues(6, 0, 0.02, new Rng(1)); // N(0, 0.02²)
 * ```
 */
export function normalValues(n: number, mean = 0, std = 1, rng: Rng = defaultRng): Float32Array {
  checkCount('normalValues', n);
  for (const [k, v] of [['mean', mean], ['std', std]] as const) if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`normalValues: ${k} must be a finite number, got ${describe(v)}`);
  rng = rngOption('normalValues', rng);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = mean + std * rng.normal();
  return out;
}

/** How many values to draw: a non-negative integer no larger than a typed array can hold. */
function checkCount(where: string, n: unknown): void {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0 || n > 2 ** 30) throw new ValueError(`${where}: n must be an integer in [0, 2^30], got ${describe(n)}`);
}

/** Checks a layer size: a positive integer. */
export function checkSize(where: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new ValueError(`${where}: ${name} must be a positive integer, got ${describe(v)}`);
  return v as number;
}
