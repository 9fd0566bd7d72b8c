// The forecasting page in headless Chromium (@sparticuz/chromium): it trains the CO2 forecaster,
// beats seasonal naive on the last five years, draws the chart, and a screenshot is saved.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../cli/run.js';
import { ROOT } from './harness.js';

async function serve(dir: string): Promise<{ server: Server; url: string }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.csv': 'text/csv' };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = join(dir, normalize(path === '/' ? '/index.html' : path));
    if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` };
}

describe('examples/forecast page', () => {
  it('trains in the page, MASE < 1 on the held-out tail, the chart has its interval band', async () => {
    const dir = join(tempDir(), 'forecast-page');
    const { buildPage } = await import(join(ROOT, 'examples/forecast/build.mjs'));
    await buildPage(dir);
    const { server, url } = await serve(dir);
    const chromium = (await import('@sparticuz/chromium')).default;
    const { chromium: pw } = await import('playwright-core');
    const browser = await pw.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${url}?autostart&epochs=15&hidden=16`);
      await page.waitForFunction(() => (window as any).__forecast?.done, null, { timeout: 90_000 });
      const st = await page.evaluate(() => (window as any).__forecast);
      expect(errors).toEqual([]);
      expect(st.error).toBe('');
      expect(st.mase).toBeLessThan(1);
      expect(st.mase).toBeLessThan(st.naiveMase);
      expect(st.coverage).toBeGreaterThan(0.3);
      expect(await page.locator('#chart svg path').count()).toBe(4); // band, history, actual, forecast
      expect(await page.locator('#metrics').textContent()).toMatch(/^49 forecasts from the last 60 months: MASE 0\.\d+/);
      mkdirSync(join(ROOT, '.tmp'), { recursive: true });
      const shot = join(ROOT, '.tmp/forecast-page.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(readFileSync(shot).length).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
      server.close();
    }
  }, 180_000);
});
