// Time series as named float64 columns (a Frame), explicit missing-value rules, a chronological
// train/validation split, and sliding windows (window in, horizon out) over one or many series.
// Shape legend: N windows, W window length, H horizon, F input columns (features then known
// columns), K targets, C known-future columns.
import { ValueError } from '../errors.js';
import { describe, options, oneOf, str } from '../util/args.js';
import { frameRows, integer, numbers, strings, table as isTable, text as isText, windows as isWindows, within } from './check.js';
import { indexOf, numbersOf, type CsvTable } from './csv.js';

/**
 * One series: equally long named columns, oldest row first.
 * @example
 * ```ts
 * const f: data.Frame = { names: ['t', 'y'], columns: [Float64Array.of(1, 2, 3), Float64Array.of(5, 6, 7)] };
 * ```
 */
export interface Frame {
  readonly names: readonly string[];
  readonly columns: readonly Float64Array[];
  /** 1-based file lines of the rows, when the frame came from a file (for messages). */
  readonly lines?: readonly number[];
}

/**
 * What to do with a missing value (NaN): refuse (an error naming it) or fill by a named rule.
 * @example
 * ```ts
 * const f = data.frameFromCsv(table, ['temp_max'], { missing: 'linear' satisfies data.FillRule });
 * ```
 */
export type FillRule = 'refuse' | 'previous' | 'linear' | 'zero' | 'mean';
/**
 * Every {@link FillRule}, for option parsing.
 * @example
 * ```ts
 * data.FILL_RULES; // ['refuse', 'previous', 'linear', 'zero', 'mean']
 * ```
 */
export const FILL_RULES: readonly FillRule[] = ['refuse', 'previous', 'linear', 'zero', 'mean'];

/**
 * The number of rows of a frame (the length of its columns); a malformed frame is an error.
 * @example
 * ```ts
 * data.frameLength({ names: ['y'], columns: [Float64Array.of(1, 2, 3)] }); // 3
 * ```
 */
export function frameLength(f: Frame): number {
  return frameRows('frameLength', f);
}

/**
 * Checks that a frame is well formed (names and columns match, equal lengths, unique names) and
 * returns its number of rows. Errors name checkFrame (a caller renames them to its own name).
 * @example
 * ```ts
 * const rows = data.checkFrame(frame); // throws naming what is wrong, else the row count
 * ```
 */
export function checkFrame(f: Frame): number {
  return frameRows('checkFrame', f);
}

/**
 * The column called `name`; the error lists the frame's columns.
 * @example
 * ```ts
 * const y = data.frameColumn(frame, 'CO2');
 * ```
 */
export function frameColumn(f: Frame, name: string, option = 'column'): Float64Array {
  frameRows('frameColumn', f);
  isText('frameColumn', 'name', name);
  isText('frameColumn', 'option', option);
  return within('frameColumn', () => columnOf(f, name, option));
}

/** frameColumn without the argument checks. */
export function columnOf(f: Frame, name: string, option = 'column'): Float64Array {
  const j = f.names.indexOf(name);
  if (j < 0) throw new ValueError(`${option} '${name}' is not a column (columns: ${f.names.join(', ')})`);
  return f.columns[j] as Float64Array;
}

function where(f: Frame | undefined, row: number): string {
  return f?.lines ? `line ${f.lines[row]}` : `row ${row}`;
}

/**
 * Fills the NaNs of one column by `rule` (a copy; the input is not changed). 'refuse' throws at
 * the first NaN, naming the row and column; 'previous' carries the last value forward (a leading
 * gap takes the first value); 'linear' interpolates between neighbours (ends: nearest value);
 * 'zero' writes 0; 'mean' writes the mean of the values present. A column with no value at all
 * is an error under every rule.
 * @example
 * ```ts
 * data.fillMissing(Float64Array.of(1, NaN, 3), 'linear'); // Float64Array [1, 2, 3]
 * ```
 */
