// The character language model: Embedding -> RNN/LSTM/GRU stack -> Linear over the vocabulary,
// with sampling (temperature, top-k) and bits-per-character evaluation. `rnn-wasm train`, the
// browser page and user code train and load the same class.
// Shape legend: B batch, T time, E embedding, H hidden, L layers, V vocabulary.
// size: past 400 lines because every export carries a doc comment with an example (the API
// reference, test/package/api_docs.test.ts): doc comments are about 120 lines, the code about 325.
import { Carry, MemoryError, Rng, Tensor, ValueError, crossEntropy, dropout, getRuntime, loadInt8, manualSeed, nn, noGrad, type data } from './deps.js';
import { describe, isFunction, isInstance, isInt, isInt32Array, isNumber, isNumbers, isObject, isString, isTensor, isVocab } from './check.js';
import { checkWeights, configInt, inFile, MAX_DIM, modelFile, readModelFile, recurrentShapes } from './saved.js';

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

/** Throws a MemoryError naming `where` unless the parameters of `shapes` fit the default runtime. */
export function checkRoom(where: string, shapes: readonly [string, number[]][]): void {
  const bytes = shapes.reduce((s, [, sh]) => s + Math.ceil((sh.reduce((a, b) => a * b, 1) * 4) / 16) * 16, 0);
  const free = getRuntime().params.freeBytes;
  if (bytes > free) throw new MemoryError(`${where}: the model needs ${bytes} bytes of parameters, ${free} are available (init({ maxMemoryBytes }) raises it)`, bytes, free);
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

/**
 * Options of {@link sampleIds} / {@link sampleText}: length, temperature, top-k, banned ids, generator.
 * @example
 * ```ts
 * const opts: SampleOptions = { length: 200, temperature: 0.7, topK: 10, rng: new Rng(1) };
 * ```
 */
export interface SampleOptions {
  length: number;
  temperature?: number;
  /** Keep only the k most likely characters (0: all). */
  topK?: number;
  /** Token ids that are never drawn (e.g. <pad>, <unk>). */
  banned?: readonly number[];
  rng: Rng;
}

/**
 * Draws an id from logits with temperature and top-k.
 * @example
 * ```ts
 * const id = drawFrom(logitsRow, 0.8, 0, [vocab.padId], new Rng(3));
 * ```
 */
export function drawFrom(logits: ArrayLike<number>, temperature: number, topK: number, banned: readonly number[], rng: Rng): number {
  isNumbers('drawFrom', 'logits', logits);
  if (logits.length === 0) throw new ValueError('drawFrom: logits must not be empty');
  isNumber('drawFrom', 'temperature', temperature, 0);
  isInt('drawFrom', 'topK', topK, 0);
  isNumbers('drawFrom', 'banned', banned);
  isInstance('drawFrom', 'rng', rng, Rng, 'an Rng');
  const V = logits.length;
  const order = Array.from({ length: V }, (_, i) => i).filter((i) => !banned.includes(i));
  order.sort((a, b) => logits[b] - logits[a]);
  const keep = topK > 0 ? order.slice(0, topK) : order;
  if (temperature === 0) return keep[0];
  const m = logits[keep[0]];
  const w = keep.map((i) => Math.exp((logits[i] - m) / temperature));
  let u = rng.uniform() * w.reduce((a, b) => a + b, 0);
  for (let j = 0; j < keep.length; j++) {
    u -= w[j];
    if (u < 0) return keep[j];
  }
  return keep[keep.length - 1];
}

/**
 * Feeds `prime` (ids, at least one) and then generates `length` ids one step at a time.
 * Returns the generated ids (not including the prime).
 * @example
 * ```ts
 * const ids = sampleIds(model, vocab.encode('The '), { length: 100, temperature: 0.7, rng: new Rng(1) });
 * ```
 */
export function sampleIds(model: CharLM, prime: Int32Array, opts: SampleOptions): Int32Array {
  checkSample('sampleIds', model, opts);
  isInt32Array('sampleIds', 'prime', prime);
  if (opts.banned !== undefined) isNumbers('sampleIds', 'opts.banned', opts.banned);
  const { length, temperature = 1, topK = 0, banned = [], rng } = opts;
  if (prime.length === 0) throw new ValueError('sample: the priming text must hold at least one character');
  if (!(temperature >= 0)) throw new ValueError(`sample: temperature must be >= 0, got ${temperature}`);
  const rt = getRuntime();
  const wasTraining = model.training;
  model.eval();
  const out = new Int32Array(length);
  try {
    noGrad(() => {
      let state = model.zeroState(1, 'sample');
      let r = model.forward(Tensor.from(prime, [1, prime.length], { dtype: 'int32' }), state);
      const V = model.config.vocabSize;
      for (let i = 0; i < length; i++) {
        const all = r.logits.data();
        const last = all.subarray(all.length - V);
        out[i] = drawFrom(last, temperature, topK, banned, rng);
        state = r.state;
        rt.resetStep();
        r = model.forward(Tensor.from([out[i]], [1, 1], { dtype: 'int32' }), state);
      }
      rt.resetStep();
    });
  } finally {
    model.train(wasTraining);
  }
  return out;
}

/** The model and sampling options of sampleIds / sampleText. */
function checkSample(where: string, model: unknown, opts: unknown): void {
  isInstance(where, 'model', model, CharLM, 'a CharLM');
  const o = isObject(where, 'opts', opts);
  for (const k of Object.keys(o)) if (!['length', 'temperature', 'topK', 'banned', 'rng'].includes(k)) throw new ValueError(`${where}: unknown option '${k}' (expected one of: length, temperature, topK, banned, rng)`);
  isInt(where, 'opts.length', o.length, 0, 1 << 24);
  if (o.temperature !== undefined) isNumber(where, 'opts.temperature', o.temperature, 0);
  if (o.topK !== undefined) isInt(where, 'opts.topK', o.topK, 0);
  isInstance(where, 'opts.rng', o.rng, Rng, 'an Rng');
}

/**
 * Text from a prime: its characters' ids (a newline when none is known), then `length` sampled characters.
 * @example
 * ```ts
 * console.log(sampleText(model, vocab, 'The ', { length: 300, temperature: 0.7, rng: new Rng(1) }));
 * ```
 */
export function sampleText(
  model: CharLM, vocab: data.Vocab, prime: string, opts: Omit<SampleOptions, 'banned'>,
): string {
  checkSample('sampleText', model, opts);
  isVocab('sampleText', 'vocab', vocab);
  isString('sampleText', 'prime', prime);
  if ((opts as SampleOptions).banned !== undefined) throw new ValueError('sampleText: unknown option \'banned\' (the special tokens are banned)');
  let ids = vocab.encode(prime);
  if (ids.length === 0) ids = Int32Array.of(vocab.idOf('\n'));
  const banned = [vocab.padId, vocab.unkId, vocab.eosId];
  return vocab.decode(sampleIds(model, ids, { ...opts, banned }));
}
