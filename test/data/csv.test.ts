// The CSV reader: header, quoting, line numbers in errors (empty file, ragged row, text in a
// numeric column), missing cells as NaN, no evaluation of content.
import { describe, expect, it } from 'vitest';
import { data, FormatError, ValueError } from '../../src/index.js';

describe('parseCsv', () => {
  it('reads a header and rows, with quotes, doubled quotes, CRLF, a BOM and quoted newlines', () => {
    const t = data.parseCsv('\ufeffa,"b, c",d\r\n1,"x ""y""",3\r\n\r\n4,"two\nlines",6\n', { source: 'f.csv' });
    expect(t.header).toEqual(['a', 'b, c', 'd']);
    expect(t.rows).toEqual([['1', 'x "y"', '3'], ['4', 'two\nlines', '6']]);
    expect(t.lines).toEqual([2, 4]); // the blank line 3 is skipped; line numbers stay the file's
    expect(Array.from(data.numericColumn(t, 'a'))).toEqual([1, 4]);
    expect(data.textColumn(t, 'b, c')).toEqual(['x "y"', 'two\nlines']);
  });

  it('numbers: decimals and exponents; empty/NA/NaN cells are missing (NaN); anything else is an error naming line and column', () => {
    const t = data.parseCsv('v,w\n1.5,a\n-2e3,b\n,c\nNA,d\n.5,e\n', { source: 's.csv' });
    const v = data.numericColumn(t, 'v');
    expect(Array.from(v.subarray(0, 2))).toEqual([1.5, -2000]);
    expect(Number.isNaN(v[2]) && Number.isNaN(v[3])).toBe(true);
    expect(v[4]).toBe(0.5);
    expect(() => data.numericColumn(t, 'w')).toThrow(ValueError);
    expect(() => data.numericColumn(t, 'w')).toThrow("s.csv: line 2, column 'w': 'a' is not a number");
    for (const bad of ['0x10', 'Infinity', '1,5', '1e', '12abc', 'process.exit(1)']) {
      const tt = data.parseCsv(`v\n1\n"${bad}"\n`, { source: 'b.csv' });
      expect(() => data.numericColumn(tt, 'v'), bad).toThrow(`b.csv: line 3, column 'v': '${bad}' is not a number`);
    }
    expect(() => data.numericColumn(t, 'nope')).toThrow("s.csv: column 'nope' is not a column (columns: v, w)");
  });

  it('names the problem of an empty file, a header alone, a ragged row, a bad header and an open quote', () => {
    const cases: [string, string][] = [
      ['', 'e.csv: the file is empty'],
      ['\n\n', 'e.csv: the file is empty'],
      ['a,b\n', 'e.csv: the file has a header row and no data rows'],
      ['a,b\n1,2\n3\n', 'e.csv: line 3: 1 cells, the header has 2 columns (a ragged row)'],
      ['a,b\n1,2,3\n', 'e.csv: line 2: 3 cells, the header has 2 columns'],
      ['a,,c\n1,2,3\n', 'e.csv: line 1: column 2 of the header has no name'],
      ['a,a\n1,2\n', "e.csv: line 1: the header names column 'a' twice"],
      ['a\n"1\n', 'e.csv: line 2: a quoted field is not closed'],
      ['a\n1"2"\n', 'e.csv: line 2: a quote inside an unquoted field'],
    ];
    for (const [text, msg] of cases) {
      expect(() => data.parseCsv(text, { source: 'e.csv' }), JSON.stringify(text)).toThrow(FormatError);
      expect(() => data.parseCsv(text, { source: 'e.csv' }), JSON.stringify(text)).toThrow(msg);
    }
  });

  it('takes another delimiter and rejects a bad one', () => {
    expect(data.parseCsv('a;b\n1;2\n', { delimiter: ';' }).rows).toEqual([['1', '2']]);
    expect(() => data.parseCsv('a\n1\n', { delimiter: '"' })).toThrow(/delimiter must be one character/);
    expect(() => data.parseCsv(42 as unknown as string)).toThrow(/text must be a string/);
  });

  it('keeps a column named __proto__ as a column, not an object key', () => {
    const t = data.parseCsv('__proto__,constructor\n1,2\n');
    expect(Array.from(data.numericColumn(t, '__proto__'))).toEqual([1]);
    expect(Array.from(data.numericColumn(t, 'constructor'))).toEqual([2]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