export function fillMissing(values: Float64Array, rule: FillRule, name = 'column', frame?: Frame): Float64Array {
  numbers('fillMissing', 'values', values, true);
  if (!FILL_RULES.includes(rule)) throw new ValueError(`fillMissing: rule must be one of ${FILL_RULES.join(', ')}, got ${describe(rule)}`);
  isText('fillMissing', 'name', name);
  if (frame !== undefined) frameRows('fillMissing', frame);
  return within('fillMissing', () => fill(values, rule, name, frame));
}

function fill(values: ArrayLike<number>, rule: FillRule, name: string, frame?: Frame): Float64Array {
  const out = Float64Array.from(values);
  const n = out.length;
  let present = 0, sum = 0;
  for (let i = 0; i < n; i++) {
    const v = out[i];
    if (Number.isNaN(v)) {
      if (rule === 'refuse') throw new ValueError(`${where(frame, i)}, column '${name}': missing value (NaN); choose a fill rule (missing: ${FILL_RULES.slice(1).join(' | ')}) or clean the data`);
      continue;
    }
    if (!Number.isFinite(v)) throw new ValueError(`${where(frame, i)}, column '${name}': ${v} is not a finite number`);
    present++;
    sum += v;
  }
  if (present === n) return out;
  if (present === 0) throw new ValueError(`column '${name}': every value is missing`);
  if (rule === 'zero' || rule === 'mean') {
    const fill = rule === 'zero' ? 0 : sum / present;
    for (let i = 0; i < n; i++) if (Number.isNaN(out[i])) out[i] = fill;
    return out;
  }
  let first = 0;
  while (Number.isNaN(out[first])) first++;
  for (let i = 0; i < first; i++) out[i] = out[first];
  let last = first;
  for (let i = first + 1; i < n; i++) {
    if (Number.isNaN(out[i])) continue;
    if (i > last + 1) {
      for (let k = last + 1; k < i; k++) out[k] = rule === 'previous' ? out[last] : out[last] + ((out[i] - out[last]) * (k - last)) / (i - last);
    }
    last = i;
  }
  for (let k = last + 1; k < n; k++) out[k] = out[last];
  return out;
}

/**
 * A frame of the named numeric columns of a CSV table, with missing values handled by `missing`.
 * @example
 * ```ts
 * const frame = data.frameFromCsv(data.parseCsv(text), ['CO2'], { missing: 'previous' });
 * ```
 */
export function frameFromCsv(table: CsvTable, columns: readonly string[], opts: { missing?: FillRule; option?: string } = {}): Frame {
  const o = options<{ missing: FillRule; option: string }>('frameFromCsv', opts, { missing: oneOf(FILL_RULES), option: str() });
  isTable('frameFromCsv', table);
  strings('frameFromCsv', 'columns', columns);
  return within('frameFromCsv', () => {
    const rule = o.missing ?? 'refuse';
    const names = [...new Set(columns)];
    for (const n of names) indexOf(table, n, o.option ?? 'column');
    const frame0: Frame = { names, columns: [], lines: table.lines };
    const cols = names.map((n) => fill(numbersOf(table, n, o.option ?? 'column'), rule, n, frame0));
    return { names, columns: cols, lines: table.lines };
  });
}

/**
 * Rows [start, end) of a frame (views, no copy).
 * @example
 * ```ts
 * const lastYear = data.sliceFrame(frame, data.frameLength(frame) - 12, data.frameLength(frame));
 * ```
 */
export function sliceFrame(f: Frame, start: number, end: number): Frame {
  const n = frameRows('sliceFrame', f);
  integer('sliceFrame', 'start', start, 0, n);
  integer('sliceFrame', 'end', end, start, n);
  return { names: f.names, columns: f.columns.map((c) => c.subarray(start, end)), lines: f.lines?.slice(start, end) };
}

/**
 * What {@link chronologicalSplit} returns: the training frame, the held-out tail with its context, and the cut.
 * @example
 * ```ts
 * const { train, validation, cut }: data.Split = data.chronologicalSplit(frame, 0.2, 24, 12);
 * ```
 */
export interface Split {
  train: Frame;
  /** The held-out tail, preceded by `window` rows of context so its first window can start. */
  validation: Frame;
  /** First row whose value is held out. */
  cut: number;
}

