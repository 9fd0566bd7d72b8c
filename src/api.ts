// The public API, shared by every entry (default, worker).
export { init, createRuntime, getRuntime, setRuntime, Runtime } from './runtime/runtime.js';
export type { InitOptions, Isa, WasmSource } from './runtime/runtime.js';
export { detectIsa } from './runtime/detect.js';
export { Tensor } from './tensor/tensor.js';
export type { DType, TensorOptions, ArenaName } from './tensor/tensor.js';
export { matmul } from './tensor/matmul.js';
export { RnnWasmError, ShapeError, ValueError, MemoryError, FormatError, StateError } from './errors.js';
export { readSafetensors } from './io/tensors.js';
export { writeSafetensors, parseSafetensors } from './io/safetensors.js';
export type { ReadOptions } from './io/tensors.js';
export * as data from './data/index.js';
