// `rnn-wasm forecast-train`, `forecast` and `forecast-eval`: a recurrent forecaster on a CSV file
// (one row per time step, a header row): training with validation MAE/MASE next to the
// seasonal-naive baseline, forecasts after the last row (CSV or JSON), rolling-origin evaluation.
// About 330 lines: three commands sharing the CSV loading, the model directory and the option
// checks, kept together rather than split three ways.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { data, FormatError } from '../api.js';
import { ForecastModel } from '../models/forecast_model.js';
import { seasonalNaiveWindows, trainForecaster, windowMetrics } from '../models/forecast_train.js';
import { coverage } from '../models/forecast_metrics.js';
import { UsageError, type CommandSpec, type ParsedArgs } from './args.js';
import { checkModelDir, readText, type CliContext } from './io.js';
import { forecastReportHtml } from './forecast_report.js';
import { forecastSvg } from '../models/forecast_chart.js';

const MODEL = 'model.safetensors';
const INFO = 'forecast.json';

const common = {
  csv: { type: 'string', meta: 'FILE', help: 'CSV with a header row, one row per time step, oldest first (required)' },
} as const;
const MISSING = { type: 'string', choices: data.FILL_RULES, help: 'what to do with empty or NaN cells' } as const;
const MISSING_USE = { ...MISSING, help: `${MISSING.help} (default: the rule the model was trained with)` } as const;

export const FORECAST_TRAIN: CommandSpec = {
  name: 'forecast-train',
  summary: 'Train a recurrent forecaster (LSTM/GRU encoder, head for all horizon steps) on a CSV time series.',
  usage: 'rnn-wasm forecast-train --csv FILE --target COL [--features COL,COL] [--window N] [--horizon H] [options] --out DIR',
  options: {
    ...common,
    missing: { ...MISSING, default: 'refuse' },
    target: { type: 'string', meta: 'COL[,COL]', help: 'column(s) to forecast (required)' },
    features: { type: 'string', meta: 'COL,COL', help: 'other observed columns used as inputs (the targets always are)' },
    date: { type: 'string', meta: 'COL', help: 'date column (YYYY-MM-DD): adds the position in the year as known future inputs' },
    window: { type: 'int', min: 1, max: 100000, default: 24, help: 'past steps the model reads' },
    horizon: { type: 'int', min: 1, max: 10000, default: 12, help: 'future steps it predicts' },
    season: { type: 'int', min: 1, help: 'season length for the seasonal-naive baseline and MASE (default: inferred from the autocorrelation)' },
    cell: { type: 'string', choices: ['lstm', 'gru'], default: 'lstm', help: 'recurrent cell' },
    hidden: { type: 'int', min: 1, max: 4096, default: 32, help: 'hidden units' },
    layers: { type: 'int', min: 1, max: 8, default: 1, help: 'stacked recurrent layers' },
    mode: { type: 'string', choices: ['direct', 'recursive'], default: 'direct', help: 'all steps at once, or one step fed back' },
    epochs: { type: 'int', min: 1, help: 'passes over the training windows (default 60, early stopping may end sooner)' },
    steps: { type: 'int', min: 1, help: 'optimizer steps instead of epochs' },
    time: { type: 'number', min: 0, minOpen: true, meta: 'SECONDS', help: 'stop after this many seconds' },
    val: { type: 'number', min: 0, minOpen: true, max: 0.9, default: 0.2, help: 'fraction of rows held out at the end (early stopping, intervals, metrics)' },
    patience: { type: 'int', min: 0, default: 10, help: 'epochs without validation improvement before stopping (0: off)' },
    level: { type: 'number', min: 0, minOpen: true, max: 0.999, default: 0.9, help: 'prediction interval level' },
    batch: { type: 'int', min: 1, max: 4096, default: 32, help: 'windows per step' },
    lr: { type: 'number', min: 0, minOpen: true, default: 0.003, help: 'Adam learning rate' },
    seed: { type: 'int', min: 0, default: 1, help: 'seed for initialisation and batch order' },
    out: { type: 'string', meta: 'DIR', help: 'where the model is saved (required)' },
    report: { type: 'string', meta: 'FILE', help: 'write an HTML report (loss curves, validation forecasts with intervals)' },
    quiet: { type: 'flag', help: 'no progress display' },
  },
  epilog: 'example: rnn-wasm forecast-train --csv co2.csv --target CO2 --window 24 --horizon 12 --out co2-model',
};

