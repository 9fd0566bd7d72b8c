// Data utilities: vocabularies, tokenizers, batching and padding.
export { Vocab, tokenize, PAD, UNK, EOS } from './vocab.js';
export type { TokenLevel, VocabOptions } from './vocab.js';
export { padBatch, oneHot, lmChunks, streamLayout, shuffledIndices, seededUniform } from './batch.js';
export type { PaddedBatch, StreamChunk } from './batch.js';
export { lengthBuckets } from './buckets.js';
export type { BucketOptions } from './buckets.js';
