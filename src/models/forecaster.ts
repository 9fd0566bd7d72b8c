// The forecaster: a recurrent encoder (LSTM or GRU) over the last `window` steps of every input
// column, then a linear head that emits all `horizon` steps of the k targets at once (direct), or
// one step that is fed back (recursive). Known-future columns (calendar) reach the head for the
// steps it predicts. Shape legend: B batch, W window, H horizon, F input columns (features then
// known), C known columns, K targets, S hidden size.
import { FormatError, Rng, Tensor, ValueError, concat, nn, reshape, slice } from './deps.js';
import { as, isInt, isObject, isTensor } from './check.js';

/**
 * The recurrent layer of a {@link Forecaster}.
 * @example
 * ```ts
 * const cell: ForecastCell = 'gru';
 * ```
 */
export type ForecastCell = 'lstm' | 'gru';
/**
 * How a {@link Forecaster} covers the horizon: one head for all steps (`direct`) or one step fed back (`recursive`).
 * @example
 * ```ts
 * trainForecaster(frame, { targets: ['y'], mode: 'recursive' satisfies ForecastMode });
 * ```
 */
export type ForecastMode = 'direct' | 'recursive';

/**
 * The shape of a {@link Forecaster}: cell, sizes, window, horizon, columns, mode, relative targets, season.
 * @example
 * ```ts
 * const cfg: ForecasterConfig = { cell: 'lstm', hiddenSize: 64, numLayers: 1, window: 24, horizon: 12, features: ['CO2'], known: [], targets: ['CO2'], mode: 'direct', relative: true, season: 12 };
 * ```
 */
export interface ForecasterConfig {
  cell: ForecastCell;
  hiddenSize: number;
  numLayers: number;
  window: number;
  horizon: number;
  /** Observed input columns (the past only). */
  features: string[];
  /** Columns known for future steps too (calendar): inputs at past steps, and given to the head. */
  known: string[];
  /** Columns predicted (k of them). */
  targets: string[];
  /** 'direct': one head for all H steps; 'recursive': a one-step head rolled forward H times. */
  mode: ForecastMode;
  /**
   * Window-relative targets: each window's last observed target value is subtracted from that
   * target's input channel and from its targets (and added back to the forecast), so a trend
   * that leaves the training range still looks like the training windows.
   */
  relative: boolean;
  /** Season length used for the seasonal-naive baseline and MASE (1: none). */
  season: number;
}

const LIMITS = { hiddenSize: 4096, numLayers: 8, window: 100_000, horizon: 10_000, columns: 1000, season: 100_000 };

/** Checks a config (from a caller or from a file): everything named and in range. */
export function checkConfig(c: unknown, Err: typeof ValueError | typeof FormatError = ValueError): ForecasterConfig {
  const where = 'Forecaster config';
  const o = c as ForecasterConfig;
  if (!o || typeof o !== 'object') throw new Err(`${where}: must be an object`);
  if (o.cell !== 'lstm' && o.cell !== 'gru') throw new Err(`${where}: cell must be 'lstm' or 'gru', got ${JSON.stringify(o.cell)}`);
  if (o.mode !== 'direct' && o.mode !== 'recursive') throw new Err(`${where}: mode must be 'direct' or 'recursive', got ${JSON.stringify(o.mode)}`);
  if (typeof o.relative !== 'boolean') throw new Err(`${where}: relative must be a boolean`);
  for (const k of ['hiddenSize', 'numLayers', 'window', 'horizon', 'season'] as const) {
    const v = o[k];
    if (!Number.isInteger(v) || v < 1 || v > LIMITS[k]) throw new Err(`${where}: ${k} must be an integer in [1, ${LIMITS[k]}], got ${JSON.stringify(v)}`);
  }
  for (const k of ['features', 'known', 'targets'] as const) {
    const v = o[k];
    if (!Array.isArray(v) || v.length > LIMITS.columns || !v.every((s) => typeof s === 'string' && s.length > 0)) throw new Err(`${where}: ${k} must be a list of column names`);
  }
  if (o.targets.length === 0) throw new Err(`${where}: targets must name at least one column`);
  if (o.features.length + o.known.length === 0) throw new Err(`${where}: features or known must name at least one input column`);
  const inputs = [...o.features, ...o.known];
  if (new Set(inputs).size !== inputs.length) throw new Err(`${where}: a column is both a feature and known, or named twice`);
  if (o.relative) for (const t of o.targets) if (!o.features.includes(t)) throw new Err(`${where}: relative targets need every target among the features ('${t}' is not)`);
  if (o.mode === 'recursive') {
    for (const f of o.features) if (!o.targets.includes(f)) throw new Err(`${where}: recursive mode feeds its predictions back, so every feature must be a target ('${f}' is not; make it a known column or use mode 'direct')`);
    for (const t of o.targets) if (!o.features.includes(t)) throw new Err(`${where}: recursive mode needs every target among the features ('${t}' is not)`);
  }
  return {
    cell: o.cell, hiddenSize: o.hiddenSize, numLayers: o.numLayers, window: o.window, horizon: o.horizon,
    features: [...o.features], known: [...o.known], targets: [...o.targets], mode: o.mode, relative: o.relative, season: o.season,
  };
}

