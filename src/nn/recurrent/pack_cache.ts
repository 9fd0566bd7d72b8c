// Packed W_hh and W_ih kept between inference forwards, as inference engines pre-pack constant
// weights. Every forward otherwise re-packs them into the step arena: for LSTM H = 256 that reads 1 MiB
// and writes 1 MiB more before the first step, evicting half of L2, and it is most of a
// streaming step's cost. The packed copy lives in the runtime's 'state' arena, one per weight
// tensor, and is used only while the weights are unchanged: the params arena counts every
// Tensor.data() view handed out and every optimizer update (Arena.writes), and any such write
// since packing makes the next forward pack again (in place). Only forwards that record no
// gradient use it (training changes the weights every step). When the state arena cannot grow
// (maxMemoryBytes), the scan packs into the step arena as before.
import { MemoryError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { DirParams } from './scan.js';

interface Slot {
  ptr: number;
  bytes: number;
  stateEpoch: number;
  key: string;
  writes: number;
  src: number;
}

const slots = new WeakMap<Tensor, Slot>();

/** A DirParams.packedHh / packedIh source for a weight parameter, or undefined when w cannot be cached. */
export function packedSource(w: Tensor): DirParams['packedHh'] {
  const rt = w.runtime;
  if (w.arena !== rt.params) return undefined;
  return (key, bytes, fill) => {
    const writes = w.arena.writes;
    const src = w.ptr;
    let s = slots.get(w);
    if (s && s.stateEpoch !== rt.state.epoch) s = undefined;
    if (s && s.key === key && s.writes === writes && s.src === src && s.bytes >= bytes) return s.ptr;
    if (!s || s.bytes < bytes) {
      let ptr: number;
      try {
        ptr = rt.state.alloc(bytes);
      } catch (e) {
        if (e instanceof MemoryError) return 0;
        throw e;
      }
      s = { ptr, bytes, stateEpoch: rt.state.epoch, key, writes, src };
      slots.set(w, s);
    }
    fill(s.ptr);
    Object.assign(s, { key, writes, src });
    return s.ptr;
  };
}
