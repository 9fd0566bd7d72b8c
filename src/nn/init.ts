// Default initialisations as PyTorch defines them, drawn from the seeded Rng so that every
// runtime produces the same parameters for the same seed.
import { ValueError } from '../errors.js';
import { defaultRng, type Rng } from '../util/rng.js';

/**
 * n values from U(-bound, bound).
 * @example
 * ```ts
 * const w = nn.uniformValues(6, 0.5, new Rng(1)); // 6 values in [-0.5, 0.5)
 * ```
 */
export function uniformValues(n: number, bound: number, rng: Rng = defaultRng): Float32Array {
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
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = mean + std * rng.normal();
  return out;
}

/** Checks a layer size: a positive integer. */
export function checkSize(where: string, name: string, v: unknown): number {
  if (!Number.isInteger(v) || (v as number) <= 0) throw new ValueError(`${where}: ${name} must be a positive integer, got ${String(v)}`);
  return v as number;
}
