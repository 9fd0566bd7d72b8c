// Reads the ONNX fixtures written by scripts/make_onnx_fixtures.py.
import { readFileSync } from 'node:fs';

export interface FixtureArray { dtype: 'float32' | 'int32' | 'int64'; shape: number[]; data: number[] }
export interface Case {
  name: string;
  model: string; // base64
  inputs: Record<string, FixtureArray>;
  outputs?: Record<string, FixtureArray>;
  rtol?: number;
  atol?: number;
}

export function loadCases(file: string): Case[] {
  return JSON.parse(readFileSync(new URL(`../fixtures/onnx/${file}`, import.meta.url), 'utf8')) as Case[];
}

export const modelBytes = (c: Case): Uint8Array => new Uint8Array(Buffer.from(c.model, 'base64'));

export function feedOf(a: FixtureArray): { data: Float32Array | Int32Array | BigInt64Array; shape: number[] } {
  const data = a.dtype === 'float32' ? Float32Array.from(a.data) : a.dtype === 'int32' ? Int32Array.from(a.data) : BigInt64Array.from(a.data.map(BigInt));
  return { data, shape: a.shape };
}

/** Largest |a - b|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return Number.isNaN(m) ? Infinity : m;
}

/** Largest |a - b| / (1 + |b|): unbounded activations (ReLU, Affine) give outputs far above 1. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return Number.isNaN(m) ? Infinity : m;
}

/** 16-bit PCM mono samples of a WAV file as floats in [-1, 1). */
export function readWav(bytes: Uint8Array): Float32Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let p = 12;
  while (p + 8 <= bytes.length) {
    const id = String.fromCharCode(...bytes.subarray(p, p + 4));
    const size = dv.getUint32(p + 4, true);
    if (id === 'data') {
      const n = Math.floor(size / 2);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = dv.getInt16(p + 8 + 2 * i, true) / 32768;
      return out;
    }
    p += 8 + size + (size & 1);
  }
  throw new Error('no data chunk');
}
