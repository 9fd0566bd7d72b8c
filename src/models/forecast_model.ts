// A trained forecaster with what it needs to be used: the scaler fitted on its training part,
// its prediction intervals (empirical residual quantiles from validation), preparing windows
// (scaling, window-relative targets), batched prediction in data units, recursive roll-out,
// and save/load as one checkpoint (src/io/checkpoint.ts) with config, scaler and intervals.
// Shape legend as in forecaster.ts: N windows, W window, H horizon, F inputs, C known, K targets.
import { FormatError, Tensor, ValueError, data, getRuntime, loadCheckpoint, noGrad, parseSafetensors, saveCheckpoint } from './deps.js';
import { Forecaster, checkConfig, type ForecasterConfig } from './forecaster.js';
import { as, checkWindows, describe, isBytes, isInstance, isInt, isObject } from './check.js';

const { Scaler, checkFrame, frameColumn, frameLength, makeWindows, sliceFrame } = data;
type Frame = data.Frame;
type Windows = data.Windows;
type Scaler = data.Scaler;

/**
 * Central interval of `level` per horizon step and target: forecast + lower .. forecast + upper.
 * @example
 * ```ts
 * const iv: Intervals = model.calibrate(validationWindows, 0.9);
 * ```
 */
export interface Intervals {
  level: number;
  /** (H, K) offsets in data units, from validation residual quantiles. */
  lower: number[];
  upper: number[];
  /** Validation windows the quantiles came from. */
  n: number;
}

/**
 * Windows in the model's units: scaled, and window-relative when config.relative.
 * @example
 * ```ts
 * const p: Prepared = model.prepare(model.windows(frame));
 * const scaled = model.predictPrepared(p);
 * ```
 */
export interface Prepared {
  n: number;
  x: Float32Array; // (N, W, F)
  future: Float32Array; // (N, H, C)
  y: Float32Array; // (N, H, K)
  /** (N, K) what was subtracted from each window's targets (scaled units; zeros unless relative). */
  offset: Float32Array;
}

/**
 * What `ForecastModel.forecast` returns: (H, K) point forecasts in data units and, when calibrated, the interval bounds.
 * @example
 * ```ts
 * const { mean, lower, upper, level }: ForecastResult = model.forecast(history);
 * ```
 */
export interface ForecastResult {
  /** (H, K) point forecasts in data units, step 1 first. */
  mean: Float64Array;
  /** (H, K) interval bounds, when the model has intervals. */
  lower: Float64Array | null;
  upper: Float64Array | null;
  level: number | null;
}

/** Intervals for a config: a level in (0, 1) and H * K finite lower and upper offsets. */
function checkIntervals(where: string, name: string, v: unknown, config: ForecasterConfig, Err: typeof ValueError | typeof FormatError): Intervals {
  const iv = v as Intervals;
  const m = config.horizon * config.targets.length;
  const ok = iv !== null && typeof iv === 'object' && typeof iv.level === 'number' && iv.level > 0 && iv.level < 1 && Number.isSafeInteger(iv.n)
    && [iv.lower, iv.upper].every((a) => Array.isArray(a) && a.length === m && a.every((x) => typeof x === 'number' && Number.isFinite(x)));
  if (!ok) throw new Err(`${where}: ${name} must hold a level in (0, 1) and ${m} finite lower and upper offsets`);
  return { level: iv.level, lower: iv.lower.slice(), upper: iv.upper.slice(), n: iv.n };
}

/**
 * A trained forecaster with its scaler and prediction intervals: `forecast(history)` predicts the
 * next `horizon` steps in data units; `windows`, `prepare`, `predict` and `calibrate` are the steps
 * it is made of.
 * @example
 * ```ts
 * const { model } = trainForecaster(frame, { targets: ['CO2'], window: 24, horizon: 12 });
 * const { mean, lower, upper } = model.forecast(frame); // from the last 24 rows
 * ```
 */
export class ForecastModel {
  readonly net: Forecaster;
  readonly scaler: Scaler;
  intervals: Intervals | null;

  constructor(net: Forecaster, scaler: Scaler, intervals: Intervals | null = null) {
    isInstance('ForecastModel', 'net', net, Forecaster, 'a Forecaster');
    if (!(scaler instanceof Scaler)) throw new ValueError(`ForecastModel: scaler must be a data.Scaler, got ${describe(scaler)}`);
    if (intervals !== null) intervals = checkIntervals('ForecastModel', 'intervals', intervals, net.config, ValueError);
    for (const c of [...net.config.features, ...net.config.known, ...net.config.targets]) {
      if (!scaler.names.includes(c)) throw new ValueError(`ForecastModel: the scaler has no column '${c}'`);
    }
    this.net = net;
    this.scaler = scaler;
    this.intervals = intervals;
  }

