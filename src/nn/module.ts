// Module: the base of every layer. Holds parameters and child modules in registration order,
// names them with PyTorch's dotted paths ("lstm.weight_ih_l0"), and saves/loads them by name.
import { checkOptions, fmtShape, ShapeError, StateError, ValueError } from '../errors.js';
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
   * (a shape mismatch is always an error). Nothing is changed when it throws.
   */
  loadStateDict(dict: Record<string, StateValue>, opts: { strict?: boolean } = {}): LoadResult {
    checkOptions('Module.loadStateDict', opts, ['strict']);
    if (dict === null || typeof dict !== 'object') throw new ValueError(`Module.loadStateDict: dict must be an object, got ${dict === null ? 'null' : typeof dict}`);
    const strict = opts.strict ?? true;
    const own = new Map(this.namedParameters());
    const missing = [...own.keys()].filter((n) => !(n in dict));
    const unexpected = Object.keys(dict).filter((n) => !own.has(n));
    const misshaped: string[] = [];
    for (const [n, t] of own) {
      if (!(n in dict)) continue;
      const v = dict[n];
      const shape = v?.shape;
      const len = v instanceof Tensor ? v.size : v?.data?.length;
      if (!Array.isArray(shape) && !(v instanceof Tensor)) {
        misshaped.push(`${n} (expected {shape, data} or a Tensor)`);
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
      throw new Err(`Module.loadStateDict: ${parts.join('; ')}`);
    }
    // Values that would fail (stale) or turn into NaN (non-numbers) in the middle of the copy.
    const stale: string[] = [];
    const bad: string[] = [];
    for (const n of own.keys()) {
      if (!(n in dict)) continue;
      const v = dict[n];
      if (v instanceof Tensor) {
        if (!v.isValid) stale.push(n);
      } else if (!ArrayBuffer.isView(v.data) && !(Array.isArray(v.data) && v.data.every((x) => typeof x === 'number'))) bad.push(n);
    }
    if (stale.length) throw new StateError(`Module.loadStateDict: dict values ${stale.join(', ')} are tensors whose arena was reset (copy them with toArray() first)`);
    if (bad.length) throw new ValueError(`Module.loadStateDict: dict values ${bad.join(', ')} must hold numbers (a typed array or an array of numbers)`);
    for (const [n, t] of own) {
      if (!(n in dict)) continue;
      const v = dict[n];
      t.data().set(v instanceof Tensor ? v.data() : v.data);
    }
    return { missingKeys: missing, unexpectedKeys: unexpected };
  }

  /** Sets training mode here and in every descendant. */
  train(mode = true): this {
    this.training = !!mode;
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
