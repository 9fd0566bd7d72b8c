// nn.quantizeDynamic (PyTorch's name and meaning): an inference-only copy of a module with int8
// weights and per-step int8 activations in its LSTM, GRU, RNN and Linear layers; other layers
// (Embedding, Dropout) are kept as they are and shared with the float module. Modules of higher
// layers (the library models, imported Keras models) take part through the Quantizable hook:
// they rebuild themselves around quantized children (imports only go down, so nn cannot know them).
import { checkOptions, StateError, ValueError } from '../../errors.js';
import { Module } from '../module.js';
import { Linear } from '../linear.js';
import { Sequential, type Layer } from '../sequential.js';
import { Embedding } from '../embedding.js';
import { Dropout } from '../dropout.js';
import { GRU, LSTM, RNN } from '../recurrent/index.js';
import { QuantizedLinear } from './linear.js';
import { QuantizedModule } from './module.js';
import { QuantizedRecurrent } from './recurrent.js';

/**
 * Options of {@link quantizeDynamic}: the dtype (int8) and per-tensor scales (PyTorch's default) instead of per-row ones.
 * @example
 * ```ts
 * nn.quantizeDynamic(lstm.eval(), { dtype: 'int8', perTensor: true } satisfies nn.QuantizeDynamicOptions);
 * ```
 */
export interface QuantizeDynamicOptions {
  /** Only 'int8'. */
  dtype: 'int8';
  /** One weight scale per tensor (PyTorch's default) instead of one per row. Default false. */
  perTensor?: boolean;
}

/**
 * Quantizes one child module (what a Quantizable's hook calls for each of its layers).
 * @example
 * ```ts
 * class Tagger extends nn.Module implements nn.Quantizable {
 *   quantizeDynamicWith(q: nn.QuantizeChild): nn.Module { return new TaggerInt8(q(this.lstm), q(this.out)); }
 * }
 * ```
 */
export type QuantizeChild = <M extends Module>(m: M) => Module;

/**
 * A module above nn (a library model, an imported model) that can rebuild itself quantized.
 * @example
 * ```ts
 * const q = nn.quantizeDynamic(charModel.eval(), { dtype: 'int8' }); // CharLM is Quantizable
 * ```
 */
export interface Quantizable {
  quantizeDynamicWith(q: QuantizeChild): Module;
}

/**
 * A model that is not an nn Module (an imported ONNX graph, src/onnx/import.ts) and makes its own
 * int8 copy with the same run(); nn cannot import it (imports only go down), hence the hook.
 */
export interface QuantizableModel<R> {
  quantizeDynamicModel(options: { perTensor: boolean }): R;
}

function isQuantizableModel(m: unknown): m is QuantizableModel<unknown> {
  return m !== null && typeof m === 'object' && typeof (m as Partial<QuantizableModel<unknown>>).quantizeDynamicModel === 'function';
}

function isQuantizable(m: Module): m is Module & Quantizable {
  return typeof (m as Partial<Quantizable>).quantizeDynamicWith === 'function';
}

/** The first module of the tree (depth first) still in training mode, or null. */
function inTraining(m: Module): Module | null {
  if (m.training) return m;
  for (const c of m.children()) {
    const hit = inTraining(c);
    if (hit) return hit;
  }
  return null;
}

/**
 * An int8 copy of `module` for inference: nn.LSTM (peepholes, hard_sigmoid gates), nn.GRU (both
 * reset forms), nn.RNN, nn.Linear, nn.Sequential of those, and Quantizable modules (char LM,
 * classifier, imported Keras models). Same forward / step / initialState as the float module.
 * An imported OnnxModel gives an OnnxModel with the same run() (its recurrent nodes int8).
 * The module must be in eval mode (call module.eval() first): training stays float32.
 * @example
 * ```ts
 * const lstm = new nn.LSTM({ inputSize: 64, hiddenSize: 128 }).eval();
 * const q = nn.quantizeDynamic(lstm, { dtype: 'int8' });
 * const { output } = (q as nn.QuantizedRecurrent).forward(x); // as the float LSTM's, with int8 weights
 * ```
 */
