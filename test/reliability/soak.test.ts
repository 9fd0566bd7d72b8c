// A reduced soak (bench/soak.mjs runs the full 10,000 + 100,000 steps): after warm-up, neither the
// wasm memory nor the JS heap grows over further training and streaming steps.
import { describe, expect, it } from 'vitest';
import * as lib from '../../src/index.js';
// @ts-expect-error plain JS module without declarations
import { trainSoak, streamSoak, collectGarbage } from '../../bench/soak.mjs';

interface Sample { memoryBytes: number; heapUsed: number }
interface SoakResult { atWarmup: Sample; atEnd: Sample; firstLoss?: number; lastLoss?: number }

describe('soak', () => {
  it('trains 400 steps without wasm memory or heap growth after 100 warm-up steps', async () => {
    const rt = await lib.createRuntime();
    const r: SoakResult = trainSoak(lib, rt, { steps: 400, warmup: 100 });
    expect(r.atEnd.memoryBytes).toBe(r.atWarmup.memoryBytes);
    expect(r.atEnd.heapUsed - r.atWarmup.heapUsed).toBeLessThan(1 << 20);
    expect(r.lastLoss!).toBeLessThan(r.firstLoss! * 0.5); // it did train
  });

  it('streams 3000 frames without growth after 500 warm-up frames', async () => {
    const rt = await lib.createRuntime();
    const r: SoakResult = streamSoak(lib, rt, { steps: 3000, warmup: 500 });
    expect(r.atEnd.memoryBytes).toBe(r.atWarmup.memoryBytes);
    expect(r.atEnd.heapUsed - r.atWarmup.heapUsed).toBeLessThan(1 << 20);
  });

  it('a mixed loop (BiGRU, dropout, clipping, checkpoint save and load every 20 steps) does not grow either', async () => {
    const { nn, optim, Tensor, Rng, crossEntropy, saveCheckpoint, loadCheckpoint } = lib;
    const rt = await lib.createRuntime();
    const gru = new nn.GRU({ inputSize: 6, hiddenSize: 10, numLayers: 2, bidirectional: true, dropout: 0.2, runtime: rt, rng: new Rng(1) });
    const head = new nn.Linear(20, 5, { runtime: rt, rng: new Rng(2) });
    const params = [...gru.parameters(), ...head.parameters()];
    const opt = new optim.RMSprop(params, { lr: 0.01, momentum: 0.5, centered: true });
    const rng = new Rng(3);
    const sample = () => {
      collectGarbage();
      return { memoryBytes: rt.memoryStats().memoryBytes, heapUsed: process.memoryUsage().heapUsed };
    };
    let warm = sample();
    for (let s = 0; s < 400; s++) {
      const x = Tensor.from(Float32Array.from({ length: 3 * 7 * 6 }, () => rng.uniformIn(-1, 1)), [3, 7, 6], { runtime: rt });
      const y = Tensor.from(Int32Array.from({ length: 21 }, (_, i) => (i + s) % 5), [3, 7], { runtime: rt });
      const loss = crossEntropy(head.forward(gru.forward(x, { lengths: [7, 4, 1 + (s % 7)] }).output), y);
      opt.zeroGrad();
      loss.backward();
      optim.clipGradNorm(params, 1);
      opt.step();
      if (s % 20 === 19) {
        const bytes = saveCheckpoint({ model: gru, rngs: { r: rng } });
        loadCheckpoint(bytes, { model: gru, rngs: { r: rng } });
        rt.resetStep();
      }
      if (s === 99) warm = sample();
    }
    const end = sample();
    expect(end.memoryBytes).toBe(warm.memoryBytes);
    expect(end.heapUsed - warm.heapUsed).toBeLessThan(1 << 20);
  });
});
