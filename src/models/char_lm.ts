// The character language model: Embedding -> RNN/LSTM/GRU stack -> Linear over the vocabulary,
// with bits-per-character evaluation (sampling: char_sample.ts). `rnn-wasm train`, the browser
// page and user code train and load the same class.
// Shape legend: B batch, T time, E embedding, H hidden, L layers, V vocabulary.
import { Carry, Tensor, ValueError, crossEntropy, dropout, getRuntime, loadInt8, manualSeed, nn, noGrad, type data } from './deps.js';
import { describe, isFunction, isInstance, isInt, isInt32Array, isObject, isString, isTensor, isVocab } from './check.js';
import { checkRoom, checkWeights, configInt, inFile, MAX_DIM, modelFile, readModelFile, recurrentShapes } from './saved.js';

/**
 * The recurrent cell of a {@link CharLM}.
 * @example
 * ```ts
 * const cell: CellName = 'gru';
 * ```
 */
export type CellName = 'lstm' | 'gru' | 'rnn';
/**
 * Every {@link CellName}, for option parsing and menus.
 * @example
 * ```ts
 * CELLS.includes('lstm'); // true
 * ```
 */
export const CELLS: readonly CellName[] = ['lstm', 'gru', 'rnn'];

/**
 * The `kind` in a character model's file.
 * @example
 * ```ts
 * readModelFile(bytes, CHAR_LM_KIND); // throws on a classifier's file
 * ```
 */
export const CHAR_LM_KIND = 'char-lm';

/**
 * The shape of a {@link CharLM}: cell, vocabulary size, embedding and hidden sizes, layers, dropout.
 * @example
 * ```ts
 * const model = new CharLM({ cell: 'lstm', vocabSize: vocab.size, embedDim: 24, hiddenSize: 128, numLayers: 1 } satisfies CharLMConfig);
 * ```
 */
export interface CharLMConfig {
  cell: CellName;
  vocabSize: number;
  embedDim: number;
  hiddenSize: number;
  numLayers: number;
  /** Dropout on the recurrent output before the softmax layer, while training (default 0). */
  dropout?: number;
}

/**
 * Recurrent state carried from one chunk to the next (truncated BPTT, sampling, evaluation): the
 * final h and c of the last forward, kept in the model's `Carry` under the name of its stream, so
 * they survive `optimizer.step()` and `resetStep()` without a copy through host memory. `h` is
 * null for the zero state.
 * @example
 * ```ts
 * let state: CarriedState = model.zeroState(16);
 * ({ state } = model.forward(x, state)); // the next chunk continues the streams
 * ```
 */
export interface CarriedState {
  h: Tensor | null; // (L, B, H)
  c: Tensor | null; // (L, B, H), LSTM only
  batch: number;
  /** Which sequence this state belongs to ('train', 'eval', 'sample', ...): one Carry slot pair each. */
  stream: string;
}

/**
 * The one place the state crosses a step: copies the final h and c into `carry`'s slots for
 * `stream` (double-buffered: the previous state of the same stream stays readable meanwhile).
 * @example
 * ```ts
 * const carry = new Carry();
 * const r = lstm.forward(x);
 * const kept = carryState(carry, r.h, r.c, 16, 'train'); // survives optimizer.step()
 * ```
 */
export function carryState(carry: Carry, h: Tensor, c: Tensor | null, batch: number, stream: string): CarriedState {
  const w = 'carryState';
  isInstance(w, 'carry', carry, Carry, 'a Carry');
  isTensor(w, 'h', h, 'float32');
  if (c !== null) isTensor(w, 'c', c, 'float32');
  isInt(w, 'batch', batch, 1);
  isString(w, 'stream', stream);
  return { h: carry.keep(`${stream}.h`, h), c: carry.keep(`${stream}.c`, c), batch, stream };
}

/**
 * Checks a {@link CharLMConfig} (cell name, positive sizes, dropout in [0, 1)); returns it or throws a ValueError.
 * @example
 * ```ts
 * checkConfig({ cell: 'lstm', vocabSize: 67, embedDim: 24, hiddenSize: 128, numLayers: 1 });
 * ```
 */
