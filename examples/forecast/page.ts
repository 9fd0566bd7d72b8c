// The forecasting page: trains the CO2 forecaster in the browser and draws the last year's
// forecast with its interval against the measurements, with MASE next to seasonal naive.
// ?autostart&epochs=N&hidden=H start at once (used by the test).
// Uses only the package's public entries, like a user's page: `rnn-wasm` and `rnn-wasm/models`.
import { init, data } from 'rnn-wasm';
import * as forecast from 'rnn-wasm/models';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const state = { done: false, error: '', mase: NaN, naiveMase: NaN, coverage: NaN, epochs: 0 };
(window as unknown as { __forecast: typeof state }).__forecast = state;
if (params.has('hidden')) $<HTMLInputElement>('hidden').value = params.get('hidden')!;
if (params.has('epochs')) $<HTMLInputElement>('epochs').value = params.get('epochs')!;

async function loadFrame() {
  const table = data.parseCsv(await (await fetch('co2.csv')).text(), { source: 'co2.csv' });
  const co2 = data.frameFromCsv(table, ['CO2']);
  const times = data.textColumn(table, 'Date').map((d) => data.parseDate(d));
  const cal = data.calendarFrame(times);
  return { frame: { names: [...co2.names, ...cal.names], columns: [...co2.columns, ...cal.columns] } as data.Frame, times };
}

async function run(): Promise<void> {
  const { frame, times } = await loadFrame();
  const W = 24, H = 12, test = 60;
  const n = data.frameLength(frame);
  $('status').textContent = 'training…';
  await new Promise((r) => setTimeout(r, 30)); // let the page paint before the (synchronous) training
  const train = data.sliceFrame(frame, 0, n - test);
  const r = forecast.trainForecaster(train, {
    targets: ['CO2'], known: ['year_sin', 'year_cos'], window: W, horizon: H,
    hiddenSize: Number($<HTMLInputElement>('hidden').value), epochs: Number($<HTMLInputElement>('epochs').value), seed: 1,
  });
  const m = r.model;
  const idx: number[] = [];
  for (let o = n - test; o + H <= n; o++) idx.push(o - W);
  const w = data.takeWindows(m.windows(frame), idx);
  const pred = m.predict(w);
  const ours = forecast.windowMetrics(w, pred, train, r.season);
  const naive = forecast.windowMetrics(w, forecast.seasonalNaiveWindows(w, r.season, frame), train, r.season);
  const iv = m.intervals!;
  const cov = forecast.coverage(w.y, pred.map((v, q) => v + iv.lower[q % H]), pred.map((v, q) => v + iv.upper[q % H]));
  const o = n - H;
  const fc = m.forecast(data.sliceFrame(frame, 0, o), data.sliceFrame(frame, o, n));
  const y = data.frameColumn(frame, 'CO2');
  const from = o - 4 * H;
  $('chart').innerHTML = forecast.forecastSvg({
    title: `CO2 (ppm): forecast for the last ${H} months`,
    history: Array.from({ length: o - from }, (_, i) => ({ x: times[from + i], y: y[from + i] })),
    actual: Array.from({ length: H }, (_, h) => ({ x: times[o + h], y: y[o + h] })),
    forecast: Array.from({ length: H }, (_, h) => ({ x: times[o + h], y: fc.mean[h], lo: fc.lower![h], hi: fc.upper![h] })),
    level: fc.level, xLabel: (x) => data.formatDate(x), width: 860,
  });
  Object.assign(state, { mase: ours.mase, naiveMase: naive.mase, coverage: cov, epochs: r.history.epochs.length });
  $('metrics').textContent = `${w.count} forecasts from the last ${test} months: MASE ${ours.mase.toFixed(3)} (seasonal naive ${naive.mase.toFixed(3)}), ` +
    `MAE ${ours.mae.toFixed(2)} ppm, ${Math.round(iv.level * 100)}% interval coverage ${(100 * cov).toFixed(1)}%`;
  $('status').textContent = `trained ${r.history.epochs.length} epochs in ${r.history.seconds.toFixed(1)} s`;
}

async function start(): Promise<void> {
  $<HTMLButtonElement>('start').disabled = true;
  try {
    await run();
  } catch (e) {
    state.error = String(e);
    $('status').textContent = `error: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    state.done = true;
    $<HTMLButtonElement>('start').disabled = false;
  }
}

await init();
$('status').textContent = 'ready';
$('start').addEventListener('click', () => void start());
if (params.has('autostart')) void start();
