// Loss functions on the fused, numerically stable kernels: cross-entropy straight from logits
// (log-sum-exp with max subtraction), BCE with logits (overflow-free form), and MSE.
import { checkOptions, fmtShape, ShapeError, ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { checkFloat, runtimeOf } from '../autograd/check.js';
import { needsGrad } from '../autograd/tape.js';
import { track } from '../autograd/records.js';
import '../autograd/backward.js'; // registers Tensor.backward (the reverse walk)
import type { Reduction } from '../autograd/records.js';

const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

function reductionOf(where: string, r: unknown): Reduction {
  if (r === undefined) return 'mean';
  if (!REDUCTIONS.includes(r as Reduction)) throw new ValueError(`${where}: reduction must be 'mean', 'sum' or 'none', got ${JSON.stringify(r)}`);
  return r as Reduction;
}

/** Reduces per-element losses `per` (step arena) into the output tensor. */
function reduced(per: Tensor, shape: readonly number[], reduction: Reduction, count: number, grad: boolean): Tensor {
  const rt = per.runtime;
  let out: Tensor;
  if (reduction === 'none') {
    out = new Tensor(rt, per.arena, per.ptr, shape, 'float32');
  } else {
    const s = rt.k.f32_sum(per.ptr, per.size);
    out = Tensor.full([], reduction === 'mean' ? s / count : s, { runtime: rt });
  }
  out.requiresGrad = grad;
  return out;
}

/**
 * Options of {@link crossEntropy}: reduction and a target id to ignore (e.g. padding).
 * @example
 * ```ts
 * const loss = crossEntropy(logits, targets, { ignoreIndex: vocab.padId } satisfies CrossEntropyOptions);
 * ```
 */
export interface CrossEntropyOptions { reduction?: Reduction; ignoreIndex?: number }

/**
 * Softmax cross-entropy from logits [..., C] and int32 class targets [...]: per row
 * logsumexp(z) - z[target]. 'mean' divides by the rows whose target is not ignoreIndex
 * (default -100), as PyTorch.
 * Divergence: classes are the LAST dim (PyTorch puts them in dim 1 for inputs above 2-D), so
 * [B, T, C] logits with [B, T] targets work without a transpose.
 * @example
 * ```ts
 * const logits = model.forward(x); // [B, T, C]
 * const loss = crossEntropy(logits, Tensor.from(y, [B, T], { dtype: 'int32' }));
 * loss.backward();
 * ```
 */
export function crossEntropy(logits: Tensor, targets: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const rt = runtimeOf('crossEntropy', { logits, targets });
  checkOptions('crossEntropy', opts, ['reduction', 'ignoreIndex']);
  const reduction = reductionOf('crossEntropy', opts.reduction);
  const ignoreIndex = opts.ignoreIndex ?? -100;
  if (!Number.isInteger(ignoreIndex)) throw new ValueError(`crossEntropy: ignoreIndex must be an integer, got ${ignoreIndex}`);
  checkFloat('crossEntropy', 'logits', logits);
  if (targets.dtype !== 'int32') throw new ValueError(`crossEntropy: targets must be int32 class ids, got ${targets.dtype}`);
  const C = logits.shape[logits.shape.length - 1];
  const lead = logits.shape.slice(0, -1);
  if (logits.shape.length < 1 || fmtShape(lead) !== fmtShape(targets.shape)) {
    throw new ShapeError(`crossEntropy: targets must be ${fmtShape(lead)} for logits ${fmtShape(logits.shape)}, got ${fmtShape(targets.shape)}`);
  }
  const tv = targets.data();
  for (let i = 0; i < tv.length; i++) {
    if (tv[i] !== ignoreIndex && !(tv[i] >= 0 && tv[i] < C)) {
      throw new ValueError(`crossEntropy: targets must lie in [0, ${C}) or equal ignoreIndex ${ignoreIndex}, got ${tv[i]} at flat index ${i}`);
    }
  }
  const rows = targets.size;
  const per = Tensor.empty([rows], { runtime: rt });
  const count = rt.k.f32_cross_entropy_fwd(per.ptr, logits.ptr, targets.ptr, rows, C, ignoreIndex);
  const out = reduced(per, targets.shape, reduction, count, needsGrad(logits));
  track({ op: 'crossEntropy', logits, targets, out, rows, cols: C, ignoreIndex, reduction, count }, [out]);
  return out;
}

/**
 * Binary cross-entropy on logits x and float targets y in [0, 1] of the same shape:
 * max(x,0) - x·y + log(1 + exp(-|x|)), finite for logits of any size; gradient σ(x) - y.
 * @example
 * ```ts
 * const loss = bceWithLogits(classifier.forward(x), Tensor.from(labels, [B, 1])); // labels in [0, 1]
 * ```
 */
export function bceWithLogits(logits: Tensor, targets: Tensor, opts: { reduction?: Reduction } = {}): Tensor {
  const rt = runtimeOf('bceWithLogits', { logits, targets });
  checkOptions('bceWithLogits', opts, ['reduction']);
  const reduction = reductionOf('bceWithLogits', opts.reduction);
  checkFloat('bceWithLogits', 'logits', logits);
  checkFloat('bceWithLogits', 'targets', targets);
  if (fmtShape(logits.shape) !== fmtShape(targets.shape)) {
    throw new ShapeError(`bceWithLogits: targets must be ${fmtShape(logits.shape)} like logits, got ${fmtShape(targets.shape)}`);
  }
  const per = Tensor.empty([logits.size], { runtime: rt });
  rt.k.f32_bce_logits_fwd(per.ptr, logits.ptr, targets.ptr, logits.size);
  const out = reduced(per, logits.shape, reduction, logits.size, needsGrad(logits, targets));
  track({ op: 'bceWithLogits', x: logits, y: targets, out, reduction }, [out]);
  return out;
}

/**
 * Mean squared error (pred - target)² of two same-shaped tensors.
 * @example
 * ```ts
 * mse(Tensor.from([1, 2]), Tensor.from([1, 4])).item(); // 2
 * ```
 */
export function mse(pred: Tensor, target: Tensor, opts: { reduction?: Reduction } = {}): Tensor {
  const rt = runtimeOf('mse', { pred, target });
  checkOptions('mse', opts, ['reduction']);
  const reduction = reductionOf('mse', opts.reduction);
  checkFloat('mse', 'pred', pred);
  checkFloat('mse', 'target', target);
  if (fmtShape(pred.shape) !== fmtShape(target.shape)) {
    throw new ShapeError(`mse: target must be ${fmtShape(pred.shape)} like pred, got ${fmtShape(target.shape)}`);
  }
  const per = Tensor.empty([pred.size], { runtime: rt });
  rt.k.f32_sub(per.ptr, pred.ptr, target.ptr, pred.size);
  rt.k.f32_mul(per.ptr, per.ptr, per.ptr, pred.size);
  const out = reduced(per, pred.shape, reduction, pred.size, needsGrad(pred, target));
  track({ op: 'mse', pred, target, out, reduction }, [out]);
  return out;
}
