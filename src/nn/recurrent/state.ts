// The recurrent state, one type for every recurrent API (modules' forward, cells, streaming, the
// Keras layers): h and, for an LSTM, c; plus its host copies (what a StreamState holds).
import type { Runtime } from '../../runtime/runtime.js';
import { Tensor } from '../../tensor/tensor.js';

/**
 * h, and c for an LSTM (null or absent otherwise). Shapes: (L*D, B, H) for nn.RNN/LSTM/GRU
 * (forward's `state` option and its result), (B, H) for the cells, (L, B, H) host copies in a
 * streaming StreamState. To carry it across optimizer.step(), keep h and c in a Carry.
 * @example
 * ```ts
 * const { output, h, c } = lstm.forward(x);
 * const next = lstm.forward(x2, { h0: h, c0: c }); // the state continues the sequence
 * ```
 */
export interface RecurrentState<T = Tensor> {
  h: T;
  c?: T | null;
}

/**
 * A host copy of a state tensor: survives arena resets and serializes (StreamState).
 * @example
 * ```ts
 * const h: HostTensor = state.tensors.h; // { shape: [L, B, H], data: Float32Array }
 * ```
 */
export interface HostTensor {
  shape: number[];
  data: Float32Array;
}

/** Host copies of a state, each with `shape` (c only when present). */
export function stateToHost(s: RecurrentState, shape: number[]): Record<string, HostTensor> {
  const out: Record<string, HostTensor> = { h: { shape, data: s.h.toArray() as Float32Array } };
  if (s.c) out.c = { shape: shape.slice(), data: s.c.toArray() as Float32Array };
  return out;
}

/** A zero state as host copies of `shape` (c when `hasC`). */
export function zeroHostState(shape: number[], hasC: boolean): Record<string, HostTensor> {
  const n = shape.reduce((a, b) => a * b, 1);
  const out: Record<string, HostTensor> = { h: { shape, data: new Float32Array(n) } };
  if (hasC) out.c = { shape: shape.slice(), data: new Float32Array(n) };
  return out;
}

/** Host copies (already checked) back as step-arena tensors of `shape`. */
export function stateFromHost(t: Readonly<Record<string, Readonly<HostTensor>>>, shape: number[], rt: Runtime, hasC: boolean): RecurrentState & { c: Tensor | null } {
  const h = Tensor.from(t.h.data, shape, { runtime: rt });
  return { h, c: hasC ? Tensor.from(t.c.data, shape, { runtime: rt }) : null };
}
