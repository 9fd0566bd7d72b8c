// Forecasting a public series with a recurrent network, scored on months (or days) it never saw.
//   node examples/forecast/forecast.mjs [--data co2|weather] [--epochs N] [--hidden H] [--test ROWS] [--svg FILE]
// co2: Mauna Loa monthly CO2 (Scripps CO2 Program, CC-BY-4.0: https://scrippsco2.ucsd.edu), 12 months ahead.
// weather: Seattle daily maximum temperature from four weather columns (NOAA, U.S. Government work), 7 days ahead.
// Both come with the vega-datasets package (a devDependency).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { init, data } from 'rnn-wasm';
import * as forecast from 'rnn-wasm/models';

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const which = opt('--data', 'co2');
const setups = {
  co2: { file: 'co2-concentration.csv', date: 'Date', targets: ['CO2'], features: ['CO2'], window: 24, horizon: 12, test: 60 },
  weather: { file: 'seattle-weather.csv', date: 'date', targets: ['temp_max'], features: ['temp_max', 'temp_min', 'precipitation', 'wind'], window: 30, horizon: 7, test: 200 },
};
const s = setups[which];
if (!s) throw new Error(`--data must be co2 or weather, got ${which}`);
await init();

// The CSV: named numeric columns, plus the position in the year from the date column (known in advance).
const pkg = createRequire(import.meta.url).resolve('vega-datasets');
const dir = join(dirname(pkg), '..', 'data'); // node_modules/vega-datasets/data
const table = data.parseCsv(readFileSync(join(dir, s.file), 'utf8'), { source: s.file });
const observed = data.frameFromCsv(table, s.features, { missing: 'refuse' });
const times = data.textColumn(table, s.date).map((d) => data.parseDate(d));
const cal = data.calendarFrame(times);
const frame = { names: [...observed.names, ...cal.names], columns: [...observed.columns, ...cal.columns] };
const n = data.frameLength(frame);
const test = Number(opt('--test', s.test));

// Train on everything but the last `test` rows (of which the last 20% before them validate).
const train = data.sliceFrame(frame, 0, n - test);
const r = forecast.trainForecaster(train, {
  targets: s.targets, features: s.features, known: cal.names, window: s.window, horizon: s.horizon,
  hiddenSize: Number(opt('--hidden', 32)), epochs: Number(opt('--epochs', 60)), patience: 10, seed: 1,
  onEpochEnd: (e) => { if (e.epoch % 10 === 9) console.log(`epoch ${e.epoch + 1}  loss ${e.loss.toFixed(4)}  val loss ${e.valLoss.toFixed(4)}`); },
});
const m = r.model, H = s.horizon;
console.log(`trained ${r.history.epochs.length} epochs (${r.history.stoppedBy}, best epoch ${r.history.bestEpoch + 1}), season ${r.season}`);

// Every origin in the unseen tail: forecast H steps from the rows before it.
const idx = [];
for (let o = n - test; o + H <= n; o++) idx.push(o - s.window);
const w = data.takeWindows(m.windows(frame), idx);
const pred = m.predict(w);
const insample = train;
const ours = forecast.windowMetrics(w, pred, insample, r.season);
const naive = forecast.windowMetrics(w, forecast.seasonalNaiveWindows(w, r.season, frame), insample, r.season);
const iv = m.intervals;
const cov = forecast.coverage(w.y, pred.map((v, q) => v + iv.lower[q % H]), pred.map((v, q) => v + iv.upper[q % H]));
console.log(`${w.count} origins in the last ${test} rows, horizon ${H}`);
console.log(`seasonal naive: MAE ${naive.mae.toFixed(3)}  MASE ${naive.mase.toFixed(3)}`);
console.log(`test MAE ${ours.mae.toFixed(3)}  RMSE ${ours.rmse.toFixed(3)}  sMAPE ${ours.smape.toFixed(2)}%`);
console.log(`coverage of the ${Math.round(iv.level * 100)}% intervals: ${(100 * cov).toFixed(1)}%`);
console.log(`test MASE ${ours.mase.toFixed(3)}`);

if (opt('--svg')) {
  // The last origin's forecast with its interval, after three horizons of history.
  const o = n - H;
  const fc = m.forecast(data.sliceFrame(frame, 0, o), data.sliceFrame(frame, o, n));
  const y = data.frameColumn(frame, s.targets[0]);
  const from = Math.max(0, o - 4 * H);
  writeFileSync(opt('--svg'), forecast.forecastSvg({
    title: `${s.targets[0]}: ${H}-step forecast from ${data.formatDate(times[o])} (test MASE ${ours.mase.toFixed(2)}, seasonal naive ${naive.mase.toFixed(2)})`,
    history: Array.from({ length: o - from }, (_, i) => ({ x: times[from + i], y: y[from + i] })),
    actual: Array.from({ length: H }, (_, h) => ({ x: times[o + h], y: y[o + h] })),
    forecast: Array.from({ length: H }, (_, h) => ({ x: times[o + h], y: fc.mean[h], lo: fc.lower[h], hi: fc.upper[h] })),
    level: fc.level, xLabel: (x) => data.formatDate(x),
  }));
  console.log(`chart written to ${opt('--svg')}`);
}
