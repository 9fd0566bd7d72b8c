// nn.Sequential: applies its layers in order; parameters are named "0.weight", "1.bias", ...
import { checkTensor } from '../tensor/tensor.js';
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/** A module with a one-tensor forward. */
export interface Layer extends Module {
  forward(x: Tensor): Tensor;
}

export class Sequential extends Module {
  readonly layers: readonly Layer[];

  constructor(...layers: Layer[]) {
    super();
    layers.forEach((m, i) => {
      if (!(m instanceof Module) || typeof (m as Layer).forward !== 'function') {
        throw new ValueError(`Sequential: argument ${i} must be a Module with forward(x), got ${typeof m}`);
      }
      this.registerModule(String(i), m);
    });
    this.layers = layers.slice();
  }

  forward(x: Tensor): Tensor {
    checkTensor('Sequential.forward', 'x', x);
    let y = x;
    for (const m of this.layers) y = m.forward(y);
    return y;
  }
}
