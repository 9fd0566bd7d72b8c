// The browser page in headless Chromium: it trains the character model for a few seconds, the
// loss falls, samples and the heat map appear, and a screenshot is saved for a human to look at.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../cli/run.js';
import { launchChromium, serveDir } from '../runtimes/launch.mjs';
import { ROOT } from './harness.js';

describe('examples/browser', () => {
  it('trains in the page, the loss falls, and a screenshot is produced', async () => {
    const dir = join(tempDir(), 'page');
    const { buildPage } = await import(join(ROOT, 'examples/browser/build.mjs'));
    await buildPage(dir);
    const { server, url } = await serveDir(dir);
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: { width: 1100, height: 1000 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${url}?autostart&seconds=5&hidden=48&units=1,4,7`);
      await page.waitForFunction(() => (window as any).__rnn?.done, null, { timeout: 60_000 });
      const st = await page.evaluate(() => (window as any).__rnn);
      expect(errors).toEqual([]);
      expect(st.error).toBe('');
      expect(st.steps).toBeGreaterThanOrEqual(20);
      const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
      const first = mean(st.losses.slice(0, 5)), last = mean(st.losses.slice(-5));
      expect(first).toBeGreaterThan(3.5); // ~ln(67) at the start
      expect(last).toBeLessThan(first - 0.5);
      expect(st.samples.length).toBeGreaterThanOrEqual(2);
      expect(await page.locator('#curve svg path').count()).toBeGreaterThanOrEqual(1);
      expect(await page.locator('#heat svg rect').count()).toBe(3 * 120);
      expect(await page.locator('#heat svg text', { hasText: /^h4$/ }).count()).toBe(2); // one label per wrapped line
      mkdirSync(join(ROOT, '.tmp'), { recursive: true });
      const shot = join(ROOT, '.tmp/browser-page.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(readFileSync(shot).length).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
      server.close();
    }
  });
});
