// The text classifier: Embedding -> bidirectional LSTM -> Dense(relu) -> Dense(sigmoid) over
// lower-cased word ids, with training (BCE on logits, Adam, length-bucketed batches), batched
// prediction, metrics, and the model file that `rnn-wasm classify`, the edge worker and the Deno
// script load.
// Shape legend: B batch, T time (padded), E embedding, H hidden per direction, F dense units.
import {
  Tensor, ValueError, bceWithLogits, concat, data, getRuntime, loadInt8, manualSeed, nn, noGrad, optim, relu, reshape, sigmoid, slice,
} from './deps.js';
import { checkWeights, configInt, inFile, modelFile, readModelFile, recurrentShapes } from './saved.js';
import { checkRoom } from './saved.js';
import { as, describe, isFunction, isInstance, isInt, isInt32Array, isNumber, isNumbers, isObject, isString, isStrings, isTensor, isVocab } from './check.js';

/**
 * The `kind` in a classifier's model file.
 * @example
 * ```ts
 * readModelFile(bytes, TEXT_CLASSIFIER_KIND);
 * ```
 */
export const TEXT_CLASSIFIER_KIND = 'text-classifier';

/**
 * The shape of a {@link TextClassifier}: vocabulary, embedding, LSTM and dense sizes, longest input, label names.
 * @example
 * ```ts
 * const cfg: ClassifierConfig = { vocabSize: vocab.size, embedDim: 32, hiddenSize: 64, denseSize: 32, maxLen: 200, labels: ['ham', 'spam'] };
 * ```
 */
export interface ClassifierConfig {
  vocabSize: number;
  embedDim: number;
  hiddenSize: number;
  denseSize: number;
  /** Longest token sequence fed to the model; longer texts are cut (and counted). */
  maxLen: number;
  /** Label names: labels[0] is the negative class (0), labels[1] the positive (1). */
  labels: [string, string];
}

/** The layers of a TextClassifier, float or int8 (nn.quantizeDynamic). */
export interface ClassifierParts {
  embed: nn.Embedding;
  lstm: nn.LSTM | nn.QuantizedRecurrent;
  dense: nn.Linear | nn.QuantizedLinear;
  out: nn.Linear | nn.QuantizedLinear;
}

/**
 * A binary text classifier: Embedding → BiLSTM → Dense(relu) → Dense(sigmoid), with its model file (`save()` / `TextClassifier.load()`).
 * @example
 * ```ts
 * const model = newClassifier({ vocabSize: vocab.size, embedDim: 32, hiddenSize: 64, denseSize: 32, maxLen: 200, labels: ['ham', 'spam'] }, 1);
 * trainClassifier(model, vocab, examples, { epochs: 3, batch: 32, lr: 0.003, clip: 5, seed: 1 });
 * predict(model, vocab, ['win a prize now']); // Float32Array [p(spam)]
 * ```
 */
export class TextClassifier extends nn.Module {
  readonly config: ClassifierConfig;
  readonly embed: nn.Embedding; // (V, E)
  readonly lstm: ClassifierParts['lstm'];
  readonly dense: ClassifierParts['dense']; // (F, 2H)
  readonly out: ClassifierParts['out']; // (1, F)

  /** `parts`: already built layers (quantizeDynamicWith); otherwise new ones from the config. */
  constructor(config: ClassifierConfig, parts?: ClassifierParts) {
    super();
    this.config = checkClassifierConfig('TextClassifier', config);
    const { vocabSize: V, embedDim: E, hiddenSize: H, denseSize: F } = this.config;
    if (!parts) checkRoom('TextClassifier', classifierShapes(this.config)); // before the first parameter is drawn
    this.embed = this.registerModule('embed', parts?.embed ?? new nn.Embedding(V, E, { paddingIdx: 0 }));
    this.lstm = this.registerModule('lstm', parts?.lstm ?? new nn.LSTM({ inputSize: E, hiddenSize: H, bidirectional: true }));
    this.dense = this.registerModule('dense', parts?.dense ?? new nn.Linear(2 * H, F));
    this.out = this.registerModule('out', parts?.out ?? new nn.Linear(F, 1));
  }

  /** nn.quantizeDynamic's hook: an inference-only copy with int8 LSTM and Dense layers (embedding shared). */
  quantizeDynamicWith(q: nn.QuantizeChild): TextClassifier {
    isFunction('TextClassifier.quantizeDynamicWith', 'q', q);
    return new TextClassifier(this.config, {
      embed: this.embed, lstm: q(this.lstm) as nn.QuantizedRecurrent, dense: q(this.dense) as nn.QuantizedLinear, out: q(this.out) as nn.QuantizedLinear,
    }).eval();
  }

