// Module: the base of every layer. Holds parameters and child modules in registration order,
// names them with PyTorch's dotted paths ("lstm.weight_ih_l0"), and saves/loads them by name.
import { fmtShape, ShapeError, StateError, ValueError } from '../errors.js';
import { bool, describe, options } from '../util/args.js';
import { getRuntime, type Runtime } from '../runtime/runtime.js';
import { sizeOf, Tensor } from '../tensor/tensor.js';

/**
 * What loadStateDict accepts per key: a Tensor (any runtime) or plain {shape, data}.
 * @example
 * ```ts
 * model.loadStateDict({ 'weight': { shape: [2, 3], data: new Float32Array(6) }, 'bias': Tensor.zeros([2]) });
 * ```
 */
export type StateValue = Tensor | { shape: readonly number[]; data: ArrayLike<number> };

export interface LoadOptions {
  /** Default true: missing and unexpected keys are errors. */
  strict?: boolean;
  /** Default false: NaN or Inf in a value is an error naming the tensor. */
  allowNonFinite?: boolean;
}

/**
 * What `loadStateDict(dict, { strict: false })` skipped: parameters the dict lacked, dict keys the model lacks.
 * @example
 * ```ts
 * const { missingKeys, unexpectedKeys }: nn.LoadResult = model.loadStateDict(dict, { strict: false });
 * ```
 */
export interface LoadResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/**
 * The base of every layer: registers parameters and child modules, names them with PyTorch's
 * dotted paths, and saves/loads them by name (`stateDict`, `loadStateDict`); `train()` / `eval()`
 * switch dropout, `parameters()` feeds an optimizer.
 * @example
 * ```ts
 * class Tagger extends nn.Module {
 *   emb = this.registerModule('emb', new nn.Embedding(100, 16));
 *   out = this.registerModule('out', new nn.Linear(16, 5));
 *   forward(ids: Tensor): Tensor {
 *     return this.out.forward(tanh(this.emb.forward(ids)));
 *   }
 * }
 * const opt = new optim.Adam(new Tagger().parameters(), { lr: 0.01 });
 * ```
 */
export abstract class Module {
  /** Dropout and similar layers behave differently while training. */
  training = true;
  private readonly _params = new Map<string, Tensor>();
  private readonly _modules = new Map<string, Module>();

  /** Registers `t` (made trainable) under `name`; it appears in parameters() in this order. */
  protected registerParameter(name: string, t: Tensor): Tensor {
    this.checkName('registerParameter', name);
    if (t.dtype !== 'float32') throw new ValueError(`Module.registerParameter: '${name}' must be float32, got ${t.dtype}`);
    t.requiresGrad = true;
    this._params.set(name, t);
    return t;
  }

  /** A new float32 parameter of `shape` in the params arena, filled from `values`. */
  protected createParameter(name: string, shape: readonly number[], values: ArrayLike<number>, runtime?: Runtime): Tensor {
    const t = Tensor.from(values, shape, { arena: 'params', runtime: runtime ?? getRuntime() });
    return this.registerParameter(name, t);
  }

  /** Registers a child module; its parameters are named `name.<its names>`. */
  protected registerModule<M extends Module>(name: string, m: M): M {
    this.checkName('registerModule', name);
    if (!(m instanceof Module)) throw new ValueError(`Module.registerModule: '${name}' must be a Module`);
    this._modules.set(name, m);
    return m;
  }

  private checkName(where: string, name: string): void {
    if (typeof name !== 'string' || name === '' || name.includes('.')) {
      throw new ValueError(`Module.${where}: name must be a non-empty string without '.', got ${JSON.stringify(name)}`);
    }
    if (this._params.has(name) || this._modules.has(name)) {
      throw new ValueError(`Module.${where}: '${name}' is already registered`);
    }
  }

  /** Direct children in registration order. */
  children(): Module[] {
    return [...this._modules.values()];
  }

  /** [name, child] pairs of the direct children, in registration order. */
  namedChildren(): [string, Module][] {
    return [...this._modules];
  }

  /** [dotted name, parameter] pairs, own parameters first, then each child's (as PyTorch). */
  namedParameters(prefix = ''): [string, Tensor][] {
    if (typeof prefix !== 'string') throw new ValueError(`Module.namedParameters: prefix must be a string, got ${describe(prefix)}`);
    const out: [string, Tensor][] = [];
    for (const [n, t] of this._params) out.push([prefix + n, t]);
    for (const [n, m] of this._modules) out.push(...m.namedParameters(`${prefix}${n}.`));
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Parameters by dotted name, as detached views of the live tensors (copy with toArray()). */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [n, t] of this.namedParameters()) out[n] = t.detach();
    return out;
  }

  /**
   * Copies values into the parameters by name. strict (default true): any missing, unexpected or
   * wrongly shaped key is an error listing all of them; non-strict skips missing/unexpected keys
   * (a shape mismatch is always an error). NaN or Inf in a value is refused, naming the first bad
   * tensor, unless allowNonFinite. Everything is checked before anything is copied: nothing is
   * changed when it throws.
   */
  loadStateDict(dict: Record<string, StateValue>, opts: LoadOptions = {}): LoadResult {
    const plan = planLoad(this, 'Module.loadStateDict', dict, opts);
    for (const [t, values] of plan.copies) t.data().set(values);
    return { missingKeys: plan.missingKeys, unexpectedKeys: plan.unexpectedKeys };
  }

  /** The checks of loadStateDict without the copy: throws what loadStateDict would, changes nothing. */
  checkStateDict(dict: Record<string, StateValue>, opts: LoadOptions = {}): LoadResult {
    const { missingKeys, unexpectedKeys } = planLoad(this, 'Module.checkStateDict', dict, opts);
    return { missingKeys, unexpectedKeys };
  }

  /** Sets training mode here and in every descendant. */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new ValueError(`Module.train: mode must be a boolean, got ${describe(mode)}`);
    this.training = mode;
    for (const m of this._modules.values()) m.train(mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Zeroes every parameter's .grad in place (gradients accumulate across backward calls). */
  zeroGrad(): void {
    for (const p of this.parameters()) {
      if (p.grad && p.grad.isValid) p.runtime.k.f32_fill(p.grad.ptr, p.grad.size, 0);
    }
  }
}

