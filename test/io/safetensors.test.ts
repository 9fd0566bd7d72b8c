import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { init, Tensor, FormatError } from '../../src/index.js';
import { parseSafetensors, writeSafetensors, MAX_HEADER_BYTES } from '../../src/io/safetensors.js';
import { readSafetensors } from '../../src/io/tensors.js';

beforeAll(async () => {
  await init();
});

/** Builds a file from a header object and a data buffer, as a hostile writer could. */
function rawFile(header: unknown, data: Uint8Array, headerText?: string): Uint8Array {
  const json = new TextEncoder().encode(headerText ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('safetensors', () => {
  it('round-trips F32 and I32 tensors with metadata', () => {
    const w = Tensor.from([1.5, -2, 3.25, 4, 5, 6], [2, 3]);
    const ids = Tensor.from(new Int32Array([7, -8]), [2]);
    const bytes = writeSafetensors({ 'layer.weight': w, ids }, { format: 'pt', note: 'x' });
    expect(new DataView(bytes.buffer).getUint32(0, true) % 8).toBe(0);
    const { tensors, metadata } = readSafetensors(bytes);
    expect(metadata).toEqual({ format: 'pt', note: 'x' });
    expect(tensors['layer.weight'].shape).toEqual([2, 3]);
    expect(Array.from(tensors['layer.weight'].toArray())).toEqual([1.5, -2, 3.25, 4, 5, 6]);
    expect(tensors.ids.dtype).toBe('int32');
    expect(Array.from(tensors.ids.toArray())).toEqual([7, -8]);
  });

  it('reads F16, BF16 and F64 as float32', () => {
    const data = new Uint8Array(2 * 3 + 2 * 2 + 8);
    const dv = new DataView(data.buffer);
    [0x3c00, 0xc000, 0x0001].forEach((h, i) => dv.setUint16(2 * i, h, true)); // 1, -2, 2^-24
    [0x3f80, 0x4049].forEach((h, i) => dv.setUint16(6 + 2 * i, h, true)); // 1, 3.140625
    dv.setFloat64(10, 0.1, true);
    const file = rawFile({
      h: { dtype: 'F16', shape: [3], data_offsets: [0, 6] },
      b: { dtype: 'BF16', shape: [2], data_offsets: [6, 10] },
      d: { dtype: 'F64', shape: [1], data_offsets: [10, 18] },
    }, data);
    const p = parseSafetensors(file);
    const by = Object.fromEntries(p.tensors.map((t) => [t.name, Array.from(t.data)]));
    expect(by.h).toEqual([1, -2, 2 ** -24]);
    expect(by.b).toEqual([1, 3.140625]);
    expect(by.d).toEqual([Math.fround(0.1)]);
  });

  const f32 = (n: number) => new Uint8Array(4 * n);
  const bad: [string, Uint8Array, RegExp][] = [
    ['too short', new Uint8Array(5), /shorter than the 8-byte header length/],
    ['header past the end', (() => { const b = new Uint8Array(16); new DataView(b.buffer).setUint32(0, 100, true); return b; })(), /exceeds the 8 bytes after/],
    ['huge header length', (() => { const b = new Uint8Array(16); new DataView(b.buffer).setUint32(4, 1, true); return b; })(), new RegExp(`${MAX_HEADER_BYTES}-byte limit`)],
    ['not JSON', rawFile(null, f32(0), '{"a": '), /not valid UTF-8 JSON/],
    ['array header', rawFile(null, f32(0), '[1, 2]'), /JSON object/],
    ['unknown dtype', rawFile({ w: { dtype: 'F8', shape: [1], data_offsets: [0, 4] } }, f32(1)), /tensor 'w': unknown dtype "F8"/],
    ['negative dim', rawFile({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, f32(1)), /tensor 'w': shape must be/],
    ['size mismatch', rawFile({ w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 12] } }, f32(3)), /tensor 'w': shape \[2, 2\] of F32 needs 16 bytes, data_offsets cover 12/],
    ['out of bounds', rawFile({ w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, f32(2)), /tensor 'w': data_offsets \[0, 16\] run past the 8-byte data buffer/],
    ['overlap', rawFile({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, f32(3)), /tensor 'b'.*overlap/],
    ['hole', rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, f32(2)), /tensor 'a': a hole of 4 bytes/],
    ['trailing bytes', rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32(2)), /4 trailing bytes/],
    ['giant shape', rawFile({ a: { dtype: 'F32', shape: [1e9, 1e9], data_offsets: [0, 4] } }, f32(1)), /needs 4000000000000000000 bytes/],
    ['bad metadata', rawFile({ __metadata__: { a: 1 } }, f32(0)), /__metadata__\['a'\] must be a string/],
    ['deep JSON', rawFile(null, f32(0), '{"a":' + '['.repeat(200000) + ']'.repeat(200000) + '}'), /tensor 'a'|not valid/],
  ];
  for (const [what, bytes, msg] of bad) {
    it(`rejects a file with ${what} as a FormatError`, () => {
      expect(() => parseSafetensors(bytes)).toThrow(FormatError);
      expect(() => parseSafetensors(bytes)).toThrow(msg);
    });
  }

  it('never crashes on random or mutated bytes (fuzz)', () => {
    const good = writeSafetensors({ a: Tensor.from([1, 2, 3], [3]), b: Tensor.from([4, 5, 6, 7], [2, 2]) }, { k: 'v' });
    const check = (bytes: Uint8Array) => {
      try {
        parseSafetensors(bytes);
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
      }
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => check(b)), { numRuns: 500 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(good.length), (muts, cut) => {
        const b = good.slice(0, Math.max(cut, 0) || good.length);
        for (const [i, v] of muts) if (i < b.length) b[i] = v;
        check(b);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('PyTorch-written safetensors', () => {
  it('parses every fixture written from a PyTorch state_dict', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../fixtures/pytorch/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.safetensors'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) {
      const p = parseSafetensors(new Uint8Array(readFileSync(new URL(f, dir))));
      expect(p.metadata).not.toBeNull();
      for (const t of p.tensors) expect(t.data.length).toBe(t.shape.reduce((a, b) => a * b, 1));
    }
    const lstm = parseSafetensors(new Uint8Array(readFileSync(new URL('lstm_bi2.safetensors', dir))));
    const names = lstm.tensors.map((t) => t.name);
    expect(names).toContain('weight_hh_l1_reverse');
    expect(lstm.tensors.find((t) => t.name === 'weight_ih_l1')!.shape).toEqual([24, 12]);
  });
});
