// nn.Conv1d: y (B, Cout, Lout) = conv1d(x (B, Cin, L)) with PyTorch's parameters (`weight`
// (Cout, Cin/groups, K), `bias` (Cout)), options and default initialisation.
import { checkOptions, ValueError, renamed } from '../errors.js';
import { runtimeOption, type Runtime } from '../runtime/runtime.js';
import type { Tensor } from '../tensor/tensor.js';
import { conv1dPacked } from '../autograd/conv.js';
import { needsGrad } from '../autograd/tape.js';
import { conv1dOptions, type Conv1dPadding } from '../autograd/conv_geometry.js';
import { rngOption, type Rng } from '../util/rng.js';
import { checkSize, uniformValues } from './init.js';
import { Module } from './module.js';
import { packedSource } from './recurrent/pack_cache.js';

/**
 * Options of {@link Conv1d}: the {@link Conv1dOptions} plus bias, the runtime and the generator for initialisation.
 * @example
 * ```ts
 * const conv = new nn.Conv1d(4, 8, 3, { padding: 'same', bias: false } satisfies nn.Conv1dModuleOptions);
 * ```
 */
export interface Conv1dModuleOptions {
  stride?: number;
  /** Zero padding: both ends, [left, right], 'same' (stride 1) or 'valid'. Default 0. */
  padding?: Conv1dPadding;
  dilation?: number;
  groups?: number;
  bias?: boolean;
  runtime?: Runtime;
  rng?: Rng;
}

/**
 * A 1-D convolution layer over (B, Cin, L), as torch.nn.Conv1d (same parameter names and initialisation): `weight` (Cout, Cin/groups, K), `bias` (Cout).
 * @example
 * ```ts
 * const conv = new nn.Conv1d(64, 128, 5, { padding: 2 });
 * const y = conv.forward(Tensor.zeros([8, 64, 100])); // [8, 128, 100]
 * ```
 */
export class Conv1d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: Conv1dPadding;
  readonly dilation: number;
  readonly groups: number;
  readonly weight: Tensor; // (Cout, Cin/groups, K)
  readonly bias: Tensor | null; // (Cout)

  /** Weight and bias from U(-1/√fanIn, 1/√fanIn), fanIn = Cin/groups·K: PyTorch's default (kaiming_uniform, a = √5). */
  constructor(inChannels: number, outChannels: number, kernelSize: number, opts: Conv1dModuleOptions = {}) {
    super();
    checkOptions('Conv1d', opts, ['stride', 'padding', 'dilation', 'groups', 'bias', 'runtime', 'rng']);
    this.inChannels = checkSize('Conv1d', 'inChannels', inChannels);
    this.outChannels = checkSize('Conv1d', 'outChannels', outChannels);
    this.kernelSize = checkSize('Conv1d', 'kernelSize', kernelSize);
    const o = conv1dOptions({ stride: opts.stride, padding: opts.padding, dilation: opts.dilation, groups: opts.groups }, 'Conv1d');
    if (inChannels % o.groups !== 0 || outChannels % o.groups !== 0) {
      throw new ValueError(`Conv1d: groups (${o.groups}) must divide both inChannels (${inChannels}) and outChannels (${outChannels})`);
    }
    this.stride = o.stride;
    this.padding = o.padding;
    this.dilation = o.dilation;
    this.groups = o.groups;
    const rt = runtimeOption('Conv1d', opts.runtime);
    const rng = rngOption('Conv1d', opts.rng);
    const Cg = inChannels / this.groups;
    const bound = 1 / Math.sqrt(Cg * kernelSize);
    this.weight = this.createParameter('weight', [outChannels, Cg, kernelSize], uniformValues(outChannels * Cg * kernelSize, bound, rng), rt);
    this.bias = opts.bias === false ? null : this.createParameter('bias', [outChannels], uniformValues(outChannels, bound, rng), rt);
  }

  private options(): { stride: number; padding: Conv1dPadding; dilation: number; groups: number } {
    return { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups };
  }

  /** x (B, Cin, L) or unbatched (Cin, L) → (B, Cout, Lout) or (Cout, Lout). */
  forward(x: Tensor): Tensor {
    // An inference forward keeps the packed weight between calls (repacked after any write to it,
    // as the recurrent layers do); a training forward packs it per call (it changes every step).
    const train = needsGrad(x, this.weight, this.bias);
    return renamed('Conv1d.forward', () => conv1dPacked(x, this.weight, this.bias, this.options(), train ? undefined : packedSource(this.weight)));
  }
}
