// trainForecaster(): from a frame (one series of named columns) to a trained ForecastModel:
// chronological split, scaler fitted on the training part, windows, fit() with early stopping and
// the best weights restored, interval calibration on validation, and validation metrics next to
// the seasonal-naive baseline.
import { Tensor, ValueError, data, mse, optim } from './deps.js';
import { Forecaster, checkConfig, type ForecastCell, type ForecasterConfig, type ForecastMode } from './forecaster.js';
import { ForecastModel, type Prepared } from './forecast_model.js';
import { inferSeason, mae, seasonalNaiveScale, rmse, smape } from './forecast_metrics.js';
import { as, checkWindows, isInt, isNumbers } from './check.js';

const { Scaler, checkFrame, chronologicalSplit, frameColumn, makeWindows, shuffledIndices } = data;
type Frame = data.Frame;
type Windows = data.Windows;
type ScalerKind = data.ScalerKind;
type StepInfo = optim.StepInfo;
type EpochInfo = optim.EpochInfo;
type History = optim.History;

/**
 * Options of {@link trainForecaster}: columns, window and horizon, the network, scaling, validation, and the training loop.
 * @example
 * ```ts
 * trainForecaster(frame, { targets: ['temp_max'], known: ['year_sin', 'year_cos'], window: 28, horizon: 7, cell: 'gru', epochs: 30, patience: 5 } satisfies TrainForecasterOptions);
 * ```
 */
export interface TrainForecasterOptions {
  targets: string[];
  /** Observed inputs; default: the targets. */
  features?: string[];
  known?: string[];
  window?: number;
  horizon?: number;
  /** Season for the baseline and MASE; default inferred from the first target's training part. */
  season?: number;
  cell?: ForecastCell;
  hiddenSize?: number;
  numLayers?: number;
  mode?: ForecastMode;
  relative?: boolean;
  scaler?: ScalerKind;
  /** Fraction of the rows held out at the end for validation (early stopping, intervals, metrics). */
  validation?: number;
  epochs?: number;
  steps?: number;
  time?: number;
  batch?: number;
  lr?: number;
  clip?: number;
  seed?: number;
  /** Epochs without validation improvement before stopping (0: no early stopping). Default 10. */
  patience?: number;
  /** Prediction interval level. Default 0.9. */
  level?: number;
  onStep?: (info: StepInfo) => void;
  onEpochEnd?: (info: EpochInfo) => void;
  signal?: { readonly aborted: boolean };
  now?: () => number;
}

/**
 * MAE, RMSE, sMAPE and MASE of forecasts over windows (what {@link windowMetrics} computes).
 * @example
 * ```ts
 * const { validation, baseline } = trainForecaster(frame, { targets: ['CO2'] });
 * console.log(validation.mase, baseline.mase); // ours against seasonal naive
 * ```
 */
export interface ForecastMetrics {
  mae: number;
  rmse: number;
  smape: number;
  mase: number;
}

/**
 * What {@link trainForecaster} returns: the model, the training history, validation scores against the seasonal-naive baseline, interval coverage.
 * @example
 * ```ts
 * const t: TrainedForecaster = trainForecaster(frame, { targets: ['CO2'], window: 24, horizon: 12 });
 * console.log(t.validation.mae, t.baseline.mae, t.coverage, t.season);
 * ```
 */
export interface TrainedForecaster {
  model: ForecastModel;
  history: History;
  /** Validation metrics over all windows, steps and targets, in data units. */
  validation: ForecastMetrics;
  /** The seasonal-naive forecast on the same validation windows. */
  baseline: ForecastMetrics;
  /** Share of validation targets inside the intervals (in-sample for the calibration: near level by construction). */
  coverage: number;
  season: number;
  /** First held-out row. */
  cut: number;
}

const OPTIONS = ['targets', 'features', 'known', 'window', 'horizon', 'season', 'cell', 'hiddenSize', 'numLayers', 'mode', 'relative', 'scaler', 'validation', 'epochs', 'steps', 'time', 'batch', 'lr', 'clip', 'seed', 'patience', 'level', 'onStep', 'onEpochEnd', 'signal', 'now'];

/**
 * Seasonal-naive forecasts (N, H, K) for windows made over rows [rowOffset, ...) of `history`:
 * the last season before each window's origin, repeated.
 * @example
 * ```ts
 * const base = seasonalNaiveWindows(windows, 12, trainFrame);
 * ```
 */
