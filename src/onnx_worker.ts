// rnn-wasm/onnx for workers (workerd / Cloudflare Workers), selected by the `workerd` condition of
// the `rnn-wasm/onnx` export: one self-contained bundle with init() and importOnnx(), its wasm
// builds imported statically as compiled modules (workers refuse to compile wasm from bytes).
// In a worker, take init from here: a second bundle ('rnn-wasm') would hold its own runtime.
import relaxed from './wasm/relaxed.wasm';
import simd from './wasm/simd.wasm';
import scalar from './wasm/scalar.wasm';
import { setDefaultWasmProvider } from './runtime/runtime.js';

const builds = { relaxed, simd, none: scalar };
setDefaultWasmProvider((isa) => builds[isa]);

// Only what running an imported model needs, so the bundle stays small.
export { init, createRuntime, getRuntime, setRuntime, Runtime } from './runtime/runtime.js';
export type { InitOptions, Isa, WasmSource } from './runtime/runtime.js';
export { Tensor } from './tensor/tensor.js';
export { RnnWasmError, ShapeError, ValueError, MemoryError, FormatError, StateError } from './errors.js';
export * from './onnx/index.js';
