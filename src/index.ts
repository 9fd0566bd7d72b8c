// rnn-wasm: the default entry. Embeds the wasm builds, so `await init()` needs no configuration.
import { embeddedWasm } from './runtime/embedded.js';
import { setDefaultWasmProvider } from './runtime/runtime.js';

setDefaultWasmProvider(embeddedWasm);

export * from './api.js';