/**
 * The checks of loadStateDict (loaders call it before changing anything, under their own name):
 * returns the parameters with the values they would receive.
 */
export function planLoad(module: Module, where: string, dict: Record<string, StateValue>, opts: LoadOptions = {}): LoadResult & { copies: [Tensor, ArrayLike<number>][] } {
  const o = options<LoadOptions>(where, opts, { strict: bool(), allowNonFinite: bool() });
  if (dict === null || typeof dict !== 'object' || Array.isArray(dict) || dict instanceof Tensor) {
    throw new ValueError(`${where}: dict must be an object of name -> tensor, got ${describe(dict)}`);
  }
  const strict = o.strict ?? true;
  const own = new Map(module.namedParameters());
  const given = new Map<string, unknown>(dict instanceof Map ? [...dict] : Object.keys(dict).map((k) => [k, (dict as Record<string, unknown>)[k]]));
  const missing = [...own.keys()].filter((n) => !given.has(n));
  const unexpected = [...given.keys()].filter((n) => !own.has(n));
  const misshaped: string[] = [];
  for (const [n, t] of own) {
    if (!given.has(n)) continue;
    const v = given.get(n) as StateValue | null | undefined;
    const shape = v instanceof Tensor ? v.shape : v?.shape;
    const len = v instanceof Tensor ? v.size : (v?.data as ArrayLike<number> | undefined)?.length;
    if (v === null || typeof v !== 'object' || !Array.isArray(shape)) {
      misshaped.push(`${n} (expected {shape, data} or a Tensor, got ${describe(v)})`);
    } else if (fmtShape(shape) !== fmtShape(t.shape) || len !== sizeOf(t.shape)) {
      misshaped.push(`${n} (expected ${fmtShape(t.shape)}, got ${fmtShape(shape)}${len !== sizeOf(shape) ? ` with ${len} values` : ''})`);
    }
  }
  if (misshaped.length || (strict && (missing.length || unexpected.length))) {
    const parts: string[] = [];
    if (missing.length) parts.push(`missing keys: ${missing.join(', ')}`);
    if (unexpected.length) parts.push(`unexpected keys: ${unexpected.join(', ')}`);
    if (misshaped.length) parts.push(`wrong shapes: ${misshaped.join('; ')}`);
    const Err = misshaped.length ? ShapeError : ValueError;
    throw new Err(`${where}: ${parts.join('; ')}`);
  }
  // Values that would fail (stale), turn into NaN (non-numbers, bigints) or poison the model
  // (NaN/Inf) in the middle of the copy.
  const copies: [Tensor, ArrayLike<number>][] = [];
  for (const [n, t] of own) {
    if (!given.has(n)) continue;
    const v = given.get(n) as StateValue;
    let values: ArrayLike<number>;
    if (v instanceof Tensor) {
      if (!v.isValid) throw new StateError(`${where}: dict value '${n}' is a tensor whose arena was reset (copy it with toArray() first)`);
      if (v.dtype !== 'float32') throw new ValueError(`${where}: dict value '${n}' must be float32, got ${v.dtype}`);
      values = v.toArray();
    } else {
      const d = v.data as unknown;
      const numeric = (ArrayBuffer.isView(d) && !(d instanceof DataView) && !(d instanceof BigInt64Array) && !(d instanceof BigUint64Array)) ||
        (Array.isArray(d) && d.every((x) => typeof x === 'number'));
      if (!numeric) throw new ValueError(`${where}: dict value '${n}' must hold numbers (a Float32Array or an array of numbers), got ${describe(d)}`);
      values = d as ArrayLike<number>;
    }
    if (!o.allowNonFinite) {
      for (let i = 0; i < values.length; i++) {
        if (!Number.isFinite(values[i])) {
          throw new ValueError(`${where}: dict value '${n}' holds ${values[i]} at flat index ${i} (non-finite weights are refused; pass { allowNonFinite: true } to load them)`);
        }
      }
    }
    copies.push([t, values]);
  }
  return { missingKeys: missing, unexpectedKeys: unexpected, copies };
}
