// nn.RNN: stacked, optionally bidirectional Elman RNN, h' = act(W_ih x + b_ih + W_hh h + b_hh),
// act = tanh (default) or relu, PyTorch parameter names.
import { ValueError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { BASE_OPTIONS, RecurrentBase, type ForwardOptions, type RecurrentOptions } from './base.js';

/**
 * Options of {@link RNN}: the shared ones plus the nonlinearity (tanh or relu).
 * @example
 * ```ts
 * const rnn = new nn.RNN({ inputSize: 8, hiddenSize: 16, nonlinearity: 'relu' } satisfies nn.RNNOptions);
 * ```
 */
export interface RNNOptions extends RecurrentOptions {
  nonlinearity?: 'tanh' | 'relu';
}

/**
 * What {@link RNN.forward} returns: output (B, T, D·H) and final h (L·D, B, H).
 * @example
 * ```ts
 * const { output, h }: nn.RNNResult = rnn.forward(x);
 * ```
 */
export interface RNNResult {
  output: Tensor;
  h: Tensor;
  c: null;
}

/**
 * A multi-layer Elman RNN (tanh or relu), as torch.nn.RNN (batch-first by default).
 * @example
 * ```ts
 * const rnn = new nn.RNN({ inputSize: 8, hiddenSize: 16 });
 * const { output, h } = rnn.forward(Tensor.zeros([4, 10, 8]));
 * ```
 */
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
