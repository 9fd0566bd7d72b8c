// importKeras: a TensorFlow.js / Keras layers model (model.json + weights) as an rnn-wasm Module
// whose forward runs the same layers: Embedding, Dense / TimeDistributed(Dense) / Activation, SimpleRNN / LSTM / GRU with
// return_sequences and go_backwards, Bidirectional (concat, sum, mul, ave) and Dropout (identity in
// eval mode). Weights arrive in PyTorch layout from keras.ts and load by name into nn modules.
// Shape legend: B batch, T time, F features, H units.
import { fmtShape, renamed, ShapeError, ValueError } from '../errors.js';
import { atomically } from '../runtime/atomic.js';
import { getRuntime } from '../runtime/runtime.js';
import { bool, describe, options } from '../util/args.js';
import { add, concat, gather, mul, reshape, scale, slice, softmax } from '../autograd/index.js';
import { noGrad } from '../autograd/tape.js';
import { Module } from '../nn/module.js';
import { Linear } from '../nn/linear.js';
import { Embedding } from '../nn/embedding.js';
import { Dropout } from '../nn/dropout.js';
import { GRU, LSTM, RNN } from '../nn/recurrent/index.js';
import type { QuantizeChild } from '../nn/quantized/quantize.js';
import { QuantizedLinear } from '../nn/quantized/linear.js';
import { QuantizedRecurrent } from '../nn/quantized/recurrent.js';
import { checkStreamState, moduleSignature, StreamState, type HostTensor, type StepResult } from '../nn/recurrent/stream.js';
import { checkTensor, Tensor } from '../tensor/tensor.js';
import { KerasRecurrent, kerasActivation } from './keras_recurrent.js';
import { parseKerasModel, type KerasActivation, type KerasLayerSpec, type MergeMode } from './keras.js';
import { Rng } from '../util/rng.js';

// The file's weights replace the initial values: draw those from a private generator, so that
// importing (or failing to import) never moves the default one that manualSeed seeds.
const throwaway = (): Rng => new Rng(0);

type RecurrentSpec = Extract<KerasLayerSpec, { kind: 'recurrent' }>;
type Recurrent = LSTM | GRU | RNN | KerasRecurrent | QuantizedRecurrent;

type Stage =
  | { kind: 'embedding'; name: string; m: Embedding }
  | { kind: 'dense'; name: string; m: Linear | QuantizedLinear; activation: KerasActivation }
  | { kind: 'dropout'; name: string; m: Dropout }
  | { kind: 'activation'; name: string; activation: KerasActivation }
  | { kind: 'recurrent'; name: string; m: Recurrent; spec: RecurrentSpec };

function fail(msg: string): never {
  throw new ValueError(`importKeras: ${msg}`);
}

function activate(x: Tensor, a: KerasActivation): Tensor {
  return a === 'softmax' ? softmax(x, -1) : kerasActivation(x, a);
}

/** x (B, T, F) with its time axis reversed (differentiable: a row gather). */
function reverseTime(x: Tensor): Tensor {
  const [B, T, F] = x.shape;
  const ids = new Int32Array(B * T);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) ids[b * T + t] = b * T + (T - 1 - t);
  return reshape(gather(reshape(x, [B * T, F]), Tensor.from(ids, [B * T], { runtime: x.runtime })), [B, T, F]);
}

function merge(mode: MergeMode, f: Tensor, b: Tensor, dim: number): Tensor {
  switch (mode) {
    case 'concat': return concat([f, b], dim);
    case 'sum': return add(f, b);
    case 'mul': return mul(f, b);
    case 'ave': return scale(add(f, b), 0.5);
  }
}

const LAYER_ACTS: readonly KerasActivation[] = ['linear', 'relu', 'sigmoid', 'tanh', 'hard_sigmoid'];

/**
 * The fused nn module when the kernels compute exactly this layer (tanh with sigmoid or
 * hard_sigmoid gates, SimpleRNN tanh/relu; GRU either reset_after form), else KerasRecurrent's
 * step loop (other activations).
 */
function buildRecurrent(s: RecurrentSpec, load: { allowNonFinite: boolean }): Recurrent {
  const where = `layer '${s.name}'`;
  for (const [what, a] of [['activation', s.activation], ['recurrent_activation', s.recurrentActivation]] as const) {
    if (!LAYER_ACTS.includes(a)) fail(`${where}: ${what} '${a}' is not supported (${LAYER_ACTS.join(', ')})`);
  }
  if (s.bidirectional && s.goBackwards) fail(`${where}: Bidirectional over a go_backwards layer is not supported`);
  const opts = { inputSize: s.inputSize, hiddenSize: s.units, bidirectional: s.bidirectional !== null, bias: s.bias, rng: throwaway() };
  const gated = s.cell !== 'rnn';
  const hardGates = s.recurrentActivation === 'hard_sigmoid';
  const fusable = gated ? s.activation === 'tanh' && (hardGates || s.recurrentActivation === 'sigmoid') : s.activation === 'tanh' || s.activation === 'relu';
  const gateActivation = hardGates ? 'hard_sigmoid' : 'sigmoid';
  let m: Recurrent;
  if (!fusable) {
    m = new KerasRecurrent({
      cell: s.cell, inputSize: s.inputSize, units: s.units, activation: s.activation, recurrentActivation: s.recurrentActivation,
      bias: s.bias, resetAfter: s.resetAfter, bidirectional: s.bidirectional !== null,
    });
  } else if (s.cell === 'lstm') m = new LSTM({ ...opts, gateActivation });
  else if (s.cell === 'gru') m = new GRU({ ...opts, resetAfter: s.resetAfter, gateActivation });
  else m = new RNN({ ...opts, nonlinearity: s.activation as 'tanh' | 'relu' });
  m.loadStateDict(s.params, load);
  return m;
}

