// Per-column scalers for time series: standard (mean 0, std 1) and min-max ([0, 1]), fitted on
// the training part only, with the inverse transform and a JSON form saved beside the model.
import { FormatError, ValueError } from '../errors.js';
import { describe, options, oneOf } from '../util/args.js';
import { frameRows, numbers, strings, text, within } from './check.js';
import { columnOf, type Frame } from './windows.js';

/**
 * How a {@link Scaler} scales: to mean 0 and standard deviation 1, to [0, 1], or not at all.
 * @example
 * ```ts
 * const kind: data.ScalerKind = 'minmax';
 * ```
 */
export type ScalerKind = 'standard' | 'minmax' | 'none';
/**
 * Every {@link ScalerKind}, for option parsing.
 * @example
 * ```ts
 * data.SCALER_KINDS.includes('standard'); // true
 * ```
 */
export const SCALER_KINDS: readonly ScalerKind[] = ['standard', 'minmax', 'none'];

/**
 * Options of `Scaler.fit`: what to do with a column that holds one value only.
 * @example
 * ```ts
 * const s = data.Scaler.fit('standard', train, ['CO2'], { constant: 'center' } satisfies data.ScalerOptions);
 * ```
 */
export interface ScalerOptions {
  /**
   * A column with one value only (zero variance): 'error' (default) refuses with a message naming
   * it; 'center' keeps scale 1 and only subtracts the center (standard: the mean; minmax: the value).
   */
  constant?: 'error' | 'center';
}

/**
 * A {@link Scaler} as JSON (what `toJSON()` writes and `Scaler.fromJSON()` reads).
 * @example
 * ```ts
 * const j: data.ScalerJSON = scaler.toJSON(); // { kind, names, center, scale }
 * ```
 */
export interface ScalerJSON {
  kind: ScalerKind;
  names: string[];
  /** Per column: value subtracted (standard: mean; minmax: min). */
  center: number[];
  /** Per column: divisor after subtracting (standard: std; minmax: max - min). */
  scale: number[];
}

/**
 * x' = (x - center) / scale per named column; inverse x = x' * scale + center.
 * @example
 * ```ts
 * const scaler = data.Scaler.fit('standard', split.train); // statistics of the training part only
 * const scaled = scaler.transform(frame);
 * const back = scaler.inverseColumn('CO2', predictions);
 * ```
 */
export class Scaler {
  readonly kind: ScalerKind;
  readonly names: readonly string[];
  readonly center: readonly number[];
  readonly scale: readonly number[];

  private constructor(j: ScalerJSON) {
    this.kind = j.kind;
    this.names = j.names.slice();
    this.center = j.center.slice();
    this.scale = j.scale.slice();
  }

  /** Fits the named columns of `train` (the training part only, so nothing leaks from validation). */
  static fit(kind: ScalerKind, train: Frame, columns?: readonly string[], opts: ScalerOptions = {}): Scaler {
    const o = options<ScalerOptions>('Scaler.fit', opts, { constant: oneOf(['error', 'center']) });
    if (!SCALER_KINDS.includes(kind)) throw new ValueError(`Scaler.fit: kind must be one of ${SCALER_KINDS.join(', ')}, got ${describe(kind)}`);
    const constant = o.constant ?? 'error';
    const n = frameRows('Scaler.fit', train, 'train');
    if (columns === undefined) columns = train.names;
    strings('Scaler.fit', 'columns', columns);
    for (const name of columns) within('Scaler.fit', () => columnOf(train, name));
    if (n === 0) throw new ValueError('Scaler.fit: the training frame has no rows');
    const center: number[] = [], scale: number[] = [];
    for (const name of columns) {
      const c = columnOf(train, name);
      let lo = Infinity, hi = -Infinity, sum = 0;
      for (let i = 0; i < n; i++) {
        const v = c[i];
        if (!Number.isFinite(v)) throw new ValueError(`Scaler.fit: column '${name}' holds ${v} at row ${i} (fill missing values first)`);
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
        sum += v;
      }
      const mean = sum / n;
      let ss = 0;
      for (let i = 0; i < n; i++) ss += (c[i] - mean) ** 2;
      const std = Math.sqrt(ss / n); // population std, as sklearn's StandardScaler
      if (kind === 'none') { center.push(0); scale.push(1); continue; }
      const spread = kind === 'standard' ? std : hi - lo;
      if (!(spread > 1e-12 * Math.max(1, Math.abs(mean)))) {
        if (constant === 'error') {
          throw new ValueError(`Scaler.fit: column '${name}' is constant in the training part (every value ${lo}, zero variance): it cannot be scaled; drop it or fit with { constant: 'center' }`);
        }
        center.push(kind === 'standard' ? mean : lo);
        scale.push(1);
        continue;
      }
      center.push(kind === 'standard' ? mean : lo);
      scale.push(spread);
    }
    return new Scaler({ kind, names: [...columns], center, scale });
  }

