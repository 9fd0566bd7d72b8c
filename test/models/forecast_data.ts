// The two public series of the forecasting tests (vega-datasets, a devDependency): Mauna Loa CO2
// (monthly; Scripps CO2 Program, CC-BY-4.0) and Seattle daily weather (NOAA, U.S. Government work).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { data } from '../../src/index.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../node_modules/vega-datasets/data');
export const CO2_CSV = join(dir, 'co2-concentration.csv');
export const WEATHER_CSV = join(dir, 'seattle-weather.csv');

/** The CO2 column as a frame, with calendar columns from its dates. */
export function co2(): data.Frame {
  const t = data.parseCsv(readFileSync(CO2_CSV, 'utf8'), { source: 'co2-concentration.csv' });
  const f = data.frameFromCsv(t, ['CO2']);
  const cal = data.calendarFrame(data.textColumn(t, 'Date').map((s) => data.parseDate(s)));
  return { names: [...f.names, ...cal.names], columns: [...f.columns, ...cal.columns] };
}

export function weather(): data.Frame {
  const t = data.parseCsv(readFileSync(WEATHER_CSV, 'utf8'), { source: 'seattle-weather.csv' });
  const f = data.frameFromCsv(t, ['temp_max', 'temp_min', 'precipitation', 'wind']);
  const cal = data.calendarFrame(data.textColumn(t, 'date').map((s) => data.parseDate(s)));
  return { names: [...f.names, ...cal.names], columns: [...f.columns, ...cal.columns] };
}
