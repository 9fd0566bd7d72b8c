// The tape: an ordered list of op records per runtime (recording, grad mode, lifetimes). A leaf of
// autograd: the reverse walk and the one backward switch live in backward.ts, which imports this.
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
// src/autograd/recurrent/record.ts.
//
// Lifetimes: records hold tensors of the step arena. optimizer.step() (or runtime.resetStep())
// resets that arena; the tape notices the new epoch and drops its records, and any tensor a user
// kept from the old step throws a StateError on use.
import { describe } from '../util/args.js';
import { fmtShape, ValueError } from '../errors.js';
import type { Runtime } from '../runtime/runtime.js';
import type { Tensor } from '../tensor/tensor.js';

/** What the tape keeps of an op record: its kind (the full union is records.ts' OpRecord). */
export interface TapeRecord {
  readonly op: string;
}

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

export interface Entry {
  rec: TapeRecord;
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

/**
 * Whether ops are recorded for backward right now (false inside {@link noGrad}).
 * @example
 * ```ts
 * noGrad(() => isGradEnabled()); // false
 * ```
 */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Runs fn without recording: results have requiresGrad = false.
 * @example
 * ```ts
 * const probs = noGrad(() => softmax(model.forward(x))); // inference: nothing recorded, nothing kept
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new ValueError(`noGrad: fn must be a function, got ${describe(fn)}`);
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/**
 * Opt-in: after every op, check its outputs for NaN/Inf and throw naming the op (slow).
 * @example
 * ```ts
 * setDebugNonFinite(true);
 * loss.backward(); // throws naming the first op whose output held NaN or Inf
 * ```
 */
export function setDebugNonFinite(on: boolean): void {
  if (typeof on !== 'boolean') throw new ValueError(`setDebugNonFinite: on must be a boolean, got ${describe(on)}`);
  debugNonFinite = on;
}

/** Called by every forward function once its outputs are computed. */
export function track<R extends TapeRecord>(rec: R, outputs: readonly Tensor[]): void {
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

export function checkFinite(where: string, ts: readonly Tensor[]): void {
  for (const t of ts) {
    if (t.dtype !== 'float32') continue;
    const i = t.runtime.k.f32_find_nonfinite(t.ptr, t.size);
    if (i >= 0) {
      throw new ValueError(`${where} produced a non-finite value (${t.data()[i]}) at flat index ${i} of a ${fmtShape(t.shape)} tensor`);
    }
  }
}

/** Debug mode of setDebugNonFinite (read by the backward walk). */
export function isDebugNonFinite(): boolean {
  return debugNonFinite;
}

/** The runtime's records in recording order (the backward walk reads and clears them). */
export function tapeEntries(rt: Runtime): Entry[] {
  return tapeOf(rt).entries;
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
