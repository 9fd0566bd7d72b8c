// The forecaster at reduced size on the two public series: trained without the last rows, it
// beats seasonal naive on that unseen tail (MASE < 1 and a lower MAE), in direct and recursive
// mode; interval coverage on the tail is measured; save/load round trip; bad inputs.
import { beforeAll, describe, expect, it } from 'vitest';
import { data, FormatError, init, nn, Tensor, ValueError, writeSafetensors, parseSafetensors } from '../../src/index.js';
import { Forecaster } from '../../src/models/forecaster.js';
import { ForecastModel } from '../../src/models/forecast_model.js';
import { seasonalNaiveWindows, trainForecaster, windowMetrics, type TrainForecasterOptions } from '../../src/models/forecast_train.js';
import { coverage } from '../../src/models/forecast_metrics.js';
import { co2, weather } from './forecast_data.js';

beforeAll(async () => {
  await init();
});

/** Trains on all rows but the last `test`, then forecasts from every origin in that tail. */
function heldOut(f: data.Frame, test: number, o: TrainForecasterOptions) {
  const n = data.frameLength(f);
  const r = trainForecaster(data.sliceFrame(f, 0, n - test), o);
  const m = r.model, c = m.config, H = c.horizon, K = c.targets.length;
  const idx: number[] = [];
  for (let origin = n - test; origin + H <= n; origin++) idx.push(origin - c.window);
  const w = data.takeWindows(m.windows(f), idx);
  const pred = m.predict(w);
  const insample = data.sliceFrame(f, 0, n - test);
  const iv = m.intervals!;
  return {
    r, w,
    model: windowMetrics(w, pred, insample, r.season),
    naive: windowMetrics(w, seasonalNaiveWindows(w, r.season, f), insample, r.season),
    coverage: coverage(w.y, pred.map((v, q) => v + iv.lower[q % (H * K)]), pred.map((v, q) => v + iv.upper[q % (H * K)])),
  };
}

describe('forecaster on Mauna Loa CO2 (monthly)', () => {
  it('direct LSTM with calendar inputs beats seasonal naive on the last 60 months (MASE < 1)', () => {
    const e = heldOut(co2(), 60, { targets: ['CO2'], known: ['year_sin', 'year_cos'], window: 24, horizon: 12, hiddenSize: 16, epochs: 20 });
    expect(e.r.season).toBe(12);
    expect(e.w.count).toBe(49);
    expect(e.model.mase).toBeLessThan(1);
    expect(e.model.mae).toBeLessThan(0.6 * e.naive.mae);
    expect(e.r.validation.mase).toBeLessThan(e.r.baseline.mase);
    expect(e.coverage).toBeGreaterThan(0.5); // 90% nominal; measured on the unseen tail (README gives the figure)
    expect(e.r.history.restoredBest || e.r.history.bestEpoch === e.r.history.epochs.length - 1).toBe(true);
  });

  it('recursive LSTM (one step fed back, re-centred each step) also beats it', () => {
    const e = heldOut(co2(), 60, { targets: ['CO2'], window: 24, horizon: 12, hiddenSize: 16, epochs: 20, mode: 'recursive' });
    expect(e.model.mase).toBeLessThan(1);
    expect(e.model.mae).toBeLessThan(e.naive.mae);
  });
});

describe('forecaster on Seattle weather (daily, several columns)', () => {
  it('GRU: temp_max from temp_max, temp_min, precipitation, wind and the calendar: MASE < 1 on the last 200 days', () => {
    const e = heldOut(weather(), 200, {
      targets: ['temp_max'], features: ['temp_max', 'temp_min', 'precipitation', 'wind'], known: ['year_sin', 'year_cos'],
      window: 30, horizon: 7, hiddenSize: 16, epochs: 12, cell: 'gru',
    });
    expect(e.r.season).toBeGreaterThan(350);
    expect(e.model.mase).toBeLessThan(1);
    expect(e.model.mae).toBeLessThan(e.naive.mae);
    expect(e.coverage).toBeGreaterThan(0.75);
    expect(e.coverage).toBeLessThan(0.99);
  });

  it('two targets at once (k = 2)', () => {
    const f = weather();
    const r = trainForecaster(data.sliceFrame(f, 0, 900), { targets: ['temp_max', 'temp_min'], features: ['temp_max', 'temp_min'], window: 14, horizon: 3, hiddenSize: 8, epochs: 3, season: 7 });
    expect(r.model.config.targets).toEqual(['temp_max', 'temp_min']);
    const fc = r.model.forecast(f);
    expect(fc.mean.length).toBe(6);
    for (let h = 0; h < 3; h++) expect(fc.mean[h * 2]).toBeGreaterThan(fc.mean[h * 2 + 1] - 3); // max is not far below min
    expect(Array.from(fc.lower!).every((v, q) => v <= fc.mean[q] && fc.upper![q] >= fc.mean[q])).toBe(true);
  });
});

