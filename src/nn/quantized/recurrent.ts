// The int8 forms of nn.RNN, nn.LSTM (with peepholes, hard_sigmoid gates) and nn.GRU (both reset
// forms): the same forward(x, { h0, c0, lengths, sequence }) → { output, h, c }, and streaming
// step/initialState, over int8 W_ih and W_hh (per-row scales), float biases and peepholes, with x
// and h quantized per step (scan.ts). Inference only. Shape legend as src/nn/recurrent/base.ts.
import { noGrad } from '../../autograd/tape.js';
import { Tensor } from '../../tensor/tensor.js';
import type { RecurrentBase, RecurrentResult, ForwardOptions } from '../recurrent/base.js';
import { cellOf, type CellKind } from '../../autograd/recurrent/index.js';
import { recurrentInitialState, recurrentStep, type StepResult, type StreamModel, type StreamState } from '../recurrent/stream.js';
import { checkForwardArgs } from '../recurrent/validate.js';
import { QuantizedModule } from './module.js';
import { qscanForward, type QDir } from './scan.js';
import { QWeight } from './weight.js';

/**
 * What a quantized recurrent layer is: the float module's configuration.
 * @example
 * ```ts
 * const q = nn.quantizeDynamic(gru.eval(), { dtype: 'int8' }) as nn.QuantizedRecurrent;
 * const cfg: nn.QuantizedRecurrentConfig = q.config;
 * ```
 */
export interface QuantizedRecurrentConfig {
  /** 'LSTM' | 'GRU' | 'RNN' (the float class). */
  base: 'LSTM' | 'GRU' | 'RNN';
  /** The cell table's kind (src/autograd/recurrent/cells.ts): 'lstm_peephole' for peepholes. */
  kind: CellKind;
  hardGates: boolean;
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  bidirectional: boolean;
  batchFirst: boolean;
  perTensor: boolean;
}

/** One direction's weights as stored: int8 matrices and float32 vectors (null = absent). */
export interface QuantizedDirWeights {
  wIh: QWeight;
  wHh: QWeight;
  bIh: Tensor | null;
  bHh: Tensor | null;
  pI: Tensor | null;
  pF: Tensor | null;
  pO: Tensor | null;
}

/**
 * An int8 nn.LSTM / GRU / RNN for inference (what {@link quantizeDynamic} makes of one): the same forward, step and initialState, with int8 weight matrices.
 * @example
 * ```ts
 * const q = nn.quantizeDynamic(new nn.LSTM({ inputSize: 8, hiddenSize: 16 }).eval(), { dtype: 'int8' }) as nn.QuantizedRecurrent;
 * let state = q.initialState(1);
 * ({ state } = q.step(Tensor.zeros([1, 8]), state));
 * ```
 */
export class QuantizedRecurrent extends QuantizedModule {
  readonly name: string;
  readonly config: Readonly<QuantizedRecurrentConfig>;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bidirectional: boolean;
  readonly batchFirst: boolean;
  /** Per layer and direction (index l*D + d), PyTorch order. */
  readonly dirs: readonly QuantizedDirWeights[];
  /** LSTM/RNN: b_ih + b_hh folded once (the float scan folds them per forward). */
  private readonly folded: (Tensor | null)[];

  /** @internal Made by nn.quantizeDynamic (the weights are internal int8 matrices). */
  constructor(config: QuantizedRecurrentConfig, dirs: QuantizedDirWeights[]) {
    super();
    this.config = Object.freeze({ ...config });
    this.name = `Quantized${config.base}`;
    this.inputSize = config.inputSize;
    this.hiddenSize = config.hiddenSize;
    this.numLayers = config.numLayers;
    this.bidirectional = config.bidirectional;
    this.batchFirst = config.batchFirst;
    this.dirs = dirs;
    const isGru = config.kind === 'gru' || config.kind === 'gru_rb';
    this.folded = dirs.map((d) => (isGru || !d.bIh || !d.bHh ? null : Tensor.zeros([d.bIh.size], { arena: 'params', runtime: d.wIh.rt })));
    this.refresh();
  }

  /** b_ih + b_hh, folded once per load (the float scan folds them at every forward). */
  override refresh(): void {
    this.dirs.forEach((d, i) => {
      const f = this.folded[i];
      if (f && d.bIh && d.bHh) d.wIh.rt.k.f32_add(f.ptr, d.bIh.ptr, d.bHh.ptr, d.bIh.size);
    });
  }

  int8State(): Map<string, QWeight | Tensor> {
    const m = new Map<string, QWeight | Tensor>();
    const D = this.bidirectional ? 2 : 1;
    this.dirs.forEach((d, i) => {
      const s = `_l${Math.floor(i / D)}${i % D ? '_reverse' : ''}`;
      m.set(`weight_ih${s}`, d.wIh);
      m.set(`weight_hh${s}`, d.wHh);
      if (d.bIh) m.set(`bias_ih${s}`, d.bIh);
      if (d.bHh) m.set(`bias_hh${s}`, d.bHh);
      if (d.pI) m.set(`peephole_i${s}`, d.pI);
      if (d.pF) m.set(`peephole_f${s}`, d.pF);
      if (d.pO) m.set(`peephole_o${s}`, d.pO);
    });
    return m;
  }

