// Packed W_hh and W_ih kept between inference forwards, as inference engines pre-pack constant
// weights. Every forward otherwise re-packs them into the step arena: for LSTM H = 256 that reads 1 MiB
// and writes 1 MiB more before the first step, evicting half of L2, and it is most of a
// streaming step's cost. The packed copies live in the runtime's 'packs' arena (small chunks, so
// a small model's copies take little more than their size), one per weight tensor, and are used
// only while the weights are unchanged: the params arena counts every Tensor.data() view handed
// out, every markModified() and every optimizer update (Arena.writes), and any such write since
// packing makes the next forward pack again (in place). Only forwards that record no gradient use
// them (training changes the weights every step): the module hands these sources to the scan
// for such forwards only (stack.ts). A new copy is made only while the heap keeps
// ample room under maxMemoryBytes (HEADROOM); otherwise the scan packs into the step arena, as
// without the cache. Copies live as long as the runtime, like the parameters themselves.
import { MemoryError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { PackSource } from '../../autograd/recurrent/index.js';

interface Slot {
  ptr: number;
  bytes: number;
  key: string;
  writes: number;
  src: number;
}

const slots = new WeakMap<Tensor, Slot>();
/** Bytes the heap must still have free (under maxMemoryBytes) for a new packed copy. */
const HEADROOM = 8 << 20;

/** A packed-weight source (DirPacks.hh / .ih) for a weight parameter, or undefined when w cannot be cached. */
export function packedSource(w: Tensor): PackSource | undefined {
  const rt = w.runtime;
  if (w.arena !== rt.params) return undefined;
  return (key, bytes, fill) => {
    const writes = w.arena.writes;
    const src = w.ptr;
    let s = slots.get(w);
    if (s && s.key === key && s.writes === writes && s.src === src && s.bytes >= bytes) return s.ptr;
    if (!s || s.bytes < bytes) {
      // Near the ceiling the copy would take room the rest of the forward (and later training)
      // may need: pack per forward there instead.
      if (rt.heap.availableBytes < Math.max(HEADROOM, 4 * bytes)) return 0;
      let ptr: number;
      try {
        ptr = rt.packs.alloc(bytes);
      } catch (e) {
        if (e instanceof MemoryError) return 0;
        throw e;
      }
      s = { ptr, bytes, key, writes, src };
      slots.set(w, s);
    }
    fill(s.ptr);
    Object.assign(s, { key, writes, src });
    return s.ptr;
  };
}