/**
 * An imported Keras model: forward(x) as model.predict, step(x, state) for streaming.
 * @example
 * ```ts
 * const model = importKeras(modelJson, [shard]);
 * const y = model.forward(x); // as tfjs model.predict(x)
 * let state = model.initialState(1);
 * const r = model.step(frame, state); // streaming, one time step
 * ```
 */
export class KerasModel extends Module {
  readonly specs: readonly KerasLayerSpec[];
  private readonly stages: Stage[] = [];

  /**
   * From parseKerasModel's specs (importKeras is the usual way in). The second argument is the
   * options ({ allowNonFinite }) or, for quantizeDynamicWith, the already built stages.
   */
  constructor(specs: KerasLayerSpec[], opts: { allowNonFinite?: boolean } | readonly Stage[] = {}) {
    super();
    if (!Array.isArray(specs) || !specs.every((s) => s !== null && typeof s === 'object' && typeof s.kind === 'string')) {
      throw new ValueError('KerasModel: specs must be the layer list of parseKerasModel (use importKeras(modelJson, weights))');
    }
    if (Array.isArray(opts)) {
      this.specs = specs;
      for (const st of opts as readonly Stage[]) {
        if ('m' in st) this.registerModule(st.name, st.m);
        this.stages.push(st);
      }
      this.eval();
      return;
    }
    this.specs = specs;
    const allowNonFinite = options<{ allowNonFinite: boolean }>('KerasModel', opts, { allowNonFinite: bool() }).allowNonFinite ?? false;
    const load = { allowNonFinite };
    // All layers or none: a layer refused late gives back the parameters of those built before it.
    atomically(getRuntime(), [], () => {
      for (const s of specs) {
        const name = s.name.replace(/\./g, '_');
        switch (s.kind) {
          case 'embedding': {
            const m = new Embedding(s.inputDim, s.outputDim, { rng: throwaway() });
            m.loadStateDict(s.params, load);
            this.stages.push({ kind: 'embedding', name, m: this.registerModule(name, m) });
            break;
          }
          case 'dense': {
            const m = new Linear(s.inputDim, s.units, { bias: Object.hasOwn(s.params, 'bias'), rng: throwaway() });
            m.loadStateDict(s.params, load);
            this.stages.push({ kind: 'dense', name, m: this.registerModule(name, m), activation: s.activation });
            break;
          }
          case 'dropout':
            this.stages.push({ kind: 'dropout', name, m: this.registerModule(name, new Dropout(s.rate)) });
            break;
          case 'activation':
            this.stages.push({ kind: 'activation', name, activation: s.activation });
            break;
          case 'recurrent':
            this.stages.push({ kind: 'recurrent', name, m: this.registerModule(name, buildRecurrent(s, load)), spec: s });
            break;
        }
      }
    });
    this.eval(); // imported for inference, as model.predict; call train() to fine-tune
  }

  /**
   * nn.quantizeDynamic's hook: a copy whose Dense and fused recurrent layers are int8 (q), the
   * others (Embedding, Dropout, KerasRecurrent's step loop for other activations) shared.
   */
  quantizeDynamicWith(q: QuantizeChild): KerasModel {
    if (typeof q !== 'function') throw new ValueError(`KerasModel.quantizeDynamicWith: q must be a function (nn.quantizeDynamic calls this hook), got ${describe(q)}`);
    const stages = this.stages.map((st): Stage => {
      if (st.kind === 'dense') return { ...st, m: q(st.m) as QuantizedLinear };
      if (st.kind === 'recurrent' && !(st.m instanceof KerasRecurrent)) return { ...st, m: q(st.m) as QuantizedRecurrent };
      return st;
    });
    return new KerasModel(this.specs.slice(), stages);
  }

  /** x: int32 ids (B, T) when the model starts with an Embedding, else float (B, T, F) or (B, F). */
  forward(x: Tensor): Tensor {
    checkTensor('KerasModel.forward', 'x', x);
    let y = x;
    for (const st of this.stages) {
      if (st.kind !== 'embedding' && y.dtype !== 'float32') throw new ValueError(`KerasModel.forward: layer '${st.name}' needs float32 input, got ${y.dtype}`);
      switch (st.kind) {
        case 'embedding':
          if (y.dtype !== 'int32') throw new ValueError(`KerasModel.forward: layer '${st.name}' (Embedding) needs int32 ids, got ${y.dtype}`);
          y = st.m.forward(y);
          break;
        case 'dense':
          y = activate(st.m.forward(y), st.activation);
          break;
        case 'dropout':
          y = st.m.forward(y);
          break;
        case 'activation':
          y = activate(y, st.activation);
          break;
        case 'recurrent':
          y = this.runRecurrent(st.m, st.spec, y);
          break;
      }
    }
    return y;
  }

