// The base of the int8 modules that nn.quantizeDynamic returns: inference only. They hold no
// trainable parameters (parameters() is empty; the int8 weights are not tensors), stay in eval
// mode, and refuse train(): training stays float32.
import { StateError } from '../../errors.js';
import { arg, bool } from '../../util/args.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import type { QWeight } from './weight.js';

/**
 * The base of the int8 modules: inference only, in eval mode (train() throws: training stays float32).
 * @example
 * ```ts
 * const q = nn.quantizeDynamic(model.eval(), { dtype: 'int8' });
 * q instanceof nn.QuantizedModule || q.children().some((c) => c instanceof nn.QuantizedModule); // true
 * ```
 */
export abstract class QuantizedModule extends Module {
  /** Where errors come from, e.g. 'QuantizedLSTM'. */
  abstract readonly name: string;

  constructor() {
    super();
    this.training = false;
  }

  /** This module's own weights by PyTorch name: int8 matrices and float32 tensors (saving, loading). */
  abstract int8State(): Map<string, QWeight | Tensor>;

  /** Called after loading new values into int8State()'s entries (derived values are refreshed). */
  refresh(): void {}

  override train(mode = true): this {
    arg(`${this.name}.train`, 'mode', mode, bool());
    if (mode) throw new StateError(`${this.name}.train: an int8 module is for inference only; train the float32 model and quantize it again`);
    return this;
  }
}
