// `rnn-wasm classify-train` and `rnn-wasm classify`: the BiLSTM text classifier on CSV or JSONL
// files of labelled texts, with held-out accuracy, precision and recall.
import { data } from '../api.js';
import { UsageError, type CommandSpec, type ParsedArgs } from './args.js';
import { TextClassifier, buildVocab, trainClassifier, metrics, newClassifier, predict, encodeText, type ClassifierConfig, type Example } from '../models/index.js';
import { loadModel, saveModel } from './checkpoint.js';
import { parseLabelled } from './labelled.js';
import { checkModelDir, checkWritableDir, readText, type CliContext } from './io.js';

export const CLASSIFY_TRAIN: CommandSpec = {
  name: 'classify-train',
  summary: 'Train the Embedding -> BiLSTM -> Dense(relu) -> Dense(sigmoid) classifier on labelled texts.',
  usage: 'rnn-wasm classify-train --data FILE [--out DIR] [options]',
  options: {
    data: { type: 'string', meta: 'FILE', help: 'CSV (header with text and label columns) or JSONL ({"text": ..., "label": ...} per line) (required)' },
    out: { type: 'string', meta: 'DIR', default: 'rnn-classifier', help: 'where the model and vocabulary are saved' },
    'text-field': { type: 'string', default: 'text', help: 'name of the text column / key' },
    'label-field': { type: 'string', default: 'label', help: 'name of the label column / key' },
    positive: { type: 'string', help: 'label value of the positive class (default: 1, true, or the second label in sorted order)' },
    embed: { type: 'int', min: 1, default: 32, help: 'word embedding size' },
    hidden: { type: 'int', min: 1, default: 32, help: 'LSTM hidden units per direction' },
    dense: { type: 'int', min: 1, default: 16, help: 'units of the relu layer' },
    'max-len': { type: 'int', min: 1, default: 100, help: 'tokens per text fed to the model (longer texts are cut, and counted)' },
    'vocab-size': { type: 'int', min: 4, default: 10000, help: 'largest word vocabulary' },
    'min-freq': { type: 'int', min: 1, default: 1, help: 'words seen fewer times become <unk>' },
    epochs: { type: 'int', min: 1, default: 5, help: 'passes over the training texts' },
    batch: { type: 'int', min: 1, default: 32, help: 'texts per step' },
    lr: { type: 'number', min: 0, minOpen: true, default: 0.005, help: 'Adam learning rate' },
    clip: { type: 'number', min: 0, default: 5, help: 'clip the global gradient norm (0: off)' },
    val: { type: 'number', min: 0, minOpen: true, max: 0.9, default: 0.2, help: 'fraction held out for accuracy, precision and recall' },
    seed: { type: 'int', min: 0, default: 1, help: 'seed for the split, initialisation and batch order' },
  },
  epilog: 'example: rnn-wasm classify-train --data reviews.csv --epochs 5 --out review-model',
};

export const CLASSIFY: CommandSpec = {
  name: 'classify',
  summary: 'Classify texts with a model from classify-train (one result per line: label, probability, text).',
  usage: 'rnn-wasm classify --model DIR (--text TEXT | --data FILE)',
  options: {
    model: { type: 'string', meta: 'DIR', help: 'directory written by classify-train (required)' },
    text: { type: 'string', help: 'one text to classify' },
    data: { type: 'string', meta: 'FILE', help: 'CSV/JSONL file; with labels, accuracy, precision and recall are reported' },
    'text-field': { type: 'string', default: 'text', help: 'name of the text column / key' },
    'label-field': { type: 'string', default: 'label', help: 'name of the label column / key' },
  },
};

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function report(ctx: CliContext, what: string, m: ReturnType<typeof metrics>, labels: readonly string[]): void {
  ctx.out.write(
    `${what}: accuracy ${pct(m.accuracy)}  precision ${pct(m.precision)}  recall ${pct(m.recall)}  f1 ${m.f1.toFixed(3)}  ` +
      `(n ${m.n}; positive '${labels[1]}': tp ${m.tp} fp ${m.fp} tn ${m.tn} fn ${m.fn})\n`,
  );
}