  /** A classifier from its model file (see save()); an int8 file comes back as an int8 model. */
  static load(bytes: Uint8Array, opts: { source?: string } = {}): TextClassifier {
    const source = opts?.source ?? 'TextClassifier.load';
    return inFile(source, () => {
      const saved = readModelFile(bytes, TEXT_CLASSIFIER_KIND, source);
      // Config, then config against the weights, then build.
      const config = checkClassifierConfig(`${source}: config`, saved.config);
      checkWeights(source, saved.weights, classifierShapes(config));
      const model = new TextClassifier(config);
      if (saved.int8) {
        const q = nn.quantizeDynamic(model.eval(), { dtype: 'int8' }) as TextClassifier;
        loadInt8(q, bytes);
        return q;
      }
      model.loadStateDict(saved.weights);
      return model;
    });
  }

  /** The model file: weights by name, kind and config in the metadata. */
  save(): Uint8Array {
    return modelFile(this, TEXT_CLASSIFIER_KIND, this.config);
  }

  /** ids (B, T) int32 with valid lengths -> logits (B, 1) (apply sigmoid for probabilities). */
  forward(ids: Tensor, lengths: Int32Array): Tensor {
    const t = isTensor('TextClassifier.forward', 'ids', ids, 'int32');
    isInt32Array('TextClassifier.forward', 'lengths', lengths);
    if (t.shape.length !== 2 || lengths.length !== t.shape[0]) throw new ValueError(`TextClassifier.forward: ids must be (B, T) with B = lengths.length (${lengths.length}), got [${t.shape.join(', ')}]`);
    const [B] = ids.shape;
    const H = this.config.hiddenSize;
    const r = this.lstm.forward(this.embed.forward(ids), { lengths });
    // h (2, B, H): forward direction after each text's last token, reverse after its first.
    const fwd = reshape(slice(r.h, 0, 0, 1), [B, H]);
    const bwd = reshape(slice(r.h, 0, 1, 2), [B, H]);
    return this.out.forward(relu(this.dense.forward(concat([fwd, bwd], 1))));
  }
}

/** A checked copy of a classifier config: sizes in bounds, two distinct string labels. */
export function checkClassifierConfig(where: string, config: unknown): ClassifierConfig {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new ValueError(`${where}: config must be an object, got ${config === null ? 'null' : typeof config}`);
  const c = config as Record<string, unknown>;
  const int = (k: string, max?: number): number => {
    try {
      return configInt(where, c, k, max);
    } catch (e) {
      throw new ValueError((e as Error).message);
    }
  };
  const [vocabSize, embedDim, hiddenSize, denseSize, maxLen] = [int('vocabSize'), int('embedDim'), int('hiddenSize'), int('denseSize'), int('maxLen')];
  const labels = Object.hasOwn(c, 'labels') ? c.labels : undefined;
  if (!Array.isArray(labels) || labels.length !== 2 || !labels.every((l) => typeof l === 'string') || labels[0] === labels[1]) {
    throw new ValueError(`${where}: labels must be two different strings, got ${JSON.stringify(labels)?.slice(0, 60)}`);
  }
  return { vocabSize, embedDim, hiddenSize, denseSize, maxLen, labels: [labels[0], labels[1]] };
}

/** The parameters a classifier config describes, by name. */
export function classifierShapes(c: ClassifierConfig): [string, number[]][] {
  const { vocabSize: V, embedDim: E, hiddenSize: H, denseSize: F } = c;
  return [['embed.weight', [V, E]], ...recurrentShapes('lstm.', 'lstm', E, H, 1, 2), ['dense.weight', [F, 2 * H]], ['dense.bias', [F]], ['out.weight', [1, F]], ['out.bias', [1]]];
}

/**
 * A classifier and its vocabulary from saved bytes: the model file and vocab.json's text (what
 * `rnn-wasm classify-train` writes into its directory).
 * @example
 * ```ts
 * const { model, vocab } = loadClassifier(await readFile('spam-model/model.safetensors'), await readFile('spam-model/vocab.json', 'utf8'));
 * ```
 */
