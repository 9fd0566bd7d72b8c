// Streaming inference: one frame at a time through a unidirectional recurrent model, with the
// recurrent state as a plain value (host memory, so it survives step-arena resets) that serializes
// to bytes for a key-value store between requests. Shape legend: B batch, I input, H hidden,
// L layers. A state carries the signature of the model that made it and is refused by any other.
import { fmtShape, FormatError, renamed, ShapeError, StateError, ValueError } from '../../errors.js';
import { bool, describe, options } from '../../util/args.js';
import { parseSafetensors, writeSafetensors } from '../../util/safetensors.js';
import { noGrad } from '../../autograd/tape.js';
import { Tensor } from '../../tensor/tensor.js';
import type { Module } from '../module.js';
import type { CellDef } from '../../autograd/recurrent/index.js';
import { posInt } from './validate.js';
import { stateFromHost, stateToHost, zeroHostState, type HostTensor, type RecurrentState } from './state.js';

const FORMAT = 'rnn-wasm.stream-state';
const VERSION = '1';

export type { HostTensor };

/**
 * The recurrent state of a streaming model for B rows: named host arrays plus who made them.
 * @example
 * ```ts
 * let state = lstm.initialState(1);
 * for (const frame of frames) ({ state } = lstm.step(frame, state));
 * const bytes = state.toBytes(); // resume later with StreamState.fromBytes(bytes)
 * ```
 */
export class StreamState {
  /** Identifies the architecture that made this state (class, sizes, parameter names and shapes). */
  readonly signature: string;
  readonly batch: number;
  /** e.g. h (L, B, H) and, for an LSTM, c (L, B, H). Frozen: every step returns a new state. */
  readonly tensors: Readonly<Record<string, Readonly<HostTensor>>>;

  constructor(signature: string, batch: number, tensors: Record<string, HostTensor>) {
    if (typeof signature !== 'string') throw new ValueError(`StreamState: signature must be a string, got ${describe(signature)}`);
    if (!Number.isSafeInteger(batch) || batch < 1) throw new ValueError(`StreamState: batch must be a positive integer, got ${describe(batch)}`);
    if (tensors === null || typeof tensors !== 'object' || Array.isArray(tensors)) throw new ValueError(`StreamState: tensors must be an object of name -> { shape, data }, got ${describe(tensors)}`);
    for (const k of Object.keys(tensors)) {
      const t = tensors[k];
      if (t === null || typeof t !== 'object' || !Array.isArray(t.shape) || !(t.data instanceof Float32Array)) throw new ValueError(`StreamState: tensors['${k}'] must be { shape, data: Float32Array }, got ${describe(t)}`);
    }
    this.signature = signature;
    this.batch = batch;
    this.tensors = Object.freeze(Object.assign(Object.create(null) as Record<string, HostTensor>, tensors));
  }

  /** safetensors bytes (F32 tensors, signature and batch in the metadata). */
  toBytes(): Uint8Array {
    return writeSafetensors(this.tensors, { format: FORMAT, version: VERSION, signature: this.signature, batch: String(this.batch) });
  }

  /**
   * Reads what toBytes wrote; anything else is a FormatError, and NaN or Inf is refused (naming the
   * tensor) unless allowNonFinite. Whether it fits a model is checked at step.
   */
  static fromBytes(bytes: Uint8Array, opts: { allowNonFinite?: boolean } = {}): StreamState {
    const o = options<{ allowNonFinite: boolean }>('StreamState.fromBytes', opts, { allowNonFinite: bool() });
    const f = renamed('StreamState.fromBytes', () => parseSafetensors(bytes));
    const m = f.metadata;
    if (!m || m.format !== FORMAT) throw new FormatError(`StreamState.fromBytes: not a stream state (metadata format ${JSON.stringify(m?.format)}, expected '${FORMAT}')`);
    if (m.version !== VERSION) throw new FormatError(`StreamState.fromBytes: version ${JSON.stringify(m.version)} is not supported (expected '${VERSION}')`);
    const batch = Number(m.batch);
    if (!Number.isSafeInteger(batch) || batch < 1 || typeof m.signature !== 'string') throw new FormatError('StreamState.fromBytes: metadata needs a signature and a positive batch');
    const tensors = Object.create(null) as Record<string, HostTensor>; // names from the file
    for (const t of f.tensors) {
      if (t.dtype !== 'F32') throw new FormatError(`StreamState.fromBytes: tensor '${t.name}' must be F32, got ${t.dtype}`);
      const bad = o.allowNonFinite ? -1 : (t.data as Float32Array).findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) throw new FormatError(`StreamState.fromBytes: tensor '${t.name}' holds ${t.data[bad]} at flat index ${bad} (pass { allowNonFinite: true } to load it)`);
      tensors[t.name] = { shape: t.shape, data: t.data as Float32Array };
    }
    return new StreamState(m.signature, batch, tensors);
  }
}

/**
 * What a model's `step(x, state)` returns: this frame's output and the next state.
 * @example
 * ```ts
 * const { output, state: next }: StepResult = lstm.step(frame, state);
 * ```
 */
export interface StepResult {
  /** (B, H): the last layer's output for this frame. */
  output: Tensor;
  state: StreamState;
}

