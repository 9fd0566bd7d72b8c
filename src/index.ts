// rnn-wasm: the default entry. Embeds the wasm builds, so `await init()` needs no configuration;
// each build is its own lazily imported chunk, so a host loads only the one it runs.
import { setDefaultWasmProvider } from './runtime/runtime.js';
import { embeddedProvider } from './runtime/embedded-lazy.js';

setDefaultWasmProvider(embeddedProvider);

export * from './api.js';