export function checkConfig(cfg: CharLMConfig): CharLMConfig {
  return checkCharConfig(cfg, 'checkConfig');
}

function checkCharConfig(cfg: CharLMConfig, source: string): CharLMConfig {
  if (cfg === null || typeof cfg !== 'object' || Array.isArray(cfg)) throw new ValueError(`${source}: config must be an object, got ${cfg === null ? 'null' : typeof cfg}`);
  const c = cfg as unknown as Record<string, unknown>;
  const cell = Object.hasOwn(c, 'cell') ? c.cell : undefined;
  if (!CELLS.includes(cell as CellName)) throw new ValueError(`${source}: cell must be one of ${CELLS.join(', ')}, got ${JSON.stringify(cell)}`);
  const [vocabSize, embedDim, hiddenSize] = (['vocabSize', 'embedDim', 'hiddenSize'] as const).map((k) => inRange(source, c, k, MAX_DIM));
  const numLayers = inRange(source, c, 'numLayers', 64);
  const p = Object.hasOwn(c, 'dropout') && c.dropout !== undefined ? c.dropout : 0;
  if (typeof p !== 'number' || !(p >= 0 && p < 1)) throw new ValueError(`${source}: dropout must be in [0, 1), got ${JSON.stringify(p)}`);
  const out: CharLMConfig = { cell: cell as CellName, vocabSize, embedDim, hiddenSize, numLayers };
  if (Object.hasOwn(c, 'dropout') && c.dropout !== undefined) out.dropout = p;
  return out;
}

function inRange(source: string, c: Record<string, unknown>, k: string, max: number): number {
  try {
    return configInt(source, c, k, max);
  } catch (e) {
    throw new ValueError((e as Error).message);
  }
}

/** The parameters a config describes, by name, in registration order. */
export function charLMShapes(c: CharLMConfig): [string, number[]][] {
  const { cell, vocabSize: V, embedDim: E, hiddenSize: H, numLayers: L } = c;
  return [['embed.weight', [V, E]], ...recurrentShapes('rnn.', cell, E, H, L, 1), ['head.weight', [V, H]], ['head.bias', [V]]];
}

/** The layers of a CharLM, float or int8 (nn.quantizeDynamic). */
export interface CharLMParts {
  embed: nn.Embedding;
  rnn: nn.LSTM | nn.GRU | nn.RNN | nn.QuantizedRecurrent;
  head: nn.Linear | nn.QuantizedLinear;
}

/**
 * A character language model: Embedding → LSTM/GRU/RNN → dropout → Linear over the vocabulary.
 * `forward(ids, state)` returns logits and the carried state; `save()` / `CharLM.load()` write and
 * read its model file (the CLI's `model.safetensors`).
 * @example
 * ```ts
 * const vocab = data.Vocab.fromText(text);
 * const model = newCharModel({ cell: 'lstm', embedDim: 24, hiddenSize: 128, numLayers: 1 }, vocab, 1);
 * const bytes = model.save();
 * const again = CharLM.load(bytes);
 * ```
 */
export class CharLM extends nn.Module {
  readonly config: CharLMConfig;
  readonly embed: nn.Embedding; // (V, E)
  readonly rnn: CharLMParts['rnn'];
  readonly head: CharLMParts['head']; // (V, H)
  /** Long-lived slots for the carried states of this model's streams (see CarriedState). */
  private carry: Carry | null = null;

  /** `parts`: already built layers (quantizeDynamicWith); otherwise new ones from the config. */
  constructor(config: CharLMConfig, parts?: CharLMParts) {
    super();
    this.config = checkCharConfig(config, 'CharLM');
    checkRoom('CharLM', charLMShapes(this.config)); // before the first parameter is drawn
    const { cell, vocabSize: V, embedDim: E, hiddenSize: H, numLayers: L } = this.config;
    const opts = { inputSize: E, hiddenSize: H, numLayers: L };
    this.embed = this.registerModule('embed', parts?.embed ?? new nn.Embedding(V, E));
    this.rnn = this.registerModule('rnn', parts?.rnn ?? (cell === 'lstm' ? new nn.LSTM(opts) : cell === 'gru' ? new nn.GRU(opts) : new nn.RNN(opts)));
    this.head = this.registerModule('head', parts?.head ?? new nn.Linear(H, V));
  }

