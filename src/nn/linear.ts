// nn.Linear: y = x · weightᵀ + bias, weight [out, in] as PyTorch, over any leading dims.
import { runtimeOption, type Runtime } from '../runtime/runtime.js';
import { atomically, roomFor } from '../runtime/atomic.js';
import type { Tensor } from '../tensor/tensor.js';
import { linear } from '../autograd/ops.js';
import { rngOption, type Rng } from '../util/rng.js';
import { any, bool, options } from '../util/args.js';
import { renamed } from '../errors.js';
import { checkSize, uniformValues } from './init.js';
import { Module } from './module.js';

/**
 * Options of {@link Linear}: bias (default true), the runtime and the generator for initialisation.
 * @example
 * ```ts
 * const proj = new nn.Linear(64, 10, { bias: false } satisfies nn.LinearOptions);
 * ```
 */
export interface LinearOptions { bias?: boolean; runtime?: Runtime; rng?: Rng }

/**
 * y = x Wᵀ + b over the last dimension (PyTorch's nn.Linear, same initialisation): `weight` (out, in), `bias` (out).
 * @example
 * ```ts
 * const fc = new nn.Linear(16, 4);
 * const y = fc.forward(Tensor.zeros([8, 16])); // [8, 4]; also [B, T, 16] -> [B, T, 4]
 * ```
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly weight: Tensor; // (out, in)
  readonly bias: Tensor | null; // (out)

  /** Weight and bias from U(-1/√in, 1/√in), PyTorch's default (kaiming_uniform with a = √5). */
  constructor(inFeatures: number, outFeatures: number, opts: LinearOptions = {}) {
    super();
    const o = options<LinearOptions>('Linear', opts, { bias: bool(), runtime: any, rng: any });
    this.inFeatures = checkSize('Linear', 'inFeatures', inFeatures);
    this.outFeatures = checkSize('Linear', 'outFeatures', outFeatures);
    const rt = runtimeOption('Linear', o.runtime);
    const rng = rngOption('Linear', o.rng);
    const hasBias = o.bias ?? true;
    roomFor('Linear', rt, hasBias ? [[outFeatures, inFeatures], [outFeatures]] : [[outFeatures, inFeatures]]);
    const bound = 1 / Math.sqrt(inFeatures);
    [this.weight, this.bias] = atomically(rt, [rng], () => [
      this.createParameter('weight', [outFeatures, inFeatures], uniformValues(outFeatures * inFeatures, bound, rng), rt),
      hasBias ? this.createParameter('bias', [outFeatures], uniformValues(outFeatures, bound, rng), rt) : null,
    ]);
  }

  /** x [..., in] → [..., out]. */
  forward(x: Tensor): Tensor {
    return renamed('Linear.forward', () => linear(x, this.weight, this.bias));
  }
}
