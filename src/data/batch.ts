// Batching: padding variable-length sequences with their lengths, contiguous streams for
// language models (truncated BPTT), one-hot rows, and deterministic shuffling.
import { describe } from '../util/args.js';
import { ValueError, checkOptions } from '../errors.js';

/**
 * A seeded generator (mulberry32): the same sequence in every JS engine.
 * @example
 * ```ts
 * const next = data.seededUniform(1);
 * next(); // the same number in every JS engine, in [0, 1)
 * ```
 */
export function seededUniform(seed: number): () => number {
  return uniformFrom(seed, 'seededUniform');
}

function uniformFrom(seed: number, where: string): () => number {
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new ValueError(`${where}: seed must be an integer, got ${describe(seed)}`);
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A permutation of 0..n-1 (Fisher-Yates), the same for the same seed everywhere.
 * @example
 * ```ts
 * data.shuffledIndices(5, 42); // e.g. Int32Array [3, 0, 4, 1, 2], the same for seed 42 everywhere
 * ```
 */
export function shuffledIndices(n: number, seed: number): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`shuffledIndices: n must be a non-negative integer, got ${n}`);
  const rnd = uniformFrom(seed, 'shuffledIndices');
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx;
}

/**
 * What {@link padBatch} returns: the padded ids, their shape and each sequence's valid length.
 * @example
 * ```ts
 * const { ids, shape, lengths }: data.PaddedBatch = data.padBatch([[1, 2, 3], [4]], { padId: 0 });
 * // ids = [1, 2, 3, 4, 0, 0], shape = [2, 3], lengths = [3, 1]
 * ```
 */
export interface PaddedBatch {
  /** [B, T] row-major, batch-first (or [T, B] with batchFirst: false). */
  ids: Int32Array;
  shape: [number, number];
  /** Valid length of each sequence, in the original order. */
  lengths: Int32Array;
}

/**
 * Pads sequences to the longest (or `maxLen`) with `padId`. A sequence longer than maxLen is an
 * error unless `truncate: true` asks for cutting it: nothing is silently truncated.
 * @example
 * ```ts
 * const b = data.padBatch([[5, 6, 7], [8]], { padId: 0 });
 * const x = Tensor.from(b.ids, b.shape, { dtype: 'int32' });
 * const out = lstm.forward(embedding.forward(x), { lengths: b.lengths });
 * ```
 */
export function padBatch(
  seqs: readonly ArrayLike<number>[],
  opts: { padId: number; maxLen?: number; truncate?: boolean; batchFirst?: boolean },
): PaddedBatch {
  checkOptions('padBatch', opts, ['padId', 'maxLen', 'truncate', 'batchFirst']);
  if (opts === null || typeof opts !== 'object') throw new ValueError('padBatch: options { padId } are required');
  if (!Array.isArray(seqs) || seqs.length === 0) throw new ValueError('padBatch: seqs must be a non-empty array of sequences');
  if (!Number.isInteger(opts.padId)) throw new ValueError(`padBatch: padId must be an integer, got ${opts.padId}`);
  const longest = Math.max(...seqs.map((s) => s.length));
  const T = opts.maxLen ?? longest;
  if (!Number.isInteger(T) || T < 1) throw new ValueError(`padBatch: maxLen must be a positive integer, got ${opts.maxLen}`);
  const B = seqs.length;
  const lengths = new Int32Array(B);
  const ids = new Int32Array(B * T).fill(opts.padId);
  const bf = opts.batchFirst ?? true;
  seqs.forEach((s, b) => {
    if (s.length === 0) throw new ValueError(`padBatch: seqs[${b}] is empty (every sequence needs at least one step)`);
    if (s.length > T && !opts.truncate) {
      throw new ValueError(`padBatch: seqs[${b}] has ${s.length} steps, more than maxLen ${T} (pass truncate: true to cut it)`);
    }
    const n = Math.min(s.length, T);
    lengths[b] = n;
    for (let t = 0; t < n; t++) {
      // Int32Array would silently truncate 3.5 to 3 (and wrap 2^31): ids must be int32 integers.
      if (!isInt32(s[t])) throw new ValueError(`padBatch: seqs[${b}][${t}] must be an int32 integer id, got ${s[t]}`);
      ids[bf ? b * T + t : t * B + b] = s[t];
    }
  });
  return { ids, shape: bf ? [B, T] : [T, B], lengths };
}

function isInt32(v: number): boolean {
  return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;
}

/**
 * Rows of one-hot vectors: out[i, ids[i]] = 1, shape [ids.length, size].
 * @example
 * ```ts
 * data.oneHot([2, 0], 3); // Float32Array [0, 0, 1, 1, 0, 0] (shape [2, 3])
 * ```
 */
