// The standalone HTML report that `rnn-wasm train --report` writes: summary, loss curve, heat map
// of hidden units and samples, from the models' SVG pictures (src/models/svg.ts). No scripts, no external files.
import { esc, heatmapSvg, lossCurveSvg, smooth } from '../models/svg.js';

export interface ReportInput {
  title: string;
  summary: [string, string][];
  losses: readonly number[];
  valBpc: readonly { step: number; bpc: number }[];
  samples: readonly { step: number; text: string }[];
  heat: { chars: string[]; units: number[]; values: number[][] };
}

/** The standalone report page: no scripts, no external files. */
export function reportHtml(r: ReportInput): string {
  const bpc = smooth(r.losses.map((l) => l / Math.LN2), 0.05);
  const curve = lossCurveSvg(
    [
      { name: 'training bpc (smoothed)', color: '#c0392b', points: bpc.map((y, i) => ({ x: i + 1, y })) },
      { name: 'held-out bpc', color: '#2471a3', points: r.valBpc.map((p) => ({ x: p.step, y: p.bpc })) },
    ],
    { xLabel: 'step' },
  );
  const rows = r.summary.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('');
  const samples = r.samples.map((s) => `<h3>step ${s.step}</h3><pre>${esc(s.text)}</pre>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<style>body{font-family:sans-serif;max-width:900px;margin:2em auto;padding:0 1em;color:#222}
th{text-align:left;padding-right:1em}pre{background:#f6f6f6;padding:.6em;white-space:pre-wrap}</style></head>
<body><h1>${esc(r.title)}</h1><table>${rows}</table>
<h2>Loss</h2>${curve}
<h2>Hidden units over held-out text</h2><p>Activation of the ${r.heat.units.length} most varying units of the last layer (blue −1, white 0, red +1).</p>${heatmapSvg(r.heat.chars, r.heat.units, r.heat.values)}
<h2>Samples</h2>${samples}
</body></html>
`;
}