export function quantizeDynamic<R>(model: QuantizableModel<R>, options: QuantizeDynamicOptions): R;
export function quantizeDynamic<M extends Module>(module: M, options: QuantizeDynamicOptions): Module;
export function quantizeDynamic(module: Module | QuantizableModel<unknown>, options: QuantizeDynamicOptions): unknown {
  const where = 'quantizeDynamic';
  const model = !(module instanceof Module) && isQuantizableModel(module) ? module : null;
  if (!model && !(module instanceof Module)) throw new ValueError(`${where}: module must be an nn Module or an imported OnnxModel, got ${module === null ? 'null' : typeof module}`);
  if (options === null || typeof options !== 'object') throw new ValueError(`${where}: options must be an object { dtype: 'int8', perTensor? }, got ${options === null ? 'null' : typeof options}`);
  checkOptions(where, options, ['dtype', 'perTensor']);
  if (options.dtype !== 'int8') throw new ValueError(`${where}: dtype must be 'int8', got ${JSON.stringify(options.dtype)}`);
  if (options.perTensor !== undefined && typeof options.perTensor !== 'boolean') throw new ValueError(`${where}: perTensor must be a boolean, got ${JSON.stringify(options.perTensor)}`);
  if (model) return model.quantizeDynamicModel({ perTensor: options.perTensor ?? false }); // no training mode: inference only
  if (!(module instanceof Module)) throw new ValueError(`${where}: module must be an nn Module`); // (narrows the type)
  const training = inTraining(module);
  if (training) {
    const which = training === module ? '' : ` (its child ${training.constructor.name})`;
    throw new StateError(`${where}: the ${module.constructor.name}${which} is in training mode; call .eval() first (int8 modules are for inference, training stays float32)`);
  }
  // Every parameter must be live before anything is allocated (a stale one would fail half-way).
  for (const [, t] of module.namedParameters()) void t.ptr;
  const perTensor = options.perTensor ?? false;
  const q: QuantizeChild = (m) => quantizeOne(m, perTensor);
  return quantizeOne(module, perTensor, q);
}

function quantizeOne(m: Module, perTensor: boolean, q: QuantizeChild = (c) => quantizeOne(c, perTensor)): Module {
  if (m instanceof QuantizedModule) return m;
  if (m instanceof LSTM) {
    const peephole = m.namedParameters().some(([n]) => n === 'peephole_i_l0');
    return QuantizedRecurrent.fromFloat(m, 'LSTM', peephole ? 'lstm_peephole' : 'lstm', m.gateActivation === 'hard_sigmoid', perTensor);
  }
  if (m instanceof GRU) return QuantizedRecurrent.fromFloat(m, 'GRU', m.resetAfter ? 'gru' : 'gru_rb', m.gateActivation === 'hard_sigmoid', perTensor);
  if (m instanceof RNN) return QuantizedRecurrent.fromFloat(m, 'RNN', m.nonlinearity === 'relu' ? 'rnn_relu' : 'rnn_tanh', false, perTensor);
  if (m instanceof Linear) return QuantizedLinear.fromFloat(m, perTensor);
  if (m instanceof Sequential) return new Sequential(...m.layers.map((l) => q(l) as Layer)).eval();
  if (m instanceof Embedding || m instanceof Dropout) return m; // no int8 form: kept (shared), as PyTorch
  if (isQuantizable(m)) return m.quantizeDynamicWith(q);
  throw new ValueError(`quantizeDynamic: ${m.constructor.name} has no int8 form (supported: LSTM, GRU, RNN, Linear, Sequential, Embedding and Dropout kept as they are, and modules that implement quantizeDynamicWith)`);
}
