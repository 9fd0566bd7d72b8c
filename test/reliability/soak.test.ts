// A reduced soak (bench/soak.mjs runs the full 10,000 + 100,000 steps): after warm-up, neither the
// wasm memory nor the JS heap grows over further training and streaming steps.
import { describe, expect, it } from 'vitest';
import * as lib from '../../src/index.js';
// @ts-expect-error plain JS module without declarations
import { trainSoak, streamSoak } from '../../bench/soak.mjs';

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
});
