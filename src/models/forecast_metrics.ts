// Baselines and error measures for forecasts: naive and seasonal-naive forecasts, MAE, RMSE,
// MASE (scaled by the in-sample seasonal-naive error, Hyndman & Koehler 2006), sMAPE, interval
// coverage, season inference from the autocorrelation, and rolling-origin evaluation.
import { ValueError } from './deps.js';
import { isFunction, isInt, isNumbers, isOptions } from './check.js';

function finiteArray(where: string, name: string, v: ArrayLike<number>, min = 1): void {
  isNumbers(where, name, v);
  if (v.length < min) throw new ValueError(`${where}: ${name} has ${v.length} values, needs at least ${min}`);
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) throw new ValueError(`${where}: ${name}[${i}] is ${v[i]}, not a finite number`);
}

function samePair(where: string, actual: ArrayLike<number>, forecast: ArrayLike<number>): void {
  finiteArray(where, 'actual', actual);
  finiteArray(where, 'forecast', forecast);
  if (actual.length !== forecast.length) throw new ValueError(`${where}: actual has ${actual.length} values, forecast ${forecast.length}`);
}

/**
 * The last value repeated h times.
 * @example
 * ```ts
 * naiveForecast([3, 5, 4], 2); // Float64Array [4, 4]
 * ```
 */
export function naiveForecast(history: ArrayLike<number>, h: number): Float64Array {
  finiteArray('naiveForecast', 'history', history);
  isInt('naiveForecast', 'h', h, 0, 1e7);
  return new Float64Array(h).fill(history[history.length - 1]);
}

/**
 * y[n - m + (i mod m)] for i = 0..h-1: the last season repeated.
 * @example
 * ```ts
 * seasonalNaiveForecast([1, 2, 3, 4], 3, 2); // Float64Array [3, 4, 3]
 * ```
 */
export function seasonalNaiveForecast(history: ArrayLike<number>, h: number, season: number): Float64Array {
  isInt('seasonalNaiveForecast', 'season', season, 1, 1e9);
  isInt('seasonalNaiveForecast', 'h', h, 0, 1e7);
  finiteArray('seasonalNaiveForecast', 'history', history, season);
  const n = history.length;
  return Float64Array.from({ length: h }, (_, i) => history[n - season + (i % season)]);
}

/**
 * Mean absolute error of a forecast.
 * @example
 * ```ts
 * mae([1, 2, 3], [1, 2, 5]); // 0.667
 * ```
 */
export function mae(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  samePair('mae', actual, forecast);
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i] - forecast[i]);
  return s / actual.length;
}

/**
 * Root mean squared error of a forecast.
 * @example
 * ```ts
 * rmse([1, 2, 3], [1, 2, 5]); // 1.155
 * ```
 */
export function rmse(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  samePair('rmse', actual, forecast);
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += (actual[i] - forecast[i]) ** 2;
  return Math.sqrt(s / actual.length);
}

/**
 * Symmetric MAPE in percent: mean of 200·|F - A| / (|A| + |F|); a pair of zeros counts 0.
 * @example
 * ```ts
 * smape([100], [110]); // 9.52
 * ```
 */
export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  samePair('smape', actual, forecast);
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i]) + Math.abs(forecast[i]);
    if (d > 0) s += (200 * Math.abs(forecast[i] - actual[i])) / d;
  }
  return s / actual.length;
}

/**
 * mean |y_t - y_{t-m}| over the in-sample (training) series: the denominator of MASE.
 * @example
 * ```ts
 * seasonalNaiveScale([1, 2, 3, 4, 5], 1); // 1
 * ```
 */
export function seasonalNaiveScale(insample: ArrayLike<number>, season: number): number {
  return naiveScale('seasonalNaiveScale', insample, season);
}

