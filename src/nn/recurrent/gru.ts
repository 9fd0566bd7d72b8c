// nn.GRU: stacked, optionally bidirectional GRU in PyTorch form (gate order r, z, n; the reset
// gate multiplies (W_hn h + b_hn), i.e. Keras reset_after=True), PyTorch parameter names.
import { ValueError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { BASE_OPTIONS, checkGateActivation, RecurrentBase, type ForwardOptions, type GateActivation, type RecurrentOptions } from './base.js';

export interface GRUOptions extends RecurrentOptions {
  /**
   * true (default): PyTorch/cuDNN form, n = tanh(W_in x + b_in + r*(W_hn h + b_hn)).
   * false: Keras reset_after=False form, n = tanh(W_in x + b_in + W_hn (r*h) + b_hn) (same parameters).
   */
  resetAfter?: boolean;
  /** r, z gates: 'sigmoid' (default) or Keras' 'hard_sigmoid' (see GateActivation). */
  gateActivation?: GateActivation;
}

export interface GRUResult {
  output: Tensor;
  h: Tensor;
  c: null;
}

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