  /**
   * nn.quantizeDynamic's hook: an inference-only copy with an int8 recurrent stack and output layer
   * (the embedding, a table lookup, is shared).
   */
  quantizeDynamicWith(q: nn.QuantizeChild): CharLM {
    isFunction('CharLM.quantizeDynamicWith', 'q', q);
    const rnn = q(this.rnn) as nn.QuantizedRecurrent;
    const head = q(this.head) as nn.QuantizedLinear;
    return new CharLM(this.config, { embed: this.embed, rnn, head }).eval();
  }

  /**
   * A model from its file (see save()); `vocabSize` overrides the saved one (the vocabulary's size).
   * An int8 file (save() of a quantized model) comes back as an int8 model.
   */
  static load(bytes: Uint8Array, opts: { vocabSize?: number; source?: string } = {}): CharLM {
    const source = opts?.source ?? 'CharLM.load';
    return inFile(source, () => {
      const saved = readModelFile(bytes, CHAR_LM_KIND, source);
      const raw = opts?.vocabSize === undefined ? saved.config : { ...saved.config, vocabSize: opts.vocabSize };
      // Config, then config against the weights, then build: a file never allocates what it merely declares.
      const config = checkCharConfig(raw as unknown as CharLMConfig, `${source}: config`);
      checkWeights(source, saved.weights, charLMShapes(config));
      const model = new CharLM(config);
      if (saved.int8) {
        const q = nn.quantizeDynamic(model.eval(), { dtype: 'int8' }) as CharLM;
        loadInt8(q, bytes);
        return q;
      }
      model.loadStateDict(saved.weights);
      return model;
    });
  }

  /** The model file: weights by PyTorch-style names, kind and config in the metadata. */
  save(): Uint8Array {
    return modelFile(this, CHAR_LM_KIND, this.config);
  }

  /** The zero state of a stream of `batch` sequences ('train' by default; see CarriedState). */
  zeroState(batch: number, stream = 'train'): CarriedState {
    isInt('CharLM.zeroState', 'batch', batch, 1);
    isString('CharLM.zeroState', 'stream', stream);
    return { h: null, c: null, batch, stream };
  }

  /**
   * ids (B, T) int32 -> logits (B, T, V), plus the final state to carry. `hidden` is the last
   * layer's hidden sequence (B, T, H) too (heat maps).
   */
  forward(ids: Tensor, state: CarriedState): { logits: Tensor; state: CarriedState; hidden: Tensor } {
    isTensor('CharLM.forward', 'ids', ids, 'int32');
    checkCarried('CharLM.forward', state);
    const [B] = ids.shape;
    const { numLayers: L, hiddenSize: H } = this.config;
    if (state.batch !== B) throw new ValueError(`CharLM.forward: state is for batch ${state.batch}, ids have batch ${B}`);
    if (state.h && (state.h.shape[0] !== L || state.h.shape[2] !== H)) throw new ValueError(`CharLM.forward: state.h has shape [${state.h.shape.join(', ')}], expected [${L}, ${B}, ${H}]`);
    const h0 = state.h;
    const c0 = state.c;
    const x = this.embed.forward(ids); // (B, T, E)
    const rnn = this.rnn as { forward(x: Tensor, o: nn.ForwardOptions): nn.RecurrentResult };
    const r = this.config.cell === 'lstm' ? rnn.forward(x, { h0, c0 }) : rnn.forward(x, { h0 });
    const p = this.config.dropout ?? 0;
    const feat = p > 0 && this.training ? dropout(r.output, p, { training: true }) : r.output;
    const logits = this.head.forward(feat); // (B, T, V)
    this.carry ??= new Carry({ runtime: ids.runtime });
    return { logits, hidden: r.output, state: carryState(this.carry, r.h, r.c ?? null, B, state.stream) };
  }
}