  private index(where: string, name: string): number {
    text(where, 'name', name);
    const j = this.names.indexOf(name);
    if (j < 0) throw new ValueError(`${where}: column '${name}' was not fitted (fitted: ${this.names.join(', ')})`);
    return j;
  }

  transformColumn(name: string, values: ArrayLike<number>): Float64Array {
    const j = this.index('Scaler.transformColumn', name);
    numbers('Scaler.transformColumn', 'values', values, true);
    const c = this.center[j], s = this.scale[j];
    return Float64Array.from(values, (v) => (v - c) / s);
  }

  inverseColumn(name: string, values: ArrayLike<number>): Float64Array {
    const j = this.index('Scaler.inverseColumn', name);
    numbers('Scaler.inverseColumn', 'values', values, true);
    const c = this.center[j], s = this.scale[j];
    return Float64Array.from(values, (v) => v * s + c);
  }

  /** Scale of a column (to convert a difference or an error back to data units: multiply). */
  scaleOf(name: string): number {
    return this.scale[this.index('Scaler.scaleOf', name)];
  }

  /** A new frame with every fitted column scaled; other columns are passed through. */
  transform(f: Frame): Frame {
    frameRows('Scaler.transform', f, 'f');
    for (const n of this.names) within('Scaler.transform', () => columnOf(f, n));
    return { names: f.names, columns: f.columns.map((c, j) => (this.names.includes(f.names[j]) ? this.transformColumn(f.names[j], c) : c)), lines: f.lines };
  }

  /** The inverse of transform(). */
  inverse(f: Frame): Frame {
    frameRows('Scaler.inverse', f, 'f');
    return { names: f.names, columns: f.columns.map((c, j) => (this.names.includes(f.names[j]) ? this.inverseColumn(f.names[j], c) : c)), lines: f.lines };
  }

  toJSON(): ScalerJSON {
    return { kind: this.kind, names: this.names.slice(), center: this.center.slice(), scale: this.scale.slice() };
  }

  /** Reads toJSON() output (an object or its JSON text), checking every field. */
  static fromJSON(j: ScalerJSON | string): Scaler {
    let o: unknown = j;
    if (typeof j === 'string') {
      try {
        o = JSON.parse(j);
      } catch {
        throw new FormatError('Scaler.fromJSON: not valid JSON');
      }
    }
    const s = o as ScalerJSON;
    if (!s || typeof s !== 'object' || !SCALER_KINDS.includes(s.kind)) throw new FormatError(`Scaler.fromJSON: kind must be one of ${SCALER_KINDS.join(', ')}`);
    const n = Array.isArray(s.names) ? s.names.length : -1;
    if (n < 0 || !s.names.every((x) => typeof x === 'string')) throw new FormatError('Scaler.fromJSON: names must be an array of strings');
    for (const k of ['center', 'scale'] as const) {
      if (!Array.isArray(s[k]) || s[k].length !== n || !s[k].every((v) => typeof v === 'number' && Number.isFinite(v))) {
        throw new FormatError(`Scaler.fromJSON: ${k} must hold ${n} finite numbers`);
      }
    }
    if (!s.scale.every((v) => v > 0)) throw new FormatError('Scaler.fromJSON: every scale must be positive');
    return new Scaler(s);
  }
}
