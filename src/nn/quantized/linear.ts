// The int8 form of nn.Linear: y = dequant(quant(x) · W_qᵀ) + bias over any leading dims, with
// x quantized per row (7-bit codes with a zero point) at every call, W per row (or per tensor).
import { fmtShape, renamed, ShapeError, StateError, ValueError } from '../../errors.js';
import { checkTensor, Tensor } from '../../tensor/tensor.js';
import { Linear } from '../linear.js';
import { atomically } from '../../runtime/atomic.js';
import { arg, bool, describe } from '../../util/args.js';
import { QuantizedModule } from './module.js';
import { allocActs, quantizeActs, QWeight } from './weight.js';

/**
 * An nn.Linear with int8 weights (per-row or per-tensor scales) and float32 input and output, for inference: what {@link quantizeDynamic} makes of a Linear.
 * @example
 * ```ts
 * const q = nn.quantizeDynamic(new nn.Linear(64, 10).eval(), { dtype: 'int8' }) as nn.QuantizedLinear;
 * const y = q.forward(Tensor.zeros([4, 64])); // [4, 10]
 * ```
 */
export class QuantizedLinear extends QuantizedModule {
  readonly name = 'QuantizedLinear';
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly weight: QWeight; // (out, in)
  /** (out) float32 copy in the params arena, or null. */
  readonly bias: Tensor | null;

  /** @internal Made by fromFloat / nn.quantizeDynamic (the weight is an internal int8 matrix). */
  constructor(weight: QWeight, bias: Tensor | null) {
    super();
    this.weight = weight;
    this.inFeatures = weight.K;
    this.outFeatures = weight.N;
    this.bias = bias;
  }

  /** The int8 copy of a float Linear (per-row weight scales, or one per tensor). */
  static fromFloat(m: Linear, perTensor: boolean): QuantizedLinear {
    const where = 'QuantizedLinear.fromFloat';
    if (!(m instanceof Linear)) throw new ValueError(`${where}: m must be an nn.Linear, got ${describe(m)}`);
    arg(where, 'perTensor', perTensor, bool());
    for (const t of [m.weight, m.bias]) if (t) checkTensor(where, 'm', t);
    const rt = m.weight.runtime;
    return renamed(where, () => atomically(rt, [], () => {
      const bias = m.bias ? Tensor.from(m.bias.toArray(), [m.outFeatures], { arena: 'params', runtime: rt }) : null;
      return new QuantizedLinear(QWeight.fromTensor(m.weight, perTensor), bias);
    }));
  }

  int8State(): Map<string, QWeight | Tensor> {
    const m = new Map<string, QWeight | Tensor>([['weight', this.weight]]);
    if (this.bias) m.set('bias', this.bias);
    return m;
  }

  /** x [..., in] float32 → [..., out] (no gradient). */
  forward(x: Tensor): Tensor {
    const where = 'QuantizedLinear.forward';
    if (!(x instanceof Tensor) || x.dtype !== 'float32') throw new ValueError(`${where}: x must be a float32 Tensor [..., ${this.inFeatures}]`);
    const s = x.shape;
    if (s.length < 1 || s[s.length - 1] !== this.inFeatures) throw new ShapeError(`${where}: x must be [..., ${this.inFeatures}], got ${fmtShape(s)}`);
    const rt = this.weight.rt;
    if (x.runtime !== rt) throw new StateError(`${where}: x belongs to another runtime than the module's weights`);
    const M = x.size / this.inFeatures;
    const y = Tensor.empty([...s.slice(0, -1), this.outFeatures], { runtime: rt });
    if (M === 0) return y;
    const q = quantizeActs(rt, allocActs(rt, M, this.inFeatures), x.ptr, this.inFeatures, M, this.inFeatures);
    this.weight.product(M, q, y.ptr, this.outFeatures, this.bias ? this.bias.ptr : 0, false);
    return y;
  }
}