/**
 * Chronological split: the last `fraction` of the rows are held out; the validation frame also
 * carries the `window` rows before the cut as input context (never as targets), so no target of a
 * validation window is seen in training.
 * @example
 * ```ts
 * const { train, validation } = data.chronologicalSplit(frame, 0.2, 24, 12); // last 20% held out
 * ```
 */
export function chronologicalSplit(f: Frame, fraction: number, window: number, horizon = 1): Split {
  const n = frameRows('chronologicalSplit', f);
  if (!(typeof fraction === 'number' && fraction > 0 && fraction < 1)) throw new ValueError(`chronologicalSplit: validation fraction must be in (0, 1), got ${fraction}`);
  posInt('chronologicalSplit', 'window', window);
  posInt('chronologicalSplit', 'horizon', horizon);
  const held = Math.floor(n * fraction);
  const cut = n - held;
  if (held < horizon) throw new ValueError(`chronologicalSplit: validation fraction ${fraction} of ${n} rows holds out ${held} rows, fewer than the horizon ${horizon}`);
  if (cut < window + horizon) throw new ValueError(`chronologicalSplit: ${cut} training rows are fewer than window ${window} + horizon ${horizon}`);
  return { train: sliceFrame(f, 0, cut), validation: sliceFrame(f, cut - window, n), cut };
}

function posInt(fn: string, name: string, v: unknown): number {
  if (!Number.isInteger(v) || (v as number) < 1) throw new ValueError(`${fn}: ${name} must be a positive integer, got ${String(v)}`);
  return v as number;
}

/**
 * Options of {@link makeWindows}: window and horizon lengths, stride, and which columns are features, targets and known in advance.
 * @example
 * ```ts
 * const opts: data.WindowOptions = { window: 24, horizon: 12, features: ['CO2'], targets: ['CO2'], known: ['year_sin', 'year_cos'] };
 * ```
 */
export interface WindowOptions {
  /** Past steps fed to the model. */
  window: number;
  /** Future steps predicted. */
  horizon: number;
  /** Rows between the starts of consecutive windows. Default 1. */
  stride?: number;
  /** Observed input columns (past only). The targets are usually among them. */
  features: readonly string[];
  /** Columns to predict (k of them). */
  targets: readonly string[];
  /** Columns known in advance (calendar, holidays): inputs at past steps and given for the horizon. */
  known?: readonly string[];
}

/**
 * Windows over one or many series, as flat row-major float32 arrays.
 * @example
 * ```ts
 * const w: data.Windows = data.makeWindows(frame, { window: 24, horizon: 12, features: ['CO2'], targets: ['CO2'] });
 * const x = Tensor.from(w.x, [w.count, w.window, w.inputs.length]);
 * ```
 */
export interface Windows {
  count: number;
  window: number;
  horizon: number;
  /** Input columns per step: features, then known columns. */
  inputs: readonly string[];
  targets: readonly string[];
  known: readonly string[];
  /** (N, W, F) inputs. */
  x: Float32Array;
  /** (N, H, C) known columns over the horizon (empty when there are none). */
  future: Float32Array;
  /** (N, H, K) targets. */
  y: Float32Array;
  /** (N) row of each window's first target step in its series. */
  origin: Int32Array;
  /** (N) which series each window comes from. */
  series: Int32Array;
}

/**
 * Sliding windows: window i of a series covers input rows [s, s + W) and target rows
 * [s + W, s + W + H), s = i * stride. Windows never cross from one series into the next.
 * @example
 * ```ts
 * const w = data.makeWindows(frame, { window: 24, horizon: 12, features: ['CO2'], targets: ['CO2'] });
 * console.log(w.count, w.x.length); // windows, count · 24 · 1 inputs
 * ```
 */