  /** @internal The float module's weights, quantized (W per row or per tensor; biases, peepholes copied); nn.quantizeDynamic's step. */
  static fromFloat(m: RecurrentBase, base: 'LSTM' | 'GRU' | 'RNN', kind: CellKind, hardGates: boolean, perTensor: boolean): QuantizedRecurrent {
    const params = new Map(m.namedParameters());
    const D = m.bidirectional ? 2 : 1;
    const copy = (n: string): Tensor | null => {
      const t = params.get(n);
      return t ? Tensor.from(t.toArray(), t.shape, { arena: 'params', runtime: t.runtime }) : null;
    };
    const dirs: QuantizedDirWeights[] = [];
    for (let l = 0; l < m.numLayers; l++) {
      for (let d = 0; d < D; d++) {
        const s = `_l${l}${d ? '_reverse' : ''}`;
        dirs.push({
          wIh: QWeight.fromTensor(params.get(`weight_ih${s}`)!, perTensor),
          wHh: QWeight.fromTensor(params.get(`weight_hh${s}`)!, perTensor),
          bIh: copy(`bias_ih${s}`), bHh: copy(`bias_hh${s}`),
          pI: copy(`peephole_i${s}`), pF: copy(`peephole_f${s}`), pO: copy(`peephole_o${s}`),
        });
      }
    }
    return new BY_BASE[base]({
      base, kind, hardGates, inputSize: m.inputSize, hiddenSize: m.hiddenSize, numLayers: m.numLayers,
      bidirectional: m.bidirectional, batchFirst: m.batchFirst, perTensor,
    }, dirs);
  }

  /** x (B, T, I) (or (T, B, I)) → output (B, T, D*H), h (and c) (L*D, B, H), as the float module. */
  forward(x: Tensor, options: ForwardOptions = {}): RecurrentResult {
    const name = `${this.name}.forward`;
    const { kind, hardGates } = this.config;
    const isLstm = cellOf(kind).hasC;
    const D = this.bidirectional ? 2 : 1;
    const L = this.numLayers;
    const H = this.hiddenSize;
    const rt = this.dirs[0].wIh.rt;
    const { B, T, h0, c0, lens, seq } = checkForwardArgs(name, x, options, {
      inputSize: this.inputSize, hiddenSize: H, numLayers: L, bidirectional: this.bidirectional, batchFirst: this.batchFirst, hasC: isLstm, rt, owner: 'weights',
    });
    return noGrad(() => {
      let lensPtr = 0;
      if (lens) {
        lensPtr = rt.step.alloc(B * 4);
        rt.i32(lensPtr, B).set(lens);
      }
      const h = Tensor.empty([L * D, B, H], { runtime: rt });
      const c = isLstm ? Tensor.empty([L * D, B, H], { runtime: rt }) : null;
      const BH4 = B * H * 4;
      const seqShape = this.batchFirst ? [B, T, D * H] : [T, B, D * H];
      let input = x;
      let output = x;
      for (let l = 0; l < L; l++) {
        const I = l === 0 ? this.inputSize : D * H;
        const out = Tensor.zeros(seqShape, { runtime: rt }); // padded steps stay exactly 0
        const cellOut = seq === 'cell' && l === L - 1 ? Tensor.zeros(seqShape, { runtime: rt }) : null;
        for (let d = 0; d < D; d++) {
          const row = l * D + d;
          const w = this.dirs[row];
          const qd: QDir = {
            wIh: w.wIh, wHh: w.wHh,
            bX: this.folded[row]?.ptr ?? w.bIh?.ptr ?? 0, bH: w.bHh?.ptr ?? 0,
            pI: w.pI?.ptr ?? 0, pF: w.pF?.ptr ?? 0, pO: w.pO?.ptr ?? 0,
          };
          const r = qscanForward(
            rt, { kind, hardGates, B, T, I, H, reverse: d === 1, batchFirst: this.batchFirst }, qd,
            input.ptr, I, out.ptr + d * H * 4, D * H,
            h0 ? h0.ptr + row * BH4 : 0, c0 ? c0.ptr + row * BH4 : 0, lensPtr, lens,
            cellOut ? cellOut.ptr + d * H * 4 : 0,
          );
          rt.k.f32_copy(h.ptr + row * BH4, r.hn, B * H);
          if (c) rt.k.f32_copy(c.ptr + row * BH4, r.cn, B * H);
        }
        input = out;
        output = cellOut ?? out;
      }
      return { output, h, c };
    });
  }

  /** Streaming: a zero state for B rows, h (and c) (L, B, H); unidirectional only. */
  initialState(B: number): StreamState {
    return recurrentInitialState(this.streamModel(), B);
  }

  /** Streaming: one frame x (B, I) → output (B, H) and the next state. */
  step(x: Tensor, state?: StreamState | null): StepResult {
    return recurrentStep(this.streamModel(), x, state);
  }

  private streamModel(): StreamModel {
    return {
      name: this.name, cell: cellOf(this.config.kind), hardGates: this.config.hardGates, module: this, inputSize: this.inputSize, hiddenSize: this.hiddenSize,
      numLayers: this.numLayers, bidirectional: this.bidirectional, batchFirst: this.batchFirst,
      run: (x, h0, c0) => this.forward(x, { h0, c0 }),
    };
  }
}


// One class per float base, so that an int8 LSTM is a QuantizedLSTM (as its messages name it).
export class QuantizedLSTM extends QuantizedRecurrent {}
export class QuantizedGRU extends QuantizedRecurrent {}
export class QuantizedRNN extends QuantizedRecurrent {}
const BY_BASE = { LSTM: QuantizedLSTM, GRU: QuantizedGRU, RNN: QuantizedRNN } as const;
