// The recurrent modules of `nn`: sequence layers and single-step cells.
export { RNN, type RNNOptions, type RNNResult } from './rnn.js';
export { LSTM, type LSTMOptions, type LSTMResult } from './lstm.js';
export { GRU, type GRUOptions, type GRUResult } from './gru.js';
export { RNNCell, LSTMCell, GRUCell, type CellOptions, type CellState } from './cells.js';
export type { ForwardOptions, GateActivation, RecurrentOptions, RecurrentResult } from './base.js';
export { StreamState, type StepResult, type HostTensor } from './stream.js';
export type { RecurrentState } from './state.js';
