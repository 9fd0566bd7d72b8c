// Length bucketing: batches of sequences of similar length, so padded batches carry little padding,
// with a seeded, engine-independent order (a new seed per epoch reshuffles).
import { ValueError, checkOptions } from '../errors.js';
import { shuffledIndices } from './batch.js';

/**
 * Options of {@link lengthBuckets}.
 * @example
 * ```ts
 * const batches = data.lengthBuckets(lengths, 32, epoch, { window: 100 });
 * ```
 */
export interface BucketOptions {
  /** Batches sorted together: larger windows pad less but mix lengths less randomly. Default 50. */
  window?: number;
}

/**
 * Indices 0..n-1 (n = lengths.length) cut into batches of `batchSize` (the last may be smaller):
 * shuffle with `seed`, sort each window of `window * batchSize` indices by length, cut into
 * batches, then shuffle the order of the batches. Every index appears exactly once.
 * @example
 * ```ts
 * const lengths = texts.map((t) => t.length);
 * for (const batch of data.lengthBuckets(lengths, 32, epoch)) {
 *   const padded = data.padBatch([...batch].map((i) => encoded[i]), { padId: 0 });
 * }
 * ```
 */
export function lengthBuckets(lengths: ArrayLike<number>, batchSize: number, seed: number, opts: BucketOptions = {}): Int32Array[] {
  checkOptions('lengthBuckets', opts, ['window']);
  if (lengths === null || typeof lengths !== 'object' || typeof lengths.length !== 'number') throw new ValueError(`lengthBuckets: lengths must be an array of sequence lengths, got ${lengths === null ? 'null' : typeof lengths}`);
  if (!Number.isInteger(seed)) throw new ValueError(`lengthBuckets: seed must be an integer, got ${seed}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`lengthBuckets: batchSize must be a positive integer, got ${batchSize}`);
  const window = opts.window ?? 50;
  if (!Number.isInteger(window) || window < 1) throw new ValueError(`lengthBuckets: window must be a positive integer, got ${window}`);
  for (let i = 0; i < lengths.length; i++) {
    if (!Number.isInteger(lengths[i]) || lengths[i] < 0) throw new ValueError(`lengthBuckets: lengths[${i}] must be a non-negative integer, got ${lengths[i]}`);
  }
  const order = shuffledIndices(lengths.length, seed);
  const span = window * batchSize;
  const batches: Int32Array[] = [];
  for (let s = 0; s < order.length; s += span) {
    const part = Array.from(order.subarray(s, s + span)).sort((a, b) => lengths[a] - lengths[b] || a - b);
    for (let b = 0; b < part.length; b += batchSize) batches.push(Int32Array.from(part.slice(b, b + batchSize)));
  }
  const batchOrder = shuffledIndices(batches.length, seed ^ 0x5bd1e995);
  return Array.from(batchOrder, (i) => batches[i]);
}
