// nn.RNN: stacked, optionally bidirectional Elman RNN, h' = act(W_ih x + b_ih + W_hh h + b_hh),
// act = tanh (default) or relu, PyTorch parameter names.
import { ValueError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { BASE_OPTIONS, RecurrentBase, type ForwardOptions, type RecurrentOptions } from './base.js';

export interface RNNOptions extends RecurrentOptions {
  nonlinearity?: 'tanh' | 'relu';
}

export interface RNNResult {
  output: Tensor;
  h: Tensor;
  c: null;
}

export class RNN extends RecurrentBase {
  readonly nonlinearity: 'tanh' | 'relu';
  constructor(opts: RNNOptions) {
    const nl = opts?.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new ValueError(`RNN: nonlinearity must be 'tanh' or 'relu', got ${JSON.stringify(nl)}`);
    super('RNN', nl === 'relu' ? 'rnn_relu' : 'rnn_tanh', opts, [...BASE_OPTIONS, 'nonlinearity']);
    this.nonlinearity = nl;
  }

  /** x (B, T, I) (or (T, B, I)) → output (B, T, D*H), h (L*D, B, H). */
  forward(x: Tensor, opts: Omit<ForwardOptions, 'c0'> = {}): RNNResult {
    return this.runForward(x, opts) as RNNResult;
  }
}
