// A CSV reader for numeric tables (RFC 4180 quoting, a header row): parses text into named string
// columns, then converts the columns a caller asks for into numbers, with errors that name the
// line and the column. Never evaluates content; column names are kept in arrays and a Map.
import { FormatError, ValueError } from '../errors.js';
import { options, str } from '../util/args.js';
import { table as isTable, text as isText, within } from './check.js';

/**
 * What {@link parseCsv} returns: the header, the rows as strings, and their line numbers for messages.
 * @example
 * ```ts
 * const table: data.CsvTable = data.parseCsv('date,CO2\n1958-03,315.7\n', { source: 'co2.csv' });
 * table.header; // ['date', 'CO2']
 * ```
 */
export interface CsvTable {
  /** Column names from the header row, in file order. */
  readonly header: readonly string[];
  /** Data rows (without the header), each with header.length cells. */
  readonly rows: readonly (readonly string[])[];
  /** The 1-based line in the file where each data row starts (for error messages). */
  readonly lines: readonly number[];
  /** Where the text came from, used in messages (a file name, or 'csv'). */
  readonly source: string;
}

/**
 * Options of {@link parseCsv}: the delimiter and the name used in error messages.
 * @example
 * ```ts
 * const table = data.parseCsv(text, { delimiter: ';', source: 'sales.csv' } satisfies data.CsvOptions);
 * ```
 */
export interface CsvOptions {
  /** Field separator, one character. Default ','. */
  delimiter?: string;
  /** Name used in error messages. Default 'csv'. */
  source?: string;
}

/** Splits CSV text into rows of fields; quoted fields may hold the delimiter, quotes ("") and newlines. */
function splitRecords(text: string, delim: string, source: string): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let startLine = 1;
  let inQuotes = false;
  let quotedField = false;
  let i = 0;
  const n = text.length;
  const endRecord = () => {
    fields.push(field);
    // A blank line (one empty unquoted field) is not a record.
    if (!(fields.length === 1 && fields[0] === '' && !quotedField)) out.push({ fields, line: startLine });
    fields = [];
    field = '';
    quotedField = false;
  };
  while (i < n) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        inQuotes = false;
        i++;
        continue;
      }
      if (c === '\n') line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (field.trim() !== '') throw new FormatError(`${source}: line ${line}: a quote inside an unquoted field (quote the whole field and double its quotes)`);
      field = '';
      inQuotes = true;
      quotedField = true;
      i++;
      continue;
    }
    if (c === delim) { fields.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { i++; continue; }
    if (c === '\n' || c === '\r') {
      endRecord();
      line++;
      startLine = line;
      i++;
      continue;
    }
    field += c;
    i++;
  }
  if (inQuotes) throw new FormatError(`${source}: line ${startLine}: a quoted field is not closed before the end of the file`);
  if (field !== '' || fields.length > 0 || quotedField) endRecord();
  return out;
}

/**
 * Parses CSV text with a header row. Errors (FormatError): an empty file, a header without
 * names or with a repeated name, a row whose number of cells differs from the header's.
 * @example
 * ```ts
 * const table = data.parseCsv(await (await fetch('co2.csv')).text(), { source: 'co2.csv' });
 * const co2 = data.numericColumn(table, 'CO2'); // Float64Array, NaN where a value is missing
 * ```
 */
export function parseCsv(text: string, opts: CsvOptions = {}): CsvTable {
  const o = options<CsvOptions>('parseCsv', opts, { delimiter: str(), source: str() });
  isText('parseCsv', 'text', text);
  return within('parseCsv', () => parse(text, o));
}

