// Starting hosts from Node, shared by the conformance test and bench/coldstart.mjs: a static file
// server, headless Chromium (the pinned @sparticuz/chromium build), and workerd with a wrangler-style bundle. Everything binds 127.0.0.1
// and is stopped by its own PID or handle.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { basename, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = (name) => join(root, 'node_modules', '.bin', name);
// Flags that keep the browser off the network (it only ever talks to our 127.0.0.1 servers).
export const NO_NETWORK_ARGS = ['--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

// A cross-origin-isolated page (SharedArrayBuffer, hence wasm threads, issue 14): COOP and COEP on
// every response (documents and workers alike), and CORP so every resource may be embedded.
const ISOLATION_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * Serves `dir` on 127.0.0.1 at a free port (`/` is index.html). Returns { server, url }.
 * `isolated`: every response carries ISOLATION_HEADERS, so pages are cross-origin isolated.
 */
export async function serveDir(dir, { isolated = false } = {}) {
  const extra = isolated ? ISOLATION_HEADERS : {};
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = join(dir, normalize(path === '/' ? '/index.html' : path));
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404, extra).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...extra });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

/**
 * The one browser every test and benchmark uses: the headless Chromium inside the pinned
 * `@sparticuz/chromium` devDependency (no system package, no root). The first call unpacks it into
 * the temp directory (a few seconds); later calls reuse it. The package itself returns early when
 * `<tmp>/chromium` exists, which is wrong while another process is still writing it, or after a
 * killed unpack: so the unpack runs under a lock directory and a marker file names the version that
 * finished unpacking. Without the marker the old files go and the unpack starts again.
 */
export async function chromiumExecutable() {
  const { default: Chromium } = await import('@sparticuz/chromium');
  const version = JSON.parse(readFileSync(join(root, 'node_modules/@sparticuz/chromium/package.json'), 'utf8')).version;
  const marker = join(tmpdir(), `chromium.rnn-wasm-${version}.ok`);
  const exe = join(tmpdir(), 'chromium');
  if (existsSync(marker) && existsSync(exe)) return exe;
  const lock = join(tmpdir(), 'chromium.rnn-wasm.lock');
  const t0 = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      // Only a lock whose owner has died is broken (a lock with no pid yet is being created).
      let owner = 0;
      try {
        owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {}
      if (owner > 0 && !alive(owner)) rmSync(lock, { recursive: true, force: true });
      if (Date.now() - t0 > 180_000) throw new Error(`chromium: ${lock} held by pid ${owner} for 3 minutes`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (existsSync(marker) && existsSync(exe)) return exe;
    rmSync(exe, { force: true });
    const path = await Chromium.executablePath();
    writeFileSync(marker, `${path}\n`);
    return path;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * `@sparticuz/chromium`'s own flags (headless shell, no sandbox, no zygote) plus NO_NETWORK_ARGS,
 * without `--single-process`: that one is for AWS Lambda, and here it takes the whole browser down
 * when the first of several contexts closes.
 */
export async function chromiumArgs() {
  const { default: Chromium } = await import('@sparticuz/chromium');
  Chromium.setGraphicsMode = false;
  return [...Chromium.args.filter((a) => a !== '--single-process'), '--disable-gpu', ...NO_NETWORK_ARGS];
}

// @sparticuz/chromium's flags that switch web security off (made for scraping): with them no page is
// ever cross-origin isolated, and every page has SharedArrayBuffer.
const INSECURE_ARGS = ['--disable-web-security', '--allow-running-insecure-content', '--enable-features=SharedArrayBuffer'];

/**
 * Launches the pinned headless Chromium (see chromiumExecutable); the caller closes the handle.
 * `secure`: without INSECURE_ARGS, as users run it: SharedArrayBuffer and `crossOriginIsolated`
 * only in pages served with COOP/COEP (serveDir's `isolated`).
 */
export async function launchChromium({ secure = false } = {}) {
  const { chromium } = await import('playwright-core');
  const args = (await chromiumArgs()).filter((a) => !(secure && INSECURE_ARGS.includes(a)));
  return chromium.launch({ executablePath: await chromiumExecutable(), headless: true, args });
}

/** Opens `url` in a fresh context and waits for the page to set `window[key]`; returns its value. */
export async function pageResult(browser, url, key, timeoutMs = 30_000) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    const handle = await page.waitForFunction((k) => window[k], key, { timeout: timeoutMs }).catch(() => {
      throw new Error(`chromium: ${url} set no window.${key}; page errors: ${errors.join('; ') || 'none'}`);
    });
    return await handle.jsonValue();
  } finally {
    await context.close();
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Bundles `entry` the way wrangler does (export conditions workerd/worker/browser; each .wasm
 * import kept as its own module, wrangler's CompiledWasm rule) and writes a workerd config
 * serving it on 127.0.0.1:port. Returns the config path.
 */
export async function bundleWorker(dir, entry, port) {
  const esbuild = await import('esbuild');
  const wasm = new Map();
  await esbuild.build({
    entryPoints: [join(dir, entry)],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    outfile: join(dir, `${entry}.bundle.js`),
    logLevel: 'error',
    plugins: [{
      name: 'wasm-modules',
      setup(b) {
        b.onResolve({ filter: /\.wasm$/ }, (args) => {
          const file = join(args.resolveDir, args.path);
          const name = `rnn-${basename(file)}`;
          wasm.set(name, file);
          return { path: `./${name}`, external: true };
        });
      },
    }],
  });
  for (const [name, file] of wasm) copyFileSync(file, join(dir, name));
  const modules = [`(name = "worker.js", esModule = embed "${entry}.bundle.js")`, ...[...wasm.keys()].map((n) => `(name = "${n}", wasm = embed "${n}")`)];
  const config = join(dir, `${entry}.capnp`);
  writeFileSync(config, `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .w)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const w :Workerd.Worker = (
  modules = [${modules.join(', ')}],
  compatibilityDate = "2025-01-01",
);
`);
  return config;
}

/**
 * Starts workerd on `config`, polls until the first successful response, stops it by PID.
 * Returns { body, startToResponseMs } (from spawn to the response body).
 */
export async function firstWorkerdResponse(config, port, timeoutMs = 30_000) {
  const t0 = performance.now();
  const child = spawn(bin('workerd'), ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  let exited = false;
  child.on('exit', () => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error(`workerd exited early: ${err}`);
      if (performance.now() - t0 > timeoutMs) throw new Error(`workerd: no response within ${timeoutMs} ms: ${err}`);
      const res = await fetch(`http://127.0.0.1:${port}/`).catch(() => null);
      if (res) {
        const body = await res.text();
        if (!res.ok) throw new Error(`workerd: HTTP ${res.status}: ${body} ${err}`);
        return { body, startToResponseMs: performance.now() - t0 };
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    if (!exited && child.pid) process.kill(child.pid, 'SIGTERM');
  }
}

/** Runs a process to completion; killed by PID after timeoutMs. Resolves { code, out, err, ms }. */
export function runProcess(cmd, args, { cwd, env = process.env, timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.pid && process.kill(child.pid, 'SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err, ms: performance.now() - t0 });
    });
  });
}
