// What the models use from the layers below, under the names the public entry gives them. The
// `rnn-wasm/models` bundle swaps this file for the same names from 'rnn-wasm' (scripts/build.mjs), so
// the models run on the runtime of whichever entry the user imported (default, node, worker),
// never on a second copy. Only names that src/api.ts exports may appear here (test/models checks).
export { Tensor } from '../tensor/tensor.js';
export { Carry } from '../tensor/carry.js';
export { ValueError, FormatError, MemoryError, RnnWasmError } from '../errors.js';
export { getRuntime } from '../runtime/runtime.js';
export { Rng, manualSeed } from '../util/rng.js';
export { noGrad, dropout, concat, reshape, slice, relu, sigmoid } from '../autograd/index.js';
export { crossEntropy, bceWithLogits, mse } from '../nn/losses.js';
export * as nn from '../nn/index.js';
export * as optim from '../optim/index.js';
export * as data from '../data/index.js';
export { writeSafetensors, parseSafetensors } from '../io/safetensors.js';
export { saveCheckpoint, loadCheckpoint } from '../io/checkpoint.js';
export { saveInt8, loadInt8 } from '../io/int8_module.js';
