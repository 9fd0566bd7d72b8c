// The SVG pictures of training (src/models/svg.ts): loss curve, heat map, smoothing.
import { describe, expect, it } from 'vitest';
import { heatColor, heatmapSvg, lossCurveSvg, smooth } from '../../src/models/svg.js';

describe('pictures', () => {
  it('draws a curve through the points and a heat cell per unit and character', () => {
    const svg = lossCurveSvg([{ name: 'l', color: '#000', points: [{ x: 1, y: 4 }, { x: 2, y: 2 }, { x: 3, y: 1 }] }], { width: 100, height: 100 });
    const d = /<path d="([^"]+)"/.exec(svg)![1];
    expect(d.split(/[ML]/).filter(Boolean)).toHaveLength(3);
    const heat = heatmapSvg(['a', 'b', 'c'], [5, 9], [[-1, 0, 1], [0.5, 0.5, 0.5]]);
    expect((heat.match(/<rect /g) ?? []).length).toBe(6);
    expect(heat).toContain('>h9<');
    expect([heatColor(1), heatColor(0), heatColor(-1), heatColor(7)]).toEqual(['rgb(255,0,0)', 'rgb(255,255,255)', 'rgb(0,0,255)', 'rgb(255,0,0)']);
    expect(smooth([0, 10, 10], 0.5)).toEqual([0, 5, 7.5]);
  });
});