/**
 * The network of a forecaster: an LSTM or GRU over the window of input columns and a linear head
 * that predicts the horizon's targets (given the known columns for those steps). Usually made and
 * trained by {@link trainForecaster}.
 * @example
 * ```ts
 * const net = new Forecaster({ cell: 'lstm', hiddenSize: 32, numLayers: 1, window: 24, horizon: 12, features: ['y'], known: [], targets: ['y'], mode: 'direct', relative: false, season: 1 });
 * const y = net.forward(Tensor.zeros([8, 24, 1])); // (8, 12 · 1)
 * ```
 */
export class Forecaster extends nn.Module {
  readonly config: ForecasterConfig;
  readonly rnn: nn.LSTM | nn.GRU;
  /** (stepsOut * K, S + stepsOut * C): stepsOut = H (direct) or 1 (recursive). */
  readonly head: nn.Linear;

  constructor(config: ForecasterConfig, opts: { seed?: number } = {}) {
    super();
    this.config = checkConfig(config);
    const c = this.config;
    isObject('Forecaster', 'options', opts);
    for (const k of Object.keys(opts)) if (k !== 'seed') throw new ValueError(`Forecaster: unknown option '${k}' (expected one of: seed)`);
    const rng = new Rng(opts.seed === undefined ? 1 : isInt('Forecaster', 'seed', opts.seed, 0, 2 ** 53 - 1));
    const F = c.features.length + c.known.length, C = c.known.length, K = c.targets.length;
    const out = this.stepsOut;
    const Rnn = c.cell === 'lstm' ? nn.LSTM : nn.GRU;
    this.rnn = this.registerModule('rnn', new Rnn({ inputSize: F, hiddenSize: c.hiddenSize, numLayers: c.numLayers, rng }));
    this.head = this.registerModule('head', new nn.Linear(c.hiddenSize + out * C, out * K, { rng }));
  }

  /** Steps one forward emits: the horizon (direct) or 1 (recursive). */
  get stepsOut(): number {
    return this.config.mode === 'direct' ? this.config.horizon : 1;
  }

  /** x (B, W, F) scaled inputs, future (B, stepsOut, C) known columns (null when C = 0) -> (B, stepsOut, K). */
  forward(x: Tensor, future: Tensor | null = null): Tensor {
    const c = this.config;
    const where = 'Forecaster.forward';
    const F = c.features.length + c.known.length;
    isTensor(where, 'x', x, 'float32');
    if (x.shape.length !== 3 || x.shape[2] !== F || x.shape[0] < 1 || x.shape[1] < 1) throw new ValueError(`${where}: x must be (B, W, ${F}), got [${x.shape.join(', ')}]`);
    const [B, W] = x.shape;
    const S = c.hiddenSize, C = c.known.length, out = this.stepsOut;
    if (future !== null) {
      isTensor(where, 'future', future, 'float32');
      if (future.shape.join(',') !== [B, out, C].join(',')) throw new ValueError(`${where}: future must be (${B}, ${out}, ${C}), got [${future.shape.join(', ')}]`);
    }
    return as(where, () => this.run(x, future, B, W, S, C, out));
  }

  private run(x: Tensor, future: Tensor | null, B: number, W: number, S: number, C: number, out: number): Tensor {
    const c = this.config;
    const r = this.rnn.forward(x);
    let z = reshape(slice(r.output, 1, W - 1, W), [B, S]); // (B, S): the last step's hidden state
    if (C > 0) {
      if (!future) throw new ValueError(`Forecaster.forward: the model has known columns (${c.known.join(', ')}): future (B, ${out}, ${C}) is required`);
      z = concat([z, reshape(future, [B, out * C])], 1);
    }
    return reshape(this.head.forward(z), [B, out, c.targets.length]);
  }
}