  get config(): ForecasterConfig {
    return this.net.config;
  }

  /** Every column the model reads from a history frame. */
  get columns(): string[] {
    const c = this.config;
    return [...new Set([...c.features, ...c.known, ...c.targets])];
  }

  /** Windows (data units) over `frames` with this model's window, horizon and columns. */
  windows(frames: Frame | readonly Frame[], stride = 1): Windows {
    const c = this.config;
    isInt('ForecastModel.windows', 'stride', stride, 1, 1e9);
    return as('ForecastModel.windows', () => makeWindows(frames, { window: c.window, horizon: c.horizon, stride, features: c.features, targets: c.targets, known: c.known }));
  }

  /** Scales windows (data units) and makes them window-relative. */
  prepare(w: Windows): Prepared {
    return this.prep('ForecastModel.prepare', w);
  }

  private prep(where: string, w: Windows): Prepared {
    const c = this.config;
    checkWindows(where, 'w', w);
    const N = w.count, W = c.window, H = c.horizon, F = w.inputs.length, K = c.targets.length, C = c.known.length;
    if (W !== w.window || H !== w.horizon || w.inputs.join('\u0000') !== [...c.features, ...c.known].join('\u0000') || w.targets.join('\u0000') !== c.targets.join('\u0000')) {
      throw new ValueError(`${where}: windows must be window ${W}, horizon ${H}, inputs ${[...c.features, ...c.known].join(',')}, targets ${c.targets.join(',')} (use model.windows())`);
    }
    const sIn = w.inputs.map((n) => [this.scaler.center[this.scaler.names.indexOf(n)], this.scaler.scale[this.scaler.names.indexOf(n)]]);
    const sT = c.targets.map((n) => [this.scaler.center[this.scaler.names.indexOf(n)], this.scaler.scale[this.scaler.names.indexOf(n)]]);
    const sK = c.known.map((n) => [this.scaler.center[this.scaler.names.indexOf(n)], this.scaler.scale[this.scaler.names.indexOf(n)]]);
    const x = new Float32Array(w.x.length), y = new Float32Array(w.y.length), future = new Float32Array(w.future.length);
    for (let q = 0; q < x.length; q++) { const j = q % F; x[q] = (w.x[q] - sIn[j][0]) / sIn[j][1]; }
    for (let q = 0; q < y.length; q++) { const k = q % K; y[q] = (w.y[q] - sT[k][0]) / sT[k][1]; }
    for (let q = 0; q < future.length; q++) { const k = q % C; future[q] = (w.future[q] - sK[k][0]) / sK[k][1]; }
    const offset = new Float32Array(N * K);
    if (c.relative) {
      const jOf = c.targets.map((t) => c.features.indexOf(t));
      for (let i = 0; i < N; i++) {
        for (let k = 0; k < K; k++) {
          const j = jOf[k];
          const off = x[(i * W + W - 1) * F + j];
          offset[i * K + k] = off;
          for (let t = 0; t < W; t++) x[(i * W + t) * F + j] -= off;
          for (let h = 0; h < H; h++) y[(i * H + h) * K + k] -= off;
        }
      }
    }
    return { n: N, x, future, y, offset };
  }

  /** Raw network output (N, H, K) in the model's units for prepared windows (recursive: rolled out). */
  predictPrepared(p: Prepared, batch = 256): Float32Array {
    const c = this.config;
    const W = c.window, H = c.horizon, F = c.features.length + c.known.length, K = c.targets.length, C = c.known.length;
    const where = 'ForecastModel.predictPrepared';
    isObject(where, 'p', p);
    isInt(where, 'p.n', p.n, 0, 1e9);
    for (const [k, len] of [['x', p.n * W * F], ['future', p.n * H * C], ['offset', p.n * K]] as const) {
      const v = p[k];
      if (!(v instanceof Float32Array) || v.length !== len) throw new ValueError(`${where}: p.${k} must be a Float32Array of ${len} values (from prepare()), got ${v instanceof Float32Array ? `${v.length} values` : typeof v}`);
    }
    isInt(where, 'batch', batch, 1, 1 << 20);
    return as(where, () => this.run(p, batch));
  }

