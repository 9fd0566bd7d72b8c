// Shared test helpers: one runtime per kernel build, and float64 reference math.
import { createRuntime, type Runtime, type Isa } from '../src/index.js';

export const ISAS: readonly Isa[] = ['relaxed', 'simd', 'none'];

const cache = new Map<Isa, Promise<Runtime>>();
/** One runtime per build, created once per test file. */
export function runtimeFor(isa: Isa): Promise<Runtime> {
  let p = cache.get(isa);
  if (!p) {
    p = createRuntime({ simd: isa });
    cache.set(isa, p);
  }
  return p;
}

/** Deterministic pseudo-random floats in [-scale, scale) (mulberry32). */
export function randomArray(n: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out[i] = (u * 2 - 1) * scale;
  }
  return out;
}

/** Largest |a - b| / (1 + |b|) and where it is. */
export function worstRelErr(a: ArrayLike<number>, b: ArrayLike<number>): { err: number; index: number } {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let err = 0;
  let index = -1;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i]));
    if (!(e <= err)) {
      err = e;
      index = i;
    }
  }
  return { err, index };
}

/** Copies a Float32Array into the runtime's step arena; returns its byte offset. */
export function put(rt: Runtime, data: ArrayLike<number>): number {
  const p = rt.step.alloc(data.length * 4);
  rt.f32(p, data.length).set(data);
  return p;
}

/** Reads n floats at byte offset p. */
export function get(rt: Runtime, p: number, n: number): Float32Array {
  return rt.f32(p, n).slice();
}
