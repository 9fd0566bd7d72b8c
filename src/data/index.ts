// Data utilities: vocabularies, tokenizers, batching and padding.
export { Vocab, tokenize, PAD, UNK, EOS } from './vocab.js';
export type { TokenLevel, VocabOptions } from './vocab.js';
export { padBatch, oneHot, lmChunks, streamLayout, shuffledIndices, seededUniform } from './batch.js';
export type { PaddedBatch, StreamChunk } from './batch.js';
export { lengthBuckets } from './buckets.js';
export type { BucketOptions } from './buckets.js';
export { parseCsv, numericColumn, textColumn, columnIndex } from './csv.js';
export type { CsvTable, CsvOptions } from './csv.js';
export { fillMissing, frameFromCsv, frameColumn, frameLength, checkFrame, sliceFrame, chronologicalSplit, makeWindows, takeWindows, FILL_RULES } from './windows.js';
export type { Frame, FillRule, Split, WindowOptions, Windows } from './windows.js';
export { Scaler, SCALER_KINDS } from './scalers.js';
export type { ScalerKind, ScalerJSON, ScalerOptions } from './scalers.js';
export { parseDate, calendarFrame, nextTimes, formatDate, CALENDAR_COLUMNS } from './calendar.js';