export const FORECAST: CommandSpec = {
  name: 'forecast',
  summary: 'Forecast the steps after the last row of a CSV file with a model from forecast-train.',
  usage: 'rnn-wasm forecast --model DIR --csv HISTORY.csv [--horizon H] [--format csv|json] [--intervals]',
  options: {
    model: { type: 'string', meta: 'DIR', help: 'directory written by forecast-train (required)' },
    ...common,
    missing: MISSING_USE,
    horizon: { type: 'int', min: 1, help: 'steps to print (at most the model\'s horizon; default all)' },
    format: { type: 'string', choices: ['csv', 'json'], default: 'csv', help: 'output format' },
    intervals: { type: 'flag', help: 'add <target>_lower and <target>_upper columns (the model\'s interval level)' },
    dates: { type: 'flag', help: 'add a date column after step (models trained with --date)' },
  },
  epilog: 'output (csv): a header step,<target>... (with --dates: step,date,<target>...) and one row per step 1..H',
};

export const FORECAST_EVAL: CommandSpec = {
  name: 'forecast-eval',
  summary: 'Rolling-origin evaluation of a forecaster on a CSV file: MAE, RMSE, sMAPE, MASE, interval coverage, next to seasonal naive.',
  usage: 'rnn-wasm forecast-eval --model DIR --csv FILE [--origins N]',
  options: {
    model: { type: 'string', meta: 'DIR', help: 'directory written by forecast-train (required)' },
    ...common,
    missing: MISSING_USE,
    origins: { type: 'int', min: 1, default: 12, help: 'forecast origins, the last one H steps before the end' },
    step: { type: 'int', min: 1, default: 1, help: 'rows between origins' },
    report: { type: 'string', meta: 'FILE', help: 'write an HTML page with the forecasts from each origin' },
  },
  epilog: 'last line: mase: X (below 1: better than the in-sample seasonal-naive error)',
};

function list(s: unknown): string[] {
  return typeof s === 'string' ? s.split(',').map((x) => x.trim()).filter((x) => x !== '') : [];
}

interface Loaded {
  frame: data.Frame;
  times: number[] | null;
  rows: number;
}

/** Reads the CSV: the named numeric columns (missing values by --missing) and the date column. */
function loadSeries(cmd: string, path: string, numeric: { option: string; names: string[] }[], date: string | null, missing: data.FillRule): Loaded {
  const table = data.parseCsv(readText(path), { source: path });
  for (const { option, names } of numeric) {
    for (const n of names) if (!table.header.includes(n)) throw new UsageError(`${cmd}: ${option} '${n}' is not a column of ${path} (columns: ${table.header.join(', ')})`);
  }
  if (date !== null && !table.header.includes(date)) throw new UsageError(`${cmd}: --date '${date}' is not a column of ${path} (columns: ${table.header.join(', ')})`);
  const frame = data.frameFromCsv(table, numeric.flatMap((n) => n.names), { missing });
  let times: number[] | null = null;
  if (date !== null) {
    times = data.textColumn(table, date).map((s, r) => data.parseDate(s, table.lines[r], date));
    for (let r = 1; r < times.length; r++) if (!(times[r] > times[r - 1])) throw new FormatError(`${path}: line ${table.lines[r]}, column '${date}': dates must increase (oldest row first)`);
    const cal = data.calendarFrame(times);
    frame.names.forEach((n) => { if ((data.CALENDAR_COLUMNS as readonly string[]).includes(n)) throw new UsageError(`${cmd}: column '${n}' clashes with the calendar columns --date adds`); });
    return { frame: { names: [...frame.names, ...cal.names], columns: [...frame.columns, ...cal.columns], lines: frame.lines }, times, rows: table.rows.length };
  }
  return { frame, times, rows: table.rows.length };
}

interface Info { date: string | null; missing: data.FillRule; csv: string }

