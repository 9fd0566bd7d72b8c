// The text classifier (src/models/text_classifier.ts): metrics, the model file, and a classifier
// saved by the CLI before src/models (test/fixtures/cli-v0/classifier) predicting as it did then.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '../../src/index.js';
import { TextClassifier, buildVocab, encodeText, trainClassifier, loadClassifier, metrics, newClassifier, predict } from '../../src/models/index.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/cli-v0');

beforeAll(async () => {
  await init();
});

describe('TextClassifier', () => {
  it('computes accuracy, precision, recall and f1', () => {
    expect(metrics([1, 1, 0, 0], [1, 0, 0, 1])).toEqual({ accuracy: 0.5, precision: 0.5, recall: 0.5, f1: 0.5, n: 4, tp: 1, fp: 1, tn: 1, fn: 1 });
  });

  it('cuts texts to maxLen and reads an empty text as <unk>', () => {
    const vocab = buildVocab(['a b c d'], 100, 1);
    expect(encodeText(vocab, 'A b c d', 3)).toEqual({ ids: vocab.encode('a b c'), cut: true });
    expect(Array.from(encodeText(vocab, '', 3).ids)).toEqual([vocab.unkId]);
  });

  it('learns a word rule, and its model file round-trips to the same predictions', () => {
    const texts = Array.from({ length: 40 }, (_, i) => (i % 2 ? `good fine ${i}` : `bad poor ${i}`));
    const train = texts.map((text, i) => ({ text, label: (i % 2) as 0 | 1 }));
    const vocab = buildVocab(texts, 100, 1);
    const model = newClassifier({ vocabSize: vocab.size, embedDim: 4, hiddenSize: 4, denseSize: 3, maxLen: 10, labels: ['neg', 'pos'] }, 1);
    const losses = trainClassifier(model, vocab, train, { epochs: 6, batch: 8, lr: 0.05, clip: 5, seed: 1 });
    expect(losses[5]).toBeLessThan(losses[0] / 2);
    const p = predict(model, vocab, ['good fine', 'bad poor']);
    expect(p[0]).toBeGreaterThan(0.5);
    expect(p[1]).toBeLessThan(0.5);
    const again = loadClassifier(model.save().slice().buffer, JSON.stringify(vocab.toJSON()));
    expect(Array.from(predict(again.model, again.vocab, ['good fine', 'bad poor']))).toEqual(Array.from(p));
  });

  it('loads a classifier the old CLI saved and predicts what it printed', () => {
    const { model, vocab } = loadClassifier(readFileSync(join(FIXTURE, 'classifier/model.safetensors')), readFileSync(join(FIXTURE, 'classifier/vocab.json'), 'utf8'));
    expect(model).toBeInstanceOf(TextClassifier);
    const rows = readFileSync(join(FIXTURE, 'labelled.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    const printed = readFileSync(join(FIXTURE, 'classify.out'), 'utf8').trim().split('\n').slice(0, rows.length).map((l) => l.split('\t')[1]);
    expect(Array.from(predict(model, vocab, rows), (p) => p.toFixed(4))).toEqual(printed);
  });
});