function naiveScale(where: string, insample: ArrayLike<number>, season: number): number {
  isInt(where, 'season', season, 1, 1e9);
  finiteArray(where, 'insample', insample, season + 1);
  let s = 0;
  for (let t = season; t < insample.length; t++) s += Math.abs(insample[t] - insample[t - season]);
  const scale = s / (insample.length - season);
  if (!(scale > 0)) throw new ValueError(`${where}: the in-sample series does not change over season ${season} (scale 0): MASE is undefined`);
  return scale;
}

/**
 * Mean absolute scaled error: MAE / (in-sample MAE of the seasonal-naive one-season-back forecast). Below 1 beats it.
 * @example
 * ```ts
 * mase(actual, forecast, trainingPart, 12); // < 1: better than repeating last year
 * ```
 */
export function mase(actual: ArrayLike<number>, forecast: ArrayLike<number>, insample: ArrayLike<number>, season = 1): number {
  samePair('mase', actual, forecast);
  const scale = naiveScale('mase', insample, season);
  return mae(actual, forecast) / scale;
}

/**
 * Fraction of actual values inside [lower, upper].
 * @example
 * ```ts
 * coverage([1, 2, 3], [0, 2.5, 2], [2, 3, 4]); // 0.667
 * ```
 */
export function coverage(actual: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  samePair('coverage', actual, lower);
  samePair('coverage', actual, upper);
  let inside = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] >= lower[i] && actual[i] <= upper[i]) inside++;
  return inside / actual.length;
}

/**
 * Autocorrelation at lags 0..maxLag (each lag's mean product over its n - k pairs) of a series after removing its least-squares line.
 * @example
 * ```ts
 * const acf = autocorrelation(series, 24); // acf[12] is high for monthly data with a yearly cycle
 * ```
 */
export function autocorrelation(values: ArrayLike<number>, maxLag: number): Float64Array {
  finiteArray('autocorrelation', 'values', values, 3);
  isInt('autocorrelation', 'maxLag', maxLag, 0, 1e9);
  const n = values.length;
  let st = 0, sy = 0, stt = 0, sty = 0;
  for (let t = 0; t < n; t++) { st += t; sy += values[t]; stt += t * t; sty += t * values[t]; }
  const slope = (n * sty - st * sy) / (n * stt - st * st);
  const icpt = (sy - slope * st) / n;
  const r = Float64Array.from({ length: n }, (_, t) => values[t] - icpt - slope * t);
  let c0 = 0;
  for (let t = 0; t < n; t++) c0 += r[t] * r[t];
  const L = Math.min(maxLag, n - 1);
  const acf = new Float64Array(L + 1);
  for (let k = 0; k <= L; k++) {
    let c = 0;
    for (let t = k; t < n; t++) c += r[t] * r[t - k];
    acf[k] = c0 > 0 ? (c / (n - k)) / (c0 / n) : 0; // unbiased per lag: the biased form pulls peaks to shorter lags
  }
  return acf;
}

/**
 * The season length with the most prominent autocorrelation peak (the highest value within
 * +-max(2, lag/10) lags) (the rise from the lowest
 * value before it), among lags 2..maxLag (default n/2); among peaks within 10% of the most
 * prominent, the shortest lag wins (12 rather than 24 for monthly data). A peak must stand 4
 * standard errors of white noise above zero. Returns 1 when no peak rises by at least 0.2 (no
 * clear season).
 * @example
 * ```ts
 * inferSeason(monthlyCo2); // 12
 * ```
 */
export function inferSeason(values: ArrayLike<number>, maxLag?: number): number {
  finiteArray('inferSeason', 'values', values, 8);
  if (maxLag !== undefined) isInt('inferSeason', 'maxLag', maxLag, 2, 1e9);
  const L = Math.floor(maxLag ?? values.length / 2);
  const acf = autocorrelation(values, L);
  const peaks: { lag: number; rise: number }[] = [];
  let low = acf[0];
  for (let k = 1; k < acf.length - 1; k++) {
    low = Math.min(low, acf[k]);
    // a peak: highest within +-max(2, k/10) lags, so a wiggle of noise on a long season is not one
    const r = Math.max(2, Math.floor(k / 10));
    let isPeak = k >= 2;
    for (let d = -r; d <= r && isPeak; d++) if (d !== 0 && k + d >= 0 && k + d < acf.length && acf[k + d] > acf[k]) isPeak = false;
    // and clear of sampling noise (the autocorrelation of white noise has std ~1/sqrt(n - k))
    if (isPeak && acf[k] >= 4 / Math.sqrt(values.length - k)) peaks.push({ lag: k, rise: acf[k] - low });
  }
  const best = Math.max(0, ...peaks.map((p) => p.rise));
  if (best < 0.2) return 1;
  return peaks.filter((p) => p.rise >= 0.9 * best).sort((a, b) => a.lag - b.lag)[0].lag;
}

