// Baselines and metrics against hand-computed values; season inference on synthetic and real
// series; rolling-origin evaluation.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { data, ValueError } from '../../src/index.js';
import {
  autocorrelation, coverage, inferSeason, mae, mase, naiveForecast, rmse, rollingOrigin, seasonalNaiveForecast, seasonalNaiveScale, smape,
} from '../../src/models/forecast_metrics.js';
import { CO2_CSV, WEATHER_CSV } from './forecast_data.js';

describe('forecast metrics', () => {
  it('naive and seasonal naive', () => {
    expect(Array.from(naiveForecast([1, 2, 3], 2))).toEqual([3, 3]);
    expect(Array.from(seasonalNaiveForecast([9, 1, 2, 3, 4], 5, 3))).toEqual([2, 3, 4, 2, 3]);
    expect(() => seasonalNaiveForecast([1, 2], 2, 3)).toThrow('seasonalNaiveForecast: history has 2 values, needs at least 3');
  });

  it('MAE, RMSE, sMAPE, MASE and coverage by hand', () => {
    const a = [1, 2, 3, 4], f = [2, 2, 5, 0];
    expect(mae(a, f)).toBe((1 + 0 + 2 + 4) / 4);
    expect(rmse(a, f)).toBeCloseTo(Math.sqrt((1 + 0 + 4 + 16) / 4), 12);
    expect(smape(a, f)).toBeCloseTo(((200 * 1) / 3 + 0 + (200 * 2) / 8 + (200 * 4) / 4) / 4, 12);
    expect(smape([0], [0])).toBe(0);
    // in-sample |y_t - y_{t-2}| over [1, 5, 2, 8, 4]: |2-1|, |8-5|, |4-2| = 1, 3, 2 -> scale 2
    expect(seasonalNaiveScale([1, 5, 2, 8, 4], 2)).toBe(2);
    expect(mase(a, f, [1, 5, 2, 8, 4], 2)).toBe(7 / 4 / 2);
    expect(() => mase(a, f, [3, 3, 3], 1)).toThrow('mase: the in-sample series does not change over season 1 (scale 0): MASE is undefined');
    expect(coverage([1, 2, 3], [0, 2.5, 3], [1, 3, 4])).toBeCloseTo(2 / 3, 12);
    expect(() => mae([1, 2], [1])).toThrow('mae: actual has 2 values, forecast 1');
    expect(() => mae([1, NaN], [1, 2])).toThrow(ValueError);
  });

  it('infers the season from the autocorrelation: synthetic, CO2 (12), Seattle temperature (about a year), noise (1)', () => {
    let s = 7;
    const noise = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5);
    const weekly = Array.from({ length: 300 }, (_, t) => 0.05 * t + Math.sin((2 * Math.PI * t) / 7) + 0.3 * noise());
    expect(inferSeason(weekly)).toBe(7);
    expect(autocorrelation(weekly, 14)[0]).toBe(1);
    const co2 = data.numericColumn(data.parseCsv(readFileSync(CO2_CSV, 'utf8')), 'CO2');
    expect(inferSeason(co2)).toBe(12);
    const temp = data.numericColumn(data.parseCsv(readFileSync(WEATHER_CSV, 'utf8')), 'temp_max');
    const season = inferSeason(temp);
    expect(season).toBeGreaterThanOrEqual(350);
    expect(season).toBeLessThanOrEqual(375);
    expect(inferSeason(Array.from({ length: 400 }, noise))).toBe(1);
  });

  it('rolling origin: origins, values and errors of a naive forecast on a line', () => {
    const series = Array.from({ length: 20 }, (_, t) => 2 * t);
    const r = rollingOrigin(series, { origins: 3, horizon: 2, step: 2 }, (hist, _o, h) => naiveForecast(hist, h));
    expect(r.origins).toEqual([14, 16, 18]);
    expect(Array.from(r.actual)).toEqual([28, 30, 32, 34, 36, 38]);
    expect(Array.from(r.forecast)).toEqual([26, 26, 30, 30, 34, 34]);
    expect(r.mae).toBe(3); // errors 2, 4 at each origin
    expect(r.mase).toBe(1.5); // in-sample one-step change is 2
    expect(() => rollingOrigin(series, { origins: 30, horizon: 2 }, (h) => h)).toThrow(/20 rows cannot hold 30 origins/);
  });
});
