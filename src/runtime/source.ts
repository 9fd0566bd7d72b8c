// Turning whatever the host gives us into a compiled WebAssembly.Module.
// A Module is used as it is (workers allow nothing else: they refuse to compile bytes).
import { ValueError } from '../errors.js';

export type WasmSource =
  | WebAssembly.Module
  | ArrayBuffer
  | ArrayBufferView
  | URL
  | string
  | Response
  | Promise<Response>;

export function isWasmSource(x: unknown): x is WasmSource {
  return (
    x instanceof WebAssembly.Module ||
    x instanceof ArrayBuffer ||
    ArrayBuffer.isView(x) ||
    x instanceof URL ||
    typeof x === 'string' ||
    (typeof Response !== 'undefined' && x instanceof Response) ||
    (typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function')
  );
}

async function readFileUrl(url: URL): Promise<Uint8Array> {
  // Node 20 cannot fetch file: URLs. The specifier is held in a variable so that bundlers
  // for the browser do not try to resolve it; this path only runs where file: URLs exist.
  const fsName = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ fsName)) as { readFile(u: URL): Promise<Uint8Array> };
  return fs.readFile(url);
}

export async function compileSource(src: WasmSource, where: string): Promise<WebAssembly.Module> {
  try {
    if (src instanceof WebAssembly.Module) return src;
    if (src instanceof ArrayBuffer || ArrayBuffer.isView(src)) return await WebAssembly.compile(src as BufferSource);
    if (typeof Response !== 'undefined' && src instanceof Response) {
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
    if (typeof (src as Promise<Response>).then === 'function') return await compileSource(await src, where);
  } catch (e) {
    if (e instanceof ValueError) throw e;
    throw new ValueError(`${where}: could not compile the wasm source: ${String(e)}`);
  }
  throw new ValueError(`${where}: wasm source must be a WebAssembly.Module, bytes, a URL or a Response, got ${typeof src}`);
}