/** A carried state: { h, c: Tensor or null, batch, stream }. */
function checkCarried(where: string, s: unknown): CarriedState {
  const o = isObject(where, 'state', s);
  if (o.h !== null && o.h !== undefined) isTensor(where, 'state.h', o.h, 'float32');
  if (o.c !== null && o.c !== undefined) isTensor(where, 'state.c', o.c, 'float32');
  isInt(where, 'state.batch', o.batch, 1);
  isString(where, 'state.stream', o.stream);
  return s as CarriedState;
}

/**
 * Builds a model for `vocab` with the global generator seeded (same seed, same initial weights).
 * @example
 * ```ts
 * const model = newCharModel({ cell: 'gru', embedDim: 32, hiddenSize: 256, numLayers: 2 }, vocab, 7);
 * ```
 */
export function newCharModel(cfg: Omit<CharLMConfig, 'vocabSize'>, vocab: data.Vocab, seed: number): CharLM {
  // Everything is checked before the generator is reseeded: a refused call leaves it as it was.
  isObject('newCharModel', 'cfg', cfg);
  isVocab('newCharModel', 'vocab', vocab);
  isInt('newCharModel', 'seed', seed);
  const config = checkCharConfig({ ...cfg, vocabSize: vocab.size } as CharLMConfig, 'newCharModel');
  checkRoom('newCharModel', charLMShapes(config));
  manualSeed(seed);
  return new CharLM(config);
}

/**
 * Mean cross-entropy in nats of predicting y from x (both (B, T)), and the state after.
 * @example
 * ```ts
 * const { loss, state: next } = lossOn(model, x, y, [16, 64], state);
 * loss.backward();
 * ```
 */
export function lossOn(model: CharLM, x: Int32Array, y: Int32Array, shape: [number, number], state: CarriedState) {
  const w = 'lossOn';
  isInstance(w, 'model', model, CharLM, 'a CharLM');
  isInt32Array(w, 'x', x);
  isInt32Array(w, 'y', y);
  if (!Array.isArray(shape) || shape.length !== 2) throw new ValueError(`lossOn: shape must be [B, T], got ${describe(shape)}`);
  isInt(w, 'shape[0]', shape[0], 1);
  isInt(w, 'shape[1]', shape[1], 1);
  if (x.length !== shape[0] * shape[1] || y.length !== x.length) throw new ValueError(`lossOn: x and y must hold ${shape[0] * shape[1]} ids, got ${x.length} and ${y.length}`);
  checkCarried(w, state);
  const xs = Tensor.from(x, shape, { dtype: 'int32' });
  const ys = Tensor.from(y, shape, { dtype: 'int32' });
  const out = model.forward(xs, state);
  return { loss: crossEntropy(out.logits, ys), state: out.state, hidden: out.hidden };
}

/**
 * Bits per character of `ids` (a held-out stream), in chunks of seqLen with the state carried.
 * @example
 * ```ts
 * console.log(bitsPerChar(model, vocab.encode(heldOutText)).toFixed(3)); // e.g. 2.149
 * ```
 */
export function bitsPerChar(model: CharLM, ids: Int32Array, seqLen = 64): number {
  isInstance('bitsPerChar', 'model', model, CharLM, 'a CharLM');
  isInt32Array('bitsPerChar', 'ids', ids);
  isInt('bitsPerChar', 'seqLen', seqLen, 1);
  if (ids.length < 2) throw new ValueError(`bitsPerChar: the text needs at least 2 characters, got ${ids.length}`);
  const wasTraining = model.training;
  model.eval();
  let state = model.zeroState(1, 'eval');
  let nats = 0;
  let count = 0;
  const rt = getRuntime();
  try {
    noGrad(() => {
      for (let s = 0; s < ids.length - 1; s += seqLen) {
        const T = Math.min(seqLen, ids.length - 1 - s);
        const r = lossOn(model, ids.subarray(s, s + T), ids.subarray(s + 1, s + 1 + T), [1, T], state);
        nats += r.loss.item() * T;
        count += T;
        state = r.state;
        rt.resetStep();
      }
    });
  } finally {
    model.train(wasTraining);
  }
  return nats / count / Math.LN2;
}
