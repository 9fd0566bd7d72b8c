// nn.RNNCell / nn.LSTMCell / nn.GRUCell: one time step, for hand-written loops. The state is a
// value passed in and returned (never kept on `this`); detach it to truncate backprop (TBPTT).
// optimizer.step() resets the step arena the state lives in: to carry it past a step, keep it in a
// Carry first (`h = carry.keep('h', s.h)`, src/tensor/carry.ts).
// Same equations, kernels and tape record as the sequence modules (a scan of T = 1).
import { checkOptions, fmtShape, ShapeError, StateError, ValueError } from '../../errors.js';
import { runtimeOption, type Runtime } from '../../runtime/runtime.js';
import { Tensor } from '../../tensor/tensor.js';
import { cellOf, type CellDef, type CellKind } from '../../autograd/recurrent/index.js';
import { rngOption, type Rng } from '../../util/rng.js';
import { Module } from '../module.js';
import { checkGateActivation, type GateActivation } from './base.js';
import { checkState, posInt } from './validate.js';
import { createDir, dirShapes, packsOf, runStack, type StackConfig } from './stack.js';
import { atomically, roomFor } from '../../runtime/atomic.js';
import type { RecurrentState } from './state.js';

/**
 * Options of the single-step cells {@link RNNCell}, {@link LSTMCell}, {@link GRUCell}.
 * @example
 * ```ts
 * const cell = new nn.GRUCell({ inputSize: 8, hiddenSize: 16, bias: true } satisfies nn.CellOptions);
 * ```
 */
export interface CellOptions {
  inputSize: number;
  hiddenSize: number;
  bias?: boolean;
  rng?: Rng;
  /** Where the parameters live (default: the runtime of init()). */
  runtime?: Runtime;
}
const CELL_OPTIONS = ['inputSize', 'hiddenSize', 'bias', 'rng', 'runtime'] as const;

/**
 * h (B, H); c (B, H) for the LSTM cell: the one recurrent state type (state.ts).
 * @example
 * ```ts
 * let state: nn.CellState = cell.zeroState(4);
 * state = cell.forward(x, state); // one step
 * ```
 */
export type CellState = RecurrentState;

abstract class CellBase extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly bias: boolean;
  /** The cell's table entry (src/autograd/recurrent/cells.ts), looked up once. */
  protected readonly cell: CellDef;
  private readonly cname: string;
  /** LSTM/GRU cells: hard_sigmoid gates (gateActivation option, as nn.LSTM / nn.GRU; RNNCell refuses the option). */
  protected readonly hardGates: boolean;
  /** A one-layer, one-direction stack: the same record as the sequence modules, with T = 1. */
  private readonly stack: StackConfig;

  protected constructor(name: string, kind: CellKind, opts: CellOptions, allowed: readonly string[]) {
    super();
    this.cname = name;
    checkOptions(name, opts, allowed);
    if (opts === null || typeof opts !== 'object') throw new ValueError(`${name}: options must be an object with inputSize and hiddenSize`);
    this.inputSize = posInt(name, 'inputSize', opts.inputSize);
    this.hiddenSize = posInt(name, 'hiddenSize', opts.hiddenSize);
    if (opts.bias !== undefined && typeof opts.bias !== 'boolean') throw new ValueError(`${name}: bias must be a boolean, got ${JSON.stringify(opts.bias)}`);
    this.bias = opts.bias ?? true;
    this.cell = cellOf(kind);
    this.hardGates = checkGateActivation(name, (opts as { gateActivation?: unknown }).gateActivation);
    const rng = rngOption(name, opts.rng);
    const rt = runtimeOption(name, opts.runtime);
    const make = (n: string, shape: number[], v: Float32Array, r: Runtime): Tensor => this.createParameter(n, shape, v, r);
    roomFor(name, rt, dirShapes(this.cell, this.inputSize, this.hiddenSize, this.bias)); // before a number is drawn
    const p = atomically(rt, [rng], () => createDir(make, rt, rng, this.cell, this.inputSize, this.hiddenSize, this.bias, ''));
    this.stack = {
      cell: this.cell, hardGates: this.hardGates, batchFirst: true, inputSize: this.inputSize, hiddenSize: this.hiddenSize,
      numLayers: 1, D: 1, dirs: [p], packs: [packsOf(p)],
    };
  }

  /** A zero state for a batch of B rows (in the step arena). */
  zeroState(B: number): CellState {
    posInt(`${this.cname}.zeroState`, 'B', B);
    const rt = this.stack.dirs[0].wIh.runtime;
    const h = Tensor.zeros([B, this.hiddenSize], { runtime: rt });
    return this.cell.hasC ? { h, c: Tensor.zeros([B, this.hiddenSize], { runtime: rt }) } : { h };
  }

  protected runStep(x: Tensor, state: CellState | null | undefined): CellState {
    const where = `${this.cname}.forward`;
    const rt = this.stack.dirs[0].wIh.runtime;
    if (!(x instanceof Tensor) || x.dtype !== 'float32') throw new ValueError(`${where}: x must be a float32 Tensor [B, ${this.inputSize}]`);
    if (x.shape.length !== 2 || x.shape[1] !== this.inputSize || x.shape[0] < 1) {
      throw new ShapeError(`${where}: x must be [B, ${this.inputSize}], got ${fmtShape(x.shape)}`);
    }
    if (x.runtime !== rt) throw new StateError(`${where}: x belongs to another runtime than the cell's parameters`);
    const B = x.shape[0];
    const H = this.hiddenSize;
    const hasC = this.cell.hasC;
    if (state !== undefined && state !== null) checkOptions(`${where}: state`, state, hasC ? ['h', 'c'] : ['h']);
    const h0 = checkState(where, 'state.h', state?.h, [B, H], rt);
    const c0 = hasC ? checkState(where, 'state.c', state?.c, [B, H], rt) : null;
    const h = Tensor.empty([B, H], { runtime: rt });
    const c = hasC ? Tensor.empty([B, H], { runtime: rt }) : null;
    runStack(this.stack, x, { B, T: 1, h0, c0, hn: h, cn: c, lens: null, lensPtr: 0, cellSeq: false });
    return c ? { h, c } : { h };
  }
}

