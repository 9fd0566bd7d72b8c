// Gradient clipping as torch.nn.utils: one global L2 norm over every gradient, or a value clamp.
import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';

function gradsOf(where: string, params: Iterable<Tensor>): Tensor[] {
  if (params === null || typeof (params as Iterable<Tensor>)?.[Symbol.iterator] !== 'function') {
    throw new ValueError(`${where}: params must be an array of tensors`);
  }
  const out: Tensor[] = [];
  for (const p of params) {
    if (!(p instanceof Tensor)) throw new ValueError(`${where}: params must hold Tensors, got ${typeof p}`);
    if (p.grad && p.grad.isValid) out.push(p.grad);
  }
  return out;
}

/**
 * Scales all gradients by maxNorm / (norm + 1e-6) when that is below 1, where norm is the L2 norm
 * of all gradients together (summed in f64). Returns the norm measured before clipping.
 * @example
 * ```ts
 * loss.backward();
 * const norm = optim.clipGradNorm(model.parameters(), 5); // before opt.step()
 * opt.step();
 * ```
 */
export function clipGradNorm(params: Iterable<Tensor>, maxNorm: number): number {
  if (typeof maxNorm !== 'number' || !(maxNorm >= 0)) throw new ValueError(`clipGradNorm: maxNorm must be a number >= 0, got ${maxNorm}`);
  const grads = gradsOf('clipGradNorm', params);
  let sq = 0;
  for (const g of grads) sq += g.runtime.k.f32_sumsq(g.ptr, g.size);
  const norm = Math.sqrt(sq);
  const coef = maxNorm / (norm + 1e-6);
  // As torch's clamp(coef, max=1): a NaN/Inf norm gives NaN gradients (an optimizer built with
  // skipNonFinite then skips the step) instead of leaving non-finite gradients unnoticed.
  if (!(coef >= 1)) for (const g of grads) g.runtime.k.f32_scale(g.ptr, g.ptr, coef, g.size);
  return norm;
}

/**
 * Clamps every gradient element into [-clipValue, clipValue].
 * @example
 * ```ts
 * loss.backward();
 * optim.clipGradValue(model.parameters(), 1);
 * opt.step();
 * ```
 */
export function clipGradValue(params: Iterable<Tensor>, clipValue: number): void {
  if (typeof clipValue !== 'number' || !(clipValue >= 0)) throw new ValueError(`clipGradValue: clipValue must be a number >= 0, got ${clipValue}`);
  for (const g of gradsOf('clipGradValue', params)) g.runtime.k.f32_clamp(g.ptr, g.ptr, -clipValue, clipValue, g.size);
}
