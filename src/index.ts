// rnn-wasm: the default entry. Embeds the wasm builds, so `await init()` needs no configuration.
// Each build is its own lazily imported module: a host downloads and decodes only the one it runs.
import { setDefaultWasmProvider, type WasmSource } from './runtime/runtime.js';
import type { Isa } from './runtime/detect.js';

const builds: Record<Isa, () => Promise<{ WASM_B64: string }>> = {
  relaxed: () => import('./runtime/wasm-relaxed.gen.js'),
  simd: () => import('./runtime/wasm-simd.gen.js'),
  none: () => import('./runtime/wasm-scalar.gen.js'),
};

function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// compileSource awaits a promise and compiles what it resolves to, bytes included;
// WasmSource only names Promise<Response>, hence the cast.
setDefaultWasmProvider((isa) => builds[isa]().then((m) => decodeBase64(m.WASM_B64)) as unknown as WasmSource);

export * from './api.js';
