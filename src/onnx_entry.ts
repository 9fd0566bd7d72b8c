// rnn-wasm/onnx (default condition): ONNX import/export plus what running an imported model needs
// (init, Runtime, Tensor, the errors), so an ONNX page can load this entry alone and never the
// training code (optimizers, fit, data utilities, quantization) that 'rnn-wasm' must carry.
// The bundle splits it with the core entries: the runtime, Tensor and error classes live in a
// shared chunk, so a page that imports both entries has one runtime and one set of classes.
// The core entries set the default wasm provider unconditionally (node.js reads files); this one
// only when none is set, so it never replaces theirs whatever the import order.
import { hasDefaultWasmProvider, setDefaultWasmProvider } from './runtime/runtime.js';
import { embeddedProvider } from './runtime/embedded-lazy.js';

if (!hasDefaultWasmProvider()) setDefaultWasmProvider(embeddedProvider);

export { init, createRuntime, getRuntime, setRuntime, Runtime } from './runtime/runtime.js';
export type { InitOptions, Isa, WasmSource } from './runtime/runtime.js';
export { Tensor } from './tensor/tensor.js';
export { RnnWasmError, ShapeError, ValueError, MemoryError, FormatError, StateError } from './errors.js';
export * from './onnx/index.js';
