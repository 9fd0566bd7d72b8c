// Pictures of a model in training, as SVG text: the loss curve and the hidden-unit heat map. Pure
// string building, used by the CLI's HTML report and the browser page.

import { ValueError } from './deps.js';
import { describe, isInt, isNumber, isNumbers, isObject, isString, isStrings } from './check.js';

/**
 * Text escaped for XML content and attribute values.
 * @example
 * ```ts
 * esc('<a & b>'); // '&#60;a &#38; b&#62;'
 * ```
 */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * One line of {@link lossCurveSvg}: a name, a colour and its points.
 * @example
 * ```ts
 * const s: Series = { name: 'held-out', color: '#2471a3', points: [{ x: 100, y: 2.5 }, { x: 200, y: 2.3 }] };
 * ```
 */
export interface Series {
  name: string;
  color: string;
  points: { x: number; y: number }[];
}

/**
 * A line chart of one or more series on shared axes (e.g. training loss and held-out bpc).
 * @example
 * ```ts
 * el.innerHTML = lossCurveSvg([{ name: 'loss', color: '#c0392b', points: losses.map((y, i) => ({ x: i + 1, y })) }], { xLabel: 'step' });
 * ```
 */
export function lossCurveSvg(series: Series[], opts: { width?: number; height?: number; xLabel?: string; yLabel?: string } = {}): string {
  const w = 'lossCurveSvg';
  if (!Array.isArray(series)) throw new ValueError(`lossCurveSvg: series must be an array of { name, color, points }, got ${describe(series)}`);
  series.forEach((s, i) => {
    const o = isObject(w, `series[${i}]`, s);
    isString(w, `series[${i}].name`, o.name);
    isString(w, `series[${i}].color`, o.color);
    if (!Array.isArray(o.points) || !o.points.every((p) => p !== null && typeof p === 'object' && typeof p.x === 'number' && typeof p.y === 'number')) {
      throw new ValueError(`lossCurveSvg: series[${i}].points must be an array of { x, y } numbers, got ${describe(o.points)}`);
    }
  });
  const o = isObject(w, 'opts', opts);
  for (const k of Object.keys(o)) if (!['width', 'height', 'xLabel', 'yLabel'].includes(k)) throw new ValueError(`lossCurveSvg: unknown option '${k}' (expected one of: width, height, xLabel, yLabel)`);
  if (o.width !== undefined) isInt(w, 'opts.width', o.width, 64, 1 << 14);
  if (o.height !== undefined) isInt(w, 'opts.height', o.height, 64, 1 << 14);
  if (o.xLabel !== undefined) isString(w, 'opts.xLabel', o.xLabel);
  if (o.yLabel !== undefined) isString(w, 'opts.yLabel', o.yLabel);
  const W = opts.width ?? 640, H = opts.height ?? 260;
  const m = { l: 48, r: 12, t: 12, b: 36 };
  const all = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.y));
  if (all.length === 0) return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><text x="10" y="20">no data yet</text></svg>`;
  const x0 = Math.min(...all.map((p) => p.x)), x1 = Math.max(...all.map((p) => p.x), x0 + 1);
  const y0 = Math.min(0, ...all.map((p) => p.y)), y1 = Math.max(...all.map((p) => p.y), y0 + 1e-6);
  const sx = (x: number) => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
  const sy = (y: number) => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
  const parts: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const y = y0 + ((y1 - y0) * i) / 4;
    parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${sy(y).toFixed(1)}" y2="${sy(y).toFixed(1)}" stroke="#ddd"/>`);
    parts.push(`<text x="${m.l - 6}" y="${(sy(y) + 4).toFixed(1)}" text-anchor="end" font-size="11">${y.toFixed(2)}</text>`);
  }
  parts.push(`<text x="${m.l}" y="${H - 8}" font-size="11">${x0}</text><text x="${W - m.r}" y="${H - 8}" font-size="11" text-anchor="end">${x1}</text>`);
  if (opts.xLabel) parts.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 8}" font-size="11" text-anchor="middle">${esc(opts.xLabel)}</text>`);
  series.forEach((s, k) => {
    const pts = s.points.filter((p) => Number.isFinite(p.y));
    if (pts.length === 0) return;
    const d = pts.map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join('');
    parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.5"/>`);
    if (pts.length < 40) for (const p of pts) parts.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="2.5" fill="${s.color}"/>`);
    parts.push(`<text x="${W - m.r - 4}" y="${m.t + 14 + 14 * k}" text-anchor="end" font-size="12" fill="${s.color}">${esc(s.name)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">${parts.join('')}</svg>`;
}

/**
 * Smooths a noisy curve with an exponential moving average (display only).
 * @example
 * ```ts
 * smooth([4, 2, 3, 1], 0.5); // [4, 3, 3, 2]
 * ```
 */
export function smooth(values: readonly number[], alpha = 0.1): number[] {
  if (!Array.isArray(values) || !values.every((v) => typeof v === 'number')) throw new ValueError(`smooth: values must be an array of numbers, got ${describe(values)}`);
  isNumber('smooth', 'alpha', alpha, 0, 1);
  let s = values[0] ?? 0;
  return values.map((v) => (s = s + alpha * (v - s)));
}

/**
 * Colour of an activation in [-1, 1]: blue (negative), white (0), red (positive).
 * @example
 * ```ts
 * heatColor(0); // white; heatColor(1): red; heatColor(-1): blue
 * ```
 */
export function heatColor(v: number): string {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new ValueError(`heatColor: v must be a number, got ${describe(v)}`);
  const a = Math.max(-1, Math.min(1, v));
  const k = Math.round(255 * (1 - Math.abs(a)));
  return a >= 0 ? `rgb(255,${k},${k})` : `rgb(${k},${k},255)`;
}

/**
 * One row per hidden unit, one cell per character, coloured by the unit's activation (tanh
 * range), with the text written above the rows; wraps every `perLine` characters.
 * @example
 * ```ts
 * const h = activations(model, vocab, text.slice(0, 120), 12);
 * el.innerHTML = heatmapSvg(h.chars, h.units, h.values, 60);
 * ```
 */
export function heatmapSvg(chars: readonly string[], units: readonly number[], values: readonly (readonly number[])[], perLine = 60): string {
  const w = 'heatmapSvg';
  isStrings(w, 'chars', chars);
  isNumbers(w, 'units', units);
  if (!Array.isArray(values) || values.length !== units.length || !values.every((row) => Array.isArray(row) && row.length === chars.length && row.every((x) => typeof x === 'number' && !Number.isNaN(x)))) {
    throw new ValueError(`heatmapSvg: values must hold one row of ${chars.length} numbers per unit (${units.length} rows), got ${describe(values)}`);
  }
  isInt(w, 'perLine', perLine, 1, 1 << 14);
  const cw = 11, ch = 9, labelW = 44, textH = 14, gap = 10;
  const lines = Math.max(1, Math.ceil(chars.length / perLine));
  const blockH = textH + units.length * ch + gap;
  const W = labelW + perLine * cw + 4, H = lines * blockH;
  const parts: string[] = [];
  for (let l = 0; l < lines; l++) {
    const y = l * blockH;
    for (let i = 0; i < perLine && l * perLine + i < chars.length; i++) {
      const c = chars[l * perLine + i];
      const shown = c === '\n' ? '↵' : c === ' ' ? '·' : c;
      parts.push(`<text x="${labelW + i * cw + cw / 2}" y="${y + textH - 3}" font-size="11" text-anchor="middle" font-family="monospace">${esc(shown)}</text>`);
    }
    units.forEach((u, r) => {
      const ry = y + textH + r * ch;
      parts.push(`<text x="${labelW - 4}" y="${ry + ch - 1}" font-size="8" text-anchor="end">h${u}</text>`);
      for (let i = 0; i < perLine && l * perLine + i < chars.length; i++) {
        const v = values[r][l * perLine + i];
        parts.push(`<rect x="${labelW + i * cw}" y="${ry}" width="${cw}" height="${ch}" fill="${heatColor(v)}"><title>h${u} '${esc(chars[l * perLine + i])}' ${v.toFixed(3)}</title></rect>`);
      }
    });
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">${parts.join('')}</svg>`;
}

