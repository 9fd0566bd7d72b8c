// exportOnnx: an rnn-wasm module as an ONNX model (bytes of a .onnx file) that onnxruntime and
// our importer run with the same outputs. Inference graph: dropout is left out.
import { checkOptions, ValueError } from '../errors.js';
import type { Module } from '../nn/module.js';
import { exportLayers, flattenLayers } from './export_layers.js';
import { exportRecurrent, isRecurrent } from './export_recurrent.js';
import { GraphBuilder } from './graph.js';
import { encodeModel, type Dim } from './proto_write.js';

/**
 * Options of {@link exportOnnx}: the input shape, its dynamic axes, the opset, and extra state / lengths inputs.
 * @example
 * ```ts
 * exportOnnx(gru, { input: [1, 50, 32], dynamic: { 0: 'batch', 1: 'time' }, initialState: true, lengths: true } satisfies ExportOnnxOptions);
 * ```
 */
export interface ExportOnnxOptions {
  /** The input's shape, e.g. [B, T, I] for a batch-first LSTM, [B, T] token ids for an Embedding first. */
  input: readonly number[];
  /** Axes of the input whose size varies at run time, by index: { 0: 'batch', 1: 'time' }. */
  dynamic?: Readonly<Record<number, string>>;
  /** ONNX opset, 11 to 22 (default 17). */
  opset?: number;
  /** Recurrent modules: also take the initial state as inputs h0 (and c0), (L*D, B, H). */
  initialState?: boolean;
  /**
   * Recurrent modules: also take 'lengths', int32 (B), the valid steps of each row (ONNX
   * sequence_lens; the forward's `lengths` option): padded steps give 0, h_n is each row's last step.
   */
  lengths?: boolean;
}

/**
 * The ONNX opset {@link exportOnnx} writes unless told otherwise.
 * @example
 * ```ts
 * exportOnnx(lstm, { input: [1, 20, 8], opset: DEFAULT_OPSET });
 * ```
 */
export const DEFAULT_OPSET = 17;

/** The IR version each opset came with (onnx/helper.py VERSION_TABLE). */
function irVersion(opset: number): number {
  return opset <= 11 ? 6 : opset <= 14 ? 7 : opset <= 18 ? 8 : opset <= 20 ? 9 : 10;
}

/**
 * ONNX bytes for an nn.LSTM / GRU / RNN (inputs 'input' [, 'h0', 'c0'] [, 'lengths'], outputs 'output',
 * 'h_n' [, 'c_n']) or a Sequential / single layer (input 'input', output 'output').
 * @example
 * ```js
 * const bytes = exportOnnx(lstm, { input: [1, 128, 64], dynamic: { 0: 'batch', 1: 'time' } });
 * ```
 */
export function exportOnnx(module: Module, opts: ExportOnnxOptions): Uint8Array {
  if (opts === null || typeof opts !== 'object') throw new ValueError('exportOnnx: options must be an object with an input shape, e.g. { input: [1, 16, 8] }');
  checkOptions('exportOnnx', opts, ['input', 'dynamic', 'opset', 'initialState', 'lengths']);
  const input = opts.input;
  if (!Array.isArray(input) || input.length === 0 || !input.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new ValueError(`exportOnnx: input must be a non-empty array of positive integers (the input shape), got ${JSON.stringify(input)}`);
  }
  const opset = opts.opset ?? DEFAULT_OPSET;
  if (!Number.isInteger(opset) || opset < 11 || opset > 22) throw new ValueError(`exportOnnx: opset must be an integer from 11 to 22, got ${opset}`);
  for (const k of ['initialState', 'lengths'] as const) {
    if (opts[k] !== undefined && typeof opts[k] !== 'boolean') throw new ValueError(`exportOnnx: ${k} must be a boolean, got ${JSON.stringify(opts[k])}`);
  }
  const dims: Dim[] = input.slice();
  if (opts.dynamic !== undefined) {
    if (opts.dynamic === null || typeof opts.dynamic !== 'object') throw new ValueError('exportOnnx: dynamic must be an object of axis index -> name, e.g. { 0: \'batch\' }');
    for (const key of Object.keys(opts.dynamic)) {
      const axis = Number(key);
      const name = (opts.dynamic as Record<string, unknown>)[key];
      if (!Number.isInteger(axis) || axis < 0 || axis >= input.length) throw new ValueError(`exportOnnx: dynamic axis ${JSON.stringify(key)} is not an axis of the ${input.length}-D input`);
      if (typeof name !== 'string' || name === '') throw new ValueError(`exportOnnx: dynamic[${axis}] must be a non-empty name, got ${JSON.stringify(name)}`);
      dims[axis] = name;
    }
  }
  const g = new GraphBuilder();
  if (isRecurrent(module)) {
    exportRecurrent(g, module, dims, { opset, initialState: opts.initialState ?? false, lengths: opts.lengths ?? false });
  } else {
    if (opts.initialState || opts.lengths) throw new ValueError(`exportOnnx: ${opts.initialState ? 'initialState' : 'lengths'} applies to LSTM, GRU and RNN modules only`);
    exportLayers(g, flattenLayers(module), dims);
  }
  return encodeModel({ irVersion: irVersion(opset), opset, producerName: 'rnn-wasm', graph: g.spec('rnn_wasm') });
}
