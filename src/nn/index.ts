// The `nn` namespace: modules and losses.
export { Module } from './module.js';
export type { StateValue, LoadResult } from './module.js';
export { Linear } from './linear.js';
export type { LinearOptions } from './linear.js';
export { Embedding } from './embedding.js';
export type { EmbeddingOptions } from './embedding.js';
export { Dropout } from './dropout.js';
export { Conv1d } from './conv.js';
export type { Conv1dModuleOptions } from './conv.js';
export { ReLU, Tanh, Sigmoid, Softmax } from './activation.js';
export { Sequential } from './sequential.js';
export type { Layer } from './sequential.js';
export { crossEntropy, bceWithLogits, mse } from './losses.js';
export type { CrossEntropyOptions } from './losses.js';
export { uniformValues, normalValues } from './init.js';
export { RNN, LSTM, GRU, RNNCell, LSTMCell, GRUCell } from './recurrent/index.js';
export type {
  RNNOptions, RNNResult, LSTMOptions, LSTMResult, GRUOptions, GRUResult, CellOptions, CellState,
  ForwardOptions, RecurrentOptions, RecurrentResult, RecurrentState,
} from './recurrent/index.js';
export { summary } from './summary.js';
export type { Summary, SummaryRow, SummaryOptions } from './summary.js';
export { quantizeDynamic, QuantizedLinear, QuantizedRecurrent, QuantizedModule, relaxedDotTrusted } from './quantized/index.js';
export type { QuantizeDynamicOptions, Quantizable, QuantizeChild, QuantizedRecurrentConfig } from './quantized/index.js';
