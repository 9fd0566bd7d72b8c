// The character model and its trainer (src/models/char_lm.ts, char_trainer.ts): sampling,
// splitting, the data walk, model files and training checkpoints (resuming bit for bit), and
// files written before the models existed (test/fixtures/cli-v0, made by the CLI of commit 9222996).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Carry, Rng, Tensor, crossEntropy, data, init, optim } from '../../src/index.js';
import { CharLM, CharTrainer, carryState, drawFrom, newCharModel, splitText, restoreTraining, sampleText } from '../../src/models/index.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/cli-v0');

beforeAll(async () => {
  await init();
});

describe('sampling and splitting', () => {
  it('draws with temperature 0 greedily, honours top-k and banned ids', () => {
    const logits = [5, 1, 4, 0];
    expect(drawFrom(logits, 0, 0, [], new Rng(1))).toBe(0);
    expect(drawFrom(logits, 0, 0, [0], new Rng(1))).toBe(2);
    const seen = new Set<number>();
    const rng = new Rng(2);
    for (let i = 0; i < 300; i++) seen.add(drawFrom(logits, 5, 2, [], rng));
    expect([...seen].sort()).toEqual([0, 2]);
  });
  it('holds out the end of the text, by characters', () => {
    expect(splitText('abcdefghij', 0.2)).toEqual({ train: 'abcdefgh', val: 'ij' });
    expect(splitText('ab😀', 0.34)).toEqual({ train: 'ab', val: '😀' });
    expect(() => splitText('abc', 1)).toThrow(/held-out fraction must be in \[0, 1\)/);
  });
});