export async function classifyTrain(a: ParsedArgs, ctx: CliContext): Promise<void> {
  if (a.data === undefined) throw new UsageError('classify-train: --data is required (see rnn-wasm classify-train --help)');
  const path = a.data as string;
  checkWritableDir('--out', a.out as string); // before any work
  const set = parseLabelled(readText(path), path, a['text-field'] as string, a['label-field'] as string, a.positive as string | undefined);
  const order = data.shuffledIndices(set.examples.length, a.seed as number);
  const nVal = Math.max(1, Math.round(set.examples.length * (a.val as number)));
  if (set.examples.length - nVal < 2) throw new UsageError(`classify-train: ${path} has ${set.examples.length} examples, too few to hold out ${nVal}`);
  const val: Example[] = [], train: Example[] = [];
  order.forEach((i, k) => (k < nVal ? val : train).push(set.examples[i]));
  const vocab = buildVocab(train.map((e) => e.text), a['vocab-size'] as number, a['min-freq'] as number);
  const cfg: ClassifierConfig = {
    vocabSize: vocab.size, embedDim: a.embed as number, hiddenSize: a.hidden as number, denseSize: a.dense as number,
    maxLen: a['max-len'] as number, labels: set.labels,
  };
  const cut = train.filter((e) => encodeText(vocab, e.text, cfg.maxLen).cut).length;
  const pos = train.filter((e) => e.label === 1).length;
  ctx.out.write(
    `${train.length} training / ${val.length} held-out texts from ${path}; labels '${set.labels[0]}' (0) and '${set.labels[1]}' (1, ${pos} in training); ` +
      `vocabulary ${vocab.size} words; ${cut} texts cut to ${cfg.maxLen} tokens\n`,
  );
  const model = newClassifier(cfg, a.seed as number);
  const t0 = ctx.now();
  trainClassifier(model, vocab, train, {
    epochs: a.epochs as number, batch: a.batch as number, lr: a.lr as number, clip: a.clip as number, seed: a.seed as number,
    onEpoch: (ep, loss) => ctx.out.write(`epoch ${ep}/${a.epochs}  loss ${loss.toFixed(4)}  ${((ctx.now() - t0) / 1000).toFixed(1)} s\n`),
  });
  const threshold = (p: Float32Array) => Array.from(p, (x) => (x >= 0.5 ? 1 : 0));
  report(ctx, 'train', metrics(threshold(predict(model, vocab, train.map((e) => e.text))), train.map((e) => e.label)), set.labels);
  report(ctx, 'held-out', metrics(threshold(predict(model, vocab, val.map((e) => e.text))), val.map((e) => e.label)), set.labels);
  saveModel(a.out as string, model.save(), vocab);
  ctx.out.write(`saved ${a.out}/ (model.safetensors, vocab.json)\n`);
}

export function loadClassifier(dir: string): { model: TextClassifier; vocab: data.Vocab } {
  return loadModel(checkModelDir(dir), (bytes, source) => TextClassifier.load(bytes, { source }), (m) => m.config.vocabSize);
}

export async function classify(a: ParsedArgs, ctx: CliContext): Promise<void> {
  if (a.model === undefined) throw new UsageError('classify: --model is required (see rnn-wasm classify --help)');
  if ((a.text === undefined) === (a.data === undefined)) throw new UsageError('classify: give exactly one of --text or --data');
  const { model, vocab } = loadClassifier(a.model as string);
  const labels = model.config.labels;
  if (a.text !== undefined) {
    const p = predict(model, vocab, [a.text as string])[0];
    ctx.out.write(`${labels[p >= 0.5 ? 1 : 0]}\t${p.toFixed(4)}\n`);
    return;
  }
  const path = a.data as string;
  const set = parseLabelled(readText(path), path, a['text-field'] as string, a['label-field'] as string, labels[1], { labelsOptional: true, labels });
  const probs = predict(model, vocab, set.examples.map((e) => e.text));
  set.examples.forEach((e, i) => ctx.out.write(`${labels[probs[i] >= 0.5 ? 1 : 0]}\t${probs[i].toFixed(4)}\t${e.text.replace(/\s+/g, ' ').slice(0, 60)}\n`));
  if (set.hasLabels) report(ctx, 'accuracy on the file', metrics(Array.from(probs, (p) => (p >= 0.5 ? 1 : 0)), set.examples.map((e) => e.label)), labels);
}