/** 32-bit FNV-1a of a string, as 8 hex digits. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Class name plus a hash of every parameter's name and shape: equal for models that can share a state. */
export function moduleSignature(name: string, m: Module, extra = ''): string {
  const params = m.namedParameters().map(([n, t]) => `${n}${fmtShape(t.shape)}`).join(';');
  return `${name}(${extra}params=${fnv1a(params)})`;
}

/** Checks that `state` was made by a model of `signature` for B rows and holds `want` tensors. */
export function checkStreamState(where: string, state: unknown, signature: string, B: number, want: Record<string, number[]>): StreamState {
  if (!(state instanceof StreamState)) throw new ValueError(`${where}: state must be a StreamState (from initialState, step or StreamState.fromBytes), got ${state === null ? 'null' : typeof state}`);
  if (state.signature !== signature) throw new StateError(`${where}: state was made by another model (${state.signature}), this one is ${signature}`);
  if (state.batch !== B) throw new ShapeError(`${where}: state is for batch ${state.batch}, x has ${B} rows`);
  for (const [n, shape] of Object.entries(want)) {
    const t = Object.hasOwn(state.tensors, n) ? state.tensors[n] : undefined;
    const sameShape = !!t && Array.isArray(t.shape) && t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i]);
    if (!t || !sameShape || t.data.length !== shape.reduce((a, b) => a * b, 1)) {
      throw new ShapeError(`${where}: state tensor '${n}' must be ${fmtShape(shape)}, got ${t ? fmtShape(t.shape) : 'nothing'}`);
    }
  }
  return state;
}

/** What stream.ts needs from nn.RNN / LSTM / GRU (src/nn/recurrent/base.ts passes it). */
export interface StreamModel {
  name: string;
  cell: CellDef;
  /** hard_sigmoid gates (part of the signature: the same shapes compute something else). */
  hardGates?: boolean;
  module: Module;
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  bidirectional: boolean;
  batchFirst: boolean;
  /** The module's own forward over a (B, 1, I) or (1, B, I) sequence with initial states. */
  run(x: Tensor, h0: Tensor, c0: Tensor | null): RecurrentState & { output: Tensor };
}

// A recurrent module's parameter names and shapes are fixed at construction: its signature is
// computed once (it was a tenth of a streaming step's host time).
const signatures = new WeakMap<Module, Map<string, string>>();
function signatureOf(m: StreamModel): string {
  const extra = `${m.cell.tag}${m.hardGates ? ' hard_sigmoid' : ''}, I=${m.inputSize}, H=${m.hiddenSize}, L=${m.numLayers}, `;
  let byExtra = signatures.get(m.module);
  if (!byExtra) signatures.set(m.module, (byExtra = new Map()));
  let sig = byExtra.get(m.name + extra);
  if (sig === undefined) byExtra.set(m.name + extra, (sig = moduleSignature(m.name, m.module, extra)));
  return sig;
}

function refuseBidirectional(where: string, m: StreamModel): void {
  if (m.bidirectional) {
    throw new ValueError(`${where}: a bidirectional ${m.name} cannot run frame by frame (its reverse direction reads the sequence from the end); use forward on the whole sequence`);
  }
}

/** Zero state for B rows: h (and c for an LSTM) of shape (L, B, H). */
export function recurrentInitialState(m: StreamModel, B: number): StreamState {
  const where = `${m.name}.initialState`;
  refuseBidirectional(where, m);
  posInt(where, 'B', B);
  const tensors = zeroHostState([m.numLayers, B, m.hiddenSize], m.cell.hasC);
  return new StreamState(signatureOf(m), B, tensors);
}

/**
 * One frame: x (B, I) and the state after the previous frames → this frame's output (B, H) and
 * the next state (a new object; `state` is unchanged). No state means a zero state. Runs without
 * recording on the tape. The output lives in the step arena; the state does not.
 */
export function recurrentStep(m: StreamModel, x: Tensor, state?: StreamState | null): StepResult {
  const where = `${m.name}.step`;
  refuseBidirectional(where, m);
  if (!(x instanceof Tensor) || x.dtype !== 'float32') throw new ValueError(`${where}: x must be a float32 Tensor [B, ${m.inputSize}]`);
  if (x.shape.length !== 2 || x.shape[1] !== m.inputSize || x.shape[0] < 1) {
    throw new ShapeError(`${where}: x must be [B, ${m.inputSize}] (one frame), got ${fmtShape(x.shape)}`);
  }
  const B = x.shape[0];
  const L = m.numLayers;
  const H = m.hiddenSize;
  const shape = [L, B, H];
  const want: Record<string, number[]> = m.cell.hasC ? { h: shape, c: shape } : { h: shape };
  const s = state == null ? recurrentInitialState(m, B) : checkStreamState(where, state, signatureOf(m), B, want);
  return noGrad(() => {
    const rt = x.runtime;
    const { h: h0, c: c0 } = stateFromHost(s.tensors, shape, rt, m.cell.hasC);
    const seq = x.view(m.batchFirst ? [B, 1, m.inputSize] : [1, B, m.inputSize]);
    const r = m.run(seq, h0, c0);
    const next = stateToHost(r, shape);
    return { output: r.output.view([B, H]), state: new StreamState(s.signature, B, next) };
  });
}
