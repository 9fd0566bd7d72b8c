// The shared body of nn.RNN / nn.LSTM / nn.GRU: configuration, PyTorch-named parameters, input
// validation and the stacked, optionally bidirectional forward (one tape record per layer and
// direction, see src/autograd/recurrent/record.ts). Shape legend: B batch, T time, I input, H hidden,
// G gate rows (RNN H, LSTM 4H, GRU 3H), D directions, L layers.
import { checkOptions, ValueError } from '../../errors.js';
import { runtimeOption, type Runtime } from '../../runtime/runtime.js';
import { Tensor } from '../../tensor/tensor.js';
import { dropout } from '../../autograd/ops.js';
import { cellOf, DIR_SLOTS, type CellDef, type CellKind, type DirTensors } from '../../autograd/recurrent/index.js';
import { rngOption, type Rng } from '../../util/rng.js';
import { Module } from '../module.js';
import { checkForwardArgs, posInt } from './validate.js';
import { recurrentInitialState, recurrentStep, type StepResult, type StreamModel, type StreamState } from './stream.js';
import { createDir, dirShapes, packsOf, runStack, type StackConfig } from './stack.js';
import { atomically, roomFor } from '../../runtime/atomic.js';
import type { RecurrentState } from './state.js';

/**
 * Options shared by {@link RNN}, {@link LSTM} and {@link GRU} (PyTorch's constructor arguments; batchFirst defaults to true here).
 * @example
 * ```ts
 * const opts: nn.RecurrentOptions = { inputSize: 32, hiddenSize: 64, numLayers: 2, bidirectional: true, dropout: 0.2 };
 * const gru = new nn.GRU(opts);
 * ```
 */
export interface RecurrentOptions {
  inputSize: number;
  hiddenSize: number;
  numLayers?: number;
  bidirectional?: boolean;
  bias?: boolean;
  /** Dropout on the output of every layer but the last, in training mode only. */
  dropout?: number;
  /** Input/output (B, T, ·) when true (default), (T, B, ·) when false. */
  batchFirst?: boolean;
  /** Generator for initialisation and dropout masks (default: the one manualSeed reseeds). */
  rng?: Rng;
  /** Where the parameters live (default: the runtime of init()). */
  runtime?: Runtime;
}
export const BASE_OPTIONS = ['inputSize', 'hiddenSize', 'numLayers', 'bidirectional', 'bias', 'dropout', 'batchFirst', 'rng', 'runtime'] as const;

/**
 * LSTM/GRU gate activation. Divergence: PyTorch has only 'sigmoid'; 'hard_sigmoid' =
 * clip(0.2x + 0.5, 0, 1) is Keras' and TensorFlow.js' default, for models imported from there.
 */
export type GateActivation = 'sigmoid' | 'hard_sigmoid';

export function checkGateActivation(where: string, v: unknown): boolean {
  if (v === undefined || v === 'sigmoid') return false;
  if (v === 'hard_sigmoid') return true;
  throw new ValueError(`${where}: gateActivation must be 'sigmoid' or 'hard_sigmoid', got ${JSON.stringify(v)}`);
}

/**
 * Options of a recurrent forward: initial states and per-sequence lengths (padded batches).
 * @example
 * ```ts
 * const out = lstm.forward(x, { lengths: batch.lengths, h0: null } satisfies nn.ForwardOptions);
 * ```
 */
export interface ForwardOptions {
  /** The initial state {h, c} (L*D, B, H), e.g. the previous forward's result; instead of h0/c0. */
  state?: RecurrentState | null;
  /** (L*D, B, H) initial hidden state; zeros when absent. */
  h0?: Tensor | null;
  /** LSTM only: (L*D, B, H) initial cell state; zeros when absent. */
  c0?: Tensor | null;
  /** (B) valid lengths, 1 <= len <= T (pack_padded_sequence semantics, any order). */
  lengths?: ArrayLike<number> | Tensor | null;
  /** LSTM only: 'cell' returns the last layer's cell-state sequence as `output`. */
  sequence?: 'hidden' | 'cell';
}

