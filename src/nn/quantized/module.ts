// The base of the int8 modules that nn.quantizeDynamic returns: inference only. They hold no
// trainable parameters (parameters() is empty; the int8 weights are not tensors), stay in eval
// mode, and refuse train(): training stays float32.
import { StateError } from '../../errors.js';
import { Module } from '../module.js';

export abstract class QuantizedModule extends Module {
  /** Where errors come from, e.g. 'QuantizedLSTM'. */
  abstract readonly name: string;

  constructor() {
    super();
    this.training = false;
  }

  override train(mode = true): this {
    if (mode) throw new StateError(`${this.name}.train: an int8 module is for inference only; train the float32 model and quantize it again`);
    return this;
  }
}
