// The int8-vs-PyTorch cases (test/nn/quantized_pytorch.test.ts): weights and inputs made here from
// seeds, so the committed fixture (test/fixtures/pytorch/int8_reference.safetensors) holds only the
// float64 PyTorch outputs. `node test/nn/int8_reference_cases.mjs OUT` writes these inputs for
// scripts/make_int8_fixtures.py.

function mulberry32(n, seed, scale) {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale;
  }
  return out;
}

// W2 and W5 of bench/rnn.mjs (B = 1, T = 128, I = 64, H = 256) and a long LSTM (T = 512).
export const CASES = [
  { name: 'lstm_w2', cell: 'lstm', T: 128, I: 64, H: 256, seed: 100 },
  { name: 'gru_w5', cell: 'gru', T: 128, I: 64, H: 256, seed: 200 },
  { name: 'lstm_t512', cell: 'lstm', T: 512, I: 32, H: 64, seed: 300 },
];

/** PyTorch-named parameters (PyTorch's init range ±1/√H) and x (1, T, I) of a case. */
export function caseTensors(c) {
  const G = (c.cell === 'lstm' ? 4 : 3) * c.H;
  const b = 1 / Math.sqrt(c.H);
  return {
    params: {
      weight_ih_l0: { shape: [G, c.I], data: mulberry32(G * c.I, c.seed + 1, b) },
      weight_hh_l0: { shape: [G, c.H], data: mulberry32(G * c.H, c.seed + 2, b) },
      bias_ih_l0: { shape: [G], data: mulberry32(G, c.seed + 3, b) },
      bias_hh_l0: { shape: [G], data: mulberry32(G, c.seed + 4, b) },
    },
    x: { shape: [1, c.T, c.I], data: mulberry32(c.T * c.I, c.seed + 5, 1) },
  };
}

if (typeof process !== 'undefined' && process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { writeFileSync } = await import('node:fs');
  const out = {};
  for (const c of CASES) {
    const t = caseTensors(c);
    for (const [n, v] of Object.entries(t.params)) out[`${c.name}.${n}`] = v;
    out[`${c.name}.x`] = t.x;
  }
  // Plain safetensors, F32, written here to keep this file free of the package's imports.
  const header = {};
  let off = 0;
  for (const [n, v] of Object.entries(out)) { header[n] = { dtype: 'F32', shape: v.shape, data_offsets: [off, off + v.data.length * 4] }; off += v.data.length * 4; }
  let json = JSON.stringify(header);
  while (json.length % 8) json += ' ';
  const buf = Buffer.alloc(8 + json.length + off);
  buf.writeUInt32LE(json.length, 0);
  buf.write(json, 8);
  let at = 8 + json.length;
  for (const v of Object.values(out)) for (const f of v.data) { buf.writeFloatLE(f, at); at += 4; }
  writeFileSync(process.argv[2], buf);
}
