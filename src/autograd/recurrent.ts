// PLACEHOLDER owned by the rnn engineer: the recurrent layer's tape record and its
// backward-through-time. Replace this whole file; keep the two exported names.
import type { BackwardContext } from './tape.js';

/** One tape entry per recurrent layer (and direction), declaring what BPTT needs. */
export interface RecurrentRecord {
  op: 'recurrent';
}

/** Accumulates the layer's input/state/parameter gradients from its output gradients. */
export function recurrentBackward(rec: RecurrentRecord, ctx: BackwardContext): void {
  void ctx;
  throw new Error(`recurrentBackward: not implemented (${rec.op})`);
}
