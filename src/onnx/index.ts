// The `rnn-wasm/onnx` entry: ONNX export (and import). Its own entry so the core stays small.
export { exportOnnx, DEFAULT_OPSET } from './export.js';
export type { ExportOnnxOptions } from './export.js';
