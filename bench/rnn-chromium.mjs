// The recurrent workloads of bench/rnn.mjs in a cross-origin-isolated Chromium page (the pinned
// @sparticuz/chromium, web security on; the page and every resource served from 127.0.0.1 with
// COOP/COEP/CORP): ours, relaxed build, on 1 and 2 threads in the same rounds.
// `npm run bench -- rnn-chromium`; RNN_BENCH, RNN_BENCH_THREADS, RNN_BENCH_WARM_MS as for rnn;
// RNN_BENCH_ISOLATED=0 serves the page without isolation (the 2-thread rows then say why they ran
// one thread). One JSON line per row ("runtime": "chromium").
import { launchChromium, root, serveDir } from '../test/runtimes/launch.mjs';
import { optionsFromEnv } from './_rnn_host.mjs';

export default async function run() {
  const isolated = process.env.RNN_BENCH_ISOLATED !== '0';
  const browser = await launchChromium({ secure: true });
  const { server, url } = await serveDir(root, { isolated });
  try {
    const page = await (await browser.newContext()).newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // The rows come through the console as they are measured.
    page.on('console', (m) => {
      if (m.text().startsWith('{"bench"')) console.log(m.text());
    });
    await page.goto(`${url}bench/_rnn_page.html?opts=${encodeURIComponent(JSON.stringify(optionsFromEnv(process.env)))}`);
    const done = await page.waitForFunction(() => window.__benchDone, null, { timeout: 20 * 60_000, polling: 1000 }).catch((e) => {
      throw new Error(`bench rnn-chromium: the page did not finish: ${e.message}; page errors: ${errors.join('; ') || 'none'}`);
    });
    const result = await done.jsonValue();
    if (result.error) throw new Error(`bench rnn-chromium: ${result.error}`);
  } finally {
    await browser.close();
    server.close();
  }
}
