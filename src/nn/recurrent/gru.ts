// nn.GRU: stacked, optionally bidirectional GRU in PyTorch form (gate order r, z, n; the reset
// gate multiplies (W_hn h + b_hn), i.e. Keras reset_after=True), PyTorch parameter names.
import { ValueError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { BASE_OPTIONS, checkGateActivation, RecurrentBase, type ForwardOptions, type GateActivation, type RecurrentOptions } from './base.js';

/**
 * Options of {@link GRU}: the shared ones plus the reset-gate form and the gate activation.
 * @example
 * ```ts
 * const gru = new nn.GRU({ inputSize: 32, hiddenSize: 64, resetAfter: false } satisfies nn.GRUOptions); // Keras' form
 * ```
 */
export interface GRUOptions extends RecurrentOptions {
  /**
   * true (default): PyTorch/cuDNN form, n = tanh(W_in x + b_in + r*(W_hn h + b_hn)).
   * false: Keras reset_after=False form, n = tanh(W_in x + b_in + W_hn (r*h) + b_hn) (same parameters).
   */
  resetAfter?: boolean;
  /** r, z gates: 'sigmoid' (default) or Keras' 'hard_sigmoid' (see GateActivation). */
  gateActivation?: GateActivation;
}

/**
 * What {@link GRU.forward} returns: output (B, T, D·H) and final h (L·D, B, H).
 * @example
 * ```ts
 * const { output, h }: nn.GRUResult = gru.forward(x);
 * ```
 */
export interface GRUResult {
  output: Tensor;
  h: Tensor;
  c: null;
}

/**
 * A multi-layer, optionally bidirectional GRU, as torch.nn.GRU (batch-first by default).
 * @example
 * ```ts
 * const gru = new nn.GRU({ inputSize: 8, hiddenSize: 16, bidirectional: true });
 * const { output } = gru.forward(Tensor.zeros([4, 10, 8])); // [4, 10, 32]
 * ```
 */
export class GRU extends RecurrentBase {
  readonly resetAfter: boolean;
  constructor(opts: GRUOptions) {
    const ra = opts?.resetAfter ?? true;
    if (typeof ra !== 'boolean') throw new ValueError(`GRU: resetAfter must be a boolean, got ${JSON.stringify(ra)}`);
    // Checked before super() creates the weights: a failed constructor must not consume the generator.
    const hard = checkGateActivation('GRU', opts?.gateActivation);
    super('GRU', ra ? 'gru' : 'gru_rb', opts, [...BASE_OPTIONS, 'resetAfter', 'gateActivation']);
    this.hardGates = hard;
    this.resetAfter = ra;
  }

  /** x (B, T, I) (or (T, B, I)) → output (B, T, D*H), h (L*D, B, H). */
  forward(x: Tensor, opts: Omit<ForwardOptions, 'c0'> = {}): GRUResult {
    return this.runForward(x, opts) as GRUResult;
  }
}
