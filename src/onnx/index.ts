// The `rnn-wasm/onnx` entry: ONNX import and export. Its own entry so the core stays small.
export { importOnnx, OnnxModel } from './import.js';
export type { ImportOptions, OnnxIO, Feed, FeedData, Output, OutputData } from './import.js';
export { exportOnnx, DEFAULT_OPSET } from './export.js';
export type { ExportOnnxOptions } from './export.js';

// Bundling: the core's modules, referenced once, so that esbuild's code splitting puts the code
// this entry shares with the core entries in the very chunk they already load (split along what
// this entry alone uses, the core would be cut into more chunks: about 1.3 KB more gzip).
import * as core from '../api.js';
import * as embedded from '../runtime/embedded-lazy.js';
void [core, embedded];
