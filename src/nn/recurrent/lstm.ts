// nn.LSTM: stacked, optionally bidirectional LSTM (gate order i, f, g, o), PyTorch parameter names,
// plus the peephole variant (golden README 4.3) and a forget-bias initialisation option.
import { ValueError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { BASE_OPTIONS, checkGateActivation, RecurrentBase, type ForwardOptions, type GateActivation, type RecurrentOptions } from './base.js';

/**
 * Options of {@link LSTM}: the shared ones plus peepholes, an initial forget-gate bias and the gate activation.
 * @example
 * ```ts
 * const lstm = new nn.LSTM({ inputSize: 32, hiddenSize: 64, forgetBias: 1 } satisfies nn.LSTMOptions);
 * ```
 */
export interface LSTMOptions extends RecurrentOptions {
  /** Diagonal peepholes peephole_{i,f,o}_l{k}: i, f see c(t-1), o sees c(t). Default false. */
  peephole?: boolean;
  /**
   * Initial forget-gate bias: sets the SUM b_if + b_hf (bias_ih[H:2H] = v, bias_hh[H:2H] = 0), as
   * Keras unit_forget_bias does for its single bias (golden README 8). Default: PyTorch's uniform init.
   */
  forgetBias?: number;
  /** i, f, o gates: 'sigmoid' (default) or Keras' 'hard_sigmoid' (see GateActivation). */
  gateActivation?: GateActivation;
}

/**
 * What {@link LSTM.forward} returns: output (B, T, D·H), final h and c (L·D, B, H).
 * @example
 * ```ts
 * const { output, h, c }: nn.LSTMResult = lstm.forward(x);
 * ```
 */
export interface LSTMResult {
  output: Tensor;
  h: Tensor;
  c: Tensor;
}

/**
 * A multi-layer, optionally bidirectional LSTM over a whole sequence, as torch.nn.LSTM (same
 * parameter names, initialisation and outputs; batch-first by default). One fused scan per layer
 * and direction, with backpropagation through time; `step()` runs it one frame at a time.
 * @example
 * ```ts
 * const lstm = new nn.LSTM({ inputSize: 8, hiddenSize: 16, numLayers: 2 });
 * const { output, h, c } = lstm.forward(Tensor.zeros([4, 10, 8])); // output [4, 10, 16], h and c [2, 4, 16]
 * ```
 */
export class LSTM extends RecurrentBase {
  constructor(opts: LSTMOptions) {
    if (opts?.peephole !== undefined && typeof opts.peephole !== 'boolean') {
      throw new ValueError(`LSTM: peephole must be a boolean, got ${JSON.stringify(opts.peephole)}`);
    }
    // Checked before super() creates the weights: a failed constructor must not consume the generator.
    const hard = checkGateActivation('LSTM', opts?.gateActivation);
    if (hard && opts?.peephole) throw new ValueError("LSTM: gateActivation 'hard_sigmoid' is not available with peephole: true");
    const fb = opts?.forgetBias;
    if (fb !== undefined) {
      if (typeof fb !== 'number' || !Number.isFinite(fb)) throw new ValueError(`LSTM: forgetBias must be a finite number, got ${fb}`);
      if (opts.bias === false) throw new ValueError('LSTM: forgetBias needs bias: true');
    }
    super('LSTM', opts?.peephole ? 'lstm_peephole' : 'lstm', opts, [...BASE_OPTIONS, 'peephole', 'forgetBias', 'gateActivation']);
    this.hardGates = hard;
    if (fb !== undefined) {
      const H = this.hiddenSize;
      for (let l = 0; l < this.numLayers; l++) {
        for (let d = 0; d < (this.bidirectional ? 2 : 1); d++) {
          const p = this.direction(l, d);
          p.bIh!.data().fill(fb, H, 2 * H);
          p.bHh!.data().fill(0, H, 2 * H);
        }
      }
    }
  }

  /** x (B, T, I) (or (T, B, I)) → output (B, T, D*H), h and c (L*D, B, H). */
  forward(x: Tensor, opts: ForwardOptions = {}): LSTMResult {
    return this.runForward(x, opts) as LSTMResult;
  }
}