export function oneHot(ids: ArrayLike<number>, size: number): Float32Array {
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) throw new ValueError(`oneHot: size must be a positive integer, got ${describe(size)}`);
  if (!Array.isArray(ids) && !(ArrayBuffer.isView(ids) && !(ids instanceof DataView) && !(ids instanceof BigInt64Array) && !(ids instanceof BigUint64Array))) {
    throw new ValueError(`oneHot: ids must be an array of integers, got ${describe(ids)}`);
  }
  if (ids.length * size > 2 ** 28) throw new ValueError(`oneHot: ${ids.length} ids x ${size} classes is too large a one-hot array (at most 2^28 values)`);
  const out = new Float32Array(ids.length * size);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!Number.isInteger(id) || id < 0 || id >= size) throw new ValueError(`oneHot: ids[${i}] must be an integer in [0, ${size}), got ${id}`);
    out[i * size + id] = 1;
  }
  return out;
}

/**
 * One step of {@link lmChunks}: inputs and next-token targets for `batchSize` parallel streams.
 * @example
 * ```ts
 * const chunks: Iterable<data.StreamChunk> = data.lmChunks(ids, 16, 64);
 * for (const { x, y, shape } of chunks) {
 *   const loss = crossEntropy(model.forward(Tensor.from(x, shape, { dtype: 'int32' })), Tensor.from(y, shape, { dtype: 'int32' }));
 * }
 * ```
 */
export interface StreamChunk {
  /** Inputs [B, T] and next-token targets [B, T], batch-first. */
  x: Int32Array;
  y: Int32Array;
  shape: [number, number];
  /** Offset of this chunk in each stream (0, T, 2T, ...). */
  start: number;
}

/**
 * Cuts a token stream into `batchSize` contiguous streams and walks them `seqLen` steps at a
 * time, so that the state carried between chunks continues each stream (truncated BPTT).
 * The last chunk may be shorter. Tokens that do not fill a whole stream are dropped at the end
 * (reported by `streamLayout`).
 * @example
 * ```ts
 * const ids = vocab.encode(text);
 * for (const chunk of data.lmChunks(ids, 32, 100)) {
 *   // chunk.x, chunk.y: [32, 100] (the last chunk may be shorter); carry the state to the next chunk
 * }
 * ```
 */
export function lmChunks(ids: ArrayLike<number>, batchSize: number, seqLen: number): Generator<StreamChunk> {
  // Checked now, not at the first next(): a generator body runs only when iterated.
  if (ids === null || typeof ids !== 'object' || typeof (ids as ArrayLike<number>).length !== 'number') throw new ValueError(`lmChunks: ids must be an array of token ids, got ${describe(ids)}`);
  layout('lmChunks', ids.length, batchSize, seqLen);
  return chunks(ids, batchSize, seqLen);
}

function* chunks(ids: ArrayLike<number>, batchSize: number, seqLen: number): Generator<StreamChunk> {
  const { perStream } = streamLayout(ids.length, batchSize, seqLen);
  for (let start = 0; start < perStream - 1; start += seqLen) {
    const T = Math.min(seqLen, perStream - 1 - start);
    const x = new Int32Array(batchSize * T);
    const y = new Int32Array(batchSize * T);
    for (let b = 0; b < batchSize; b++) {
      const base = b * perStream + start;
      for (let t = 0; t < T; t++) {
        const u = ids[base + t];
        const v = ids[base + t + 1];
        if (!isInt32(u) || !isInt32(v)) throw new ValueError(`lmChunks: ids[${isInt32(u) ? base + t + 1 : base + t}] must be an int32 integer id, got ${isInt32(u) ? v : u}`);
        x[b * T + t] = u;
        y[b * T + t] = v;
      }
    }
    yield { x, y, shape: [batchSize, T], start };
  }
}

/**
 * How lmChunks splits n tokens: tokens per stream and how many tokens at the end are unused.
 * @example
 * ```ts
 * data.streamLayout(1003, 8, 32); // { perStream: 125, unused: 3 }
 * ```
 */
export function streamLayout(n: number, batchSize: number, seqLen: number): { perStream: number; unused: number } {
  return layout('streamLayout', n, batchSize, seqLen);
}

function layout(where: string, n: number, batchSize: number, seqLen: number): { perStream: number; unused: number } {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new ValueError(`${where}: n must be a non-negative integer, got ${describe(n)}`);
  if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`${where}: batchSize must be a positive integer, got ${describe(batchSize)}`);
  if (typeof seqLen !== 'number' || !Number.isInteger(seqLen) || seqLen < 1) throw new ValueError(`${where}: seqLen must be a positive integer, got ${describe(seqLen)}`);
  const perStream = Math.floor(n / batchSize);
  if (perStream < 2) throw new ValueError(`${where}: ${n} tokens are too few for ${batchSize} streams (each needs at least 2 tokens)`);
  return { perStream, unused: n - perStream * batchSize };
}
