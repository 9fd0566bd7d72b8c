// Runs the conformance program (test/runtimes/program) in each host against an installed project
// directory and returns its report. Process, server and browser lifetimes are handled in launch.mjs.
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, bundleWorker, firstWorkerdResponse, freePort, launchChromium, pageResult, runProcess, serveDir } from './launch.mjs';

export interface IsaResult {
  isa: string; built?: string; digest?: string; error?: string;
  threadsAsked?: number; threads?: number; threadsReason?: string | null; jobs?: number; // issue 14
  cases?: { name: string; digest: string; values: number[] }[];
}
export interface Report {
  host: string; results: IsaResult[]; example?: unknown; bundled?: Report;
  /** Chromium: whether the page was cross-origin isolated, and the report of the page that was not. */
  crossOriginIsolated?: boolean; plain?: Report;
  /** init({ threads: 2, requireThreads: true }): the threads it got, or its error. */
  requireThreads?: { threads?: number; error?: string };
}

const programDir = new URL('./program/', import.meta.url);
const examples = new URL('../../examples/', import.meta.url);

/**
 * Copies the program (the .mjs and .html files, not their .d.mts) next to the installed package,
 * with the browser and worker examples as example.html and example-worker.js.
 */
export function addProgram(dir: string): void {
  for (const f of readdirSync(programDir)) {
    if (/\.(mjs|html)$/.test(f) && !f.endsWith('.d.mts')) copyFileSync(new URL(f, programDir), join(dir, f));
  }
  copyFileSync(new URL('browser-min/index.html', examples), join(dir, 'example.html'));
  copyFileSync(new URL('worker/worker.js', examples), join(dir, 'example-worker.js'));
}

function parseReport(text: string, host: string): Report {
  const line = text.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Report;
  } catch {
    throw new Error(`${host}: no JSON report; output was:\n${text}`);
  }
}

export async function runNode(dir: string): Promise<Report> {
  const r = await runProcess(process.execPath, ['--experimental-wasm-relaxed-simd', 'cli.mjs'], { cwd: dir });
  if (r.code !== 0) throw new Error(`node exited ${r.code}: ${r.err}`);
  return parseReport(r.out, 'node');
}

export async function runDeno(dir: string): Promise<Report> {
  // No permission flags: loading the package and its wasm needs none.
  const env = { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
  const r = await runProcess(bin('deno'), ['run', '--no-prompt', '--no-lock', 'cli.mjs'], { cwd: dir, env });
  if (r.code !== 0) throw new Error(`deno exited ${r.code}: ${r.err}`);
  return parseReport(r.out, 'deno');
}

/** Bun (the `bun` npm package's binary): resolves the package through its `bun`/`node` export conditions. */
export async function runBun(dir: string): Promise<Report> {
  const env = { ...process.env, NO_COLOR: '1', BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0' };
  const r = await runProcess(bin('bun'), ['cli.mjs'], { cwd: dir, env });
  if (r.code !== 0) throw new Error(`bun exited ${r.code}: ${r.err}`);
  return parseReport(r.out, 'bun');
}

/** The browser program as a user's bundler would ship it: esbuild, platform browser, split chunks. */
async function bundleForBrowser(dir: string): Promise<void> {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [join(dir, 'page.mjs')], bundle: true, splitting: true, format: 'esm', target: 'es2022',
    platform: 'browser', outdir: join(dir, 'bundled'), logLevel: 'error',
  });
  writeFileSync(join(dir, 'bundled', 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="./page.js"></script>\n');
}

/**
 * Chromium with web security on: the program in a cross-origin-isolated page (COOP/COEP/CORP on
 * every response, so its 2-thread leg gets 2 threads), the same page served without isolation (the 2-thread leg falls back
 * to one thread: `plain`), the browser example and the bundled page.
 */
export async function runChromium(dir: string): Promise<Report> {
  const browser = await launchChromium({ secure: true });
  const isolated = await serveDir(dir, { isolated: true });
  const plain = await serveDir(dir);
  try {
    const url = isolated.url;
    const report = (await pageResult(browser, url, '__rnn')) as Report & { error?: string };
    if (report.error) throw new Error(`chromium: ${report.error}`);
    const plainReport = (await pageResult(browser, `${plain.url}?isas=relaxed,simd`, '__rnn')) as Report & { error?: string };
    if (plainReport.error) throw new Error(`chromium (not isolated): ${plainReport.error}`);
    report.plain = plainReport;
    report.example = await pageResult(browser, `${url}example.html`, '__example');
    await bundleForBrowser(dir);
    report.bundled = (await pageResult(browser, `${url}bundled/index.html`, '__rnn')) as Report;
    return report;
  } finally {
    await browser.close();
    isolated.server.close();
    plain.server.close();
  }
}

export async function runWorkerd(dir: string): Promise<Report> {
  const port = await freePort();
  const config = await bundleWorker(dir, 'worker.mjs', port);
  const { body } = await firstWorkerdResponse(config, port);
  const report = parseReport(body, 'workerd');
  // The worker example, bundled and served the same way.
  const examplePort = await freePort();
  report.example = JSON.parse((await firstWorkerdResponse(await bundleWorker(dir, 'example-worker.js', examplePort), examplePort)).body);
  return report;
}
