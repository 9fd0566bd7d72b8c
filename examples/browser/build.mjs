// Builds the browser page into examples/browser/out/ (index.html, page.js and train_worker.js) and, with
// --serve, serves it on http://127.0.0.1:8080/.
//   node examples/browser/build.mjs [--serve] [--out DIR]
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
    // The page, and the worker that trains (the page starts it as ./train_worker.js).
    entryPoints: [join(here, 'page.ts'), join(here, 'train_worker.ts')], bundle: true, format: 'esm', target: 'es2022', platform: 'browser',
    ignoreAnnotations: true, // keep the default entry's wasm provider (package.json says sideEffects: false)
    outdir: dir, logLevel: 'error', loader: { '.txt': 'text' },
    // The page imports the package by name; here those names are the sources, so the page is
    // built from this checkout without `npm run build`.
    alias: { 'rnn-wasm/models': join(root, 'src/models/index.ts'), 'rnn-wasm': join(root, 'src/index.ts') },
  });
  copyFileSync(join(here, 'index.html'), join(dir, 'index.html'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildPage(out);
  console.log(`built ${out}/`);
  if (process.argv.includes('--serve')) {
    const types = { '.html': 'text/html', '.js': 'text/javascript' };
    createServer((req, res) => {
      const path = new URL(req.url, 'http://x').pathname;
      const file = join(out, normalize(path === '/' ? '/index.html' : path));
      if (!file.startsWith(out) || !existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    }).listen(8080, '127.0.0.1', () => console.log('open http://127.0.0.1:8080/'));
  }
}