export function loadClassifier(modelBytes: Uint8Array | ArrayBuffer, vocabJson: string): { model: TextClassifier; vocab: data.Vocab } {
  if (!(modelBytes instanceof Uint8Array) && !(modelBytes instanceof ArrayBuffer)) throw new ValueError(`loadClassifier: modelBytes must be a Uint8Array or an ArrayBuffer, got ${describe(modelBytes)}`);
  isString('loadClassifier', 'vocabJson', vocabJson);
  // The vocabulary first (it is small), then the model, checked against its weights.
  const vocab = as('loadClassifier', () => data.Vocab.fromJSON(vocabJson));
  const model = as('loadClassifier', () => TextClassifier.load(modelBytes instanceof Uint8Array ? modelBytes : new Uint8Array(modelBytes)));
  return { model, vocab };
}

/**
 * Token ids of a text for the classifier, cut to maxLen; `cut` tells whether it was longer.
 * @example
 * ```ts
 * const { ids, cut } = encodeText(vocab, 'not bad at all', 200);
 * ```
 */
export function encodeText(vocab: data.Vocab, text: string, maxLen: number): { ids: Int32Array; cut: boolean } {
  isVocab('encodeText', 'vocab', vocab);
  isString('encodeText', 'text', text);
  isInt('encodeText', 'maxLen', maxLen, 1);
  let ids = vocab.encode(text.toLowerCase());
  if (ids.length === 0) ids = Int32Array.of(vocab.unkId);
  const cut = ids.length > maxLen;
  return { ids: cut ? ids.subarray(0, maxLen) : ids, cut };
}

/**
 * A labelled text for {@link trainClassifier}: 1 is the positive class (`labels[1]`).
 * @example
 * ```ts
 * const train: Example[] = [{ text: 'win money now', label: 1 }, { text: 'see you at lunch', label: 0 }];
 * ```
 */
export interface Example { text: string; label: 0 | 1 }

/**
 * What {@link metrics} reports: accuracy, precision, recall, F1 and the confusion counts.
 * @example
 * ```ts
 * const m: Metrics = metrics(pred, gold);
 * console.log(m.accuracy, m.f1, m.tp, m.fp);
 * ```
 */
export interface Metrics { accuracy: number; precision: number; recall: number; f1: number; n: number; tp: number; fp: number; tn: number; fn: number }

/**
 * Accuracy, precision, recall and F1 of 0/1 predictions against 0/1 labels.
 * @example
 * ```ts
 * metrics([1, 0, 1], [1, 0, 0]); // { accuracy: 0.667, precision: 0.5, recall: 1, ... }
 * ```
 */
export function metrics(pred: ArrayLike<number>, gold: ArrayLike<number>): Metrics {
  isNumbers('metrics', 'pred', pred);
  isNumbers('metrics', 'gold', gold);
  if (pred.length !== gold.length) throw new ValueError(`metrics: pred and gold must have the same length, got ${pred.length} and ${gold.length}`);
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < gold.length; i++) {
    if (pred[i] === 1) gold[i] === 1 ? tp++ : fp++;
    else gold[i] === 1 ? fn++ : tn++;
  }
  const n = gold.length;
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { accuracy: n ? (tp + tn) / n : 0, precision, recall, f1, n, tp, fp, tn, fn };
}

/**
 * Probabilities of the positive class for many texts, in batches.
 * @example
 * ```ts
 * const p = predict(model, vocab, ['free money', 'meeting at 3']); // Float32Array of p(positive)
 * ```
 */
export function predict(model: TextClassifier, vocab: data.Vocab, texts: readonly string[], batch = 64): Float32Array {
  isInstance('predict', 'model', model, TextClassifier, 'a TextClassifier');
  isVocab('predict', 'vocab', vocab);
  isStrings('predict', 'texts', texts);
  isInt('predict', 'batch', batch, 1);
  const rt = getRuntime();
  const out = new Float32Array(texts.length);
  const wasTraining = model.training;
  model.eval();
  try {
    noGrad(() => {
      for (let s = 0; s < texts.length; s += batch) {
        const seqs = texts.slice(s, s + batch).map((t) => encodeText(vocab, t, model.config.maxLen).ids);
        const pb = data.padBatch(seqs, { padId: vocab.padId });
        const p = sigmoid(model.forward(Tensor.from(pb.ids, pb.shape, { dtype: 'int32' }), pb.lengths));
        out.set(p.data(), s);
        rt.resetStep();
      }
    });
  } finally {
    model.train(wasTraining);
  }
  return out;
}

/**
 * Options of {@link trainClassifier}: epochs, batch, Adam rate, clipping, seed, and a per-epoch callback.
 * @example
 * ```ts
 * trainClassifier(model, vocab, train, { epochs: 5, batch: 32, lr: 0.003, clip: 5, seed: 1, onEpoch: (e, loss) => console.log(e, loss) } satisfies ClassifierTrainOptions);
 * ```
 */