function loadModelDir(cmd: string, dir: string): { model: ForecastModel; info: Info } {
  checkModelDir(dir);
  const file = join(dir, MODEL);
  if (!existsSync(file)) throw new FormatError(`${dir} is not a forecaster directory: ${MODEL} is missing (train one with: rnn-wasm forecast-train --out ${dir})`);
  const model = ForecastModel.load(new Uint8Array(readFileSync(file)));
  let info: Info = { date: null, missing: 'refuse', csv: '' };
  if (existsSync(join(dir, INFO))) {
    try {
      const o = JSON.parse(readFileSync(join(dir, INFO), 'utf8'));
      info = { date: typeof o.date === 'string' ? o.date : null, missing: data.FILL_RULES.includes(o.missing) ? o.missing : 'refuse', csv: String(o.csv ?? '') };
    } catch {
      throw new FormatError(`${join(dir, INFO)} is not valid JSON`);
    }
  }
  if (model.config.known.length && info.date === null) throw new FormatError(`${cmd}: the model uses known columns ${model.config.known.join(', ')} but ${join(dir, INFO)} names no date column`);
  return { model, info };
}

const f3 = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(2) : x.toFixed(3));

export async function forecastTrain(a: ParsedArgs, ctx: CliContext): Promise<void> {
  const cmd = 'forecast-train';
  if (a.csv === undefined) throw new UsageError(`${cmd}: --csv is required (see rnn-wasm ${cmd} --help)`);
  if (a.target === undefined) throw new UsageError(`${cmd}: --target is required (see rnn-wasm ${cmd} --help)`);
  if (a.out === undefined) throw new UsageError(`${cmd}: --out is required (see rnn-wasm ${cmd} --help)`);
  if (a.steps !== undefined && a.epochs !== undefined) throw new UsageError(`${cmd}: give --epochs or --steps, not both`);
  const targets = list(a.target);
  if (targets.length === 0) throw new UsageError(`${cmd}: --target must name a column`);
  const extra = list(a.features).filter((f) => !targets.includes(f));
  const recursive = a.mode === 'recursive';
  if (recursive && extra.length) throw new UsageError(`${cmd}: --mode recursive feeds its predictions back, so --features may only hold targets (got ${extra.join(', ')})`);
  const path = a.csv as string;
  const date = (a.date as string | undefined) ?? null;
  const s = loadSeries(cmd, path, [{ option: '--target', names: targets }, { option: '--features', names: extra }], date, a.missing as data.FillRule);
  const W = a.window as number, H = a.horizon as number, val = a.val as number;
  if (s.rows < W + H) throw new UsageError(`${cmd}: ${path} has ${s.rows} rows, fewer than --window ${W} + --horizon ${H} (one window needs ${W + H})`);
  const held = Math.floor(s.rows * val);
  if (held < H) throw new UsageError(`${cmd}: --val ${val} holds out ${held} of ${s.rows} rows, fewer than --horizon ${H}`);
  if (s.rows - held < W + H) throw new UsageError(`${cmd}: ${s.rows - held} training rows (after --val ${val}) are fewer than --window ${W} + --horizon ${H}`);
  if (a.season !== undefined && (a.season as number) >= s.rows - held) throw new UsageError(`${cmd}: --season ${a.season} needs more than ${a.season} training rows, there are ${s.rows - held}`);

  const quiet = !!a.quiet;
  const tty = !!ctx.out.isTTY && !quiet;
  const t0 = ctx.now();
  let drawn = false;
  const epochs = a.epochs as number | undefined;
  if (!quiet) ctx.out.write(`training a ${(a.cell as string).toUpperCase()} forecaster (hidden ${a.hidden}, window ${W}, horizon ${H}) on ${path}: ${s.rows} rows, ${s.rows - held} for training, ${held} held out; targets ${targets.join(', ')}${extra.length ? `; features ${extra.join(', ')}` : ''}${date ? `; calendar from ${date}` : ''}\n`);
  const r = trainForecaster(s.frame, {
    targets, features: [...targets, ...extra], known: date ? [...data.CALENDAR_COLUMNS] : [], window: W, horizon: H,
    season: a.season as number | undefined, cell: a.cell as 'lstm' | 'gru', hiddenSize: a.hidden as number, numLayers: a.layers as number,
    mode: a.mode as 'direct' | 'recursive', validation: val, epochs, steps: a.steps as number | undefined, time: a.time as number | undefined,
    batch: a.batch as number, lr: a.lr as number, seed: a.seed as number, patience: a.patience as number, level: a.level as number, now: () => ctx.now(),
    onStep: tty ? (i) => { ctx.out.write(`\r\x1b[2Kepoch ${i.epoch + 1}${epochs ? `/${epochs}` : ''}  step ${i.step}  loss ${i.loss.toFixed(4)}  ${formatSec(i.seconds)}`); drawn = true; } : undefined,
    onEpochEnd: quiet ? undefined : (e) => {
      if (drawn) { ctx.out.write('\r\x1b[2K'); drawn = false; }
      if (tty || e.epoch % 5 === 4 || e.epoch === 0) ctx.out.write(`epoch ${e.epoch + 1}${epochs ? `/${epochs}` : ''}  loss ${e.loss.toFixed(4)}  val loss ${e.valLoss?.toFixed(4)}  ${formatSec(e.seconds)}\n`);
    },
  });
  if (drawn) ctx.out.write('\r\x1b[2K');
  const out = a.out as string;
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, MODEL), r.model.save());
  writeFileSync(join(out, INFO), JSON.stringify({ date, missing: a.missing as data.FillRule, csv: path } satisfies Info, null, 1));
  const h = r.history;
  ctx.out.write(`trained ${h.steps} steps (${h.epochs.length} epochs, stopped by ${h.stoppedBy}${h.restoredBest ? `, best epoch ${h.bestEpoch + 1} restored` : ''}) in ${((ctx.now() - t0) / 1000).toFixed(1)} s; saved ${out}/\n`);
  ctx.out.write(`${Math.round(r.model.intervals!.level * 100)}% intervals from ${r.model.intervals!.n} validation windows (coverage there ${(100 * r.coverage).toFixed(1)}%, in-sample)\n`);
  if (a.report) {
    writeFileSync(a.report as string, trainReport(r, s, path, targets));
    ctx.out.write(`report written to ${a.report}\n`);
  }
  const v = r.validation, b = r.baseline;
  ctx.out.write(`validation: MAE ${f3(v.mae)} MASE ${v.mase.toFixed(3)} | seasonal naive (season ${r.season}): MAE ${f3(b.mae)} MASE ${b.mase.toFixed(3)}\n`);
}

