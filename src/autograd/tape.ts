// The tape: an ordered list of op records per runtime, and the reverse walk that turns a loss
// into gradients.
//
// HOW TO ADD AN OP KIND (three places, nothing else):
//   1. Record: add an interface `{ op: 'myop'; ...what backward needs }` to the `OpRecord` union in
//      src/autograd/records.ts. Save tensors (inputs, outputs, masks) and plain numbers only, never
//      closures or typed-array views; saved tensors live in the step arena.
//   2. Backward: add `case 'myop':` to the one `switch` in src/autograd/backward.ts. It reads the
//      upstream gradient with `ctx.gradOut(rec.out)` and ACCUMULATES (+=) into `ctx.gradOf(input)`,
//      which is null when that input needs no gradient. The switch is exhaustive: TypeScript fails
//      the build until the case exists.
//   3. Forward: a function that validates its inputs (typed errors), computes the output with the
//      kernels, sets `out.requiresGrad = needsGrad(inputs...)`, then calls
//      `track(rec, [outputs...])`, which records it when a gradient is needed (and runs the opt-in
//      non-finite check).
// The recurrent layers are ONE record kind, `op: 'recurrent'`, whose type and backward live in
// src/autograd/recurrent.ts.
//
// Lifetimes: records hold tensors of the step arena. optimizer.step() (or runtime.resetStep())
// resets that arena; the tape notices the new epoch and drops its records, and any tensor a user
// kept from the old step throws a StateError on use.
import { fmtShape, StateError, ValueError } from '../errors.js';
import type { Runtime } from '../runtime/runtime.js';
import { setBackwardHook, Tensor } from '../tensor/tensor.js';
import type { OpRecord } from './records.js';
import { runBackward } from './backward.js';

/** What a backward case gets: upstream gradients and the buffers to accumulate into. */
export interface BackwardContext {
  readonly rt: Runtime;
  /** d loss / d t for an output of the record, or null when no gradient reached it. */
  gradOut(t: Tensor): Tensor | null;
  /** The zero-initialised buffer to accumulate d loss / d t into; null when t needs no gradient. */
  gradOf(t: Tensor): Tensor | null;
  /** A scratch tensor in the step arena (uninitialised). */
  temp(shape: readonly number[]): Tensor;
}

interface Entry {
  rec: OpRecord;
  outputs: readonly Tensor[];
}

interface TapeState {
  entries: Entry[];
  /** The step-arena epoch the entries were recorded in. */
  epoch: number;
}

const tapes = new WeakMap<Runtime, TapeState>();
let gradEnabled = true;
let debugNonFinite = false;

function tapeOf(rt: Runtime): TapeState {
  let t = tapes.get(rt);
  if (!t) {
    t = { entries: [], epoch: rt.step.epoch };
    tapes.set(rt, t);
  }
  if (t.epoch !== rt.step.epoch) {
    // The step arena was reset: every record refers to freed tensors.
    t.entries = [];
    t.epoch = rt.step.epoch;
  }
  return t;
}

/** True when an op on these inputs must be recorded. */
export function needsGrad(...inputs: readonly (Tensor | null | undefined)[]): boolean {
  if (!gradEnabled) return false;
  for (const t of inputs) if (t && t.requiresGrad) return true;
  return false;
}

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs fn without recording: results have requiresGrad = false. */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/** Opt-in: after every op, check its outputs for NaN/Inf and throw naming the op (slow). */
export function setDebugNonFinite(on: boolean): void {
  debugNonFinite = !!on;
}

/** Called by every forward function once its outputs are computed. */
export function track(rec: OpRecord, outputs: readonly Tensor[]): void {
  if (debugNonFinite) checkFinite(`forward of op '${rec.op}'`, outputs);
  let recorded = false;
  for (const o of outputs) {
    if (o.requiresGrad) {
      o.isLeaf = false;
      recorded = true;
    }
  }
  if (!recorded) return;
  tapeOf(outputs[0].runtime).entries.push({ rec, outputs });
}

function checkFinite(where: string, ts: readonly Tensor[]): void {
  for (const t of ts) {
    if (t.dtype !== 'float32') continue;
    const i = t.runtime.k.f32_find_nonfinite(t.ptr, t.size);
    if (i >= 0) {
      throw new ValueError(`${where} produced a non-finite value (${t.data()[i]}) at flat index ${i} of a ${fmtShape(t.shape)} tensor`);
    }
  }
}

/** Number of records on the runtime's tape (tests, leak checks). */
export function tapeLength(rt: Runtime): number {
  return tapeOf(rt).entries.length;
}

/** Drops every record (optimizer.step() calls this after resetting the step arena). */
export function clearTape(rt: Runtime): void {
  const t = tapeOf(rt);
  t.entries = [];
}

/** The arena a tensor's gradient lives in: parameters keep theirs in 'state'. */
function gradArena(t: Tensor): 'params' | 'state' | 'step' {
  const name = t.arena.name;
  if (name === 'params' || name === 'state') return 'state';
  return 'step';
}

/**
 * loss.backward(): seeds d loss / d loss = 1 and walks the tape in reverse. Leaves with
 * requiresGrad accumulate into `.grad`; intermediate gradients live in the step arena and are
 * dropped. Unless retainGraph, the records are dropped afterwards (the forward must be re-run).
 */
export function backward(loss: Tensor, opts: { retainGraph?: boolean } = {}): void {
  if (loss.size !== 1) throw new ValueError(`backward: loss must have one element, got shape ${fmtShape(loss.shape)}`);
  if (!loss.requiresGrad) {
    throw new StateError('backward: loss does not require grad (no input had requiresGrad, or it was computed inside noGrad)');
  }
  void loss.ptr; // stale check
  const rt = loss.runtime;
  const tape = tapeOf(rt);
  const grads = new Map<Tensor, Tensor>();
  const touched: Tensor[] = []; // gradients written by the current record (debug check)
  const zeroed = (shape: readonly number[], arena: 'params' | 'state' | 'step'): Tensor =>
    Tensor.zeros(shape, { runtime: rt, arena });
  const ctx: BackwardContext = {
    rt,
    gradOut: (t) => grads.get(t) ?? null,
    gradOf: (t) => {
      if (!t.requiresGrad) return null;
      let g: Tensor | undefined;
      if (t.isLeaf) {
        if (t.grad === null || !t.grad.isValid) t.grad = zeroed(t.shape, gradArena(t));
        g = t.grad;
      } else {
        g = grads.get(t);
        if (!g) {
          g = zeroed(t.shape, 'step');
          grads.set(t, g);
        }
      }
      if (debugNonFinite) touched.push(g);
      return g;
    },
    temp: (shape) => Tensor.empty(shape, { runtime: rt }),
  };
  const seed = ctx.gradOf(loss)!;
  seed.data()[0] += 1;
  for (let i = tape.entries.length - 1; i >= 0; i--) {
    const e = tape.entries[i];
    if (!e.outputs.some((o) => grads.has(o))) continue;
    touched.length = 0;
    runBackward(e.rec, ctx);
    if (debugNonFinite) checkFinite(`backward of op '${e.rec.op}'`, touched);
  }
  if (!opts.retainGraph) tape.entries = [];
}

setBackwardHook((t, opts) => backward(t, opts));