/**
 * What {@link rollingOrigin} returns: the origins, actual and forecast values, and their scores.
 * @example
 * ```ts
 * const r: RollingResult = rollingOrigin(series, { origins: 10, horizon: 12, season: 12 }, (h, _o, n) => seasonalNaiveForecast(h, n, 12));
 * console.log(r.mase);
 * ```
 */
export interface RollingResult {
  /** Forecast origins: index of the first forecast row in the series. */
  origins: number[];
  /** (origins, h) actual and forecast values. */
  actual: Float64Array;
  forecast: Float64Array;
  mae: number;
  rmse: number;
  smape: number;
  /** MASE scaled on the series before the first origin. */
  mase: number;
}

/**
 * Rolling-origin evaluation (Tashman 2000): for each of `origins` origins ending at the last
 * possible one (n - h), spaced `step` rows apart, forecasts h values from the history before the
 * origin and scores them against what followed.
 * @example
 * ```ts
 * const r = rollingOrigin(series, { origins: 49, horizon: 12, season: 12 }, (history, _origin, h) => naiveForecast(history, h));
 * console.log(r.mae, r.mase);
 * ```
 */
export function rollingOrigin(
  series: ArrayLike<number>,
  opts: { origins: number; horizon: number; step?: number; season?: number; minHistory?: number },
  forecast: (history: Float64Array, origin: number, h: number) => ArrayLike<number>,
): RollingResult {
  finiteArray('rollingOrigin', 'series', series, 2);
  isOptions('rollingOrigin', opts, ['origins', 'horizon', 'step', 'season', 'minHistory']);
  if (opts === undefined) throw new ValueError('rollingOrigin: options { origins, horizon } are required, got undefined');
  isFunction('rollingOrigin', 'forecast', forecast);
  if (opts.minHistory !== undefined) isInt('rollingOrigin', 'minHistory', opts.minHistory, 1, 1e12);
  const { origins: N, horizon: h } = opts;
  const step = opts.step ?? 1;
  const season = opts.season ?? 1;
  for (const [k, v] of [['origins', N], ['horizon', h], ['step', step], ['season', season]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ValueError(`rollingOrigin: ${k} must be a positive integer, got ${v}`);
  }
  const n = series.length;
  const first = n - h - (N - 1) * step;
  const need = Math.max(opts.minHistory ?? 1, season + 1);
  if (first < need) throw new ValueError(`rollingOrigin: ${n} rows cannot hold ${N} origins ${step} apart with horizon ${h} after ${need} rows of history`);
  const all = Float64Array.from(series);
  const actual = new Float64Array(N * h), fc = new Float64Array(N * h);
  const origins: number[] = [];
  for (let i = 0; i < N; i++) {
    const o = first + i * step;
    origins.push(o);
    const f = forecast(all.subarray(0, o), o, h);
    if (!f || f.length !== h) throw new ValueError(`rollingOrigin: the forecast at origin ${o} has ${f?.length} values, expected ${h}`);
    for (let j = 0; j < h; j++) { actual[i * h + j] = all[o + j]; fc[i * h + j] = f[j]; }
  }
  return {
    origins, actual, forecast: fc, mae: mae(actual, fc), rmse: rmse(actual, fc), smape: smape(actual, fc),
    mase: mase(actual, fc, all.subarray(0, first), season),
  };
}