  private runRecurrent(m: Recurrent, s: RecurrentSpec, x: Tensor): Tensor {
    if (x.shape.length !== 3) throw new ShapeError(`KerasModel.forward: layer '${s.name}' needs (B, T, ${s.inputSize}), got ${fmtShape(x.shape)}`);
    const r = m.forward(s.goBackwards ? reverseTime(x) : x);
    const H = s.units;
    const B = x.shape[0];
    if (s.bidirectional === null) return s.returnSequences ? r.output : reshape(r.h, [B, H]);
    if (s.returnSequences) {
      return s.bidirectional === 'concat' ? r.output : merge(s.bidirectional, slice(r.output, 2, 0, H), slice(r.output, 2, H, 2 * H), 2);
    }
    const f = reshape(slice(r.h, 0, 0, 1), [B, H]);
    const b = reshape(slice(r.h, 0, 1, 2), [B, H]);
    return merge(s.bidirectional, f, b, 1);
  }

  private recurrentStages(where: string): Extract<Stage, { kind: 'recurrent' }>[] {
    const rs = this.stages.filter((s): s is Extract<Stage, { kind: 'recurrent' }> => s.kind === 'recurrent');
    for (const r of rs) {
      if (r.spec.bidirectional !== null || r.spec.goBackwards) {
        throw new ValueError(`${where}: layer '${r.name}' is ${r.spec.bidirectional !== null ? 'bidirectional' : 'go_backwards'} and needs the whole sequence; use forward`);
      }
    }
    return rs;
  }

  /** A zero streaming state for B rows (unidirectional models only). */
  initialState(B: number): StreamState {
    const rs = this.recurrentStages('KerasModel.initialState');
    if (!Number.isInteger(B) || B < 1) throw new ValueError(`KerasModel.initialState: B must be a positive integer, got ${B}`);
    const tensors: Record<string, HostTensor> = {};
    for (const r of rs) for (const [k, t] of Object.entries(r.m.initialState(B).tensors)) tensors[`${r.name}.${k}`] = { shape: t.shape.slice(), data: t.data.slice() };
    return new StreamState(moduleSignature('KerasModel', this), B, tensors);
  }

  /**
   * One frame: ids (B) int32 or features (B, F) → this frame's output and the next state.
   * Layers without return_sequences emit their output at every frame (the value forward would
   * give if the sequence ended here).
   */
  step(x: Tensor, state?: StreamState | null): StepResult {
    const where = 'KerasModel.step';
    const rs = this.recurrentStages(where);
    if (!(x instanceof Tensor)) throw new ValueError(`${where}: x must be a Tensor`);
    const B = x.shape[0];
    const s = state == null ? this.initialState(B) : state;
    const want: Record<string, number[]> = {};
    for (const r of rs) for (const [k, t] of Object.entries(r.m.initialState(B).tensors)) want[`${r.name}.${k}`] = t.shape;
    checkStreamState(where, s, moduleSignature('KerasModel', this), B, want);
    return noGrad(() => {
      let y = x;
      const next: Record<string, HostTensor> = {};
      for (const st of this.stages) {
        if (st.kind === 'recurrent') {
          const own = st.m.initialState(B);
          const mine: Record<string, HostTensor> = {};
          for (const k of Object.keys(own.tensors)) mine[k] = s.tensors[`${st.name}.${k}`] as HostTensor;
          const r = st.m.step(y, new StreamState(own.signature, B, mine));
          for (const [k, t] of Object.entries(r.state.tensors)) next[`${st.name}.${k}`] = t as HostTensor;
          y = r.output;
        } else if (st.kind === 'embedding') {
          if (y.dtype !== 'int32' || y.shape.length !== 1) throw new ShapeError(`${where}: x must be int32 ids (B), got ${y.dtype} ${fmtShape(y.shape)}`);
          y = st.m.forward(y);
        } else if (st.kind === 'dense') {
          y = activate(st.m.forward(y), st.activation);
        } else if (st.kind === 'activation') {
          y = activate(y, st.activation);
        } else {
          y = st.m.forward(y);
        }
      }
      return { output: y, state: new StreamState(s.signature, B, next) };
    });
  }
}

/**
 * Imports a TensorFlow.js layers model: `modelJson` is model.json (object or text, or the
 * artifacts of model.save), `weights` the shard bytes in manifest order (or one buffer).
 * @example
 * ```ts
 * const model = importKeras(JSON.parse(modelJsonText), [shard1Bytes, shard2Bytes]);
 * ```
 */
export function importKeras(modelJson: unknown, weights: Uint8Array | readonly Uint8Array[], opts: { allowNonFinite?: boolean } = {}): KerasModel {
  options('importKeras', opts, { allowNonFinite: bool() });
  return renamed('importKeras', () => new KerasModel(parseKerasModel(modelJson, weights), opts));
}
