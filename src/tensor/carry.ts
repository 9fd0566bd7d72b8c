// Carry: tensors that outlive optimizer.step(), which resets the step arena. A truncated-BPTT loop
// keeps its recurrent state (h, c) here between chunks instead of copying it to host arrays and back.
import { any, describe, options } from '../util/args.js';
import { StateError, ValueError } from '../errors.js';
import { Arena } from '../runtime/heap.js';
import { runtimeOption, type Runtime } from '../runtime/runtime.js';
import { Tensor } from './tensor.js';

/** One name's two buffers; `next` is the one the next keep writes. */
interface Slot {
  bufs: [Arena, Arena];
  next: 0 | 1;
  last: Tensor | null;
}

/**
 * Named, double-buffered slots in long-lived memory, owned by whoever made the Carry (a trainer,
 * a module). `keep(name, t)` copies t's values into the buffer of `name` that the previous keep did
 * NOT write and returns it as a new tensor: a leaf without gradient, off the tape (the carried
 * state of truncated BPTT), valid across `optimizer.step()` and `runtime.resetStep()`.
 *
 * Lifetime rule: a kept tensor stays valid until the second `keep` of the same name after it,
 * which reuses its buffer; using it then throws a StateError (each buffer is its own arena, and
 * reuse starts a new epoch). So the state kept at chunk k is readable while chunk k+1 keeps its
 * successor. Memory: two buffers per name, each as large as the largest tensor kept under that
 * name; a loop that keeps the same shapes allocates nothing after its first two chunks.
 *
 * @example
 * ```ts
 * const carry = new Carry();
 * let h = null, c = null;
 * for (const [x, y] of chunks) {
 *   const r = lstm.forward(x, { h0: h, c0: c });
 *   const loss = crossEntropy(head.forward(r.output), y);
 *   opt.zeroGrad(); loss.backward();
 *   h = carry.keep('h', r.h); c = carry.keep('c', r.c);   // before step: r.h is in the step arena
 *   opt.step();                                            // h and c survive it
 * }
 * ```
 */
export class Carry {
  readonly runtime: Runtime;
  private readonly slots = new Map<string, Slot>();

  constructor(opts: { runtime?: Runtime } = {}) {
    const o = options<{ runtime: Runtime }>('Carry', opts, { runtime: any });
    this.runtime = runtimeOption('Carry', o.runtime);
  }

  /** Copies t into slot `name` (see the class comment); null/undefined give null (no state yet). */
  keep(name: string, t: Tensor): Tensor;
  keep(name: string, t: Tensor | null | undefined): Tensor | null;
  keep(name: string, t: Tensor | null | undefined): Tensor | null {
    if (typeof name !== 'string' || name === '') throw new ValueError(`Carry.keep: name must be a non-empty string, got ${describe(name)}`);
    if (t === null || t === undefined) return null;
    if (!(t instanceof Tensor)) throw new ValueError(`Carry.keep: t must be a Tensor, got ${typeof t}`);
    const rt = this.runtime;
    if (t.runtime !== rt) throw new StateError(`Carry.keep: tensor '${name}' belongs to another runtime than this Carry`);
    const src = t.ptr; // throws StateError when t's arena was reset
    const bytes = t.size * 4;
    let slot = this.slots.get(name);
    const i = slot ? slot.next : 0;
    let arena = slot?.bufs[i];
    if (!arena || arena.capacityBytes < bytes) {
      // First use, or a larger tensor: a fresh arena (allocated before anything changes, so a
      // MemoryError leaves the slot as it was); the old buffer's tensors become stale.
      const fresh = new Arena(rt.heap, `carry '${name}'`, 64);
      fresh.alloc(bytes);
      fresh.reset();
      arena?.reset();
      arena = fresh;
    } else {
      arena.reset();
    }
    const dst = arena.alloc(bytes);
    new Uint8Array(rt.memory.buffer).copyWithin(dst, src, src + bytes); // exact bits, any dtype
    const out = new Tensor(rt, arena, dst, t.shape, t.dtype, false);
    if (!slot) {
      slot = { bufs: [arena, arena], next: 0, last: null };
      this.slots.set(name, slot);
      slot.bufs[1] = new Arena(rt.heap, `carry '${name}'`, 64); // empty until the second keep
    }
    slot.bufs[i] = arena;
    slot.next = i === 0 ? 1 : 0;
    slot.last = out;
    return out;
  }

  /** The tensor last kept under `name`, or null. */
  get(name: string): Tensor | null {
    if (typeof name !== 'string' || name === '') throw new ValueError(`Carry.get: name must be a non-empty string, got ${describe(name)}`);
    return this.slots.get(name)?.last ?? null;
  }

  /** Bytes this carry's buffers hold. */
  get capacityBytes(): number {
    let n = 0;
    for (const s of this.slots.values()) n += s.bufs[0].capacityBytes + s.bufs[1].capacityBytes;
    return n;
  }
}
