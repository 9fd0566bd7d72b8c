// The `rnn-wasm/onnx` entry: ONNX import and export. Its own entry so the core stays small.
export { importOnnx, OnnxModel } from './import.js';
export type { ImportOptions, OnnxIO, Feed, FeedData, Output, OutputData } from './import.js';
export { exportOnnx, DEFAULT_OPSET } from './export.js';
export type { ExportOnnxOptions } from './export.js';
