// summary(): module tree, traced output shapes, parameter counts and bytes; the trace leaves
// the modules as they were.
import { beforeAll, describe, expect, it } from 'vitest';
import { init, nn, Rng, Tensor } from '../../src/index.js';

beforeAll(async () => {
  await init();
});

class Tagger extends nn.Module {
  emb = this.registerModule('emb', new nn.Embedding(50, 8, { rng: new Rng(1) }));
  lstm = this.registerModule('lstm', new nn.LSTM({ inputSize: 8, hiddenSize: 6, bidirectional: true, rng: new Rng(2) }));
  out = this.registerModule('out', new nn.Linear(12, 3, { rng: new Rng(3) }));
  forward(ids: Tensor): Tensor {
    return this.out.forward(this.lstm.forward(this.emb.forward(ids)).output);
  }
}

describe('summary', () => {
  it('Sequential: output shapes, parameter counts, bytes and the text table', () => {
    const m = new nn.Sequential(new nn.Linear(3, 4, { rng: new Rng(1) }), new nn.Linear(4, 2, { rng: new Rng(2) }));
    const s = nn.summary(m, [5, 3]);
    expect(s.rows.map((r) => [r.name, r.type, r.output, r.params, r.depth])).toEqual([
      ['', 'Sequential', '[5, 2]', 26, 0],
      ['0', 'Linear', '[5, 4]', 16, 1],
      ['1', 'Linear', '[5, 2]', 10, 1],
    ]);
    expect([s.params, s.trainable, s.bytes]).toEqual([26, 26, 104]);
    const text = s.toString();
    expect(text).toMatch(/^module\s+type\s+output shape\s+params\n-+\n\(model\)\s+Sequential\s+\[5, 2\]\s+26\n  0\s+Linear\s+\[5, 4\]\s+16\n/);
    expect(text).toContain('total parameters: 26 (trainable 26), 0.1 KiB as float32');
    expect(Object.prototype.hasOwnProperty.call(m.layers[0], 'forward')).toBe(false); // the trace's wrappers are gone
  });

  it('Embedding + BiLSTM + Linear with int32 input: LSTM outputs and PyTorch parameter counts', () => {
    const m = new Tagger();
    const s = nn.summary(m, [2, 7], { dtype: 'int32' });
    const row = (n: string) => s.rows.find((r) => r.name === n)!;
    expect(row('emb').output).toBe('[2, 7, 8]');
    expect(row('lstm').output).toBe('output [2, 7, 12], h [2, 2, 6], c [2, 2, 6]');
    // LSTM: per direction 4H·I + 4H·H + 2·4H = 192 + 144 + 48 = 384, two directions
    expect(row('lstm').params).toBe(768);
    expect(row('out').output).toBe('[2, 7, 3]');
    expect(s.params).toBe(50 * 8 + 768 + 12 * 3 + 3);
    expect(m.training).toBe(true);
    const noTrace = nn.summary(m);
    expect(noTrace.rows.every((r) => r.output === '')).toBe(true);
    expect(noTrace.params).toBe(s.params);
  });

  it('rejects what it cannot trace', () => {
    expect(() => nn.summary({} as nn.Module)).toThrow('summary: module must be an nn.Module');
    expect(() => nn.summary(new nn.Linear(2, 2), [0, 2])).toThrow(/inputShape must be positive integers/);
    expect(() => nn.summary(new nn.Linear(2, 2), [3, 5])).toThrow(); // the forward's own shape error
  });
});