function formatSec(s: number): string {
  return `${s.toFixed(1)} s`;
}

/** Report page: loss curves and, per target, the forecast from the last validation origin with its interval. */
function trainReport(r: ReturnType<typeof trainForecaster>, s: Loaded, path: string, targets: string[]): string {
  const m = r.model, c = m.config, H = c.horizon, K = c.targets.length;
  const n = data.frameLength(s.frame);
  const origins = [n - H, Math.max(c.window, n - H - Math.floor((n - r.cut) / 2))].filter((o, i, arr) => arr.indexOf(o) === i);
  const xLabel = s.times ? (x: number) => data.formatDate(x) : undefined;
  const xOf = (row: number) => (s.times ? s.times[row] : row);
  const charts: string[] = [];
  for (const o of origins) {
    const hist = data.sliceFrame(s.frame, 0, o);
    const fc = m.forecast(hist, c.known.length ? data.sliceFrame(s.frame, o, o + H) : undefined);
    targets.forEach((t, k) => {
      const col = data.frameColumn(s.frame, t);
      const from = Math.max(0, o - 4 * H);
      charts.push(forecastSvg({
        title: `${t}: forecast from row ${o} (${s.times ? data.formatDate(s.times[o]) : `step ${o}`})`,
        history: Array.from({ length: o - from }, (_, i) => ({ x: xOf(from + i), y: col[from + i] })),
        actual: Array.from({ length: H }, (_, h) => ({ x: xOf(o + h), y: col[o + h] })),
        forecast: Array.from({ length: H }, (_, h) => ({ x: xOf(o + h), y: fc.mean[h * K + k], lo: fc.lower?.[h * K + k], hi: fc.upper?.[h * K + k] })),
        level: fc.level, xLabel,
      }));
    });
  }
  const v = r.validation, b = r.baseline;
  return forecastReportHtml({
    title: `rnn-wasm forecaster: ${targets.join(', ')}`,
    summary: [
      ['data', `${path} (${n} rows, validation from row ${r.cut})`], ['model', `${c.cell} hidden ${c.hiddenSize} x ${c.numLayers}, window ${c.window}, horizon ${H}, ${c.mode}`],
      ['training', `${r.history.steps} steps, ${r.history.epochs.length} epochs, stopped by ${r.history.stoppedBy}`],
      ['validation', `MAE ${f3(v.mae)}, RMSE ${f3(v.rmse)}, sMAPE ${v.smape.toFixed(2)}%, MASE ${v.mase.toFixed(3)}`],
      [`seasonal naive (season ${r.season})`, `MAE ${f3(b.mae)}, RMSE ${f3(b.rmse)}, sMAPE ${b.smape.toFixed(2)}%, MASE ${b.mase.toFixed(3)}`],
      ['intervals', `${Math.round(m.intervals!.level * 100)}% from validation residual quantiles`],
    ],
    losses: r.history.losses, epochs: r.history.epochs, charts,
  });
}

