// The browser page in headless Chromium: it trains the character model in a Web Worker for a few
// seconds, the loss falls, samples and the heat map appear, animation frames keep coming on the
// page's thread while it trains, Stop cancels it, and a screenshot is saved for a human to look at.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../cli/run.js';
import { launchChromium, serveDir } from '../runtimes/launch.mjs';
import { ROOT } from './harness.js';

describe('examples/browser', () => {
  it('Stop cancels the worker\'s training within a slice, and the page keeps answering meanwhile', async () => {
    const dir = join(tempDir(), 'page-cancel');
    const { buildPage } = await import(join(ROOT, 'examples/browser/build.mjs'));
    await buildPage(dir);
    const { server, url } = await serveDir(dir);
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext()).newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${url}?autostart&seconds=600&hidden=32`);
      await page.waitForFunction(() => (window as any).__rnn?.steps >= 30, null, { timeout: 60_000 });
      // The page thread is free: evaluating a script round-trips at once while the worker trains.
      const t0 = Date.now();
      expect(await page.evaluate(() => document.getElementById('stop')!.hasAttribute('disabled'))).toBe(false);
      expect(Date.now() - t0).toBeLessThan(1000);
      await page.click('#stop');
      const t1 = Date.now();
      await page.waitForFunction(() => (window as any).__rnn?.done, null, { timeout: 10_000 });
      const stopMs = Date.now() - t1;
      const st = await page.evaluate(() => (window as any).__rnn);
      console.log(`stopped after ${st.steps} steps, ${stopMs} ms after the click`);
      expect(st.doneReason).toBe('cancelled');
      expect(stopMs).toBeLessThan(3000); // one 50 ms slice, a sample and a heat map
      await new Promise((r) => setTimeout(r, 500));
      expect(await page.evaluate(() => (window as any).__rnn.steps)).toBe(st.steps); // no more progress
      expect(await page.locator('#status').textContent()).toContain('(stopped)');
      expect(await page.locator('#start').isDisabled()).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      server.close();
    }
  });

  it('trains in a worker, the loss falls, animation frames keep coming, a screenshot is produced, and a later visit continues the kept run', async () => {
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
      // Training ran in the worker: the page thread kept drawing frames the whole time.
      expect(st.doneReason).toBe('time');
      expect(st.progress).toBeGreaterThanOrEqual(20); // one message per ~50 ms slice
      const [from, to] = st.trainingMs as [number, number];
      const frames = (st.frames as number[]).filter((t) => t >= from && t <= to);
      const gaps = frames.slice(1).map((t, i) => t - frames[i]).sort((a, b) => a - b);
      const fps = frames.length / ((to - from) / 1000);
      console.log(`${st.steps} steps; frames while training: ${frames.length} in ${((to - from) / 1000).toFixed(1)} s (${fps.toFixed(1)}/s), median gap ${gaps[gaps.length >> 1].toFixed(1)} ms, longest ${gaps[gaps.length - 1].toFixed(1)} ms`);
      // At 60 Hz, ~58 frames/s with the worker on this machine; training on the page's own thread
      // in 40 ms slices (the page before the worker) gave 33/s, with a median gap of one frame.
      expect(fps).toBeGreaterThan(40); // 52-60 here on a loaded 2-core machine
      expect(gaps[gaps.length >> 1]).toBeLessThan(20);
      mkdirSync(join(ROOT, '.tmp'), { recursive: true });
      const shot = join(ROOT, '.tmp/browser-page.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(readFileSync(shot).length).toBeGreaterThan(10_000);

      // The run was kept in IndexedDB; a later visit continues it: same position, trained weights.
      expect(st.saveError).toBe('');
      expect(st.saved).toEqual({ step: st.steps, cell: 'lstm', hidden: 48 });
      const again = await context.newPage();
      again.on('pageerror', (e) => errors.push(String(e)));
      await again.goto(`${url}?resume&seconds=2&units=1,4,7`);
      await again.waitForFunction(() => (window as any).__rnn?.done, null, { timeout: 60_000 });
      const st2 = await again.evaluate(() => (window as any).__rnn);
      expect(errors).toEqual([]);
      expect(st2.error).toBe('');
      expect(st2.firstStep).toBe(st.steps);
      expect(st2.steps).toBeGreaterThan(st.steps);
      // Where the first run ended, not where a fresh model starts (above 3.5 nats).
      expect(mean(st2.losses.slice(0, 5))).toBeLessThan(last + 0.3);
      expect(st2.saved.step).toBe(st2.steps);
      expect(await again.locator('#saved').textContent()).toContain(`step ${st2.steps}`);
    } finally {
      await browser.close();
      server.close();
    }
  });
});