export function seasonalNaiveWindows(w: Windows, season: number, history: Frame, rowOffset = 0): Float64Array {
  const where = 'seasonalNaiveWindows';
  checkWindows(where, 'w', w);
  isInt(where, 'season', season, 1, 1e9);
  if (!(w.origin instanceof Int32Array) || w.origin.length !== w.count) throw new ValueError(`${where}: w.origin must be an Int32Array of ${w.count} rows`);
  isInt(where, 'rowOffset', rowOffset, -1e12, 1e12);
  as(where, () => checkFrame(history));
  return as(where, () => naiveWindows(w, season, history, rowOffset));
}

function naiveWindows(w: Windows, season: number, history: Frame, rowOffset: number): Float64Array {
  const H = w.horizon, K = w.targets.length;
  const out = new Float64Array(w.count * H * K);
  w.targets.forEach((t, k) => {
    const col = frameColumn(history, t);
    for (let i = 0; i < w.count; i++) {
      const o = w.origin[i] + rowOffset;
      for (let h = 0; h < H; h++) {
        // the last season before the origin, repeated (h >= season wraps)
        const src = o - season + (h % season);
        if (src < 0) throw new ValueError(`seasonal naive: window ${i} has ${o} rows before it, fewer than the season ${season}`);
        out[(i * H + h) * K + k] = col[src];
      }
    }
  });
  return out;
}

/**
 * MAE, RMSE, sMAPE and MASE (scaled per target by its in-sample seasonal-naive error, then averaged).
 * @example
 * ```ts
 * const m = windowMetrics(windows, model.predict(windows), trainFrame, 12); // { mae, rmse, smape, mase }
 * ```
 */
export function windowMetrics(w: Windows, pred: Float64Array, insample: Frame, season: number): ForecastMetrics {
  const where = 'windowMetrics';
  checkWindows(where, 'w', w);
  isNumbers(where, 'pred', pred);
  if (pred.length !== w.y.length) throw new ValueError(`${where}: pred has ${pred.length} values, the windows' targets ${w.y.length}`);
  as(where, () => checkFrame(insample));
  isInt(where, 'season', season, 1, 1e9);
  return as(where, () => metricsOf(w, pred, insample, season));
}

function metricsOf(w: Windows, pred: ArrayLike<number>, insample: Frame, season: number): ForecastMetrics {
  const H = w.horizon, K = w.targets.length;
  const m = { mae: 0, rmse: 0, smape: 0, mase: 0 };
  w.targets.forEach((t, k) => {
    const a = Float64Array.from({ length: w.count * H }, (_, q) => w.y[q * K + k]);
    const f = Float64Array.from({ length: w.count * H }, (_, q) => pred[q * K + k]);
    const e = mae(a, f);
    m.mae += e / K;
    m.rmse += rmse(a, f) / K;
    m.smape += smape(a, f) / K;
    m.mase += e / seasonalNaiveScale(frameColumn(insample, t), season) / K;
  });
  return m;
}

function batchesOf(p: Prepared, idx: Int32Array, B: number, W: number, F: number, H: number, K: number, C: number, stepsOut: number) {
  const out: { x: Float32Array; f: Float32Array; y: Float32Array; n: number }[] = [];
  for (let s = 0; s < idx.length; s += B) {
    const n = Math.min(B, idx.length - s);
    const x = new Float32Array(n * W * F), f = new Float32Array(n * stepsOut * C), y = new Float32Array(n * stepsOut * K);
    for (let b = 0; b < n; b++) {
      const i = idx[s + b];
      x.set(p.x.subarray(i * W * F, (i + 1) * W * F), b * W * F);
      f.set(p.future.subarray(i * H * C, (i * H + stepsOut) * C), b * stepsOut * C);
      y.set(p.y.subarray(i * H * K, (i * H + stepsOut) * K), b * stepsOut * K);
    }
    out.push({ x, f, y, n });
  }
  return out;
}

/**
 * Trains a forecaster on `frame` (data units; missing values already handled).
 * @example
 * ```ts
 * const frame = data.frameFromCsv(data.parseCsv(text), ['CO2'], { missing: 'linear' });
 * const { model, validation } = trainForecaster(frame, { targets: ['CO2'], window: 24, horizon: 12, epochs: 50 });
 * ```
 */
