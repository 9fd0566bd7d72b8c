// Optimizer base: owns the parameter list and per-parameter state (in the 'state' arena), runs one
// wasm update kernel per parameter, and ends the training step (resets the step arena and tape).
import { checkOptions, fmtShape, ValueError } from '../errors.js';
import { describe } from '../util/args.js';
import type { Runtime } from '../runtime/runtime.js';
import { Tensor } from '../tensor/tensor.js';
import { clearTape } from '../autograd/tape.js';

/**
 * Options every optimizer takes: the learning rate and whether to skip steps with non-finite gradients.
 * @example
 * ```ts
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, skipNonFinite: true });
 * ```
 */
export interface BaseOptions {
  lr?: number;
  /** Skip (and count in skippedSteps) a step whose gradients hold NaN or Inf. Default false. */
  skipNonFinite?: boolean;
}

export function checkNumber(where: string, name: string, v: unknown, min: number, max = Infinity, minOpen = false): number {
  const ok = typeof v === 'number' && Number.isFinite(v) && (minOpen ? v > min : v >= min) && v <= max;
  if (!ok) throw new ValueError(`${where}: ${name} must be a number in ${minOpen ? '(' : '['}${min}, ${max}${max === Infinity ? ')' : ']'}, got ${String(v)}`);
  return v as number;
}

/**
 * An optimizer's state for checkpoints (src/io/checkpoint.ts), by parameter index as PyTorch's.
 * @example
 * ```ts
 * const s: optim.OptimizerState = opt.stateDict(); // what checkpoints store
 * other.loadStateDict(s);
 * ```
 */
export interface OptimizerState {
  kind: string;
  lr: number;
  stepCount: number;
  skippedSteps: number;
  /** Parameter index -> named state buffers (live tensors) and counters (e.g. Adam's step). */
  state: Record<number, { buffers: Record<string, Tensor>; counters: Record<string, number> }>;
}

/** An optional boolean option (a string like 'false' would otherwise count as true). */
export function checkBool(where: string, name: string, v: unknown): boolean {
  if (v !== undefined && typeof v !== 'boolean') throw new ValueError(`${where}: ${name} must be a boolean, got ${JSON.stringify(v)}`);
  return v === true;
}

/**
 * The base of the optimizers: `zeroGrad()`, then `step()` after `loss.backward()`. `step()` also
 * resets the step arena, ending the training step.
 * @example
 * ```ts
 * for (const batch of batches) {
 *   const loss = crossEntropy(model.forward(batch.x), batch.y);
 *   opt.zeroGrad();
 *   loss.backward();
 *   opt.step();
 * }
 * ```
 */
export abstract class Optimizer {
  readonly params: readonly Tensor[];
  /** Learning rate; schedulers write it. */
  lr: number;
  readonly skipNonFinite: boolean;
  /** Steps skipped because a gradient was not finite. */
  skippedSteps = 0;
  /** Steps applied. */
  stepCount = 0;
  private readonly slots = new Map<Tensor, Map<string, Tensor>>();
  protected readonly where: string;

  protected constructor(where: string, params: Iterable<Tensor>, opts: BaseOptions, allowed: readonly string[], defaultLr: number) {
    checkOptions(where, opts, ['lr', 'skipNonFinite', ...allowed]);
    this.where = where;
    if (params === null || typeof (params as Iterable<Tensor>)?.[Symbol.iterator] !== 'function') {
      throw new ValueError(`${where}: params must be an array of tensors (e.g. model.parameters())`);
    }
    const list = [...params];
    if (list.length === 0) throw new ValueError(`${where}: params is empty`);
    list.forEach((p, i) => {
      if (!(p instanceof Tensor)) throw new ValueError(`${where}: params[${i}] must be a Tensor, got ${typeof p}`);
      if (p.dtype !== 'float32') throw new ValueError(`${where}: params[${i}] ${fmtShape(p.shape)} must be float32, got ${p.dtype}`);
      if (!p.requiresGrad) throw new ValueError(`${where}: params[${i}] ${fmtShape(p.shape)} does not require grad`);
      if (p.arena.name === 'step') throw new ValueError(`${where}: params[${i}] lives in the step arena, which every step() resets; use arena 'params'`);
    });
    if (new Set(list).size !== list.length) throw new ValueError(`${where}: params holds the same tensor twice`);
    this.params = list;
    this.lr = checkNumber(where, 'lr', opts.lr ?? defaultLr, 0);
    this.skipNonFinite = checkBool(where, 'skipNonFinite', opts.skipNonFinite);
  }

  /** Zeroes every parameter's gradient in place. */
  zeroGrad(): void {
    for (const p of this.params) if (p.grad && p.grad.isValid) p.runtime.k.f32_fill(p.grad.ptr, p.grad.size, 0);
  }

  /** A named state buffer of p (zeros at first use), e.g. 'exp_avg'. */
  protected slot(p: Tensor, name: string): Tensor {
    let m = this.slots.get(p);
    if (!m) this.slots.set(p, (m = new Map()));
    let t = m.get(name);
    if (!t) {
      t = Tensor.zeros(p.shape, { runtime: p.runtime, arena: 'state' });
      m.set(name, t);
    }
    return t;
  }

  protected hasSlot(p: Tensor, name: string): boolean {
    return this.slots.get(p)?.has(name) ?? false;
  }

  /** The state buffers of parameter p by PyTorch's names (live tensors; empty before a step). */
  stateOf(p: Tensor): Record<string, Tensor> {
    this.checkParam(`${this.where}.stateOf`, p);
    return Object.fromEntries(this.slots.get(p) ?? []);
  }

  /** p must be one of this optimizer's parameters. */
  protected checkParam(where: string, p: unknown): void {
    if (!(p instanceof Tensor) || !this.params.includes(p)) throw new ValueError(`${where}: p must be one of this optimizer's parameters, got ${describe(p)}`);
  }