export async function forecast(a: ParsedArgs, ctx: CliContext): Promise<void> {
  const cmd = 'forecast';
  if (a.model === undefined) throw new UsageError(`${cmd}: --model is required (see rnn-wasm ${cmd} --help)`);
  if (a.csv === undefined) throw new UsageError(`${cmd}: --csv is required (see rnn-wasm ${cmd} --help)`);
  const { model, info } = loadModelDir(cmd, a.model as string);
  const c = model.config;
  const Hm = c.horizon;
  const H = (a.horizon as number | undefined) ?? Hm;
  if (H > Hm) throw new UsageError(`${cmd}: --horizon ${H} is beyond the model's horizon ${Hm}`);
  const path = a.csv as string;
  const observed = c.features.filter((f) => !(data.CALENDAR_COLUMNS as readonly string[]).includes(f));
  const s = loadSeries(cmd, path, [{ option: 'model column', names: observed }], info.date, (a.missing as data.FillRule | undefined) ?? info.missing);
  if (s.rows < c.window) throw new UsageError(`${cmd}: ${path} has ${s.rows} rows, the model reads the last ${c.window} (its window)`);
  let future: data.Frame | undefined;
  let times: number[] | null = null;
  if (s.times) {
    times = data.nextTimes(s.times, Hm);
    future = data.calendarFrame(times);
  }
  const fc = model.forecast(s.frame, future);
  const withIv = !!a.intervals;
  if (withIv && !fc.lower) throw new FormatError(`${cmd}: the model in ${a.model} has no intervals`);
  const K = c.targets.length;
  if (a.dates && !times) throw new UsageError(`${cmd}: --dates needs a model trained with --date`);
  const showDates = !!a.dates;
  const cols = ['step', ...(showDates ? ['date'] : []), ...c.targets.flatMap((t) => (withIv ? [t, `${t}_lower`, `${t}_upper`] : [t]))];
  const rows = Array.from({ length: H }, (_, h) => [
    h + 1, ...(showDates ? [data.formatDate(times![h])] : []),
    ...c.targets.flatMap((_, k) => (withIv ? [fc.mean[h * K + k], fc.lower![h * K + k], fc.upper![h * K + k]] : [fc.mean[h * K + k]])),
  ]);
  if (a.format === 'json') {
    const objs = rows.map((r) => {
      const o = Object.create(null) as Record<string, unknown>;
      cols.forEach((name, j) => (o[name] = typeof r[j] === 'number' ? Number((r[j] as number).toPrecision(7)) : r[j]));
      return o;
    });
    ctx.out.write(JSON.stringify(withIv ? { level: fc.level, forecast: objs } : { forecast: objs }) + '\n');
    return;
  }
  const cell = (v: unknown) => (typeof v === 'number' ? String(Number(v.toPrecision(7))) : csvField(String(v)));
  ctx.out.write(cols.map(csvField).join(',') + '\n');
  for (const r of rows) ctx.out.write(r.map(cell).join(',') + '\n');
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function forecastEval(a: ParsedArgs, ctx: CliContext): Promise<void> {
  const cmd = 'forecast-eval';
  if (a.model === undefined) throw new UsageError(`${cmd}: --model is required (see rnn-wasm ${cmd} --help)`);
  if (a.csv === undefined) throw new UsageError(`${cmd}: --csv is required (see rnn-wasm ${cmd} --help)`);
  const { model, info } = loadModelDir(cmd, a.model as string);
  const c = model.config, H = c.horizon, K = c.targets.length, season = c.season;
  const path = a.csv as string;
  const observed = c.features.filter((f) => !(data.CALENDAR_COLUMNS as readonly string[]).includes(f));
  const s = loadSeries(cmd, path, [{ option: 'model column', names: [...new Set([...observed, ...c.targets])] }], info.date, (a.missing as data.FillRule | undefined) ?? info.missing);
  const N = a.origins as number, step = a.step as number;
  const n = s.rows;
  const first = n - H - (N - 1) * step;
  const need = Math.max(c.window, season + 1);
  if (first < need) throw new UsageError(`${cmd}: ${path} has ${n} rows, too few for --origins ${N} --step ${step} with horizon ${H} after ${need} rows of history (window ${c.window}, season ${season})`);
  const all = model.windows(s.frame);
  const w = data.takeWindows(all, Array.from({ length: N }, (_, i) => first + i * step - c.window));
  const pred = model.predict(w);
  const base = seasonalNaiveWindows(w, season, s.frame);
  const insample = data.sliceFrame(s.frame, 0, first);
  const m = windowMetrics(w, pred, insample, season), b = windowMetrics(w, base, insample, season);
  let cov = NaN;
  if (model.intervals) {
    const lo = pred.map((v, q) => v + model.intervals!.lower[q % (H * K)]);
    const hi = pred.map((v, q) => v + model.intervals!.upper[q % (H * K)]);
    cov = coverage(w.y, lo, hi);
  }
  ctx.out.write(`${N} origins (rows ${first}..${first + (N - 1) * step}), horizon ${H}, season ${season}, in-sample rows 0..${first - 1}\n`);
  ctx.out.write(`model:          MAE ${f3(m.mae)}  RMSE ${f3(m.rmse)}  sMAPE ${m.smape.toFixed(2)}%  MASE ${m.mase.toFixed(3)}\n`);
  ctx.out.write(`seasonal naive: MAE ${f3(b.mae)}  RMSE ${f3(b.rmse)}  sMAPE ${b.smape.toFixed(2)}%  MASE ${b.mase.toFixed(3)}\n`);
  if (model.intervals) ctx.out.write(`coverage of the ${Math.round(model.intervals.level * 100)}% intervals: ${(100 * cov).toFixed(1)}% of ${w.y.length} values\n`);
  if (a.report) {
    const xOf = (row: number) => (s.times ? s.times[row] : row);
    const charts = c.targets.map((t, k) => {
      const col = data.frameColumn(s.frame, t);
      const from = Math.max(0, first - 3 * H);
      const last = N - 1;
      const o = first + last * step;
      return forecastSvg({
        title: `${t}: ${N} rolling origins; the band is the last origin's ${model.intervals ? `${Math.round(model.intervals.level * 100)}% ` : ''}interval`,
        history: Array.from({ length: n - from }, (_, i) => ({ x: xOf(from + i), y: col[from + i] })),
        forecast: Array.from({ length: H }, (_, h) => ({ x: xOf(o + h), y: pred[(last * H + h) * K + k], lo: model.intervals ? pred[(last * H + h) * K + k] + model.intervals.lower[h * K + k] : undefined, hi: model.intervals ? pred[(last * H + h) * K + k] + model.intervals.upper[h * K + k] : undefined })),
        level: model.intervals?.level, xLabel: s.times ? (x: number) => data.formatDate(x) : undefined,
      });
    });
    writeFileSync(a.report as string, forecastReportHtml({
      title: `rnn-wasm forecast-eval: ${path}`,
      summary: [['model', `${a.model}`], ['MASE', `${m.mase.toFixed(3)} (seasonal naive ${b.mase.toFixed(3)})`], ['coverage', Number.isFinite(cov) ? `${(100 * cov).toFixed(1)}%` : 'n/a']],
      losses: [], epochs: [], charts,
    }));
    ctx.out.write(`report written to ${a.report}\n`);
  }
  ctx.out.write(`mase: ${m.mase.toFixed(4)}\n`);
}
