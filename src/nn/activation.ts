// Activation layers for Sequential (nn.ReLU, nn.Tanh, nn.Sigmoid, nn.Softmax): no parameters,
// forward is the autograd op.
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { relu, sigmoid, softmax, tanh } from '../autograd/ops.js';
import { Module } from './module.js';

export class ReLU extends Module {
  forward(x: Tensor): Tensor { return relu(x); }
}
export class Tanh extends Module {
  forward(x: Tensor): Tensor { return tanh(x); }
}
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor { return sigmoid(x); }
}
/** Softmax along the last dim (the only dim softmax supports; PyTorch's dim=-1). */
export class Softmax extends Module {
  readonly dim = -1;
  constructor(dim = -1) {
    super();
    if (dim !== -1) throw new ValueError(`Softmax: only dim -1 (the last dim) is supported, got ${dim}`);
  }
  forward(x: Tensor): Tensor { return softmax(x, -1); }
}
