// rnn-wasm: the default entry. Embeds the wasm builds, so `await init()` needs no configuration;
// each build is its own lazily imported chunk, so a host loads only the one it runs.
/**
 * Recurrent neural networks (RNN, LSTM, GRU) with the math in WebAssembly SIMD: PyTorch-identical
 * numerics, the same code in Node, Deno, Bun, browsers and workers. Start with {@link init}; the
 * guides below are the README's long sections.
 * @packageDocumentation
 * @document ../docs/guide/cli.md
 * @document ../docs/guide/models.md
 * @document ../docs/guide/forecasting.md
 * @document ../docs/guide/training.md
 * @document ../docs/guide/weights.md
 * @document ../docs/guide/hosts.md
 * @document ../docs/guide/threads.md
 * @document ../docs/guide/reliability.md
 */
import { setDefaultWasmProvider } from './runtime/runtime.js';
import { embeddedProvider } from './runtime/embedded-lazy.js';

setDefaultWasmProvider(embeddedProvider);

export * from './api.js';