/**
 * One step of an Elman RNN, h' = act(W_ih x + b_ih + W_hh h + b_hh), as torch.nn.RNNCell.
 * @example
 * ```ts
 * const cell = new nn.RNNCell({ inputSize: 8, hiddenSize: 16 });
 * const { h } = cell.forward(Tensor.zeros([4, 8])); // [4, 16]
 * ```
 */
export class RNNCell extends CellBase {
  readonly nonlinearity: 'tanh' | 'relu';
  constructor(opts: CellOptions & { nonlinearity?: 'tanh' | 'relu' }) {
    const nl = opts?.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new ValueError(`RNNCell: nonlinearity must be 'tanh' or 'relu', got ${JSON.stringify(nl)}`);
    super('RNNCell', nl === 'relu' ? 'rnn_relu' : 'rnn_tanh', opts, [...CELL_OPTIONS, 'nonlinearity']);
    this.nonlinearity = nl;
  }
  /** x (B, I), state {h (B, H)} (zeros when absent) → the next state {h}. */
  forward(x: Tensor, state?: { h: Tensor } | null): { h: Tensor } {
    return this.runStep(x, state) as { h: Tensor };
  }
}

/**
 * One LSTM step, as torch.nn.LSTMCell (gates i, f, g, o).
 * @example
 * ```ts
 * const cell = new nn.LSTMCell({ inputSize: 8, hiddenSize: 16 });
 * let s = cell.zeroState(4);
 * for (const x of frames) s = cell.forward(x, s); // s.h, s.c: [4, 16]
 * ```
 */
export class LSTMCell extends CellBase {
  /** gateActivation: 'sigmoid' (default, PyTorch) or 'hard_sigmoid' (Keras / TensorFlow.js), as nn.LSTM. */
  constructor(opts: CellOptions & { gateActivation?: GateActivation }) {
    super('LSTMCell', 'lstm', opts, [...CELL_OPTIONS, 'gateActivation']);
  }
  get gateActivation(): GateActivation {
    return this.hardGates ? 'hard_sigmoid' : 'sigmoid';
  }
  /** x (B, I), state {h, c} (B, H) each (zeros when absent) → the next {h, c}. */
  forward(x: Tensor, state?: { h: Tensor; c: Tensor } | null): { h: Tensor; c: Tensor } {
    return this.runStep(x, state) as { h: Tensor; c: Tensor };
  }
}

/**
 * One GRU step, as torch.nn.GRUCell (gates r, z, n).
 * @example
 * ```ts
 * const cell = new nn.GRUCell({ inputSize: 8, hiddenSize: 16 });
 * const { h } = cell.forward(Tensor.zeros([4, 8]));
 * ```
 */
export class GRUCell extends CellBase {
  readonly resetAfter: boolean;
  /**
   * resetAfter: true (default) PyTorch form; false the Keras reset-before form (see nn.GRU).
   * gateActivation: 'sigmoid' (default) or 'hard_sigmoid' (Keras / TensorFlow.js), as nn.GRU.
   */
  constructor(opts: CellOptions & { resetAfter?: boolean; gateActivation?: GateActivation }) {
    const ra = opts?.resetAfter ?? true;
    if (typeof ra !== 'boolean') throw new ValueError(`GRUCell: resetAfter must be a boolean, got ${JSON.stringify(ra)}`);
    super('GRUCell', ra ? 'gru' : 'gru_rb', opts, [...CELL_OPTIONS, 'resetAfter', 'gateActivation']);
    this.resetAfter = ra;
  }
  get gateActivation(): GateActivation {
    return this.hardGates ? 'hard_sigmoid' : 'sigmoid';
  }
  /** x (B, I), state {h (B, H)} (zeros when absent) → the next {h}. */
  forward(x: Tensor, state?: { h: Tensor } | null): { h: Tensor } {
    return this.runStep(x, state) as { h: Tensor };
  }
}
