// A forecast as an SVG line chart: history, what happened, and the forecast with its interval as
// a band. Pure string building (no DOM), so the CLI report, the browser page and examples share it.
import { ValueError } from './deps.js';
import { describe, isInt, isObject } from './check.js';
import { esc } from './svg.js';

/**
 * What {@link forecastSvg} draws: history, actual values (when known) and the forecast with its interval.
 * @example
 * ```ts
 * const chart: ForecastChart = { history: [{ x: 0, y: 1 }, { x: 1, y: 2 }], forecast: [{ x: 2, y: 2.5, lo: 2, hi: 3 }], level: 0.9 };
 * ```
 */
export interface ForecastChart {
  /** Observed values: x (row index or time) and y. */
  history: { x: number; y: number }[];
  /** What happened over the forecast steps, when known (evaluation). */
  actual?: { x: number; y: number }[];
  forecast: { x: number; y: number; lo?: number; hi?: number }[];
  /** x axis labels: formats an x value (e.g. a date). */
  xLabel?: (x: number) => string;
  title?: string;
  level?: number | null;
  width?: number;
  height?: number;
}

/**
 * A line chart: history (grey), actual (black), forecast (blue) with its interval as a band.
 * @example
 * ```ts
 * const r = model.forecast(history);
 * el.innerHTML = forecastSvg({ history: hist.map((y, x) => ({ x, y })), forecast: Array.from(r.mean, (y, i) => ({ x: hist.length + i, y })) });
 * ```
 */
export function forecastSvg(c: ForecastChart): string {
  const where = 'forecastSvg';
  isObject(where, 'chart', c);
  const known = ['history', 'actual', 'forecast', 'xLabel', 'title', 'level', 'width', 'height'];
  for (const k of Object.keys(c)) if (!known.includes(k)) throw new ValueError(`${where}: unknown field '${k}' (expected one of: ${known.join(', ')})`);
  const points = (name: string, v: unknown, optional: boolean): void => {
    if (v === undefined && optional) return;
    const ok = Array.isArray(v) && v.every((p) => p !== null && typeof p === 'object' && typeof p.x === 'number' && typeof p.y === 'number' &&
      (p.lo === undefined || typeof p.lo === 'number') && (p.hi === undefined || typeof p.hi === 'number'));
    if (!ok) throw new ValueError(`${where}: ${name} must be an array of { x: number, y: number } points, got ${describe(v)}`);
  };
  points('history', c.history, false);
  points('actual', c.actual, true);
  points('forecast', c.forecast, false);
  if (c.xLabel !== undefined && typeof c.xLabel !== 'function') throw new ValueError(`${where}: xLabel must be a function, got ${describe(c.xLabel)}`);
  if (c.title !== undefined && typeof c.title !== 'string') throw new ValueError(`${where}: title must be a string, got ${describe(c.title)}`);
  if (c.level !== undefined && c.level !== null && !(typeof c.level === 'number' && c.level > 0 && c.level < 1)) throw new ValueError(`${where}: level must be a number in (0, 1) or null, got ${describe(c.level)}`);
  if (c.width !== undefined) isInt(where, 'width', c.width, 100, 10000);
  if (c.height !== undefined) isInt(where, 'height', c.height, 60, 10000);
  const W = c.width ?? 720, H = c.height ?? 300;
  const m = { l: 56, r: 14, t: c.title ? 28 : 12, b: 34 };
  const pts = [...c.history, ...(c.actual ?? []), ...c.forecast.flatMap((p) => [p, ...(p.lo !== undefined ? [{ x: p.x, y: p.lo }] : []), ...(p.hi !== undefined ? [{ x: p.x, y: p.hi }] : [])])]
    .filter((p) => Number.isFinite(p.y) && Number.isFinite(p.x));
  if (pts.length === 0) return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><text x="10" y="20">no data</text></svg>`;
  const x0 = Math.min(...pts.map((p) => p.x)), x1 = Math.max(...pts.map((p) => p.x), x0 + 1);
  let y0 = Math.min(...pts.map((p) => p.y)), y1 = Math.max(...pts.map((p) => p.y));
  const pad = (y1 - y0 || 1) * 0.05;
  y0 -= pad;
  y1 += pad;
  const sx = (x: number) => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
  const sy = (y: number) => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
  const path = (ps: { x: number; y: number }[]) => ps.map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join('');
  const parts: string[] = [`<rect width="${W}" height="${H}" fill="#fff"/>`];
  if (c.title) parts.push(`<text x="${m.l}" y="18" font-size="14" font-weight="bold">${esc(c.title)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const y = y0 + ((y1 - y0) * i) / 4;
    parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${sy(y).toFixed(1)}" y2="${sy(y).toFixed(1)}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${m.l - 6}" y="${(sy(y) + 4).toFixed(1)}" text-anchor="end" font-size="11">${Math.abs(y1 - y0) < 10 ? y.toFixed(2) : y.toFixed(1)}</text>`);
  }
  const fmt = c.xLabel ?? ((x: number) => String(Math.round(x)));
  for (let i = 0; i <= 4; i++) {
    const x = x0 + ((x1 - x0) * i) / 4;
    parts.push(`<text x="${sx(x).toFixed(1)}" y="${H - 12}" font-size="11" text-anchor="${i === 0 ? 'start' : i === 4 ? 'end' : 'middle'}">${esc(fmt(x))}</text>`);
  }
  const band = c.forecast.filter((p) => p.lo !== undefined && p.hi !== undefined);
  if (band.length) {
    const d = band.map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.hi!).toFixed(1)}`).join('') +
      [...band].reverse().map((p) => `L${sx(p.x).toFixed(1)},${sy(p.lo!).toFixed(1)}`).join('') + 'Z';
    parts.push(`<path d="${d}" fill="#2471a3" fill-opacity="0.18" stroke="none"/>`);
  }
  if (c.history.length) parts.push(`<path d="${path(c.history)}" fill="none" stroke="#888" stroke-width="1.3"/>`);
  if (c.actual?.length) parts.push(`<path d="${path(c.actual)}" fill="none" stroke="#111" stroke-width="1.5"/>`);
  if (c.forecast.length) parts.push(`<path d="${path(c.forecast)}" fill="none" stroke="#2471a3" stroke-width="2"/>`);
  const legend: [string, string][] = [['#888', 'history'], ...(c.actual?.length ? [['#111', 'actual'] as [string, string]] : []), ['#2471a3', `forecast${band.length && c.level ? ` (${Math.round(c.level * 100)}% interval)` : ''}`]];
  legend.forEach(([col, name], k) => parts.push(`<text x="${m.l + 8}" y="${m.t + 14 + 14 * k}" font-size="12" fill="${col}">${esc(name)}</text>`));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">${parts.join('')}</svg>`;
}
