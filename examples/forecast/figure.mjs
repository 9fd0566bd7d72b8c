// Renders the README's forecast pictures: runs forecast.mjs at full size on both series with
// --svg, then draws each SVG to a PNG in headless Chromium (@sparticuz/chromium, a devDependency).
//   node examples/forecast/figure.mjs   -> examples/forecast/co2.png, examples/forecast/weather.png
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import chromium from '@sparticuz/chromium';
import { chromium as pw } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'forecast-figure-'));
const browser = await pw.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
try {
  // One page for both pictures: with chromium.args (--single-process) closing a page ends the browser.
  const page = await browser.newPage({ viewport: { width: 720, height: 300 }, deviceScaleFactor: 2 });
  for (const name of ['co2', 'weather']) {
    const svg = join(tmp, `${name}.svg`);
    const out = execFileSync(process.execPath, [join(here, 'forecast.mjs'), '--data', name, '--svg', svg], { encoding: 'utf8' });
    process.stdout.write(`--- ${name}\n${out}`);
    await page.setContent(`<body style="margin:0">${readFileSync(svg, 'utf8')}</body>`);
    await page.locator('svg').screenshot({ path: join(here, `${name}.png`) });
    console.log(`wrote ${join(here, `${name}.png`)}`);
  }
} finally {
  await browser.close();
}