describe('ForecastModel', () => {
  const small = () => trainForecaster(co2(), { targets: ['CO2'], known: ['year_sin', 'year_cos'], window: 12, horizon: 4, hiddenSize: 8, epochs: 2, season: 12 });

  it('save/load round trip: same forecasts, config, scaler and intervals', () => {
    const r = small();
    const f = co2();
    const n = data.frameLength(f);
    const fut = data.sliceFrame(f, n - 4, n);
    const hist = data.sliceFrame(f, 0, n - 4);
    const a = r.model.forecast(hist, fut);
    const loaded = ForecastModel.load(r.model.save());
    const b = loaded.forecast(hist, fut);
    expect(Array.from(b.mean)).toEqual(Array.from(a.mean));
    expect(Array.from(b.upper!)).toEqual(Array.from(a.upper!));
    expect(loaded.config).toEqual(r.model.config);
    expect(loaded.scaler.toJSON()).toEqual(r.model.scaler.toJSON());
    expect(() => r.model.forecast(hist)).toThrow('the model has known columns (year_sin, year_cos): give their 4 future rows');
    expect(() => r.model.forecast(data.sliceFrame(f, 0, 5), fut)).toThrow('the history has 5 rows, the model needs the last 12 (its window)');
  });

  it('a corrupt or mismatched checkpoint is a FormatError before anything is built', () => {
    const bytes = small().model.save();
    const p = parseSafetensors(bytes);
    const rebuild = (meta: Record<string, string>, drop?: string) => writeSafetensors(
      Object.fromEntries(p.tensors.filter((t) => t.name !== drop).map((t) => [t.name, { shape: t.shape, data: t.data }])), meta);
    const meta = p.metadata!;
    const cfg = JSON.parse(meta['extra.config']);
    expect(() => ForecastModel.load(rebuild({ ...meta, 'extra.kind': 'char-lm' }))).toThrow(/not a forecaster checkpoint/);
    expect(() => ForecastModel.load(rebuild({ ...meta, 'extra.config': '{' }))).toThrow(FormatError);
    expect(() => ForecastModel.load(rebuild({ ...meta, 'extra.config': JSON.stringify({ ...cfg, hiddenSize: 4000 }) }))).toThrow(/tensor model.head.weight is \[4, 16\], the config declares \[4, 4008\]/);
    expect(() => ForecastModel.load(rebuild({ ...meta, 'extra.config': JSON.stringify({ ...cfg, hiddenSize: 1e9 }) }))).toThrow(/hiddenSize must be an integer in \[1, 4096\]/);
    expect(() => ForecastModel.load(rebuild({ ...meta, 'extra.intervals': '{"level":2}' }))).toThrow(/intervals must hold a level in \(0, 1\)/);
    expect(() => ForecastModel.load(rebuild({ ...meta, 'extra.scaler': '{"kind":"standard","names":["CO2"],"center":[1],"scale":[0]}' }))).toThrow(/every scale must be positive/);
  });

  it('summary of the forecaster: encoder, head, two inputs traced', () => {
    const net = new Forecaster({ cell: 'lstm', hiddenSize: 8, numLayers: 1, window: 12, horizon: 4, features: ['CO2'], known: ['a', 'b'], targets: ['CO2'], mode: 'direct', relative: true, season: 12 });
    const s = nn.summary(net, [[2, 12, 3], [2, 4, 2]]);
    expect(s.rows.map((r) => [r.name, r.output])).toEqual([['', '[2, 4, 1]'], ['rnn', 'output [2, 12, 8], h [1, 2, 8], c [1, 2, 8]'], ['head', '[2, 4]']]);
    expect(s.params).toBe(4 * 8 * 3 + 4 * 8 * 8 + 2 * 4 * 8 + (4 * (8 + 8) + 4));
  });

  it('bad inputs: a constant series, an unknown column, too few rows, a bad mode for recursive', () => {
    const probe = () => Tensor.empty([1], { arena: 'params' }).ptr;
    const before = probe();
    const flat: data.Frame = { names: ['y'], columns: [new Float64Array(100).fill(3)] };
    expect(() => trainForecaster(flat, { targets: ['y'], window: 8, horizon: 2, season: 1 })).toThrow("column 'y' is constant in the training part");
    const f = co2();
    expect(() => trainForecaster(f, { targets: ['CO3'] })).toThrow("target 'CO3' is not a column (columns: CO2, year_sin, year_cos)");
    expect(() => trainForecaster(data.sliceFrame(f, 0, 30), { targets: ['CO2'], window: 24, horizon: 12 })).toThrow(ValueError);
    expect(() => trainForecaster(f, { targets: ['CO2'], features: ['CO2', 'year_sin'], mode: 'recursive', epochs: 1 })).toThrow("every feature must be a target ('year_sin' is not");
    expect(() => trainForecaster(f, { targets: ['CO2'], windw: 3 } as never)).toThrow("trainForecaster: unknown option 'windw'");
    expect(probe()).toBe(before + 16); // the rejected calls allocated no weights
  });
});
