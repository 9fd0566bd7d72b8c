import { beforeAll, describe, expect, it } from 'vitest';
import { init, Tensor, matmul, ShapeError, ValueError } from '../../src/index.js';

beforeAll(async () => {
  await init();
});

describe('Tensor', () => {
  it('round-trips data and shape', () => {
    const t = Tensor.from([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(t.shape).toEqual([2, 3]);
    expect(Array.from(t.toArray())).toEqual([1, 2, 3, 4, 5, 6]);
    const n = Tensor.from([[1, 2], [3, 4]]);
    expect(n.shape).toEqual([2, 2]);
    const ids = Tensor.from(new Int32Array([3, 1]), [2]);
    expect(ids.dtype).toBe('int32');
    expect(Array.from(ids.toArray())).toEqual([3, 1]);
  });

  it('rejects mismatched shapes and bad values', () => {
    expect(() => Tensor.from([1, 2, 3], [2, 2])).toThrow(ShapeError);
    expect(() => Tensor.from([1, 2, 3], [2, 2])).toThrow('Tensor.from: data has 3 values, shape [2, 2] needs 4');
    expect(() => Tensor.from([1, 2], [-1, -2])).toThrow(ShapeError);
    expect(() => Tensor.from([1.5], [1], { dtype: 'int32' })).toThrow(ValueError);
    expect(() => Tensor.from([1], [1], { dtyp: 'int32' } as never)).toThrow(/unknown option 'dtyp'/);
  });

  it('matmul checks shapes and multiplies', () => {
    const a = Tensor.from([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = Tensor.from([1, 0, 0, 1, 1, 1], [3, 2]);
    expect(Array.from(matmul(a, b).toArray())).toEqual([4, 5, 10, 11]);
    expect(() => matmul(a, a)).toThrow('matmul: b must be [3, N] to match a [2, 3], got [2, 3]');
  });
});