  private run(p: Prepared, batch: number): Float32Array {
    const c = this.config;
    const W = c.window, H = c.horizon, F = c.features.length + c.known.length, K = c.targets.length, C = c.known.length;
    const out = new Float32Array(p.n * H * K);
    const rt = this.net.parameters()[0]?.runtime ?? getRuntime();
    const wasTraining = this.net.training;
    this.net.eval();
    try {
      noGrad(() => {
        for (let s = 0; s < p.n; s += batch) {
          const B = Math.min(batch, p.n - s);
          if (c.mode === 'direct') {
            const x = Tensor.from(p.x.subarray(s * W * F, (s + B) * W * F), [B, W, F], { runtime: rt });
            const fut = C ? Tensor.from(p.future.subarray(s * H * C, (s + B) * H * C), [B, H, C], { runtime: rt }) : null;
            out.set(this.net.forward(x, fut).data(), s * H * K);
          } else {
            // Roll forward: the window slides one step, the new row holds the predicted targets
            // (features are targets in recursive mode) and the step's known columns.
            // Window-relative models re-centre the window on its new last value every step (as
            // in training) and keep the shift in `cum`, added back to what they predict.
            const win = p.x.slice(s * W * F, (s + B) * W * F);
            const kOf = c.features.map((f) => c.targets.indexOf(f));
            const cum = new Float32Array(B * K);
            for (let h = 0; h < H; h++) {
              const fut = C ? Tensor.from(Float32Array.from({ length: B * C }, (_, q) => p.future[((s + Math.floor(q / C)) * H + h) * C + (q % C)]), [B, 1, C], { runtime: rt }) : null;
              const yh = this.net.forward(Tensor.from(win, [B, W, F], { runtime: rt }), fut).data(); // (B, 1, K)
              for (let b = 0; b < B; b++) {
                for (let k = 0; k < K; k++) out[((s + b) * H + h) * K + k] = yh[b * K + k] + cum[b * K + k];
                win.copyWithin(b * W * F, b * W * F + F, (b + 1) * W * F);
                const row = (b * W + W - 1) * F;
                kOf.forEach((k, j) => (win[row + j] = yh[b * K + k]));
                for (let q = 0; q < C; q++) win[row + c.features.length + q] = p.future[((s + b) * H + h) * C + q];
                if (c.relative) {
                  kOf.forEach((k, j) => {
                    const d = yh[b * K + k];
                    for (let t = 0; t < W; t++) win[(b * W + t) * F + j] -= d;
                    cum[b * K + k] += d;
                  });
                }
              }
              rt.resetStep();
            }
          }
          rt.resetStep();
        }
      });
    } finally {
      this.net.train(wasTraining);
    }
    return out;
  }

  /** Forecasts (N, H, K) in data units for windows in data units. */
  predict(w: Windows): Float64Array {
    return this.predictIn('ForecastModel.predict', w);
  }

  private predictIn(where: string, w: Windows): Float64Array {
    const p = this.prep(where, w);
    const raw = as(where, () => this.run(p, 256));
    const c = this.config, H = c.horizon, K = c.targets.length;
    const res = new Float64Array(raw.length);
    c.targets.forEach((t, k) => {
      const j = this.scaler.names.indexOf(t);
      const ctr = this.scaler.center[j], sc = this.scaler.scale[j];
      for (let i = 0; i < p.n; i++) for (let h = 0; h < H; h++) {
        const q = (i * H + h) * K + k;
        res[q] = (raw[q] + p.offset[i * K + k]) * sc + ctr;
      }
    });
    return res;
  }

  /**
   * Sets the intervals from the residuals (actual - forecast) on `w`, per horizon step and target:
   * the (1-level)/2 and (1+level)/2 empirical quantiles with the split-conformal rank
   * ceil((n+1)q), so that on new data they cover about `level` of the values.
   */
  calibrate(w: Windows, level = 0.9): Intervals {
    checkWindows('ForecastModel.calibrate', 'w', w);
    if (!(typeof level === 'number' && level > 0 && level < 1)) throw new ValueError(`ForecastModel.calibrate: level must be in (0, 1), got ${String(level)}`);
    const c = this.config, H = c.horizon, K = c.targets.length, n = w.count;
    if (n < 2) throw new ValueError(`ForecastModel.calibrate: ${n} validation window(s), need at least 2 for intervals`);
    const pred = this.predictIn('ForecastModel.calibrate', w);
    const lower: number[] = [], upper: number[] = [];
    const a = (1 - level) / 2;
    for (let h = 0; h < H; h++) {
      for (let k = 0; k < K; k++) {
        const r = Float64Array.from({ length: n }, (_, i) => w.y[(i * H + h) * K + k] - pred[(i * H + h) * K + k]).sort();
        const lo = Math.max(1, Math.floor((n + 1) * a)), hi = Math.min(n, Math.ceil((n + 1) * (1 - a)));
        lower.push(r[lo - 1]);
        upper.push(r[hi - 1]);
      }
    }
    this.intervals = { level, lower, upper, n };
    return this.intervals;
  }

