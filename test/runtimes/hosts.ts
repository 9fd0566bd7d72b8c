// Runs the conformance program (test/runtimes/program) in each host against an installed project
// directory, and returns its report. Every server, browser and process binds 127.0.0.1 and is
// stopped by its own PID (or its own handle) in a finally block.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, normalize } from 'node:path';
import { bin } from '../package/pack.js';

export interface IsaResult { isa: string; built?: string; digest?: string; error?: string; cases?: { name: string; digest: string; values: number[] }[] }
export interface Report { host: string; results: IsaResult[] }

export const CHROMIUM = '/usr/bin/chromium';
const programDir = new URL('./program/', import.meta.url);

/** Copies the program files next to the installed package. */
export function addProgram(dir: string): void {
  for (const f of readdirSync(programDir)) copyFileSync(new URL(f, programDir), join(dir, f));
}

function parseReport(text: string, host: string): Report {
  const line = text.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Report;
  } catch {
    throw new Error(`${host}: no JSON report; output was:\n${text}`);
  }
}

/** Runs a command to completion (killed by PID after timeoutMs). */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; out: string; err: string; ms: number }> {
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

export async function runNode(dir: string): Promise<Report> {
  const r = await run(process.execPath, ['--experimental-wasm-relaxed-simd', 'cli.mjs'], dir, process.env, 30_000);
  if (r.code !== 0) throw new Error(`node exited ${r.code}: ${r.err}`);
  return parseReport(r.out, 'node');
}

export async function runDeno(dir: string): Promise<Report> {
  // No permission flags: loading the package and its wasm needs none.
  const env = { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
  const r = await run(bin('deno'), ['run', '--no-prompt', '--no-lock', 'cli.mjs'], dir, env, 30_000);
  if (r.code !== 0) throw new Error(`deno exited ${r.code}: ${r.err}`);
  return parseReport(r.out, 'deno');
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

/** A static file server for `dir` on 127.0.0.1 (a free port). */
export async function serveDir(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = join(dir, normalize(path === '/' ? '/index.html' : path));
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${addr.port}/` };
}

export async function runChromium(dir: string): Promise<Report> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (as root; .ci/run does this in CI)`);
  }
  const { chromium } = await import('playwright-core');
  const { server, url } = await serveDir(dir);
  const profile = mkdtempSync(join(tmpdir(), 'rnn-wasm-chromium-'));
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | null = null;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    const handle = await page.waitForFunction(() => (window as unknown as { __rnn?: unknown }).__rnn, undefined, { timeout: 30_000 }).catch(() => {
      throw new Error(`chromium: the page produced no report; page errors: ${errors.join('; ') || 'none'}`);
    });
    const report = (await handle.jsonValue()) as Report & { error?: string };
    if (report.error) throw new Error(`chromium: ${report.error}`);
    return report;
  } finally {
    await context?.close();
    server.close();
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Bundles worker.mjs the way wrangler does: export conditions workerd/worker/browser, and each
 * .wasm import left as its own module (wrangler's CompiledWasm rule), then writes a capnp config.
 */
export async function bundleWorker(dir: string, entry: string, port: number): Promise<string> {
  const esbuild = await import('esbuild');
  const wasm = new Map<string, string>();
  await esbuild.build({
    entryPoints: [join(dir, entry)],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    outfile: join(dir, 'bundle.js'),
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
  const modules = [`(name = "bundle.js", esModule = embed "bundle.js")`, ...[...wasm.keys()].map((n) => `(name = "${n}", wasm = embed "${n}")`)];
  const config = join(dir, 'config.capnp');
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

/** Starts workerd on `config` and returns the first successful response body; kills it after. */
export async function fetchFromWorkerd(config: string, port: number, timeoutMs = 30_000): Promise<{ body: string; startToResponseMs: number; requestMs: number }> {
  const t0 = performance.now();
  const child: ChildProcess = spawn(bin('workerd'), ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d) => (err += d));
  let exited = false;
  child.on('exit', () => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error(`workerd exited early: ${err}`);
      if (performance.now() - t0 > timeoutMs) throw new Error(`workerd: no response within ${timeoutMs} ms: ${err}`);
      const r0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/`).catch(() => null);
      if (res) {
        const body = await res.text();
        if (!res.ok) throw new Error(`workerd: HTTP ${res.status}: ${body} ${err}`);
        return { body, startToResponseMs: performance.now() - t0, requestMs: performance.now() - r0 };
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    if (!exited && child.pid) process.kill(child.pid, 'SIGTERM');
  }
}

export async function runWorkerd(dir: string): Promise<Report> {
  const port = await freePort();
  const config = await bundleWorker(dir, 'worker.mjs', port);
  const { body } = await fetchFromWorkerd(config, port);
  return parseReport(body, 'workerd');
}
