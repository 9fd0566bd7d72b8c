// The wasm builds embedded in the default entry: one lazily imported module per build (generated
// by scripts/build.mjs), gzipped then base64'd, so a host downloads and unpacks only the build it
// runs. Base64 alone would defeat the gzip on the wire (about a third more to download).
import { FormatError, ValueError } from '../errors.js';
import type { Isa } from './detect.js';
import type { WasmSource } from './source.js';

interface Embedded { WASM_BYTES: number; WASM_GZIP_B64: string }

const builds: Record<Isa, () => Promise<Embedded>> = {
  relaxed: () => import('./wasm-relaxed.gen.js'),
  simd: () => import('./wasm-simd.gen.js'),
  none: () => import('./wasm-scalar.gen.js'),
};
// The shared-memory builds behind init({ threads }) (none for the scalar build).
const threadedBuilds: Partial<Record<Isa, () => Promise<Embedded>>> = {
  relaxed: () => import('./wasm-relaxed-threads.gen.js'),
  simd: () => import('./wasm-simd-threads.gen.js'),
};

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Unpacks gzip `data` of known unpacked `size` with the host's DecompressionStream. */
async function gunzip(data: Uint8Array<ArrayBuffer>, size: number): Promise<Uint8Array> {
  if (typeof DecompressionStream !== 'function') {
    throw new ValueError("init: this host has no DecompressionStream to unpack the embedded wasm; pass init({ wasm }) a build from 'rnn-wasm/wasm/*.wasm'");
  }
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  // Not awaited: the writes complete only as the reader drains; errors surface through the reader.
  writer.write(data).then(() => writer.close()).catch(() => {});
  const reader = ds.readable.getReader();
  const out = new Uint8Array(size);
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (n + value.length > size) throw new FormatError(`init: the embedded wasm unpacks to more than ${size} bytes`);
    out.set(value, n);
    n += value.length;
  }
  if (n !== size) throw new FormatError(`init: the embedded wasm unpacked to ${n} bytes, expected ${size}`);
  return out;
}

/** The bytes of the embedded build for `isa` (its shared-memory build when `threaded`). */
export async function embeddedBytes(isa: Isa, threaded = false): Promise<Uint8Array> {
  const load = threaded ? threadedBuilds[isa] : builds[isa];
  if (!load) throw new ValueError(`init: no embedded threaded build for '${isa}'`);
  const m = await load();
  return gunzip(decodeBase64(m.WASM_GZIP_B64), m.WASM_BYTES);
}

// compileSource awaits a promise and compiles what it resolves to, bytes included;
// WasmSource only names Promise<Response>, hence the cast.
export const embeddedProvider = (isa: Isa, threaded = false): WasmSource | null =>
  threaded && !threadedBuilds[isa] ? null : (embeddedBytes(isa, threaded) as unknown as WasmSource);