export function makeWindows(frames: Frame | readonly Frame[], opts: WindowOptions): Windows {
  const list = Array.isArray(frames) ? (frames as readonly Frame[]) : [frames as Frame];
  if (list.length === 0) throw new ValueError('makeWindows: no series given');
  const W = posInt('makeWindows', 'window', opts?.window);
  const H = posInt('makeWindows', 'horizon', opts.horizon);
  const stride = posInt('makeWindows', 'stride', opts.stride ?? 1);
  const features = [...(opts.features ?? [])];
  const targets = [...(opts.targets ?? [])];
  const known = [...(opts.known ?? [])];
  if (targets.length === 0) throw new ValueError('makeWindows: targets must name at least one column');
  if (features.length + known.length === 0) throw new ValueError('makeWindows: features (or known) must name at least one input column');
  const inputs = [...features, ...known];
  if (new Set(inputs).size !== inputs.length) throw new ValueError(`makeWindows: a column is named twice in features/known (${inputs.join(', ')})`);
  const F = inputs.length, K = targets.length, C = known.length;
  const counts = list.map((f, s) => {
    const n = frameRows('makeWindows', f);
    for (const c of [...inputs, ...targets]) columnOf(f, c, known.includes(c) ? 'known' : targets.includes(c) && !features.includes(c) ? 'target' : 'feature');
    if (n < W + H) throw new ValueError(`makeWindows: series ${s} has ${n} rows, fewer than window ${W} + horizon ${H} (one window needs ${W + H})`);
    return Math.floor((n - W - H) / stride) + 1;
  });
  const N = counts.reduce((a, b) => a + b, 0);
  const x = new Float32Array(N * W * F), y = new Float32Array(N * H * K), future = new Float32Array(N * H * C);
  const origin = new Int32Array(N), series = new Int32Array(N);
  let i = 0;
  list.forEach((f, s) => {
    const inCols = inputs.map((c) => columnOf(f, c));
    const tCols = targets.map((c) => columnOf(f, c));
    const kCols = known.map((c) => columnOf(f, c));
    for (let w = 0; w < counts[s]; w++, i++) {
      const start = w * stride;
      for (let t = 0; t < W; t++) for (let j = 0; j < F; j++) x[(i * W + t) * F + j] = inCols[j][start + t];
      for (let h = 0; h < H; h++) {
        for (let k = 0; k < K; k++) y[(i * H + h) * K + k] = tCols[k][start + W + h];
        for (let c = 0; c < C; c++) future[(i * H + h) * C + c] = kCols[c][start + W + h];
      }
      origin[i] = start + W;
      series[i] = s;
    }
  });
  for (let q = 0; q < x.length; q++) if (!Number.isFinite(x[q])) throw new ValueError('makeWindows: the inputs hold a NaN or infinite value (fill missing values first: fillMissing)');
  for (let q = 0; q < y.length; q++) if (!Number.isFinite(y[q])) throw new ValueError('makeWindows: the targets hold a NaN or infinite value (fill missing values first: fillMissing)');
  return { count: N, window: W, horizon: H, inputs, targets, known, x, future, y, origin, series };
}

/**
 * Windows with the given indices (a batch), copied.
 * @example
 * ```ts
 * const batch = data.takeWindows(w, data.shuffledIndices(w.count, epoch).subarray(0, 32));
 * ```
 */
export function takeWindows(w: Windows, idx: ArrayLike<number>): Windows {
  isWindows('takeWindows', w, 'w');
  numbers('takeWindows', 'idx', idx);
  const n = idx.length, W = w.window, H = w.horizon;
  const F = w.inputs.length, K = w.targets.length, C = w.known.length;
  const x = new Float32Array(n * W * F), y = new Float32Array(n * H * K), future = new Float32Array(n * H * C);
  const origin = new Int32Array(n), series = new Int32Array(n);
  for (let b = 0; b < n; b++) {
    const i = idx[b];
    if (!(Number.isInteger(i) && i >= 0 && i < w.count)) throw new ValueError(`takeWindows: index ${i} is not in [0, ${w.count})`);
    x.set(w.x.subarray(i * W * F, (i + 1) * W * F), b * W * F);
    y.set(w.y.subarray(i * H * K, (i + 1) * H * K), b * H * K);
    future.set(w.future.subarray(i * H * C, (i + 1) * H * C), b * H * C);
    origin[b] = w.origin[i];
    series[b] = w.series[i];
  }
  return { ...w, count: n, x, y, future, origin, series };
}
