// The host side of threads, in one place: whether this host can run wasm threads (and why not),
// how many cores it reports, and one small worker interface over Node's worker_threads and the
// Web Worker of Deno and browsers. Everything else (the pool) is host-independent.
//
// Node 20 has no global Worker: worker_threads is imported through a specifier held in a variable
// (as source.ts does for node:fs), so bundlers for the browser do not try to resolve it. Deno gets
// worker_threads too: its Web Worker keeps the process alive, its worker_threads Worker has unref().

/** A worker as the pool sees it. */
export interface HostWorker {
  post(msg: unknown): void;
  onMessage(f: (msg: unknown) => void): void;
  onError(f: (err: unknown) => void): void;
  /** Node: lets the process exit while the worker waits (the pool's workers never end by themselves). */
  unref(): void;
  terminate(): void;
}

interface NodeProcess { versions?: { node?: string }; release?: { name?: string } }
const nodeProcess = (): NodeProcess | undefined => (globalThis as { process?: NodeProcess }).process;

/** Node, or a host with Node's worker_threads (Deno, Bun): they define process.versions.node. */
function isNode(): boolean {
  return typeof nodeProcess()?.versions?.node === 'string';
}

/** Why this host cannot run the kernels on several threads, or null when it can. */
export function threadsUnavailable(): string | null {
  if (typeof SharedArrayBuffer !== 'function') {
    return 'this host has no SharedArrayBuffer (a browser page needs cross-origin isolation: COOP same-origin, COEP require-corp)';
  }
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) {
    return 'the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  }
  if (!isNode() && typeof (globalThis as { Worker?: unknown }).Worker !== 'function') {
    return 'this host has no Workers (workerd / Cloudflare Workers run one thread)';
  }
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  } catch (e) {
    return `this host refuses a shared WebAssembly.Memory: ${String(e)}`;
  }
  return null;
}

/** The cores the host reports (navigator.hardwareConcurrency, or Node's os.availableParallelism). */
export async function reportedCores(): Promise<number> {
  const hc = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  if (typeof hc === 'number' && hc >= 1) return hc;
  if (isNode()) {
    const osName = ['node', 'os'].join(':'); // built at run time: see source.ts readFileUrl
    const os = (await import(/* @vite-ignore */ osName)) as { availableParallelism?: () => number; cpus(): unknown[] };
    return os.availableParallelism ? os.availableParallelism() : os.cpus().length;
  }
  return 1;
}

/** Whether this thread may block in Atomics.wait (a browser's main thread may not). */
export function canBlock(i32: Int32Array): boolean {
  try {
    Atomics.wait(i32, 0, Atomics.load(i32, 0) + 1, 0); // value differs: returns at once
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a worker running `body`: JavaScript that finds its host as `host` ({ on(f), post(m) }).
 * Node evaluates it as a script; elsewhere it is a module Worker from a blob: URL.
 */
export async function spawnWorker(body: string): Promise<HostWorker> {
  type NodeWorker = new (src: string, o: { eval: boolean }) => {
    postMessage(m: unknown): void; on(ev: string, f: (x: unknown) => void): void; unref(): void; terminate(): Promise<number>;
  };
  let wt: { Worker: NodeWorker } | null = null;
  if (isNode()) {
    const wtName = ['node', 'worker_threads'].join(':'); // built at run time: see source.ts readFileUrl
    wt = (await import(/* @vite-ignore */ wtName).catch(() => null)) as { Worker: NodeWorker } | null;
  }
  if (wt !== null) {
    const prelude = "const { parentPort } = require('node:worker_threads');\n" +
      "const host = { on: (f) => parentPort.on('message', f), post: (m) => parentPort.postMessage(m), close: () => parentPort.close?.() };\n";
    const w = new wt.Worker(prelude + body, { eval: true });
    return {
      post: (m) => w.postMessage(m),
      onMessage: (f) => w.on('message', f),
      onError: (f) => w.on('error', f),
      unref: () => w.unref(),
      terminate: () => void w.terminate(),
    };
  }
  const prelude = 'const host = { on: (f) => { self.onmessage = (e) => f(e.data); }, post: (m) => self.postMessage(m), close: () => self.close() };\n';
  const url = URL.createObjectURL(new Blob([prelude + body], { type: 'text/javascript' }));
  const w = new Worker(url, { type: 'module' });
  // Revoked once the worker has loaded it (its first message), not before.
  let revoked = false;
  const revoke = (): void => {
    if (!revoked) URL.revokeObjectURL(url);
    revoked = true;
  };
  return {
    post: (m) => w.postMessage(m),
    onMessage: (f) => w.addEventListener('message', (e) => { revoke(); f((e as MessageEvent).data); }),
    onError: (f) => w.addEventListener('error', (e) => { revoke(); e.preventDefault?.(); f((e as ErrorEvent).message ?? e); }),
    // Deno: a non-standard unref() exists on some versions; browsers end workers with the page.
    unref: () => (w as unknown as { unref?: () => void }).unref?.(),
    terminate: () => { revoke(); w.terminate(); },
  };
}
