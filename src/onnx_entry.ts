// The bundle entry of dist/onnx/index.js (scripts/build.mjs): the `rnn-wasm/onnx` API, plus the
// core's modules referenced once, so that esbuild's code splitting puts the code this entry
// shares with the core entries in the very chunk they already load (split along what this entry
// alone uses, the core would be cut into more chunks: about 1.3 KB more gzip). It lives at the
// entries level because it imports the entries' API (src/onnx/ may not import upward).
import * as core from './api.js';
import * as embedded from './runtime/embedded-lazy.js';
void [core, embedded];

export * from './onnx/index.js';
