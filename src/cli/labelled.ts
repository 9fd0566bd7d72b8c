// Files of labelled texts for the classifier: CSV with a header row (RFC 4180 quoting) or JSONL
// with one object per line. Labels are two distinct values mapped to 0 and 1.
import { UsageError } from './args.js';
import type { Example } from '../models/index.js';

/** Rows of a CSV text: fields split on commas, "quoted, fields" with "" for a quote, CRLF or LF. */
export function parseCsv(text: string, path: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else { if (c === '\n') line++; field += c; }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      field = '';
      line++;
    } else field += c;
  }
  if (quoted) throw new UsageError(`${path}: a quoted CSV field opened before line ${line} is never closed`);
  row.push(field);
  if (row.length > 1 || row[0] !== '') rows.push(row);
  return rows;
}

interface RawRow { text: string; label: string | null; where: string }

function csvRows(text: string, path: string, tf: string, lf: string): RawRow[] {
  const rows = parseCsv(text, path);
  if (rows.length < 2) throw new UsageError(`${path}: a CSV file needs a header row and at least one data row`);
  const head = rows[0].map((h) => h.trim());
  const ti = head.indexOf(tf);
  const li = head.indexOf(lf);
  if (ti < 0) throw new UsageError(`${path}: no '${tf}' column in the header (${head.join(', ')}); set --text-field`);
  return rows.slice(1).map((r, k) => {
    if (r.length !== head.length) throw new UsageError(`${path}: row ${k + 2} has ${r.length} fields, the header has ${head.length}`);
    return { text: r[ti], label: li >= 0 ? r[li].trim() : null, where: `${path}: row ${k + 2}` };
  });
}

function jsonlRows(text: string, path: string, tf: string, lf: string): RawRow[] {
  const out: RawRow[] = [];
  text.split(/\r?\n/).forEach((line, k) => {
    if (line.trim() === '') return;
    const where = `${path}: line ${k + 1}`;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch (e) {
      throw new UsageError(`${where} is not valid JSON: ${(e as Error).message}`);
    }
    if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new UsageError(`${where} must be a JSON object`);
    const r = o as Record<string, unknown>;
    if (typeof r[tf] !== 'string') throw new UsageError(`${where} has no string field '${tf}'; set --text-field`);
    const l = r[lf];
    if (l !== undefined && typeof l !== 'string' && typeof l !== 'number' && typeof l !== 'boolean') {
      throw new UsageError(`${where}: '${lf}' must be a string, number or boolean`);
    }
    out.push({ text: r[tf] as string, label: l === undefined ? null : String(l), where });
  });
  return out;
}

export interface LabelledSet { examples: Example[]; labels: [string, string]; hasLabels: boolean }

/**
 * Parses `text` (JSONL when it starts with '{', else CSV). For training, two distinct labels are
 * required; `positive` names the one mapped to 1 (default: '1', 'true', or the second in sorted order).
 * With `labels` given (classifying), labels must be among them, and may be absent (labelsOptional).
 */
export function parseLabelled(
  text: string, path: string, tf: string, lf: string, positive?: string,
  opts: { labelsOptional?: boolean; labels?: readonly [string, string] } = {},
): LabelledSet {
  const rows = text.trimStart().startsWith('{') ? jsonlRows(text, path, tf, lf) : csvRows(text, path, tf, lf);
  if (rows.length === 0) throw new UsageError(`${path} holds no examples`);
  const labelled = rows.filter((r) => r.label !== null).length;
  if (labelled === 0 && opts.labelsOptional) {
    return { examples: rows.map((r) => ({ text: r.text, label: 0 })), labels: (opts.labels as [string, string]) ?? ['0', '1'], hasLabels: false };
  }
  const missing = rows.find((r) => r.label === null);
  if (missing) throw new UsageError(`${missing.where} has no '${lf}'; set --label-field`);
  let labels: [string, string];
  if (opts.labels) labels = [opts.labels[0], opts.labels[1]];
  else {
    const distinct = [...new Set(rows.map((r) => r.label as string))].sort();
    if (distinct.length !== 2) {
      throw new UsageError(`${path}: the classifier needs exactly 2 distinct labels, found ${distinct.length} (${distinct.slice(0, 5).join(', ')})`);
    }
    const pos = positive ?? (distinct.includes('1') ? '1' : distinct.includes('true') ? 'true' : distinct[1]);
    if (!distinct.includes(pos)) throw new UsageError(`${path}: --positive '${pos}' is not one of the labels (${distinct.join(', ')})`);
    labels = [distinct.find((d) => d !== pos)!, pos];
  }
  const examples = rows.map((r): Example => {
    const i = labels.indexOf(r.label as string);
    if (i < 0) throw new UsageError(`${r.where}: label '${r.label}' is not one of the model's labels (${labels.join(', ')})`);
    return { text: r.text, label: i as 0 | 1 };
  });
  return { examples, labels, hasLabels: true };
}