export interface ClassifierTrainOptions {
  epochs: number;
  batch: number;
  lr: number;
  clip: number;
  seed: number;
  /** Called after each epoch with the mean training loss. */
  onEpoch?: (epoch: number, loss: number) => void;
}

/**
 * Trains with BCE on logits and Adam over length-bucketed batches (seeded per epoch). Returns per-epoch losses.
 * @example
 * ```ts
 * const losses = trainClassifier(model, vocab, train, { epochs: 4, batch: 32, lr: 0.003, clip: 5, seed: 4 });
 * ```
 */
export function trainClassifier(model: TextClassifier, vocab: data.Vocab, train: readonly Example[], o: ClassifierTrainOptions): number[] {
  const w = 'trainClassifier';
  isInstance(w, 'model', model, TextClassifier, 'a TextClassifier');
  isVocab(w, 'vocab', vocab);
  if (!Array.isArray(train) || !train.every((e) => e !== null && typeof e === 'object' && typeof e.text === 'string' && (e.label === 0 || e.label === 1))) {
    throw new ValueError(`trainClassifier: train must be an array of { text: string, label: 0 | 1 }, got ${describe(train)}`);
  }
  const opts = isObject(w, 'o', o);
  for (const k of Object.keys(opts)) if (!['epochs', 'batch', 'lr', 'clip', 'seed', 'onEpoch'].includes(k)) throw new ValueError(`trainClassifier: unknown option '${k}' (expected one of: epochs, batch, lr, clip, seed, onEpoch)`);
  isInt(w, 'o.epochs', opts.epochs, 0);
  isInt(w, 'o.batch', opts.batch, 1);
  isNumber(w, 'o.lr', opts.lr, 0);
  isNumber(w, 'o.clip', opts.clip, 0);
  isInt(w, 'o.seed', opts.seed);
  if (opts.onEpoch !== undefined && typeof opts.onEpoch !== 'function') throw new ValueError(`trainClassifier: o.onEpoch must be a function, got ${describe(opts.onEpoch)}`);
  if (train.length === 0) throw new ValueError('trainClassifier: no training examples');
  const opt = new optim.Adam(model.parameters(), { lr: o.lr });
  const encoded = train.map((e) => encodeText(vocab, e.text, model.config.maxLen).ids);
  const lengths = encoded.map((ids) => ids.length);
  const h = optim.fit(model, {
    // Texts of similar length share a batch (little padding); batch order reshuffled every epoch.
    train: (ep) => Array.from(data.lengthBuckets(lengths, o.batch, o.seed + ep), (b) => Array.from(b)),
    loss: (m, idx) => {
      const pb = data.padBatch(idx.map((i) => encoded[i]), { padId: vocab.padId });
      const y = Tensor.from(idx.map((i) => train[i].label), [idx.length, 1]);
      return bceWithLogits(m.forward(Tensor.from(pb.ids, pb.shape, { dtype: 'int32' }), pb.lengths), y);
    },
    batchWeight: (idx) => idx.length, // the epoch loss is the mean over texts
    optimizer: opt,
    epochs: o.epochs,
    ...(o.clip > 0 ? { clipGradNorm: o.clip } : {}),
    callbacks: { onEpochEnd: (e) => o.onEpoch?.(e.epoch + 1, e.loss) },
  });
  return h.epochs.map((e) => e.loss);
}

/**
 * Word vocabulary over the training texts (lower-cased), specials first so <pad> is id 0.
 * @example
 * ```ts
 * const vocab = buildVocab(train.map((e) => e.text), 20_000, 2);
 * ```
 */
export function buildVocab(texts: readonly string[], maxSize: number, minFreq: number): data.Vocab {
  isStrings('buildVocab', 'texts', texts);
  return as('buildVocab', () => data.Vocab.fromText(texts.map((t) => t.toLowerCase()).join('\n'), { level: 'word', maxSize, minFreq }));
}

/**
 * A new classifier with the global generator seeded.
 * @example
 * ```ts
 * const model = newClassifier({ vocabSize: vocab.size, embedDim: 32, hiddenSize: 64, denseSize: 32, maxLen: 200, labels: ['neg', 'pos'] }, 1);
 * ```
 */
export function newClassifier(cfg: ClassifierConfig, seed: number): TextClassifier {
  // Everything is checked before the generator is reseeded: a refused call leaves it as it was.
  const config = checkClassifierConfig('newClassifier', cfg);
  isInt('newClassifier', 'seed', seed);
  checkRoom('newClassifier', classifierShapes(config));
  manualSeed(seed);
  return new TextClassifier(config);
}
