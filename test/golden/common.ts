// Golden-fixture plumbing shared by every handler: case loading, tensor decoding, and a
// comparator that checks every stored value with |a-b| <= 1e-4·(1+|b|) (../shared/golden/README.md)
// and reports the case, tensor and index of the worst mismatch.
import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tensor, type Runtime } from '../../src/index.js';

export interface GoldenTensor { shape: number[]; dtype: 'float32' | 'int32'; data: number[] }
/** One fixture file; handlers read their kind-specific fields from it. */
export interface GoldenCase { format: string; version: number; case: string; kind: string; config: Record<string, unknown>; [key: string]: unknown }
/** Runs one case on a runtime, feeding every stored result to cmp.check. */
export type Handler = (c: GoldenCase, rt: Runtime, cmp: Comparator) => void | Promise<void>;

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** GOLDEN_DIR (relative paths resolved against the repo root), default <repo>/../shared/golden. */
export function goldenDir(): string {
  const env = process.env.GOLDEN_DIR;
  if (env) return isAbsolute(env) ? env : resolve(REPO_ROOT, env);
  return resolve(REPO_ROOT, '../shared/golden');
}

/** Every case file of the directory, sorted; index.json (the listing) is not a case. */
export function loadCases(dir: string): { file: string; c: GoldenCase }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'index.json')
    .sort()
    .map((file) => ({ file, c: JSON.parse(readFileSync(join(dir, file), 'utf8')) as GoldenCase }));
}

export function isGoldenTensor(v: unknown): v is GoldenTensor {
  return !!v && typeof v === 'object' && Array.isArray((v as GoldenTensor).shape) && Array.isArray((v as GoldenTensor).data);
}

/** A fixture tensor as a Tensor in rt (float32 or int32 as stored). */
export function toTensor(rt: Runtime, g: GoldenTensor, opts: { arena?: 'params' | 'state' | 'step'; requiresGrad?: boolean } = {}): Tensor {
  const data = g.dtype === 'int32' ? Int32Array.from(g.data) : Float32Array.from(g.data);
  return Tensor.from(data, g.shape, { runtime: rt, dtype: g.dtype, ...opts });
}

export const TOL = 1e-4;

interface Worst { tensor: string; index: number; a: number; b: number; ratio: number }

/** Collects comparisons; assertAll() fails naming the worst one (ratio = |a-b| / tolerance). */
export class Comparator {
  readonly caseName: string;
  checked = 0;
  private worst: Worst | null = null;
  private readonly failures: string[] = [];

  constructor(caseName: string) {
    this.caseName = caseName;
  }

  /** Compares actual values with a stored tensor or scalar. */
  check(tensor: string, actual: ArrayLike<number> | number, expected: GoldenTensor | number): void {
    const a = typeof actual === 'number' ? [actual] : actual;
    const b = typeof expected === 'number' ? [expected] : expected.data;
    if (a.length !== b.length) {
      this.failures.push(`${tensor}: ${a.length} values, expected ${b.length}`);
      return;
    }
    for (let i = 0; i < b.length; i++) {
      const ratio = Math.abs(a[i] - b[i]) / (TOL * (1 + Math.abs(b[i])));
      this.checked++;
      if (!(ratio <= (this.worst?.ratio ?? -1))) this.worst = { tensor, index: i, a: a[i], b: b[i], ratio: Number.isNaN(ratio) ? Infinity : ratio };
    }
  }

  /** Throws if any value is outside tolerance or a tensor had the wrong size. */
  assertAll(): void {
    if (this.checked === 0 && this.failures.length === 0) throw new Error(`${this.caseName}: the handler compared nothing`);
    const w = this.worst;
    const msgs = [...this.failures];
    if (w && w.ratio > 1) {
      msgs.unshift(`worst mismatch in '${w.tensor}' at flat index ${w.index}: got ${w.a}, expected ${w.b} (${w.ratio.toFixed(2)}x the tolerance 1e-4*(1+|b|))`);
    }
    if (msgs.length) throw new Error(`golden case ${this.caseName}: ${msgs.join('; ')}`);
  }

  /** The worst error as a fraction of the tolerance (for reports). */
  get worstRatio(): number {
    return this.worst?.ratio ?? 0;
  }
}