describe('CharTrainer data walk', () => {
  it('cuts contiguous streams whose targets are the next characters, covering an epoch', async () => {
    const { init, data } = await import('../../src/index.js');
    const { CharTrainer, newCharModel } = await import('../../src/models/index.js');
    await init();
    const text = Array.from({ length: 208 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    const vocab = data.Vocab.fromText(text);
    const model = newCharModel({ cell: 'rnn', embedDim: 2, hiddenSize: 3, numLayers: 1 }, vocab, 1);
    const tr = new CharTrainer(text, vocab, model, { seqLen: 8, batch: 4, lr: 0.01, clip: 0, seed: 3, valFraction: 0 });
    const t = tr as unknown as { chunk(i: number): { x: Int32Array; y: Int32Array; shape: [number, number] }; chunkCount: number; perStream: number };
    expect(t.perStream).toBe(52); // 208 = 8 x 26: the wrap-around seam (z -> a) keeps the alphabet going
    expect(t.chunkCount).toBe(Math.ceil(51 / 8));
    const rows: number[][] = [[], [], [], []];
    for (let i = 0; i < t.chunkCount; i++) {
      const { x, y, shape: [B, T] } = t.chunk(i);
      for (let b = 0; b < B; b++) {
        for (let k = 0; k < T; k++) {
          rows[b].push(x[b * T + k]);
          const next = (vocab.tokens[x[b * T + k]].charCodeAt(0) - 97 + 1) % 26; // the text is a, b, ..., z, a, ...
          expect(vocab.tokens[y[b * T + k]]).toBe(String.fromCharCode(97 + next));
        }
      }
    }
    expect(rows.map((r) => r.length)).toEqual([51, 51, 51, 51]); // perStream - 1 inputs per stream and epoch
  });
});

function stepOnce(model: CharLM, opt: optim.Adam): void {
  const x = Tensor.from([1, 2, 3, 4, 5, 6], [2, 3], { dtype: 'int32' });
  const y = Tensor.from([2, 3, 4, 5, 6, 1], [2, 3], { dtype: 'int32' });
  const loss = crossEntropy(model.forward(x, model.zeroState(2)).logits, y);
  opt.zeroGrad();
  loss.backward();
  opt.step();
}

describe('CharLM files and checkpoints', () => {
  const cfg = { cell: 'gru' as const, vocabSize: 7, embedDim: 4, hiddenSize: 5, numLayers: 2 };

  it('saves and loads the model file (weights, config)', () => {
    const a = new CharLM(cfg);
    const b = CharLM.load(a.save());
    expect(b.config).toEqual(cfg);
    const pa = a.parameters(), pb = b.parameters();
    for (let i = 0; i < pa.length; i++) expect(Array.from(pb[i].toArray())).toEqual(Array.from(pa[i].toArray()));
    expect(CharLM.load(a.save(), { vocabSize: 7 }).config.vocabSize).toBe(7);
  });

  it('restores weights and Adam state from a checkpoint so training continues bit for bit', () => {
    const a = new CharLM(cfg);
    const optA = new optim.Adam(a.parameters(), { lr: 0.01 });
    for (let i = 0; i < 3; i++) stepOnce(a, optA);
    const weights = a.save();
    const bytes = new CharTrainer('abcdefabcdef', data.Vocab.fromText('abcdef'), a, { seqLen: 2, batch: 2, lr: 0.01, clip: 0, seed: 1, valFraction: 0 }, optA).checkpoint();

    const b = new CharLM(cfg);
    const optB = new optim.Adam(b.parameters(), { lr: 0.01 });
    expect(restoreTraining(bytes, b, optB)).toBe(0); // the trainer's step: it took none itself
    expect(optB.stepOf(b.parameters()[0])).toBe(3);
    stepOnce(a, optA);
    stepOnce(b, optB);
    const pa = a.parameters(), pb = b.parameters();
    for (let i = 0; i < pa.length; i++) expect(Array.from(pb[i].toArray())).toEqual(Array.from(pa[i].toArray()));
    expect(optB.stepOf(pb[0])).toBe(4);

    // Without the restored state the same step gives different weights (the test can fail).
    const c = CharLM.load(weights);
    stepOnce(c, new optim.Adam(c.parameters(), { lr: 0.01 }));
    expect(Array.from(c.parameters()[0].toArray())).not.toEqual(Array.from(pa[0].toArray()));
  });

  it('refuses a model file of another kind', () => {
    const m = new CharLM({ cell: 'rnn', vocabSize: 5, embedDim: 2, hiddenSize: 3, numLayers: 1 });
    expect(() => CharLM.load(m.save().slice(0, 8))).toThrow();
    const other = new CharLM(cfg).save();
    const at = Buffer.from(other).indexOf('"kind":"char-lm"') + 8;
    other.set(new TextEncoder().encode('other-x'), at); // same length: the header stays valid
    expect(() => CharLM.load(other, { source: 'm.st' })).toThrow(/m\.st holds a 'other-x' model, this command needs 'char-lm'/);
  });

  it('carryState keeps the final state in a Carry (values survive resetStep; the previous state stays readable)', () => {
    const carry = new Carry();
    const h = Tensor.from([1, 2, 3, 4], [1, 2, 2]);
    const s = carryState(carry, h, null, 2, 'train');
    h.runtime.resetStep();
    expect(Array.from(s.h!.toArray())).toEqual([1, 2, 3, 4]);
    expect(s.c).toBeNull();
    const s2 = carryState(carry, Tensor.from([5, 6, 7, 8], [1, 2, 2]), null, 2, 'train');
    expect(Array.from(s.h!.toArray())).toEqual([1, 2, 3, 4]);
    expect(Array.from(s2.h!.toArray())).toEqual([5, 6, 7, 8]);
  });
});

describe('files from before src/models (test/fixtures/cli-v0)', () => {
  const bytes = (f: string) => new Uint8Array(readFileSync(join(FIXTURE, f)));

  it('loads an old char-lm model file and samples what the old CLI sampled', () => {
    const vocab = data.Vocab.fromJSON(readFileSync(join(FIXTURE, 'char-lm/vocab.json'), 'utf8'));
    const model = CharLM.load(bytes('char-lm/model.safetensors'), { vocabSize: vocab.size });
    const text = 'The ' + sampleText(model, vocab, 'The ', { length: 40, temperature: 0.8, topK: 0, rng: new Rng(3) });
    expect(text + '\n').toBe(readFileSync(join(FIXTURE, 'sample.out'), 'utf8'));
  });

  it('restores the old Adam-only optimizer file (moments and per-parameter steps)', () => {
    const vocab = data.Vocab.fromJSON(readFileSync(join(FIXTURE, 'char-lm/vocab.json'), 'utf8'));
    const model = CharLM.load(bytes('char-lm/model.safetensors'), { vocabSize: vocab.size });
    const opt = new optim.Adam(model.parameters(), { lr: 0.003 });
    expect(restoreTraining(bytes('char-lm/optimizer.safetensors'), model, opt)).toBe(12);
    expect(model.parameters().map((p) => opt.stepOf(p))).toEqual(model.parameters().map(() => 12));
    expect(opt.stateOf(model.parameters()[0]).exp_avg_sq.toArray().some((v) => v > 0)).toBe(true);
    // A file that fits neither format changes nothing.
    const fresh = new optim.Adam(model.parameters(), { lr: 0.003 });
    expect(() => restoreTraining(bytes('char-lm/model.safetensors'), model, fresh)).toThrow(/no matching Adam state for parameter embed.weight/);
    expect(fresh.stepOf(model.parameters()[0])).toBe(0);
  });
});