  /** The H steps after the last row of `history` (data units). `future`: H rows of the known columns. */
  forecast(history: Frame, future?: Frame): ForecastResult {
    return as('ForecastModel.forecast', () => this.forecastIn(history, future));
  }

  private forecastIn(history: Frame, future?: Frame): ForecastResult {
    const c = this.config, W = c.window, H = c.horizon;
    const n = checkFrame(history);
    if (future !== undefined) checkFrame(future);
    if (n < W) throw new ValueError(`ForecastModel.forecast: the history has ${n} rows, the model needs the last ${W} (its window)`);
    for (const col of [...c.features, ...c.known]) frameColumn(history, col, c.known.includes(col) ? 'known' : 'feature');
    if (c.known.length && !future) throw new ValueError(`ForecastModel.forecast: the model has known columns (${c.known.join(', ')}): give their ${H} future rows`);
    if (future && frameLength(future) < H) throw new ValueError(`ForecastModel.forecast: future has ${frameLength(future)} rows, the horizon is ${H}`);
    // One window: the last W rows followed by H placeholder rows (targets unknown: zeros).
    const last = sliceFrame(history, n - W, n);
    const names = this.columns;
    const cols = names.map((name) => {
      const col = new Float64Array(W + H);
      if (c.features.includes(name) || c.known.includes(name)) col.set(frameColumn(last, name), 0);
      if (c.known.includes(name)) col.set(frameColumn(future!, name).subarray(0, H), W);
      return col;
    });
    const mean = this.predictIn('ForecastModel.forecast', this.windows({ names, columns: cols }));
    const iv = this.intervals;
    return {
      mean,
      lower: iv ? mean.map((v, q) => v + iv.lower[q]) : null,
      upper: iv ? mean.map((v, q) => v + iv.upper[q]) : null,
      level: iv?.level ?? null,
    };
  }

  /** One safetensors checkpoint: weights, and config, scaler and intervals in the metadata. */
  save(): Uint8Array {
    const extra: Record<string, string> = {
      kind: 'forecaster', config: JSON.stringify(this.config), scaler: JSON.stringify(this.scaler.toJSON()),
    };
    if (this.intervals) extra.intervals = JSON.stringify(this.intervals);
    return saveCheckpoint({ model: this.net, rngs: {}, extra });
  }

  /** Reads save() output; every metadata field is checked before anything is allocated. */
  static load(bytes: Uint8Array): ForecastModel {
    isBytes('ForecastModel.load', 'bytes', bytes);
    return as('ForecastModel.load', () => ForecastModel.read(bytes));
  }

  private static read(bytes: Uint8Array): ForecastModel {
    const parsed = parseSafetensors(bytes);
    const meta = parsed.metadata ?? {};
    if (meta['extra.kind'] !== 'forecaster') throw new FormatError(`ForecastModel.load: not a forecaster checkpoint (kind ${JSON.stringify(meta['extra.kind'] ?? null)})`);
    const json = (k: string): unknown => {
      try {
        return JSON.parse(meta[`extra.${k}`]);
      } catch {
        throw new FormatError(`ForecastModel.load: metadata '${k}' is not valid JSON`);
      }
    };
    const config = checkConfig(json('config'), FormatError);
    const scaler = Scaler.fromJSON(json('scaler') as never);
    let intervals: Intervals | null = null;
    if (meta['extra.intervals'] !== undefined) {
      intervals = checkIntervals('ForecastModel.load', 'intervals', json('intervals'), config, FormatError);
    }
    // The weights in the file must have the shapes the config declares, before any is allocated.
    const S = config.hiddenSize, out = config.mode === 'direct' ? config.horizon : 1;
    const expect = new Map<string, number[]>([
      ['model.head.weight', [out * config.targets.length, S + out * config.known.length]],
      ['model.rnn.weight_hh_l0', [(config.cell === 'lstm' ? 4 : 3) * S, S]],
      ['model.rnn.weight_ih_l0', [(config.cell === 'lstm' ? 4 : 3) * S, config.features.length + config.known.length]],
    ]);
    for (const [name, shape] of expect) {
      const t = parsed.tensors.find((x) => x.name === name);
      if (!t || t.shape.join(',') !== shape.join(',')) throw new FormatError(`ForecastModel.load: tensor ${name} is ${t ? `[${t.shape.join(', ')}]` : 'missing'}, the config declares [${shape.join(', ')}]`);
    }
    const net = new Forecaster(config);
    loadCheckpoint(bytes, { model: net, rngs: {} });
    return new ForecastModel(net, scaler, intervals);
  }
}
