import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Vocab, tokenize, padBatch, oneHot, lmChunks, shuffledIndices } from '../../src/data/index.js';
import { FormatError, ValueError } from '../../src/errors.js';

describe('Vocab', () => {
  it('builds a char vocabulary with specials first and round-trips text', () => {
    const v = Vocab.fromText('hello world');
    expect(v.tokens.slice(0, 3)).toEqual(['<pad>', '<unk>', '<eos>']);
    expect(v.tokens[3]).toBe('l'); // most frequent first
    expect(v.decode(v.encode('hello'))).toBe('hello');
    const ids = v.encode('hez', { eos: true });
    expect(ids[2]).toBe(v.unkId);
    expect(ids[3]).toBe(v.eosId);
    expect(v.decode(ids, { skipSpecial: true })).toBe('he');
  });

  it('tokenizes words and punctuation and honours minFreq/maxSize', () => {
    expect(tokenize("Don't stop, now!", 'word')).toEqual(["Don't", 'stop', ',', 'now', '!']);
    expect(tokenize('a😀b', 'char')).toEqual(['a', '😀', 'b']);
    const v = Vocab.fromText('a a a b b c', { level: 'word', minFreq: 2 });
    expect(v.tokens.slice(3)).toEqual(['a', 'b']);
    expect(Vocab.fromText('a a b c', { level: 'word', maxSize: 4 }).tokens.slice(3)).toEqual(['a']);
    expect(() => Vocab.fromText('x', { levle: 'word' } as never)).toThrow(/unknown option 'levle'/);
    expect(() => Vocab.fromText('x', { minFreq: 0 })).toThrow(ValueError);
  });

  it('round-trips JSON and rejects hostile vocab files with FormatError', () => {
    const v = Vocab.fromText('abcab', { level: 'char' });
    expect(Vocab.fromJSON(JSON.stringify(v.toJSON())).tokens).toEqual(v.tokens);
    const bad = ['{', '[]', '{"format":"x"}', '{"format":"rnn-wasm-vocab","version":1,"level":"char","tokens":[1]}',
      '{"format":"rnn-wasm-vocab","version":1,"level":"char","tokens":["<pad>","<pad>"]}',
      '{"format":"rnn-wasm-vocab","version":1,"level":"char","tokens":["a"]}'];
    for (const b of bad) expect(() => Vocab.fromJSON(b)).toThrow(FormatError);
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => {
      try { Vocab.fromJSON(s); } catch (e) { expect(e).toBeInstanceOf(FormatError); }
    }), { numRuns: 500 });
    fc.assert(fc.property(fc.jsonValue(), (j) => {
      try { Vocab.fromJSON(j); } catch (e) { expect(e).toBeInstanceOf(FormatError); }
    }), { numRuns: 500 });
  });

  it('rejects ids outside the vocabulary on decode', () => {
    const v = Vocab.fromText('ab');
    expect(() => v.decode([0, 99])).toThrow('Vocab.decode: ids[1] must be an integer in [0, 5), got 99');
  });
});

describe('batching', () => {
  it('pads to the longest with lengths, batch-first and time-major', () => {
    const p = padBatch([[1, 2, 3], [4]], { padId: 0 });
    expect(p.shape).toEqual([2, 3]);
    expect(Array.from(p.ids)).toEqual([1, 2, 3, 4, 0, 0]);
    expect(Array.from(p.lengths)).toEqual([3, 1]);
    const q = padBatch([[1, 2, 3], [4]], { padId: 0, batchFirst: false });
    expect(q.shape).toEqual([3, 2]);
    expect(Array.from(q.ids)).toEqual([1, 4, 2, 0, 3, 0]);
  });

  it('never truncates silently and rejects empty sequences', () => {
    expect(() => padBatch([[1, 2, 3]], { padId: 0, maxLen: 2 })).toThrow(/seqs\[0\] has 3 steps, more than maxLen 2/);
    expect(Array.from(padBatch([[1, 2, 3]], { padId: 0, maxLen: 2, truncate: true }).ids)).toEqual([1, 2]);
    expect(() => padBatch([[1], []], { padId: 0 })).toThrow(/seqs\[1\] is empty/);
  });

  it('makes one-hot rows and checks ids', () => {
    expect(Array.from(oneHot([2, 0], 3))).toEqual([0, 0, 1, 1, 0, 0]);
    expect(() => oneHot([3], 3)).toThrow(/ids\[0\] must be an integer in \[0, 3\), got 3/);
  });

  it('walks contiguous streams for truncated BPTT', () => {
    const ids = Array.from({ length: 21 }, (_, i) => i);
    const chunks = [...lmChunks(ids, 2, 4)];
    // 10 tokens per stream: chunks of 4, 4 and 1 steps (targets are the next token)
    expect(chunks.map((c) => c.shape)).toEqual([[2, 4], [2, 4], [2, 1]]);
    expect(Array.from(chunks[0].x)).toEqual([0, 1, 2, 3, 10, 11, 12, 13]);
    expect(Array.from(chunks[0].y)).toEqual([1, 2, 3, 4, 11, 12, 13, 14]);
    expect(Array.from(chunks[2].x)).toEqual([8, 18]);
    expect(Array.from(chunks[2].y)).toEqual([9, 19]);
  });

  it('shuffles deterministically', () => {
    const a = shuffledIndices(10, 42);
    expect(Array.from(a)).toEqual(Array.from(shuffledIndices(10, 42)));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(a)).not.toEqual(Array.from(shuffledIndices(10, 43)));
  });
});
