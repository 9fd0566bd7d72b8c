// Scalers: fitted on the training part only, exact transform and inverse, JSON round trip,
// and a clear rule for a constant column.
import { describe, expect, it } from 'vitest';
import { data, FormatError, ValueError } from '../../src/index.js';

const f: data.Frame = { names: ['a', 'b'], columns: [Float64Array.from([1, 2, 3, 4]), Float64Array.from([10, 10, 30, 50])] };

describe('Scaler', () => {
  it('standard: population mean and std (as sklearn), inverse restores the values', () => {
    const s = data.Scaler.fit('standard', f);
    expect(s.center).toEqual([2.5, 25]);
    expect(s.scale[0]).toBeCloseTo(Math.sqrt(1.25), 12);
    const t = s.transform(f);
    expect(Array.from(t.columns[1])).toEqual([-15, -15, 5, 25].map((v) => v / s.scale[1]));
    const back = s.inverse(t);
    back.columns.forEach((c, j) => c.forEach((v, i) => expect(v).toBeCloseTo(f.columns[j][i], 12)));
  });

  it('min-max maps the training range to [0, 1]; values beyond it go beyond', () => {
    const train = data.sliceFrame(f, 0, 2);
    const s = data.Scaler.fit('minmax', train, ['a']);
    expect(Array.from(s.transformColumn('a', [1, 2, 4]))).toEqual([0, 1, 3]); // fitted on rows 0-1 only
    expect(Array.from(s.transform(f).columns[1])).toEqual([10, 10, 30, 50]); // unfitted columns pass through
    expect(() => s.transformColumn('b', [1])).toThrow("Scaler: column 'b' was not fitted (fitted: a)");
  });

  it('a constant column is an error naming it, or centred only with constant: center', () => {
    const c: data.Frame = { names: ['flat'], columns: [Float64Array.from([7, 7, 7])] };
    expect(() => data.Scaler.fit('standard', c)).toThrow(ValueError);
    expect(() => data.Scaler.fit('standard', c)).toThrow("Scaler.fit: column 'flat' is constant in the training part (every value 7, zero variance)");
    expect(() => data.Scaler.fit('minmax', c)).toThrow(/'flat' is constant/);
    const s = data.Scaler.fit('standard', c, ['flat'], { constant: 'center' });
    expect(Array.from(s.transformColumn('flat', [7, 8]))).toEqual([0, 1]);
  });

  it('JSON round trip, and a corrupt JSON form is a FormatError', () => {
    const s = data.Scaler.fit('standard', f);
    const r = data.Scaler.fromJSON(JSON.stringify(s.toJSON()));
    expect(r.toJSON()).toEqual(s.toJSON());
    expect(() => data.Scaler.fromJSON('{')).toThrow(FormatError);
    expect(() => data.Scaler.fromJSON({ ...s.toJSON(), scale: [1] })).toThrow('Scaler.fromJSON: scale must hold 2 finite numbers');
    expect(() => data.Scaler.fromJSON({ ...s.toJSON(), scale: [1, 0] })).toThrow('every scale must be positive');
    expect(() => data.Scaler.fromJSON({ ...s.toJSON(), kind: 'log' as data.ScalerKind })).toThrow(/kind must be one of/);
  });
});