export function trainForecaster(frame: Frame, o: TrainForecasterOptions): TrainedForecaster {
  for (const k of Object.keys(o ?? {})) if (!OPTIONS.includes(k)) throw new ValueError(`trainForecaster: unknown option '${k}' (expected one of: ${OPTIONS.join(', ')})`);
  as('trainForecaster', () => checkFrame(frame));
  const targets = o.targets;
  if (!Array.isArray(targets) || targets.length === 0) throw new ValueError('trainForecaster: targets must name at least one column');
  const features = o.features ?? targets;
  const known = o.known ?? [];
  for (const t of targets) frameColumn(frame, t, 'target');
  for (const f of features) frameColumn(frame, f, 'feature');
  for (const k of known) frameColumn(frame, k, 'known');
  const window = o.window ?? 24, horizon = o.horizon ?? 12;
  const split = chronologicalSplit(frame, o.validation ?? 0.2, window, horizon);
  const season = o.season ?? inferSeason(frameColumn(split.train, targets[0]));
  const config: ForecasterConfig = {
    cell: o.cell ?? 'lstm', hiddenSize: o.hiddenSize ?? 32, numLayers: o.numLayers ?? 1, window, horizon,
    features: [...features], known: [...known], targets: [...targets], mode: o.mode ?? 'direct', relative: o.relative ?? true, season,
  };
  const seed = o.seed ?? 1;
  // Everything that can be refused is checked before the weights are allocated.
  checkConfig(config);
  if (season > 1 && split.cut < season + 1) throw new ValueError(`trainForecaster: season ${season} needs more than ${season} training rows, there are ${split.cut}`);
  const cols = [...new Set([...features, ...known, ...targets])];
  const scaler = Scaler.fit(o.scaler ?? 'standard', split.train, cols); // the training part only
  const windowOpts = { window, horizon, features, targets, known };
  makeWindows(split.train, windowOpts);
  makeWindows(split.validation, windowOpts);
  const net = new Forecaster(config, { seed });
  const model = new ForecastModel(net, scaler);
  const trainW = model.windows(split.train);
  const valW = model.windows(split.validation);
  const pt = model.prepare(trainW), pv = model.prepare(valW);
  const W = window, F = features.length + known.length, K = targets.length, C = known.length, H = horizon, so = net.stepsOut;
  const B = o.batch ?? 32;
  const rt = net.parameters()[0].runtime;
  type Batch = { x: Float32Array; f: Float32Array; y: Float32Array; n: number };
  const lossOf = (m: Forecaster, b: Batch) => {
    const x = Tensor.from(b.x, [b.n, W, F], { runtime: rt });
    const fut = C ? Tensor.from(b.f, [b.n, so, C], { runtime: rt }) : null;
    return mse(m.forward(x, fut), Tensor.from(b.y, [b.n, so, K], { runtime: rt }));
  };
  const valBatches = batchesOf(pv, Int32Array.from({ length: pv.n }, (_, i) => i), 256, W, F, H, K, C, so);
  const patience = o.patience ?? 10;
  const history = optim.fit(net, {
    train: (epoch) => batchesOf(pt, shuffledIndices(pt.n, seed * 7919 + epoch), B, W, F, H, K, C, so),
    validation: valBatches,
    batchWeight: (b) => b.n,
    loss: lossOf,
    optimizer: new optim.Adam(net.parameters(), { lr: o.lr ?? 0.003 }),
    ...(o.epochs !== undefined || (o.steps === undefined && o.time === undefined) ? { epochs: o.epochs ?? 60 } : {}),
    ...(o.steps !== undefined ? { steps: o.steps } : {}),
    ...(o.time !== undefined ? { time: o.time } : {}),
    clipGradNorm: o.clip ?? 1,
    earlyStopping: patience > 0 ? { patience, restoreBest: true } : undefined,
    callbacks: { onStep: o.onStep, onEpochEnd: o.onEpochEnd },
    signal: o.signal,
    now: o.now,
  });
  model.calibrate(valW, o.level ?? 0.9);
  const pred = model.predict(valW);
  const base = seasonalNaiveWindows(valW, season, frame, split.cut - window);
  const ins = split.train;
  let inside = 0;
  const iv = model.intervals!;
  for (let q = 0; q < pred.length; q++) {
    const hk = q % (H * K);
    if (valW.y[q] >= pred[q] + iv.lower[hk] && valW.y[q] <= pred[q] + iv.upper[hk]) inside++;
  }
  return {
    model, history, season, cut: split.cut, coverage: inside / pred.length,
    validation: windowMetrics(valW, pred, ins, season), baseline: windowMetrics(valW, base, ins, season),
  };
}