function parse(text: string, opts: CsvOptions): CsvTable {
  const delim = opts.delimiter ?? ',';
  const source = opts.source ?? 'csv';
  if (typeof delim !== 'string' || delim.length !== 1 || delim === '"' || delim === '\n' || delim === '\r') {
    throw new ValueError(`parseCsv: delimiter must be one character other than a quote or newline, got ${JSON.stringify(delim)}`);
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // byte-order mark
  const recs = splitRecords(body, delim, source);
  if (recs.length === 0) throw new FormatError(`${source}: the file is empty (expected a header row and data rows)`);
  const header = recs[0].fields.map((h) => h.trim());
  const seen = new Set<string>();
  header.forEach((h, j) => {
    if (h === '') throw new FormatError(`${source}: line ${recs[0].line}: column ${j + 1} of the header has no name`);
    if (seen.has(h)) throw new FormatError(`${source}: line ${recs[0].line}: the header names column '${h}' twice`);
    seen.add(h);
  });
  if (recs.length === 1) throw new FormatError(`${source}: the file has a header row and no data rows`);
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let r = 1; r < recs.length; r++) {
    const { fields, line } = recs[r];
    if (fields.length !== header.length) {
      throw new FormatError(`${source}: line ${line}: ${fields.length} cells, the header has ${header.length} columns (a ragged row)`);
    }
    rows.push(fields);
    lines.push(line);
  }
  return { header, rows, lines, source };
}

/**
 * Index of a column by name; a ValueError listing the columns when it is not there.
 * @example
 * ```ts
 * data.columnIndex(table, 'CO2'); // 1; an unknown name lists the columns in the error
 * ```
 */
export function columnIndex(table: CsvTable, name: string, option = 'column'): number {
  return within('columnIndex', () => indexOf(columnArgs('columnIndex', table, name, option), name, option));
}

function columnArgs(where: string, table: unknown, name: unknown, option: unknown): CsvTable {
  isTable(where, table);
  isText(where, 'name', name);
  isText(where, 'option', option);
  return table as CsvTable;
}

export function indexOf(table: CsvTable, name: string, option: string): number {
  const j = table.header.indexOf(name);
  if (j < 0) throw new ValueError(`${table.source}: ${option} '${name}' is not a column (columns: ${table.header.join(', ')})`);
  return j;
}

/** Cells that mean "no value": they become NaN, and the missing-value policy decides what happens. */
const MISSING = new Set(['', 'na', 'nan', 'null', 'n/a']);

/**
 * One column as numbers (float64). Empty cells and NA/NaN/null become NaN (missing values, for
 * the missing-value policy of src/data/windows.ts); any other text that is not a finite decimal
 * number is a ValueError naming the line and the column.
 * @example
 * ```ts
 * const values = data.numericColumn(table, 'temp_max'); // Float64Array; empty cells are NaN
 * ```
 */
export function numericColumn(table: CsvTable, name: string, option = 'column'): Float64Array {
  return within('numericColumn', () => numbersOf(columnArgs('numericColumn', table, name, option), name, option));
}

/** numericColumn without the argument checks (for callers that checked them). */
export function numbersOf(table: CsvTable, name: string, option: string): Float64Array {
  const j = indexOf(table, name, option);
  const out = new Float64Array(table.rows.length);
  for (let r = 0; r < table.rows.length; r++) {
    const raw = table.rows[r][j].trim();
    if (MISSING.has(raw.toLowerCase())) { out[r] = NaN; continue; }
    // Plain decimal or exponent notation only: Number() would also take '0x1f', 'Infinity' or ' '.
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) {
      throw new ValueError(`${table.source}: line ${table.lines[r]}, column '${name}': '${raw.length > 40 ? raw.slice(0, 40) + '...' : raw}' is not a number`);
    }
    const v = Number(raw);
    if (!Number.isFinite(v)) throw new ValueError(`${table.source}: line ${table.lines[r]}, column '${name}': '${raw}' is out of range`);
    out[r] = v;
  }
  return out;
}

/**
 * One column as trimmed strings (e.g. dates).
 * @example
 * ```ts
 * const dates = data.textColumn(table, 'date'); // ['2012-01-01', ...]
 * ```
 */
export function textColumn(table: CsvTable, name: string, option = 'column'): string[] {
  columnArgs('textColumn', table, name, option);
  const j = within('textColumn', () => indexOf(table, name, option));
  return table.rows.map((row) => row[j].trim());
}
