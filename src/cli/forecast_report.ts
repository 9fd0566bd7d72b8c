// The standalone HTML report of `forecast-train --report` and `forecast-eval --report`: training
// and validation loss, forecasts with intervals (forecastSvg), metrics. Pure string building.
import { esc, lossCurveSvg } from '../models/svg.js';


export interface ForecastReport {
  title: string;
  summary: [string, string][];
  /** Training loss per step, and per epoch training / validation loss (scaled units). */
  losses: readonly number[];
  epochs: readonly { epoch: number; loss: number; valLoss?: number }[];
  charts: string[];
}

/** The standalone report page: no scripts, no external files. */
export function forecastReportHtml(r: ForecastReport): string {
  const curve = lossCurveSvg([
    { name: 'training loss (epoch mean)', color: '#c0392b', points: r.epochs.map((e) => ({ x: e.epoch + 1, y: e.loss })) },
    { name: 'validation loss', color: '#2471a3', points: r.epochs.filter((e) => e.valLoss !== undefined).map((e) => ({ x: e.epoch + 1, y: e.valLoss! })) },
  ], { xLabel: 'epoch' });
  const rows = r.summary.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<style>body{font-family:sans-serif;max-width:900px;margin:2em auto;padding:0 1em;color:#222}th{text-align:left;padding-right:1em}</style></head>
<body><h1>${esc(r.title)}</h1><table>${rows}</table>
<h2>Loss (mean squared error, scaled units)</h2>${curve}
<h2>Forecasts on the held-out tail</h2>${r.charts.join('\n')}
</body></html>
`;
}
