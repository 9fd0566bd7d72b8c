// rnn-wasm for workers (workerd / Cloudflare Workers): they refuse to compile wasm from bytes, so
// the builds are imported statically; the host's module loader hands us compiled WebAssembly.Modules.
// Selected by the `workerd` export condition, or imported as `rnn-wasm/worker`.
import relaxed from './wasm/relaxed.wasm';
import simd from './wasm/simd.wasm';
import scalar from './wasm/scalar.wasm';
import { setDefaultWasmProvider } from './runtime/runtime.js';

const builds = { relaxed, simd, none: scalar };
// workerd has no threads: no shared-memory builds here (init({ threads }) falls back to one).
setDefaultWasmProvider((isa, threaded) => (threaded ? null : builds[isa]));

export * from './api.js';
