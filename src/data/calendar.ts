// Calendar columns from a date column: the position in the year as a sine/cosine pair (known in
// advance, so a forecaster may use them for the steps it predicts), and the dates that follow a
// series (by whole months when the series is monthly, else by its usual step).
import { ValueError } from '../errors.js';
import { integer, numbers, text, within } from './check.js';
import type { Frame } from './windows.js';

const DAY = 86_400_000;

/**
 * 'YYYY-MM-DD' with an optional 'THH:MM[:SS[.sss]][Z]' or ' HH:MM...' part, read as UTC; anything else is an error naming the row.
 * @example
 * ```ts
 * data.parseDate('2024-03-01'); // 1709251200000 (ms since 1970, UTC)
 * ```
 */
export function parseDate(s: string, row?: number, column = 'date'): number {
  text('parseDate', 's', s);
  if (row !== undefined) integer('parseDate', 'row', row, 0);
  text('parseDate', 'column', column);
  return within('parseDate', () => dateOf(s, row, column));
}

function dateOf(s: string, row: number | undefined, column: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?Z?)?$/.exec(s.trim());
  const at = row !== undefined ? `row ${row}, column '${column}'` : `column '${column}'`;
  if (!m) throw new ValueError(`${at}: '${s.slice(0, 40)}' is not a date (expected YYYY-MM-DD)`);
  const [y, mo, d, hh, mi, ss] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  const t = Date.UTC(y, mo - 1, d, hh, mi, ss);
  const back = new Date(t);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || hh > 23 || mi > 59 || ss > 59) throw new ValueError(`${at}: '${s}' is not a valid date`);
  return t;
}

/** Fraction of the year elapsed at time t (UTC), in [0, 1). */
function yearFraction(t: number): number {
  const y = new Date(t).getUTCFullYear();
  const start = Date.UTC(y, 0, 1), end = Date.UTC(y + 1, 0, 1);
  return (t - start) / (end - start);
}

/**
 * The columns {@link calendarFrame} makes: the position in the year as a point on a circle.
 * @example
 * ```ts
 * const known = [...data.CALENDAR_COLUMNS]; // ['year_sin', 'year_cos'], known in advance for any date
 * ```
 */
export const CALENDAR_COLUMNS = ['year_sin', 'year_cos'] as const;

/**
 * year_sin, year_cos = sin/cos(2π · fraction of the year) for each time (ms since 1970, UTC).
 * @example
 * ```ts
 * const cal = data.calendarFrame(dates.map((d) => data.parseDate(d))); // names: year_sin, year_cos
 * ```
 */
export function calendarFrame(times: readonly number[]): Frame {
  numbers('calendarFrame', 'times', times);
  const s = new Float64Array(times.length), c = new Float64Array(times.length);
  times.forEach((t, i) => {
    const a = 2 * Math.PI * yearFraction(t);
    s[i] = Math.sin(a);
    c[i] = Math.cos(a);
  });
  return { names: [...CALENDAR_COLUMNS], columns: [s, c] };
}

/**
 * The h times after the last of `times`: by whole months when the last steps are whole months
 * (same day of month), else by the median step. At least two times, increasing.
 * @example
 * ```ts
 * data.nextTimes([data.parseDate('2024-01-01'), data.parseDate('2024-02-01')], 2).map(data.formatDate); // ['2024-03-01', '2024-04-01']
 * ```
 */
export function nextTimes(times: readonly number[], h: number): number[] {
  numbers('nextTimes', 'times', times);
  integer('nextTimes', 'h', h, 0, 1e6);
  const n = times.length;
  if (n < 2) throw new ValueError(`nextTimes: need at least 2 dates to find the step, got ${n}`);
  const recent = times.slice(-Math.min(n, 25));
  const steps = recent.slice(1).map((t, i) => t - recent[i]);
  if (steps.some((d) => !(d > 0))) throw new ValueError('nextTimes: the dates must increase');
  const last = new Date(times[n - 1]);
  const monthly = recent.every((t) => new Date(t).getUTCDate() === last.getUTCDate()) && steps.every((d) => d >= 28 * DAY);
  if (monthly) {
    // the usual number of months between rows (1 for monthly data, 3 for quarterly)
    const months = recent.slice(1).map((t, i) => {
      const a = new Date(recent[i]), b = new Date(t);
      return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
    }).sort((a, b) => a - b)[Math.floor((recent.length - 1) / 2)];
    return Array.from({ length: h }, (_, k) => Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + months * (k + 1), last.getUTCDate(), last.getUTCHours(), last.getUTCMinutes()));
  }
  const step = [...steps].sort((a, b) => a - b)[Math.floor(steps.length / 2)];
  return Array.from({ length: h }, (_, k) => times[n - 1] + step * (k + 1));
}

/**
 * YYYY-MM-DD (UTC) of a time.
 * @example
 * ```ts
 * data.formatDate(data.parseDate('2024-03-01T12:00Z')); // '2024-03-01'
 * ```
 */
export function formatDate(t: number): string {
  if (typeof t !== 'number' || !Number.isFinite(t) || Math.abs(t) > 8.64e15) throw new ValueError(`formatDate: t must be a time in ms since 1970 (a finite number within ±8.64e15), got ${String(t)}`);
  return new Date(t).toISOString().slice(0, 10);
}
