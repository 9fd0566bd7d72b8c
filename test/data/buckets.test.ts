// lengthBuckets: a permutation cut into batches, deterministic, and with less padding than random batches.
import { describe, expect, it } from 'vitest';
import { data } from '../../src/index.js';

const padding = (batches: Int32Array[], len: number[]) =>
  batches.reduce((s, b) => s + Array.from(b).reduce((t, i) => t + Math.max(...Array.from(b, (j) => len[j])) - len[i], 0), 0);

describe('lengthBuckets', () => {
  const lengths = Array.from({ length: 1000 }, (_, i) => 1 + ((i * 7919) % 97));

  it('covers every index once, in batches of the asked size, the same for the same seed', () => {
    const a = data.lengthBuckets(lengths, 32, 5);
    expect(a.map((b) => b.length).filter((n) => n !== 32)).toEqual([1000 % 32]);
    expect(a.flatMap((b) => Array.from(b)).sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(data.lengthBuckets(lengths, 32, 5)).toEqual(a);
    expect(data.lengthBuckets(lengths, 32, 6)).not.toEqual(a);
  });

  it('pads far less than random batches', () => {
    const random = Array.from({ length: Math.ceil(1000 / 32) }, (_, k) => data.shuffledIndices(1000, 5).slice(k * 32, k * 32 + 32));
    const bucketed = data.lengthBuckets(lengths, 32, 5);
    expect(padding(bucketed, lengths)).toBeLessThan(padding(random, lengths) / 10);
    // window 1 sorts within single batches only: no less padding than random.
    expect(padding(data.lengthBuckets(lengths, 32, 5, { window: 1 }), lengths)).toBe(padding(random, lengths));
  });

  it('rejects bad arguments', () => {
    expect(() => data.lengthBuckets([1, 2], 0, 1)).toThrow(/batchSize must be a positive integer, got 0/);
    expect(() => data.lengthBuckets([1, -2], 2, 1)).toThrow(/lengths\[1\] must be a non-negative integer, got -2/);
    expect(() => data.lengthBuckets([1], 2, 1, { window: 0 })).toThrow(/window must be a positive integer/);
    expect(() => data.lengthBuckets([1], 2, 1, { windows: 3 } as never)).toThrow(/unknown option 'windows'/);
  });
});
