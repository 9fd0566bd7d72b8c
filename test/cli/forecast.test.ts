// forecast-train -> forecast -> forecast-eval end to end on the CO2 series (reduced size), the
// report, the TTY and piped progress, and one-line errors for bad input.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './run.js';
import { CO2_CSV } from '../models/forecast_data.js';

const dir = tempDir();
const lines = readFileSync(CO2_CSV, 'utf8').trim().split('\n');
const head = join(dir, 'co2-head.csv'); // all but the last 60 months
const model = join(dir, 'co2-model');
let trainOut = '';

beforeAll(async () => {
  writeFileSync(head, lines.slice(0, lines.length - 60).join('\n') + '\n');
  const r = await cli(['forecast-train', '--csv', head, '--target', 'CO2', '--date', 'Date', '--window', '24', '--horizon', '12', '--hidden', '16', '--epochs', '15', '--out', model, '--report', join(dir, 'train.html')]);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  trainOut = r.out;
}, 120_000);

const lastLine = (s: string) => s.trim().split('\n').pop()!;

describe('forecast CLI', () => {
  it('forecast-train: plain lines when piped; the last line has validation MAE and MASE next to seasonal naive', () => {
    expect(trainOut).not.toContain('\r');
    expect(trainOut).toMatch(/^training a LSTM forecaster \(hidden 16, window 24, horizon 12\) on .*co2-head\.csv: 681 rows, 545 for training, 136 held out; targets CO2; calendar from Date\n/);
    expect(trainOut).toMatch(/\nepoch 15\/15 {2}loss [\d.]+ {2}val loss [\d.]+/);
    const m = /^validation: MAE ([\d.]+) MASE ([\d.]+) \| seasonal naive \(season 12\): MAE ([\d.]+) MASE ([\d.]+)$/.exec(lastLine(trainOut));
    expect(m, lastLine(trainOut)).not.toBeNull();
    const [mae, mase, nMae, nMase] = m!.slice(1).map(Number);
    expect(mase).toBeLessThan(1);
    expect(mae).toBeLessThan(nMae);
    expect(mase).toBeLessThan(nMase);
    expect(existsSync(join(model, 'model.safetensors')) && existsSync(join(model, 'forecast.json'))).toBe(true);
    const html = readFileSync(join(dir, 'train.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg /g)!.length).toBeGreaterThanOrEqual(3); // loss curve + forecasts with bands
    expect(html).toContain('fill-opacity="0.18"'); // the interval band
    expect(html).not.toContain('<script');
  });

  it('forecast: header step,CO2 and H rows; --dates continues the dates; --horizon, --intervals, --format json', async () => {
    const plain = await cli(['forecast', '--model', model, '--csv', head]);
    expect(plain.code).toBe(0);
    expect(plain.out.split('\n')[0]).toBe('step,CO2');
    expect(plain.out.trim().split('\n').slice(1).map((l) => Number(l.split(',')[0]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const r = await cli(['forecast', '--model', model, '--csv', head, '--dates']);
    expect(r.code).toBe(0);
    const rows = r.out.trim().split('\n');
    expect(rows[0]).toBe('step,date,CO2');
    expect(plain.out.trim().split('\n').slice(1).map((l) => l.split(',')[1])).toEqual(rows.slice(1).map((l) => l.split(',')[2]));
    expect(rows).toHaveLength(13);
    const lastDate = lines[lines.length - 61].split(',')[0]; // 2015-04-01
    expect(lastDate).toBe('2015-04-01');
    expect(rows[1]).toMatch(/^1,2015-05-01,4\d\d\.\d+$/);
    expect(rows[12]).toMatch(/^12,2016-04-01,4\d\d\.\d+$/);
    // against what happened (the 60 held-out months start 2015-05): closer than last year's values
    const actual = lines.slice(lines.length - 60, lines.length - 48).map((l) => Number(l.split(',')[1]));
    const lastYear = lines.slice(lines.length - 72, lines.length - 60).map((l) => Number(l.split(',')[1]));
    const err = (f: number[]) => f.reduce((s, v, h) => s + Math.abs(v - actual[h]), 0) / 12;
    const ours = err(rows.slice(1).map((row) => Number(row.split(',')[2])));
    expect(ours).toBeLessThan(1.5); // ppm; the seasonal-naive error is about 2.5
    expect(ours).toBeLessThan(err(lastYear) / 2);
    const iv = await cli(['forecast', '--model', model, '--csv', head, '--horizon', '3', '--intervals', '--dates']);
    const ivRows = iv.out.trim().split('\n');
    expect(ivRows[0]).toBe('step,date,CO2,CO2_lower,CO2_upper');
    expect(ivRows).toHaveLength(4);
    for (const row of ivRows.slice(1)) {
      const [, , m, lo, hi] = row.split(',').map(Number);
      expect(lo).toBeLessThan(m);
      expect(hi).toBeGreaterThan(m);
    }
    const js = JSON.parse((await cli(['forecast', '--model', model, '--csv', head, '--format', 'json', '--horizon', '2', '--dates'])).out);
    expect(js.forecast).toHaveLength(2);
    expect(Object.keys(js.forecast[0])).toEqual(['step', 'date', 'CO2']);
    expect(js.forecast[1].date).toBe('2015-06-01');
  });

  it('forecast-eval: rolling origins over the unseen tail, MASE below 1, last line mase: X', async () => {
    const rep = join(dir, 'eval.html');
    const r = await cli(['forecast-eval', '--model', model, '--csv', CO2_CSV, '--origins', '24', '--report', rep]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('24 origins (rows 706..729), horizon 12, season 12');
    expect(r.out).toMatch(/coverage of the 90% intervals: [\d.]+% of 288 values/);
    const m = /^mase: ([\d.]+)$/.exec(lastLine(r.out));
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeLessThan(1);
    const ours = Number(/model: .* MASE ([\d.]+)/.exec(r.out)![1]), naive = Number(/seasonal naive: .* MASE ([\d.]+)/.exec(r.out)![1]);
    expect(ours).toBeLessThan(naive);
    expect(readFileSync(rep, 'utf8')).toContain('<svg ');
  });

  it('on a terminal the progress is redrawn in place', async () => {
    const r = await cli(['forecast-train', '--csv', head, '--target', 'CO2', '--window', '12', '--horizon', '3', '--hidden', '4', '--epochs', '2', '--out', join(dir, 'tty')], { tty: true });
    expect(r.code).toBe(0);
    expect(r.out).toContain('\r\x1b[2Kepoch 1/2  step 1  loss');
  });

  it('--steps and --time budgets, recursive GRU, several targets', async () => {
    const s = await cli(['forecast-train', '--csv', head, '--target', 'CO2', '--window', '12', '--horizon', '3', '--hidden', '4', '--steps', '5', '--cell', 'gru', '--mode', 'recursive', '--out', join(dir, 'steps'), '--quiet']);
    expect(s.code).toBe(0);
    expect(s.out).toMatch(/^trained 5 steps \(1 epochs, stopped by steps/);
    const t = await cli(['forecast-train', '--csv', head, '--target', 'CO2', '--window', '12', '--horizon', '3', '--hidden', '4', '--time', '0.2', '--out', join(dir, 'time'), '--quiet']);
    expect(t.out).toMatch(/stopped by time/);
    const two = join(dir, 'two.csv');
    writeFileSync(two, lines.map((l) => l.split(',').slice(0, 3).join(',')).join('\n'));
    const k = await cli(['forecast-train', '--csv', two, '--target', 'CO2,adjusted CO2', '--window', '12', '--horizon', '2', '--hidden', '4', '--epochs', '1', '--out', join(dir, 'two'), '--quiet']);
    expect(k.code).toBe(0);
    const f = await cli(['forecast', '--model', join(dir, 'two'), '--csv', two, '--format', 'csv']);
    expect(f.out.split('\n')[0]).toBe('step,CO2,adjusted CO2');
    expect((await cli(['forecast', '--model', join(dir, 'two'), '--csv', two, '--dates'])).err).toMatch(/--dates needs a model trained with --date/);
  });

  it('bad input: one line naming the row, column or option', async () => {
    const write = (name: string, text: string) => {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    };
    const series = (n: number, f: (i: number) => string) => 'date,y\n' + Array.from({ length: n }, (_, i) => `2020-01-${String(1 + (i % 28)).padStart(2, '0')},${f(i)}`).join('\n') + '\n';
    const text = write('text.csv', series(60, (i) => (i === 7 ? 'n/a?' : String(Math.sin(i)))));
    const nan = write('nan.csv', series(60, (i) => (i === 9 ? 'NaN' : String(Math.sin(i)))));
    const flat = write('flat.csv', series(60, () => '5'));
    const short = write('short.csv', series(20, (i) => String(i)));
    const empty = write('empty.csv', '');
    const ragged = write('ragged.csv', 'a,b\n1,2\n3\n');
    const out = join(dir, 'bad');
    const cases: [string[], number, RegExp][] = [
      [['forecast-train', '--csv', CO2_CSV, '--target', 'CO3', '--out', out], 2, /forecast-train: --target 'CO3' is not a column of .*co2-concentration\.csv \(columns: Date, CO2, adjusted CO2\)/],
      [['forecast-train', '--csv', CO2_CSV, '--target', 'CO2', '--features', 'wind', '--out', out], 2, /--features 'wind' is not a column/],
      [['forecast-train', '--csv', text, '--target', 'y', '--out', out], 1, /text\.csv: line 9, column 'y': 'n\/a\?' is not a number/],
      [['forecast-train', '--csv', nan, '--target', 'y', '--out', out], 1, /line 11, column 'y': missing value \(NaN\); choose a fill rule/],
      [['forecast-train', '--csv', flat, '--target', 'y', '--window', '8', '--horizon', '2', '--season', '1', '--out', out], 1, /column 'y' is constant in the training part \(every value 5, zero variance\)/],
      [['forecast-train', '--csv', short, '--target', 'y', '--out', out], 2, /short\.csv has 20 rows, fewer than --window 24 \+ --horizon 12 \(one window needs 36\)/],
      [['forecast-train', '--csv', short, '--target', 'y', '--window', '4', '--horizon', '2', '--val', '0.05', '--out', out], 2, /--val 0\.05 holds out 1 of 20 rows, fewer than --horizon 2/],
      [['forecast-train', '--csv', empty, '--target', 'y', '--out', out], 2, /empty\.csv is empty/],
      [['forecast-train', '--csv', ragged, '--target', 'a', '--out', out], 1, /ragged\.csv: line 3: 1 cells, the header has 2 columns \(a ragged row\)/],
      [['forecast-train', '--csv', CO2_CSV, '--out', out], 2, /--target is required/],
      [['forecast-train', '--csv', CO2_CSV, '--target', 'CO2', '--missing', 'guess', '--out', out], 2, /--missing must be one of refuse, previous, linear, zero, mean/],
      [['forecast-train', '--csv', CO2_CSV, '--target', 'CO2', '--date', 'When', '--out', out], 2, /--date 'When' is not a column/],
      [['forecast-train', '--csv', CO2_CSV, '--target', 'CO2', '--epochs', '2', '--steps', '3', '--out', out], 2, /give --epochs or --steps, not both/],
      [['forecast', '--model', model, '--csv', head, '--horizon', '13'], 2, /--horizon 13 is beyond the model's horizon 12/],
      [['forecast', '--model', join(dir, 'none'), '--csv', head], 2, /model directory .*none does not exist/],
      [['forecast', '--model', dir, '--csv', head], 1, /is not a forecaster directory: model\.safetensors is missing/],
      [['forecast', '--model', model, '--csv', short], 2, /forecast: model column 'CO2' is not a column of .*short\.csv \(columns: date, y\)/],
      [['forecast-eval', '--model', model, '--csv', head, '--origins', '700'], 2, /too few for --origins 700/],
    ];
    for (const [args, code, msg] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.err, args.join(' ')).toMatch(/^rnn-wasm: error: [^\n]+\n$/);
      expect(r.err, args.join(' ')).toMatch(msg);
    }
  });

  it('--missing: a fill rule lets NaN through, and forecast uses the rule the model was trained with', async () => {
    const rows = lines.slice(0, 200).map((l, i) => (i === 150 ? l.replace(/,[\d.]+,/, ',NaN,') : l));
    const gap = join(dir, 'gap.csv');
    writeFileSync(gap, rows.join('\n') + '\n');
    const out = join(dir, 'gap-model');
    const r = await cli(['forecast-train', '--csv', gap, '--target', 'CO2', '--window', '12', '--horizon', '3', '--hidden', '4', '--epochs', '1', '--missing', 'linear', '--out', out, '--quiet']);
    expect(r.code, r.err).toBe(0);
    const refused = await cli(['forecast', '--model', out, '--csv', gap, '--missing', 'refuse']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/line 151, column 'CO2': missing value \(NaN\)/);
    const f = await cli(['forecast', '--model', out, '--csv', gap]);
    expect(f.code, f.err).toBe(0);
    expect(f.out.trim().split('\n')).toHaveLength(4);
  });

  it('help for each command, and the command list', async () => {
    for (const c of ['forecast-train', 'forecast', 'forecast-eval']) {
      const r = await cli([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`usage: rnn-wasm ${c}`);
    }
    expect((await cli(['--help'])).out).toMatch(/forecast-train[\s\S]*forecast[\s\S]*forecast-eval/);
  });
});
