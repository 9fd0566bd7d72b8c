// Checkpoints: saving and loading a model directory, and resuming Adam exactly.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { data, init, optim, Tensor, crossEntropy } from '../../src/index.js';
import { CharLM } from '../../src/cli/charlm.js';
import { loadModel, loadOptimizer, ResumableAdam, saveModel, saveOptimizer } from '../../src/cli/checkpoint.js';
import { tempDir } from './run.js';

beforeAll(async () => {
  await init();
});

function stepOnce(model: CharLM, opt: optim.Adam): void {
  const x = Tensor.from([1, 2, 3, 4, 5, 6], [2, 3], { dtype: 'int32' });
  const y = Tensor.from([2, 3, 4, 5, 6, 1], [2, 3], { dtype: 'int32' });
  const loss = crossEntropy(model.forward(x, model.zeroState(2)).logits, y);
  opt.zeroGrad();
  loss.backward();
  opt.step();
}

describe('checkpoints', () => {
  it('restores weights, vocabulary and Adam state so training continues bit for bit', () => {
    const dir = join(tempDir(), 'ck');
    const vocab = data.Vocab.fromText('abcd');
    const cfg = { cell: 'gru' as const, vocabSize: 7, embedDim: 4, hiddenSize: 5, numLayers: 2 };
    const a = new CharLM(cfg);
    const optA = new ResumableAdam(a.parameters(), { lr: 0.01 });
    for (let i = 0; i < 3; i++) stepOnce(a, optA);
    saveModel(dir, a, 'char-lm', a.config, vocab);
    saveOptimizer(dir, a, optA);

    const saved = loadModel(dir, 'char-lm');
    expect(saved.config).toEqual(cfg);
    expect(saved.vocab.tokens).toEqual(vocab.tokens);
    const b = new CharLM(cfg);
    b.loadStateDict(saved.weights);
    const optB = new ResumableAdam(b.parameters(), { lr: 0.01 });
    loadOptimizer(dir, b, optB);
    expect(optB.stepOf(b.parameters()[0])).toBe(3);

    stepOnce(a, optA);
    stepOnce(b, optB);
    const pa = a.parameters(), pb = b.parameters();
    for (let i = 0; i < pa.length; i++) expect(Array.from(pb[i].toArray())).toEqual(Array.from(pa[i].toArray()));
    expect(optB.stepOf(pb[0])).toBe(4);

    // Without the restored state the same step gives different weights (the test can fail).
    const c = new CharLM(cfg);
    c.loadStateDict(saved.weights);
    stepOnce(c, new ResumableAdam(c.parameters(), { lr: 0.01 }));
    expect(Array.from(c.parameters()[0].toArray())).not.toEqual(Array.from(pa[0].toArray()));
  });

  it('refuses a model of another kind', () => {
    const dir = join(tempDir(), 'ck2');
    const m = new CharLM({ cell: 'rnn', vocabSize: 5, embedDim: 2, hiddenSize: 3, numLayers: 1 });
    saveModel(dir, m, 'char-lm', m.config, data.Vocab.fromText('ab'));
    expect(() => loadModel(dir, 'text-classifier')).toThrow(/holds a 'char-lm' model, this command needs 'text-classifier'/);
  });
});
