// saveInt8 / loadInt8: int8 modules through safetensors in the int8-rows layout of quantizeInt8.
import { describe, expect, it } from 'vitest';
import { loadInt8, nn, noGrad, quantizeInt8, readSafetensors, saveInt8, setRuntime, ShapeError, Tensor, ValueError, Rng } from '../../src/index.js';
import { parseSafetensors } from '../../src/io/safetensors.js';
import type { QuantizedRecurrent } from '../../src/nn/quantized/recurrent.js';
import { randomArray, runtimeFor } from '../helpers.js';

describe('int8 modules through safetensors', () => {
  it('an int8 LSTM saved and loaded into another int8 LSTM computes the same outputs bit for bit', async () => {
    const rt = await runtimeFor('simd');
    setRuntime(rt);
    const make = (seed: number) => new nn.LSTM({ inputSize: 7, hiddenSize: 9, numLayers: 2, peephole: true, rng: new Rng(seed), runtime: rt }).eval();
    const src = make(1);
    const q = nn.quantizeDynamic(src, { dtype: 'int8' }) as QuantizedRecurrent;
    const bytes = saveInt8(q, { note: 'test' });
    const f = parseSafetensors(bytes);
    expect(f.metadata).toMatchObject({ 'rnn-wasm.quantization': 'int8-rows', note: 'test' });
    const byName = new Map(f.tensors.map((t) => [t.name, t]));
    expect(byName.get('weight_ih_l0')).toMatchObject({ dtype: 'I8', shape: [36, 7] });
    expect(byName.get('weight_ih_l0.int8_scale')).toMatchObject({ dtype: 'F32', shape: [36] });
    expect(byName.get('bias_hh_l1')).toMatchObject({ dtype: 'F32', shape: [36] });
    expect(byName.get('peephole_o_l1')).toMatchObject({ dtype: 'F32', shape: [9] });

    const other = nn.quantizeDynamic(make(2), { dtype: 'int8' }) as QuantizedRecurrent;
    const x = Tensor.from(randomArray(2 * 6 * 7, 3), [2, 6, 7], { runtime: rt });
    expect(other.forward(x).output.toArray()).not.toEqual(q.forward(x).output.toArray());
    expect(loadInt8(other, bytes)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(other.forward(x).output.toArray()).toEqual(q.forward(x).output.toArray());
    expect(other.forward(x).c!.toArray()).toEqual(q.forward(x).c!.toArray());

    // The same file into the float model (readSafetensors dequantizes): close to the int8 outputs.
    const float = make(3);
    float.loadStateDict(readSafetensors(bytes, { runtime: rt }).tensors);
    const fo = noGrad(() => float.forward(x)).output.toArray();
    const qo = q.forward(x).output.toArray();
    let worst = 0;
    for (let i = 0; i < fo.length; i++) worst = Math.max(worst, Math.abs(fo[i] - qo[i]));
    expect(worst).toBeLessThan(0.03);

    // quantizeInt8 of the float model's stateDict: the same codes and scales as quantizeDynamic.
    const fromStorage = nn.quantizeDynamic(make(4), { dtype: 'int8' }) as QuantizedRecurrent;
    loadInt8(fromStorage, quantizeInt8(src.stateDict()));
    expect(fromStorage.forward(x).output.toArray()).toEqual(q.forward(x).output.toArray());
    rt.resetStep();
  });

  it('Sequential(Embedding, Linear): float entries stay F32 (or load from int8 rows); bad files change nothing', async () => {
    const rt = await runtimeFor('none');
    setRuntime(rt);
    const make = (seed: number) => new nn.Sequential(new nn.Embedding(11, 6, { rng: new Rng(seed), runtime: rt }) as never, new nn.Linear(6, 4, { rng: new Rng(seed + 1), runtime: rt })).eval();
    const q = nn.quantizeDynamic(make(1), { dtype: 'int8' });
    const bytes = saveInt8(q);
    const names = parseSafetensors(bytes).tensors.map((t) => `${t.name}:${t.dtype}`).sort();
    expect(names).toEqual(['0.weight:F32', '1.bias:F32', '1.weight.int8_scale:F32', '1.weight:I8']);
    const target = nn.quantizeDynamic(make(5), { dtype: 'int8' });
    const ids = Tensor.from(new Int32Array([1, 4, 10]), [3], { dtype: 'int32', runtime: rt });
    const before = (target as nn.Sequential).forward(ids).toArray();
    // Wrong shapes: a ShapeError naming the tensor, and nothing loaded.
    const wrong = saveInt8(nn.quantizeDynamic(new nn.Sequential(new nn.Embedding(11, 6, { runtime: rt }) as never, new nn.Linear(6, 5, { runtime: rt })).eval(), { dtype: 'int8' }));
    expect(() => loadInt8(target, wrong)).toThrow(ShapeError);
    expect(() => loadInt8(target, wrong)).toThrow(/1\.weight \(expected \[4, 6\] with scale \[4\], got \[5, 6\]/);
    expect((target as nn.Sequential).forward(ids).toArray()).toEqual(before);
    // Missing names: a ValueError when strict.
    const partial = saveInt8(new nn.Sequential(new nn.Embedding(11, 6, { runtime: rt }) as never).eval());
    expect(() => loadInt8(target, partial)).toThrow(ValueError);
    expect(loadInt8(target, partial, { strict: false }).missingKeys).toEqual(['1.weight', '1.bias']);
    loadInt8(target, bytes);
    expect((target as nn.Sequential).forward(ids).toArray()).toEqual((q as nn.Sequential).forward(ids).toArray());
    // The embedding stored as int8 rows by quantizeInt8 loads dequantized.
    loadInt8(target, quantizeInt8(make(1).stateDict()));
    const again = (target as nn.Sequential).forward(ids).toArray();
    const ref = (q as nn.Sequential).forward(ids).toArray();
    for (let i = 0; i < ref.length; i++) expect(Math.abs(again[i] - ref[i])).toBeLessThan(0.05);
    rt.resetStep();
  });
});
