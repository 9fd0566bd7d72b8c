// Keras / TensorFlow.js weights: reading the weight buffer against its specs, and turning Keras
// kernels into PyTorch-layout parameters (transposes, GRU gate order, bias split).
import { FormatError } from '../errors.js';

export interface Weight {
  shape: number[];
  data: Float32Array;
}

export function fail(msg: string): never {
  throw new FormatError(`parseKerasModel: ${msg}`);
}

export function obj(x: unknown, what: string): Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) fail(`${what} must be an object`);
  return x as Record<string, unknown>;
}

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
}

/**
 * Reads the weight specs over one concatenated buffer (shards joined in manifest order), as
 * TensorFlow.js lays them out. Every size is checked against the buffer before reading.
 */
export function readWeights(specs: unknown, buffer: Uint8Array): Map<string, Weight> {
  if (!Array.isArray(specs)) fail('weightSpecs must be an array');
  const out = new Map<string, Weight>();
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let at = 0;
  specs.forEach((s, i) => {
    const spec = obj(s, `weight spec ${i}`);
    const name = spec.name;
    if (typeof name !== 'string') fail(`weight spec ${i}: name must be a string`);
    if (spec.quantization !== undefined) fail(`weight '${name}': quantized weights are not supported`);
    if (spec.dtype !== 'float32') fail(`weight '${name}': dtype ${JSON.stringify(spec.dtype)} is not supported (float32 only)`);
    const shape = spec.shape;
    if (!Array.isArray(shape) || shape.length > 8 || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(`weight '${name}': shape must be an array of non-negative integers`);
    }
    const n = (shape as number[]).reduce((a, b) => a * b, 1);
    if (at + n * 4 > buffer.length) fail(`weight '${name}': needs ${n * 4} bytes at offset ${at}, the weight data has ${buffer.length}`);
    const data = new Float32Array(n);
    for (let k = 0; k < n; k++) data[k] = view.getFloat32(at + 4 * k, true);
    at += n * 4;
    if (out.has(name)) fail(`weight '${name}' appears twice`);
    out.set(name, { shape: (shape as number[]).slice(), data });
  });
  if (at !== buffer.length) fail(`the weight data has ${buffer.length - at} bytes that no weight spec covers`);
  return out;
}

export function transpose(w: Weight): Weight {
  const [r, c] = w.shape;
  const data = new Float32Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) data[j * r + i] = w.data[i * c + j];
  return { shape: [c, r], data };
}

/** Reorders gate row blocks of a [G*H, ...] tensor: out block k = in block order[k]. */
export function reorderGates(w: Weight, H: number, order: number[]): Weight {
  const rowLen = w.data.length / w.shape[0];
  const data = new Float32Array(w.data.length);
  order.forEach((src, dst) => data.set(w.data.subarray(src * H * rowLen, (src + 1) * H * rowLen), dst * H * rowLen));
  return { shape: w.shape.slice(), data };
}

// Weight names by their leading path prefixes ('a/b/kernel' under 'a' and 'a/b'), built once per
// file: scanning every name for every layer made a 10,000-layer file take ~20 s (quadratic).
const MAX_PREFIXES = 8;
const prefixIndex = new WeakMap<Map<string, Weight>, Map<string, string[]>>();
function namesUnder(weights: Map<string, Weight>, layer: string): string[] {
  let idx = prefixIndex.get(weights);
  if (!idx) {
    idx = new Map();
    for (const k of weights.keys()) {
      for (let i = k.indexOf('/'), n = 0; i > 0 && n < MAX_PREFIXES; i = k.indexOf('/', i + 1), n++) {
        const p = k.slice(0, i);
        const list = idx.get(p);
        if (list) list.push(k);
        else idx.set(p, [k]);
      }
    }
    prefixIndex.set(weights, idx);
  }
  return idx.get(layer) ?? [];
}

export function take(weights: Map<string, Weight>, layer: string, suffix: string, shape: number[]): Weight {
  const hits = namesUnder(weights, layer).filter((k) => weights.has(k) && k.endsWith(`/${suffix}`));
  if (hits.length !== 1) fail(`layer '${layer}': expected one weight '${suffix}', found ${hits.length}`);
  const w = weights.get(hits[0])!;
  if (w.shape.join(',') !== shape.join(',')) fail(`weight '${hits[0]}': shape must be [${shape.join(', ')}], got [${w.shape.join(', ')}]`);
  weights.delete(hits[0]);
  return w;
}

// Keras GRU gates are z, r, h; PyTorch's are r, z, n.
const GRU_ORDER = [1, 0, 2];

export function recurrentParams(weights: Map<string, Weight>, prefix: string, cell: 'rnn' | 'lstm' | 'gru', I: number, H: number, bias: boolean, resetAfter: boolean, sfx: string): Record<string, Weight> {
  const G = cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
  const fix = (w: Weight) => (cell === 'gru' ? reorderGates(w, H, GRU_ORDER) : w);
  const p: Record<string, Weight> = {
    [`weight_ih_l0${sfx}`]: fix(transpose(take(weights, prefix, 'kernel', [I, G * H]))),
    [`weight_hh_l0${sfx}`]: fix(transpose(take(weights, prefix, 'recurrent_kernel', [H, G * H]))),
  };
  if (bias) {
    const zeros = { shape: [G * H], data: new Float32Array(G * H) };
    if (cell === 'gru' && resetAfter) {
      const b = take(weights, prefix, 'bias', [2, G * H]);
      p[`bias_ih_l0${sfx}`] = fix({ shape: [G * H], data: b.data.slice(0, G * H) });
      p[`bias_hh_l0${sfx}`] = fix({ shape: [G * H], data: b.data.slice(G * H) });
    } else {
      // One Keras bias: all of it goes to bias_ih; bias_hh is zero (the sum is what counts).
      p[`bias_ih_l0${sfx}`] = fix(take(weights, prefix, 'bias', [G * H]));
      p[`bias_hh_l0${sfx}`] = zeros;
    }
  }
  return p;
}
