// Input validation shared by the differentiable ops: one runtime, float32, named errors.
import { fmtShape, ShapeError, StateError, ValueError } from '../errors.js';
import type { Runtime } from '../runtime/runtime.js';
import { checkTensor, Tensor } from '../tensor/tensor.js';

/** Checks every argument is a live Tensor of one runtime; returns that runtime. */
export function runtimeOf(where: string, named: Record<string, Tensor | null | undefined>, optional: readonly string[] = []): Runtime {
  let rt: Runtime | null = null;
  for (const [name, t] of Object.entries(named)) {
    if ((t === null || t === undefined) && optional.includes(name)) continue;
    const v = checkTensor(where, name, t); // a Tensor, not stale (errors name the function and argument)
    if (rt && v.runtime !== rt) throw new StateError(`${where}: ${name} belongs to a different runtime than the other arguments`);
    rt = v.runtime;
  }
  if (!rt) throw new ValueError(`${where}: no tensor given`);
  return rt;
}

export function checkFloat(where: string, name: string, t: Tensor): void {
  if (t.dtype !== 'float32') throw new ValueError(`${where}: ${name} must be float32, got ${t.dtype}`);
}

export function checkRank(where: string, name: string, t: Tensor, min: number, what: string): void {
  if (t.shape.length < min) throw new ShapeError(`${where}: ${name} must be ${what}, got ${fmtShape(t.shape)}`);
}

/** Resolves a possibly negative dim against rank; throws naming the function. */
export function normDim(where: string, dim: number, rank: number): number {
  if (!Number.isInteger(dim) || dim < -rank || dim >= rank) {
    throw new ValueError(`${where}: dim must be an integer in [${-rank}, ${rank - 1}], got ${dim}`);
  }
  return dim < 0 ? dim + rank : dim;
}

/** (outer, d, inner) sizes of a shape around dim. */
export function splitAt(shape: readonly number[], dim: number): [number, number, number] {
  let outer = 1, inner = 1;
  for (let i = 0; i < dim; i++) outer *= shape[i];
  for (let i = dim + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape[dim], inner];
}
