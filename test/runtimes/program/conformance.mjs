// The conformance program: uses rnn-wasm exactly as a user would (the package's public API,
// imported by name) and returns every output plus a digest, so hosts can be compared bit for bit.
// To extend it, add a case to CASES: each returns the Float32Arrays it wants compared.
import { init, Tensor, matmul } from 'rnn-wasm';
import { rand } from './rand.mjs';

export const CASES = [
  {
    // Odd sizes straddle every tile edge; the chain feeds a kernel result back in.
    name: 'matmul-chain',
    run() {
      const a = Tensor.from(rand(7 * 33, 1), [7, 33]);
      const b = Tensor.from(rand(33 * 17, 2), [33, 17]);
      const c = matmul(a, b);
      const d = Tensor.from(rand(17 * 40, 3), [17, 40]);
      return [c.toArray(), matmul(c, d).toArray()];
    },
  },
  {
    name: 'matmul-square-64',
    run() {
      const x = Tensor.from(rand(64 * 64, 4), [64, 64]);
      return [matmul(x, x).toArray()];
    },
  },
  {
    // A GEMV-shaped product (one row), the shape of a single-sequence inference step.
    name: 'matmul-row',
    run() {
      const h = Tensor.from(rand(1 * 96, 5), [1, 96]);
      const w = Tensor.from(rand(96 * 128, 6), [96, 128]);
      return [matmul(h, w).toArray()];
    },
  },
];

/** FNV-1a over the bytes of each float: equal digests mean bit-identical outputs. */
function digest(arrays) {
  let h = 0x811c9dc5;
  for (const a of arrays) {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Runs every case on one build; errors are reported, not thrown, so other builds still run. */
export async function runIsa(isa) {
  try {
    const rt = await init({ simd: isa });
    const cases = [];
    for (const c of CASES) {
      const outs = c.run();
      cases.push({ name: c.name, digest: digest(outs), values: outs.flatMap((o) => Array.from(o)) });
      rt.resetStep();
    }
    return { isa, built: rt.isa, digest: digest(cases.map((c) => new Float32Array(c.values))), cases };
  } catch (e) {
    return { isa, error: `${e?.name}: ${e?.message}` };
  }
}

/** The whole program: every build, as one JSON-able report. */
export async function runAll(host) {
  const results = [];
  for (const isa of ['relaxed', 'simd', 'none']) results.push(await runIsa(isa));
  return { host, results };
}
