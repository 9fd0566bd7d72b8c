// A seeded PRNG that gives the same numbers in every runtime: xoshiro128** (Blackman & Vigna)
// uses only 32-bit integer ops, so no engine difference can creep in. Normals: Box-Muller
// (Math.log/cos/sqrt give the same bits in all four hosts, which are all V8).
import { ValueError } from '../errors.js';

/**
 * The state of an {@link Rng}, as `getState()` returns it and checkpoints store it.
 * @example
 * ```ts
 * const rng = new Rng(1);
 * const saved: RngState = rng.getState();
 * const a = rng.uniform();
 * rng.setState(saved);
 * rng.uniform() === a; // true
 * ```
 */
export interface RngState {
  s: number[];
  spare: number | null;
}

/**
 * A seeded generator (xoshiro128**): the same seed gives the same numbers in every host. Pass one as
 * the `rng` option of a layer or op to make its initialisation or dropout masks independent of the
 * default generator.
 * @example
 * ```ts
 * const a = new nn.Linear(4, 2, { rng: new Rng(7) });
 * const b = new nn.Linear(4, 2, { rng: new Rng(7) });
 * // a and b hold identical weights; new Rng(7).uniform() is the same number everywhere
 * ```
 */
export class Rng {
  // xoshiro128** state (four 32-bit words), seeded by splitmix32; only 32-bit integer ops.
  private s = new Uint32Array(4);
  private spare: number | null = null;

  constructor(seed: number) {
    this.seed(seed);
  }

  seed(seed: number): void {
    if (!Number.isSafeInteger(seed)) throw new ValueError(`Rng.seed: seed must be an integer, got ${seed}`);
    // Negative seeds map to distinct non-negative ones (so seed(-1) !== seed(1)).
    const u = seed < 0 ? seed + 2 ** 53 : seed;
    let x = (u >>> 0) ^ (Math.floor(u / 4294967296) >>> 0);
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
    this.spare = null;
  }

  /** The full generator state (for checkpoints): four xoshiro words and the cached normal. */
  getState(): RngState {
    return { s: Array.from(this.s), spare: this.spare };
  }

  setState(state: RngState): void {
    const ok = state !== null && typeof state === 'object' && Array.isArray(state.s) && state.s.length === 4 &&
      state.s.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff);
    if (!ok || (state.spare !== null && !(typeof state.spare === 'number' && Number.isFinite(state.spare)))) {
      throw new ValueError('Rng.setState: state must be { s: four uint32 words, spare: a finite number or null }');
    }
    // xoshiro never leaves the all-zero state: the generator would return 0 forever.
    if (state.s.every((w) => w === 0)) throw new ValueError('Rng.setState: state.s must not be all zero (the generator would return 0 forever)');
    this.s.set(state.s);
    this.spare = state.spare;
  }

  /** The next uniformly distributed 32-bit unsigned integer. */
  nextU32(): number {
    const s = this.s;
    const m = Math.imul(s[1], 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 11) | (s[3] >>> 21);
    return result;
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  uniform(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  uniformIn(lo: number, hi: number): number {
    if (typeof lo !== 'number' || typeof hi !== 'number' || !Number.isFinite(hi - lo)) throw new ValueError(`Rng.uniformIn: lo and hi must be finite numbers, got ${lo} and ${hi}`);
    return lo + (hi - lo) * this.uniform();
  }

  /** Standard normal (Box-Muller, both values used). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const u1 = 1 - this.uniform(); // (0, 1]
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }
}

/** The default generator (PyTorch's global one); reseed with manualSeed. */
export const defaultRng = new Rng(0x5eed);

/**
 * The `rng` option of a constructor or op: the default generator when absent, else an Rng (or
 * any object with the methods the caller draws from, e.g. a counting stub in tests).
 */
export function rngOption(where: string, rng: unknown, needs: readonly ('uniform' | 'uniformIn' | 'normal')[] = ['uniform', 'uniformIn', 'normal']): Rng {
  if (rng === undefined || rng === null) return defaultRng;
  if (rng instanceof Rng) return rng;
  const missing = needs.filter((m) => typeof (rng as Record<string, unknown>)[m] !== 'function');
  if (typeof rng !== 'object' || missing.length) throw new ValueError(`${where}: rng must be an Rng (new Rng(seed)), got ${typeof rng}${typeof rng === 'object' ? ` without ${missing.join(', ')}()` : ''}`);
  return rng as Rng;
}

/**
 * Reseeds the default generator: initialisation and dropout masks become reproducible.
 * @example
 * ```ts
 * manualSeed(42);
 * const lstm = new nn.LSTM({ inputSize: 8, hiddenSize: 16 }); // the same weights on every run
 * ```
 */
export function manualSeed(seed: number): void {
  if (!Number.isSafeInteger(seed)) throw new ValueError(`manualSeed: seed must be an integer, got ${seed === null ? 'null' : typeof seed === 'number' ? seed : typeof seed}`);
  defaultRng.seed(seed);
}
