// Frames, missing-value rules, the chronological split and sliding windows: exact contents,
// boundaries between series, and errors that name the row, column or option.
import { describe, expect, it } from 'vitest';
import { data, ValueError } from '../../src/index.js';

const frame = (cols: Record<string, number[]>): data.Frame => ({ names: Object.keys(cols), columns: Object.values(cols).map((c) => Float64Array.from(c)) });

describe('fillMissing', () => {
  const v = Float64Array.from([NaN, 1, NaN, NaN, 4, NaN]);
  it('fills by each named rule', () => {
    expect(Array.from(data.fillMissing(v, 'previous'))).toEqual([1, 1, 1, 1, 4, 4]);
    expect(Array.from(data.fillMissing(v, 'linear'))).toEqual([1, 1, 2, 3, 4, 4]);
    expect(Array.from(data.fillMissing(v, 'zero'))).toEqual([0, 1, 0, 0, 4, 0]);
    expect(Array.from(data.fillMissing(v, 'mean'))).toEqual([2.5, 1, 2.5, 2.5, 4, 2.5]);
    expect(Number.isNaN(v[0])).toBe(true); // the input is not changed
  });
  it('refuses by default, naming the file line and the column', () => {
    const t = data.parseCsv('x,y\n1,2\n3,\n5,6\n', { source: 'm.csv' });
    expect(() => data.frameFromCsv(t, ['x', 'y'])).toThrow("line 3, column 'y': missing value (NaN); choose a fill rule");
    expect(Array.from(data.frameFromCsv(t, ['y'], { missing: 'linear' }).columns[0])).toEqual([2, 4, 6]);
    expect(() => data.fillMissing(Float64Array.of(NaN, NaN), 'linear', 'z')).toThrow("column 'z': every value is missing");
    expect(() => data.fillMissing(Float64Array.of(1, Infinity), 'linear', 'z')).toThrow("row 1, column 'z': Infinity is not a finite number");
    expect(() => data.fillMissing(v, 'guess' as data.FillRule)).toThrow(/rule must be one of refuse, previous, linear, zero, mean/);
  });
});

describe('makeWindows', () => {
  const f = frame({ a: [0, 1, 2, 3, 4, 5, 6], b: [10, 11, 12, 13, 14, 15, 16], cal: [100, 101, 102, 103, 104, 105, 106] });
  it('slides window and horizon over features, known and targets', () => {
    const w = data.makeWindows(f, { window: 3, horizon: 2, stride: 2, features: ['a', 'b'], targets: ['a'], known: ['cal'] });
    expect(w.count).toBe(2); // starts 0 and 2 (start 4 would need rows up to 8)
    expect(w.inputs).toEqual(['a', 'b', 'cal']);
    expect(Array.from(w.x.subarray(0, 9))).toEqual([0, 10, 100, 1, 11, 101, 2, 12, 102]);
    expect(Array.from(w.y)).toEqual([3, 4, 5, 6]);
    expect(Array.from(w.future)).toEqual([103, 104, 105, 106]);
    expect(Array.from(w.origin)).toEqual([3, 5]);
  });
  it('several targets, and many series without crossing from one into the next', () => {
    const g = frame({ a: [50, 51, 52, 53], b: [60, 61, 62, 63], cal: [0, 0, 0, 0] });
    const w = data.makeWindows([f, g], { window: 2, horizon: 1, features: ['a'], targets: ['a', 'b'] });
    expect(w.count).toBe(5 + 2);
    expect(Array.from(w.series)).toEqual([0, 0, 0, 0, 0, 1, 1]);
    expect(Array.from(w.y.subarray(2 * 5))).toEqual([52, 62, 53, 63]);
    expect(Array.from(w.x.subarray(2 * 5))).toEqual([50, 51, 51, 52]);
    const some = data.takeWindows(w, [6, 0]);
    expect(Array.from(some.y)).toEqual([53, 63, 2, 12]);
  });
  it('errors name the series, the sizes and the option', () => {
    expect(() => data.makeWindows(f, { window: 6, horizon: 2, features: ['a'], targets: ['a'] })).toThrow('makeWindows: series 0 has 7 rows, fewer than window 6 + horizon 2 (one window needs 8)');
    expect(() => data.makeWindows(f, { window: 2, horizon: 1, features: ['a'], targets: ['zz'] })).toThrow("target 'zz' is not a column (columns: a, b, cal)");
    expect(() => data.makeWindows(f, { window: 2, horizon: 1, features: ['q'], targets: ['a'] })).toThrow("feature 'q' is not a column");
    expect(() => data.makeWindows(f, { window: 0, horizon: 1, features: ['a'], targets: ['a'] })).toThrow('makeWindows: window must be a positive integer, got 0');
    expect(() => data.makeWindows(frame({ a: [1, NaN, 3, 4] }), { window: 2, horizon: 1, features: ['a'], targets: ['a'] })).toThrow(/NaN or infinite value \(fill missing values first/);
  });
});

describe('chronologicalSplit', () => {
  it('holds out the tail; validation windows reach back for inputs but never for targets', () => {
    const n = 20;
    const f = frame({ a: Array.from({ length: n }, (_, i) => i) });
    const s = data.chronologicalSplit(f, 0.25, 4, 2);
    expect(s.cut).toBe(15);
    expect(s.train.columns[0].length).toBe(15);
    expect(s.validation.columns[0][0]).toBe(11); // 4 rows of context before the cut
    const vw = data.makeWindows(s.validation, { window: 4, horizon: 2, features: ['a'], targets: ['a'] });
    expect(Math.min(...vw.y)).toBe(15);
    const tw = data.makeWindows(s.train, { window: 4, horizon: 2, features: ['a'], targets: ['a'] });
    expect(Math.max(...tw.y)).toBe(14);
    expect(() => data.chronologicalSplit(f, 0.05, 4, 2)).toThrow('holds out 1 rows, fewer than the horizon 2');
    expect(() => data.chronologicalSplit(f, 0.8, 4, 2)).toThrow('4 training rows are fewer than window 4 + horizon 2');
    expect(() => data.chronologicalSplit(f, 1, 4, 2)).toThrow(ValueError);
  });
});

describe('calendar', () => {
  it('parses dates, gives the year position, and continues monthly and daily series', () => {
    const t = ['2020-01-01', '2020-02-01', '2020-03-01'].map((s) => data.parseDate(s));
    expect(data.nextTimes(t, 2).map(data.formatDate)).toEqual(['2020-04-01', '2020-05-01']);
    const d = ['2021-12-30', '2021-12-31'].map((s) => data.parseDate(s));
    expect(data.nextTimes(d, 2).map(data.formatDate)).toEqual(['2022-01-01', '2022-01-02']);
    const cal = data.calendarFrame([data.parseDate('2021-01-01'), data.parseDate('2021-07-02T12:00')]);
    expect(cal.names).toEqual(['year_sin', 'year_cos']);
    expect(cal.columns[0][0]).toBeCloseTo(0, 12);
    expect(cal.columns[1][0]).toBeCloseTo(1, 12);
    expect(cal.columns[1][1]).toBeCloseTo(-1, 3); // mid-year
    expect(() => data.parseDate('2021-02-30', 7, 'Date')).toThrow("row 7, column 'Date': '2021-02-30' is not a valid date");
    expect(() => data.parseDate('yesterday', 3)).toThrow("row 3, column 'date': 'yesterday' is not a date (expected YYYY-MM-DD)");
  });
});
