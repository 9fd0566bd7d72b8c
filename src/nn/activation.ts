// Activation layers for Sequential (nn.ReLU, nn.Tanh, nn.Sigmoid, nn.Softmax): no parameters,
// forward is the autograd op.
import { renamed, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { relu, sigmoid, softmax, tanh } from '../autograd/ops.js';
import { Module } from './module.js';

/**
 * max(x, 0) as a layer, for {@link Sequential} (torch.nn.ReLU).
 * @example
 * ```ts
 * const mlp = new nn.Sequential(new nn.Linear(8, 32), new nn.ReLU(), new nn.Linear(32, 2));
 * ```
 */
export class ReLU extends Module {
  forward(x: Tensor): Tensor { return renamed('ReLU.forward', () => relu(x)); }
}
/**
 * tanh as a layer, for {@link Sequential} (torch.nn.Tanh).
 * @example
 * ```ts
 * const head = new nn.Sequential(new nn.Linear(16, 16), new nn.Tanh());
 * ```
 */
export class Tanh extends Module {
  forward(x: Tensor): Tensor { return renamed('Tanh.forward', () => tanh(x)); }
}
/**
 * The logistic function as a layer, for {@link Sequential} (torch.nn.Sigmoid).
 * @example
 * ```ts
 * const gate = new nn.Sequential(new nn.Linear(16, 1), new nn.Sigmoid());
 * ```
 */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor { return renamed('Sigmoid.forward', () => sigmoid(x)); }
}
/**
 * Softmax along the last dim (the only dim softmax supports; PyTorch's dim=-1).
 * @example
 * ```ts
 * const probs = new nn.Sequential(new nn.Linear(16, 4), new nn.Softmax()).forward(x); // rows sum to 1
 * ```
 */
export class Softmax extends Module {
  readonly dim = -1;
  constructor(dim = -1) {
    super();
    if (dim !== -1) throw new ValueError(`Softmax: only dim -1 (the last dim) is supported, got ${dim}`);
  }
  forward(x: Tensor): Tensor { return renamed('Softmax.forward', () => softmax(x, -1)); }
}
