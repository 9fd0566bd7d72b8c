// The recurrent workloads of bench/rnn.mjs in a cross-origin-isolated Chromium page (the pinned
// @sparticuz/chromium, web security on; the page and every resource served from 127.0.0.1 with
// COOP/COEP/CORP): ours, relaxed build, on 1 and 2 threads in the same rounds, and
// onnxruntime-web on 1 and 2 threads (the inference workloads).
// `npm run bench -- rnn-chromium`; RNN_BENCH, RNN_BENCH_THREADS, RNN_BENCH_WARM_MS as for rnn;
// RNN_BENCH_ISOLATED=0 serves the page without isolation (the 2-thread rows then say why they ran
// one thread). One JSON line per row ("runtime": "chromium").
import { launchChromium, root, serveDir } from '../test/runtimes/launch.mjs';
import { optionsFromEnv } from './_rnn_host.mjs';

export default async function run() {
  const isolated = process.env.RNN_BENCH_ISOLATED !== '0';
  const opts = optionsFromEnv(process.env);
  // onnxruntime-web's thread count is fixed once it starts in a page: one page load with ours and
  // it on 1 thread, then one per thread count with it alone (its ratios still against ours, which
  // runs in the same rounds in that page too). RNN_BENCH_SKIP=onnxruntime-web: ours only. A page
  // without isolation gives it one thread whatever it asks: then the 1-thread page only.
  const skipOrt = (process.env.RNN_BENCH_SKIP ?? '').split(',').some((s) => s.trim() && 'onnxruntime-web'.startsWith(s.trim()));
  const ortThreads = isolated ? opts.threads : [];
  const pages = skipOrt ? [opts] : [{ ...opts, ortThreads: 1 }, ...ortThreads.map((n) => ({ ...opts, ortThreads: n, ours: false }))];
  const browser = await launchChromium({ secure: true });
  const { server, url } = await serveDir(root, { isolated });
  try {
    for (const o of pages) await runPage(browser, `${url}bench/_rnn_page.html?opts=${encodeURIComponent(JSON.stringify(o))}`);
  } finally {
    await browser.close();
    server.close();
  }
}

async function runPage(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // The rows come through the console as they are measured.
    page.on('console', (m) => {
      if (m.text().startsWith('{"bench"')) console.log(m.text());
    });
    await page.goto(url);
    const done = await page.waitForFunction(() => window.__benchDone, null, { timeout: 20 * 60_000, polling: 1000 }).catch((e) => {
      throw new Error(`bench rnn-chromium: the page did not finish: ${e.message}; page errors: ${errors.join('; ') || 'none'}`);
    });
    const result = await done.jsonValue();
    if (result.error) throw new Error(`bench rnn-chromium: ${result.error}`);
  } finally {
    await context.close();
  }
}
