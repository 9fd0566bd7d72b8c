// Builds the forecasting page into examples/forecast/out/ (index.html, page.js, co2.csv) and, with
// --serve, serves it on http://127.0.0.1:8081/.
//   node examples/forecast/build.mjs [--serve] [--out DIR]
import { copyFileSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, extname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : join(here, 'out');

export async function buildPage(dir) {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' }); // the wasm, if stale
  mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: [join(here, 'page.ts')], bundle: true, format: 'esm', target: 'es2022', platform: 'browser',
    ignoreAnnotations: true, outfile: join(dir, 'page.js'), logLevel: 'error',
    // The package's names are this checkout's sources, as in examples/browser/build.mjs.
    alias: { 'rnn-wasm/models': join(root, 'src/models/index.ts'), 'rnn-wasm': join(root, 'src/index.ts') },
  });
  copyFileSync(join(here, 'index.html'), join(dir, 'index.html'));
  copyFileSync(join(root, 'node_modules/vega-datasets/data/co2-concentration.csv'), join(dir, 'co2.csv'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildPage(out);
  console.log(`built ${out}/`);
  if (process.argv.includes('--serve')) {
    const types = { '.html': 'text/html', '.js': 'text/javascript', '.csv': 'text/csv' };
    createServer((req, res) => {
      const path = new URL(req.url, 'http://x').pathname;
      const file = join(out, normalize(path === '/' ? '/index.html' : path));
      if (!file.startsWith(out) || !existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    }).listen(8081, '127.0.0.1', () => console.log('open http://127.0.0.1:8081/'));
  }
}
