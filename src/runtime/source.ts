// Turning whatever the host gives us into a compiled WebAssembly.Module.
// A Module is used as it is (workers allow nothing else: they refuse to compile bytes).
import { ValueError } from '../errors.js';

/**
 * Where a kernel build can come from: a compiled `WebAssembly.Module` (the only thing workers
 * accept), its bytes, a URL or path to the `.wasm` file, or a fetch `Response`.
 * @example
 * ```ts
 * await init(new URL('./node_modules/rnn-wasm/dist/wasm/simd.wasm', import.meta.url));
 * await init({ wasm: fetch('/wasm/relaxed.wasm') }); // a Promise<Response> works too
 * ```
 */
export type WasmSource =
  | WebAssembly.Module
  | ArrayBuffer
  | ArrayBufferView
  | URL
  | string
  | Response
  | Promise<Response>;

// Only touch the `Response` global for objects shaped like one: in Node 20, the first access to
// it loads undici and compiles its HTTP parser (about 50 ms of cold start).
function isResponse(x: unknown): x is Response {
  return (
    typeof x === 'object' && x !== null && typeof (x as { arrayBuffer?: unknown }).arrayBuffer === 'function' &&
    'headers' in x && typeof Response !== 'undefined' && x instanceof Response
  );
}

const isThenable = (x: unknown): x is PromiseLike<unknown> =>
  typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';

export function isWasmSource(x: unknown): x is WasmSource {
  return (
    x instanceof WebAssembly.Module ||
    x instanceof ArrayBuffer ||
    ArrayBuffer.isView(x) ||
    x instanceof URL ||
    typeof x === 'string' ||
    isThenable(x) ||
    isResponse(x)
  );
}

async function readFileUrl(url: URL): Promise<Uint8Array> {
  // Node 20 cannot fetch file: URLs. The specifier is built at run time so that bundlers for the
  // browser do not try to resolve it (a plain constant in a variable is folded back into a literal
  // `import("node:fs/promises")` by minifiers: test/package checks dist/); this path only runs
  // where file: URLs exist.
  const fsName = ['node:fs', 'promises'].join('/');
  const fs = (await import(/* @vite-ignore */ fsName)) as { readFile(u: URL): Promise<Uint8Array> };
  return fs.readFile(url);
}

export async function compileSource(src: WasmSource, where: string): Promise<WebAssembly.Module> {
  try {
    if (src instanceof WebAssembly.Module) return src;
    if (src instanceof ArrayBuffer || ArrayBuffer.isView(src)) return await WebAssembly.compile(src as BufferSource);
    if (isThenable(src)) return await compileSource((await src) as WasmSource, where);
    if (isResponse(src)) {
      if (!src.ok) throw new ValueError(`${where}: fetching the wasm failed: HTTP ${src.status} ${src.statusText}`);
      const type = src.headers.get('content-type') ?? '';
      if (type.startsWith('application/wasm') && typeof WebAssembly.compileStreaming === 'function') {
        return await WebAssembly.compileStreaming(src);
      }
      return await WebAssembly.compile(await src.arrayBuffer());
    }
    if (src instanceof URL || typeof src === 'string') {
      const url = src instanceof URL ? src : new URL(src, (globalThis as { location?: { href: string } }).location?.href);
      if (url.protocol === 'file:') return await WebAssembly.compile((await readFileUrl(url)) as BufferSource);
      return await compileSource(await fetch(url), where);
    }
  } catch (e) {
    if (e instanceof ValueError) throw e;
    throw new ValueError(`${where}: could not compile the wasm source: ${String(e)}`);
  }
  throw new ValueError(`${where}: wasm source must be a WebAssembly.Module, bytes, a URL or a Response, got ${typeof src}`);
}
