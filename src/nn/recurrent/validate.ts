// Input checks shared by the recurrent modules and cells: typed errors naming the function, the
// argument, what was expected and what came (e.g. `LSTM.forward: x must be [B, T, 64], got [2, 5, 32]`).
import { checkOptions, fmtShape, ShapeError, StateError, ValueError } from '../../errors.js';
import type { Runtime } from '../../runtime/runtime.js';
import { checkTensor as checkLive, Tensor } from '../../tensor/tensor.js';
import { describe } from '../../util/args.js';

export function posInt(where: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new ValueError(`${where}: ${name} must be a positive integer, got ${describe(v)}`);
  }
  return v;
}

function checkTensor(where: string, name: string, t: unknown): Tensor {
  return checkLive(where, name, t, 'float32'); // a live float32 Tensor; errors name function and argument
}

/** x must be (B, T, I) batch-first or (T, B, I) time-major, with B, T >= 1. */
export function checkX(where: string, x: unknown, I: number, batchFirst: boolean): { B: number; T: number } {
  const want = batchFirst ? `[B, T, ${I}]` : `[T, B, ${I}]`;
  const t = checkTensor(where, 'x', x);
  const s = t.shape;
  if (s.length !== 3 || s[2] !== I || s[0] < 1 || s[1] < 1) throw new ShapeError(`${where}: x must be ${want}, got ${fmtShape(s)}`);
  return batchFirst ? { B: s[0], T: s[1] } : { B: s[1], T: s[0] };
}

/** An optional state tensor of exactly `shape` in runtime rt. */
export function checkState(where: string, name: string, t: unknown, shape: number[], rt: Runtime): Tensor | null {
  if (t === undefined || t === null) return null;
  const v = checkTensor(where, name, t);
  if (fmtShape(v.shape) !== fmtShape(shape)) throw new ShapeError(`${where}: ${name} must be ${fmtShape(shape)}, got ${fmtShape(v.shape)}`);
  if (v.runtime !== rt) throw new StateError(`${where}: ${name} belongs to another runtime than the module's parameters`);
  return v;
}

/** lengths: B integers in [1, T] (array, typed array or int32/float32 Tensor), or null. */
export function checkLengths(where: string, lengths: unknown, B: number, T: number): Int32Array | null {
  if (lengths === undefined || lengths === null) return null;
  let vals: ArrayLike<number>;
  if (lengths instanceof Tensor) {
    if (lengths.shape.length !== 1) throw new ShapeError(`${where}: lengths must be [${B}], got ${fmtShape(lengths.shape)}`);
    vals = lengths.toArray();
  } else if (typeof lengths === 'object' && typeof (lengths as ArrayLike<number>).length === 'number') {
    vals = lengths as ArrayLike<number>;
  } else {
    throw new ValueError(`${where}: lengths must be an array of ${B} integers, got ${typeof lengths}`);
  }
  if (vals.length !== B) throw new ShapeError(`${where}: lengths must have B = ${B} entries, got ${vals.length}`);
  const out = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    const v = vals[b];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > T) {
      throw new ValueError(`${where}: lengths[${b}] must be an integer in [1, ${T}] (T = ${T}), got ${v}`);
    }
    out[b] = v;
  }
  return out;
}

/** The checked arguments of a recurrent forward (float or int8 module). */
export interface ForwardArgs {
  B: number;
  T: number;
  h0: Tensor | null; // (L*D, B, H)
  c0: Tensor | null;
  lens: Int32Array | null;
  seq: 'hidden' | 'cell';
}

/**
 * Checks a recurrent forward's x and options ({ state | h0, c0, lengths, sequence }) against the
 * module's geometry; shared by nn.LSTM/GRU/RNN and their int8 twins so both refuse the same calls.
 */
export function checkForwardArgs(
  name: string, x: unknown, options: unknown,
  g: { inputSize: number; hiddenSize: number; numLayers: number; bidirectional: boolean; batchFirst: boolean; hasC: boolean; rt: Runtime; owner: string },
): ForwardArgs {
  checkOptions(name, (options ?? undefined) as object | undefined, ['state', 'h0', 'c0', 'lengths', 'sequence']);
  const opts = (options ?? {}) as { state?: { h?: unknown; c?: unknown } | null; h0?: unknown; c0?: unknown; lengths?: unknown; sequence?: unknown };
  const isLstm = g.hasC;
  const rows = g.numLayers * (g.bidirectional ? 2 : 1);
  const H = g.hiddenSize;
  const { B, T } = checkX(name, x, g.inputSize, g.batchFirst);
  if ((x as Tensor).runtime !== g.rt) throw new StateError(`${name}: x belongs to another runtime than the module's ${g.owner}`);
  const st = opts.state ?? null;
  if (st !== null) {
    if (typeof st !== 'object') throw new ValueError(`${name}: state must be an object {h, c}, got ${typeof st}`);
    if (opts.h0 != null || opts.c0 != null) throw new ValueError(`${name}: pass either state or h0/c0, not both`);
  }
  const h0In = st ? st.h : opts.h0;
  const c0In = st ? st.c : opts.c0;
  if (!isLstm && c0In != null) throw new ValueError(`${name}: ${st ? 'state.c' : 'c0'} is only for LSTM, got a tensor`);
  const seq = opts.sequence ?? 'hidden';
  if (seq !== 'hidden' && seq !== 'cell') throw new ValueError(`${name}: sequence must be 'hidden' or 'cell', got ${JSON.stringify(seq)}`);
  if (seq === 'cell' && !isLstm) throw new ValueError(`${name}: sequence 'cell' needs an LSTM`);
  const h0 = checkState(name, st ? 'state.h' : 'h0', h0In, [rows, B, H], g.rt);
  const c0 = isLstm ? checkState(name, st ? 'state.c' : 'c0', c0In, [rows, B, H], g.rt) : null;
  const lens = checkLengths(name, opts.lengths, B, T);
  return { B, T, h0, c0, lens, seq };
}
