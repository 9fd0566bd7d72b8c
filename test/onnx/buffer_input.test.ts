// importOnnx of a file read by Node (readFileSync): a small Buffer is a view into Node's shared
// 8 KB pool (nonzero byteOffset, and Buffer#slice returns a view, not a copy). The weights must be
// read from the view's bytes, not from the start of the pool: the outputs equal those of the same
// bytes in a fresh Uint8Array.
import { beforeAll, describe, expect, it } from 'vitest';
import { Buffer } from 'node:buffer';
import { init, manualSeed, nn } from '../../src/index.js';
import { exportOnnx, importOnnx } from '../../src/onnx/index.js';

beforeAll(async () => {
  await init();
});

describe('importOnnx from a Node Buffer', () => {
  it('reads raw_data initializers from the view, not from the start of its pool', async () => {
    manualSeed(7);
    const bytes = exportOnnx(new nn.LSTM({ inputSize: 3, hiddenSize: 4 }), { input: [1, 2, 3] });
    const pool = Buffer.alloc(bytes.length + 4096, 0x41);
    const view = pool.subarray(8, 8 + bytes.length);
    view.set(bytes);
    expect(view.byteOffset).toBe(8);
    const x = Float32Array.from([0.5, -1, 0.25, 2, 0.125, -0.75]);
    const outputs = [];
    for (const src of [new Uint8Array(bytes), view]) {
      const m = importOnnx(src);
      const out = await m.run({ [m.inputs[0].name]: { data: x, shape: [1, 2, 3] } });
      outputs.push(Array.from(out[m.outputs[0].name].data as Float32Array));
    }
    expect(outputs[0].some((v) => v !== 0)).toBe(true);
    expect(outputs[1]).toEqual(outputs[0]);
  });
});