/**
 * The output sequence and the final state (a RecurrentState: pass it as the next forward's `state`).
 * @example
 * ```ts
 * const { output, h }: nn.RecurrentResult = gru.forward(x);
 * ```
 */
export interface RecurrentResult extends RecurrentState {
  /** (B, T, D*H) (time-major: (T, B, D*H)); zero at padded steps. */
  output: Tensor;
  /** (L*D, B, H) state after each direction's last processed step. */
  h: Tensor;
  /** LSTM: (L*D, B, H) cell state; null for RNN and GRU. */
  c: Tensor | null;
}

export abstract class RecurrentBase extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bidirectional: boolean;
  readonly bias: boolean;
  readonly dropout: number;
  readonly batchFirst: boolean;
  protected readonly rng: Rng;
  protected readonly name: string;
  /** The cell's table entry (src/autograd/recurrent/cells.ts), looked up once. */
  protected readonly cell: CellDef;
  /** LSTM/GRU gate activation; set by their constructors (gateActivation option). */
  protected hardGates = false;
  private readonly dirs: DirTensors[] = [];
  private stackConfig: StackConfig | null = null;

  protected constructor(name: string, kind: CellKind, opts: RecurrentOptions, allowed: readonly string[]) {
    super();
    this.name = name;
    checkOptions(name, opts, allowed);
    if (opts === null || typeof opts !== 'object') throw new ValueError(`${name}: options must be an object with inputSize and hiddenSize`);
    this.inputSize = posInt(name, 'inputSize', opts.inputSize);
    this.hiddenSize = posInt(name, 'hiddenSize', opts.hiddenSize);
    this.numLayers = posInt(name, 'numLayers', opts.numLayers ?? 1);
    if (this.numLayers > 4096) throw new ValueError(`${name}: numLayers must be at most 4096, got ${this.numLayers}`);
    for (const b of ['bidirectional', 'bias', 'batchFirst'] as const) {
      if (opts[b] !== undefined && typeof opts[b] !== 'boolean') throw new ValueError(`${name}: ${b} must be a boolean, got ${JSON.stringify(opts[b])}`);
    }
    this.bidirectional = opts.bidirectional ?? false;
    this.bias = opts.bias ?? true;
    // Divergence: PyTorch's default is batch_first=False; this package is batch-first by default
    // (the golden fixtures and most JS data pipelines are), set batchFirst: false for time-major.
    this.batchFirst = opts.batchFirst ?? true;
    const p = opts.dropout ?? 0;
    if (typeof p !== 'number' || !(p >= 0 && p < 1)) throw new ValueError(`${name}: dropout must be in [0, 1), got ${p}`);
    this.dropout = p;
    this.rng = rngOption(name, opts.rng);
    this.cell = cellOf(kind);
    this.createWeights(runtimeOption(name, opts.runtime));
  }

  /** Sizes checked against memory first, then all weights or none (a failure gives back what it took). */
  private createWeights(rt: Runtime): void {
    const H = this.hiddenSize;
    const D = this.bidirectional ? 2 : 1;
    const shapes: number[][] = [];
    for (let l = 0; l < this.numLayers; l++) for (let d = 0; d < D; d++) shapes.push(...dirShapes(this.cell, l === 0 ? this.inputSize : D * H, H, this.bias));
    roomFor(this.name, rt, shapes);
    const make = (n: string, shape: number[], v: Float32Array, r: Runtime): Tensor => this.createParameter(n, shape, v, r);
    atomically(rt, [this.rng], () => {
      for (let l = 0; l < this.numLayers; l++) {
        const I = l === 0 ? this.inputSize : D * H;
        for (let d = 0; d < D; d++) this.dirs.push(createDir(make, rt, this.rng, this.cell, I, H, this.bias, `_l${l}${d ? '_reverse' : ''}`));
      }
    });
  }

  /** LSTM/GRU gate activation ('sigmoid' for RNN); nn.quantizeDynamic copies it. */
  get gateActivation(): GateActivation {
    return this.hardGates ? 'hard_sigmoid' : 'sigmoid';
  }

  /** The stack as the scan sees it (built once: hardGates is set after super()). */
  private stack(): StackConfig {
    return (this.stackConfig ??= {
      cell: this.cell, hardGates: this.hardGates, batchFirst: this.batchFirst, inputSize: this.inputSize,
      hiddenSize: this.hiddenSize, numLayers: this.numLayers, D: this.bidirectional ? 2 : 1, dirs: this.dirs, packs: this.dirs.map(packsOf),
    });
  }

  /** The parameters of layer l, direction d (0 forward, 1 reverse). */
  protected direction(l: number, d: number): DirTensors {
    return this.dirs[l * (this.bidirectional ? 2 : 1) + d];
  }

  /** Streaming (src/nn/recurrent/stream.ts): a zero state for B rows, h (and c) (L, B, H). */
  initialState(B: number): StreamState {
    return recurrentInitialState(this.streamModel(), B);
  }

  /** Streaming: one frame x (B, I) → output (B, H) and the next state; unidirectional only. */
  step(x: Tensor, state?: StreamState | null): StepResult {
    return recurrentStep(this.streamModel(), x, state);
  }

  private streamModel(): StreamModel {
    return {
      name: this.name, cell: this.cell, hardGates: this.hardGates, module: this, inputSize: this.inputSize, hiddenSize: this.hiddenSize,
      numLayers: this.numLayers, bidirectional: this.bidirectional, batchFirst: this.batchFirst,
      run: (x, h0, c0) => this.runForward(x, { h0, c0 }),
    };
  }

  protected runForward(x: Tensor, options: ForwardOptions | null | undefined): RecurrentResult {
    const name = `${this.name}.forward`;
    const isLstm = this.cell.hasC;
    const D = this.bidirectional ? 2 : 1;
    const L = this.numLayers;
    const H = this.hiddenSize;
    const rt = this.dirs[0].wIh.runtime;
    const { B, T, h0, c0, lens, seq } = checkForwardArgs(name, x, options, {
      inputSize: this.inputSize, hiddenSize: H, numLayers: L, bidirectional: this.bidirectional, batchFirst: this.batchFirst, hasC: isLstm, rt, owner: 'parameters',
    });
    // Stale-parameter check before any work (the module's own tensors: no parameters() walk).
    for (const d of this.dirs) {
      for (const s of DIR_SLOTS) {
        const t = d[s];
        if (t) void t.ptr;
      }
    }

    let lensPtr = 0;
    if (lens) {
      lensPtr = rt.step.alloc(B * 4);
      rt.i32(lensPtr, B).set(lens);
    }
    const h = Tensor.empty([L * D, B, H], { runtime: rt });
    const c = isLstm ? Tensor.empty([L * D, B, H], { runtime: rt }) : null;
    // Dropout between layers draws from this.rng; a forward that fails part-way (a MemoryError in
    // a later layer) puts the generator back, so a retry draws the masks a clean run would.
    const rngState = L > 1 && this.dropout > 0 && this.training && typeof this.rng.getState === 'function' ? this.rng.getState() : null;
    const between = this.dropout > 0 ? (t: Tensor): Tensor => dropout(t, this.dropout, { training: this.training, rng: this.rng }) : undefined;
    let output: Tensor;
    try {
      const r = runStack(this.stack(), x, { B, T, h0, c0, hn: h, cn: c, lens, lensPtr, cellSeq: seq === 'cell', between });
      output = r.cellOut ?? r.out;
    } catch (e) {
      if (rngState) this.rng.setState(rngState);
      throw e;
    }
    return { output, h, c };
  }
}
