// The public API, shared by every entry (default, worker).
export { init, createRuntime, getRuntime, setRuntime, Runtime } from './runtime/runtime.js';
export type { InitOptions, Isa, WasmSource } from './runtime/runtime.js';
export { detectIsa } from './runtime/detect.js';
export { Tensor } from './tensor/tensor.js';
export type { DType, TensorOptions, ArenaName } from './tensor/tensor.js';
export { Carry } from './tensor/carry.js';
export { RnnWasmError, ShapeError, ValueError, MemoryError, FormatError, StateError, UnsupportedError } from './errors.js';
export { readSafetensors } from './io/tensors.js';
export { writeSafetensors, parseSafetensors } from './io/safetensors.js';
export type { ReadOptions } from './io/tensors.js';
export { saveCheckpoint, loadCheckpoint } from './io/checkpoint.js';
export { storeModel, restoreModel, storeCheckpoint, restoreCheckpoint, listStored, deleteStored } from './io/browser_store.js';
export type { BrowserStore, StoredEntry } from './io/browser_store.js';
export { quantizeInt8 } from './io/quantize.js';
export { saveInt8, loadInt8 } from './io/int8_module.js';
export type { QuantizeOptions } from './io/quantize.js';
export { importKeras, KerasModel } from './io/keras_model.js';
export { loadKeras } from './io/keras_fetch.js';
export type { LoadKerasOptions } from './io/keras_fetch.js';
export { parseKerasModel } from './io/keras.js';
export type { KerasLayerSpec } from './io/keras.js';
export type { CheckpointParts, SaveOptions as CheckpointSaveOptions, Checkpoint } from './io/checkpoint.js';
export { StreamState } from './nn/recurrent/stream.js';
export type { StepResult, HostTensor } from './nn/recurrent/stream.js';
export * as data from './data/index.js';
// Autograd, modules, losses, optimizers (the "Training" section of the README).
export {
  noGrad, isGradEnabled, setDebugNonFinite, backward,
  linear, matmul, add, sub, mul, scale, sum, mean, tanh, sigmoid, relu, softmax, logSoftmax, dropout,
  reshape, transpose, concat, slice, gather, conv1d,
} from './autograd/index.js';
export type { ReduceOptions, Reduction, Conv1dOptions, Conv1dPadding } from './autograd/index.js';
export { crossEntropy, bceWithLogits, mse } from './nn/losses.js';
export type { CrossEntropyOptions } from './nn/losses.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export { Rng, manualSeed } from './util/rng.js';
export type { RngState } from './util/rng.js';