  /** Per-parameter counters to checkpoint (Adam: step); none by default. */
  protected countersOf(_p: Tensor): Record<string, number> {
    return {};
  }

  protected setCounters(_p: Tensor, _c: Record<string, number>): void {}

  /** Everything a resumed run needs; buffers are live tensors (copy them before the next step). */
  stateDict(): OptimizerState {
    const state: OptimizerState['state'] = {};
    this.params.forEach((p, i) => {
      const counters = this.countersOf(p);
      if (this.slots.has(p) || Object.keys(counters).length) state[i] = { buffers: this.stateOf(p), counters };
    });
    return { kind: this.where, lr: this.lr, stepCount: this.stepCount, skippedSteps: this.skippedSteps, state };
  }

  /**
   * Checks stateDict() output against this optimizer (kind, counts, buffer names and shapes,
   * counters) and reserves the buffers it will fill, so that loadStateDict cannot fail half-way.
   * Changes nothing observable; checkpoints call it before loading anything.
   */
  checkStateDict(s: OptimizerState): void {
    this.checkState(s, `${this.where}.checkStateDict`);
  }

  /** checkStateDict under the caller's name. */
  private checkState(s: OptimizerState, where: string): void {
    if (s === null || typeof s !== 'object' || s.kind !== this.where) throw new ValueError(`${where}: state is for ${JSON.stringify(s?.kind)}, expected '${this.where}'`);
    checkNumber(where, 'lr', s.lr, 0);
    const count = (name: string, v: unknown): void => {
      if (!Number.isSafeInteger(v) || (v as number) < 0) throw new ValueError(`${where}: ${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
    };
    count('stepCount', s.stepCount);
    count('skippedSteps', s.skippedSteps);
    const entries = Object.entries(s.state ?? {});
    for (const [k, v] of entries) {
      const p = this.params[Number(k)];
      if (!p) throw new ValueError(`${where}: state for parameter ${k}, the optimizer has ${this.params.length}`);
      if (!v || typeof v !== 'object') throw new ValueError(`${where}: state of parameter ${k} must be { buffers, counters }`);
      for (const [name, t] of Object.entries(v.buffers ?? {})) {
        if (!this.slotNames(p).includes(name)) throw new ValueError(`${where}: parameter ${k} has a buffer '${name}' that this ${this.where} does not use (it uses: ${this.slotNames(p).join(', ') || 'none'})`);
        if (!(t instanceof Tensor) || fmtShape(t.shape) !== fmtShape(p.shape)) throw new ValueError(`${where}: '${name}' of parameter ${k} must be a ${fmtShape(p.shape)} tensor, got ${t instanceof Tensor ? fmtShape(t.shape) : typeof t}`);
      }
      for (const [name, c] of Object.entries(v.counters ?? {})) count(`counter '${name}' of parameter ${k}`, c);
    }
    // Reserve the buffers now: running out of memory here leaves the optimizer as it was.
    for (const [k, v] of entries) for (const name of Object.keys(v.buffers ?? {})) this.slot(this.params[Number(k)], name);
  }

  /** Restores stateDict() output (of the same optimizer class over same-shaped parameters). */
  loadStateDict(s: OptimizerState): void {
    const where = `${this.where}.loadStateDict`;
    this.checkState(s, where);
    this.lr = checkNumber(where, 'lr', s.lr, 0);
    this.stepCount = s.stepCount;
    this.skippedSteps = s.skippedSteps;
    this.params.forEach((p, i) => {
      const v = s.state?.[i] ?? { buffers: {}, counters: {} };
      const m = this.slots.get(p); // existing buffers are reused (the state arena does not free)
      for (const name of [...(m?.keys() ?? [])]) if (!(name in v.buffers)) m!.delete(name);
      for (const [name, t] of Object.entries(v.buffers ?? {})) this.slot(p, name).data().set(t.data());
      this.setCounters(p, v.counters ?? {});
    });
  }

  /** Updates one parameter from its gradient. */
  protected abstract update(p: Tensor, g: Tensor): void;

  /**
   * Names of the state buffers update(p) uses. step() creates them all before it updates
   * anything, so that running out of memory (a MemoryError) leaves every parameter as it was.
   */
  protected slotNames(_p: Tensor): readonly string[] {
    return [];
  }

  /**
   * Applies one update to every parameter that has a gradient, then ends the step: the step
   * arena is reset and the tape cleared, so tensors from this step become stale. Returns false
   * when the step was skipped for non-finite gradients (skipNonFinite).
   */
  step(): boolean {
    const grads = this.params.map((p) => (p.grad && p.grad.isValid ? p.grad : null));
    let skip = false;
    if (this.skipNonFinite) {
      skip = grads.some((g) => g !== null && g.runtime.k.f32_find_nonfinite(g.ptr, g.size) >= 0);
    }
    if (skip) this.skippedSteps++;
    else {
      // Everything that can fail comes first (a stale parameter, state buffers that do not fit),
      // so an error never leaves the model half-updated.
      this.params.forEach((p, i) => {
        void p.ptr;
        if (grads[i]) for (const n of this.slotNames(p)) this.slot(p, n);
      });
      this.params.forEach((p, i) => {
        const g = grads[i];
        if (g) {
          this.update(p, g);
          p.arena.noteWrite();
        }
      });
      // As torch.optim: a step that updated nothing (no gradients) advances no count.
      if (grads.some((g) => g !== null)) this.stepCount++;
    }
    const rts = new Set<Runtime>(this.params.map((p) => p.runtime));
    for (const rt of rts) {
      rt.resetStep();
      clearTape(rt);
    }
    return !skip;
  }
}
