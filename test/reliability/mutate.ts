// Shared by the hostile-file tests: byte- and header-level mutations of real files, and an
// `attempt` that runs one parse and records its outcome, time and largest allocation.
import fc from 'fast-check';
import { FormatError, RnnWasmError } from '../../src/index.js';

/** Largest single typed array / ArrayBuffer (bytes) allocated by the JS code inside fn. */
export function largestAllocation(fn: () => void): number {
  const g = globalThis as Record<string, unknown>;
  const saved = ['Float32Array', 'Int32Array', 'Uint8Array', 'Float64Array', 'ArrayBuffer'].map((n) => [n, g[n]] as const);
  let most = 0;
  for (const [n, C] of saved) {
    // A Proxy, not a subclass, so that `x instanceof Uint8Array` still holds for existing arrays.
    g[n] = new Proxy(C as new (...a: unknown[]) => { byteLength: number }, {
      construct(target, args) {
        const o = Reflect.construct(target, args) as { byteLength: number };
        most = Math.max(most, o.byteLength);
        return o;
      },
    });
  }
  try {
    fn();
  } finally {
    for (const [n, C] of saved) g[n] = C;
  }
  return most;
}

export interface Stats { worstMs: number; worstRatio: number; errors: number; ok: number }
/**
 * Runs parse(bytes) and checks the outcome: a result, or an error of class `Err`. Records time and
 * the largest allocation relative to the input size. Anything else (TypeError, RangeError) fails.
 */
export function attempt(stats: Stats, size: number, parse: () => unknown, Err: typeof RnnWasmError = FormatError): void {
  const t0 = performance.now();
  let err: unknown = null;
  const most = largestAllocation(() => {
    try {
      parse();
    } catch (e) {
      err = e;
    }
  });
  stats.worstMs = Math.max(stats.worstMs, performance.now() - t0);
  // Decoding U8/I8 to int32 (4x) and F16/BF16 to float32 (2x) may expand; nothing else may.
  stats.worstRatio = Math.max(stats.worstRatio, (most - 1024) / Math.max(size, 1));
  if (err === null) stats.ok++;
  else {
    stats.errors++;
    if (!(err instanceof Err)) throw new Error(`expected ${Err.name}, got ${String(err)}\n${(err as Error)?.stack}`);
  }
}
export const newStats = (): Stats => ({ worstMs: 0, worstRatio: 0, errors: 0, ok: 0 });

/** Byte-level mutations of a file: flipped bytes, a cut, a rewritten header length, a spliced copy. */
export function byteMutation(len: number) {
  return fc.record({
    flips: fc.array(fc.tuple(fc.nat(len - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
    cut: fc.option(fc.nat(len), { nil: undefined }),
    headerLen: fc.option(fc.oneof(fc.nat(), fc.constantFrom(0, 1, 2 ** 32 - 1, 100_000_001)), { nil: undefined }),
    splice: fc.option(fc.tuple(fc.nat(len - 1), fc.nat(len - 1), fc.nat(64)), { nil: undefined }),
  });
}
export function mutate(src: Uint8Array, m: { flips: [number, number][]; cut?: number; headerLen?: number; splice?: [number, number, number] }): Uint8Array {
  let b = src.slice();
  if (m.splice) {
    const [from, to, n] = m.splice;
    const piece = b.slice(from, from + n);
    b = Uint8Array.from([...b.slice(0, to), ...piece, ...b.slice(to)]);
  }
  for (const [i, v] of m.flips) if (i < b.length) b[i] = v;
  if (m.headerLen !== undefined && b.length >= 8) new DataView(b.buffer).setUint32(0, m.headerLen >>> 0, true);
  if (m.cut !== undefined) b = b.slice(0, m.cut);
  return b;
}

/** The header and data buffer of a real file, to rebuild it with a mutated header. */
export function split(file: Uint8Array): { header: Record<string, Record<string, unknown>>; body: Uint8Array } {
  const n = new DataView(file.buffer, file.byteOffset).getUint32(0, true);
  return { header: JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + n))), body: file.subarray(8 + n) };
}
export function join(header: unknown, body: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + body.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(body, 8 + json.length);
  return out;
}
export const hostileValue = fc.oneof(
  fc.constantFrom(2 ** 53, 2 ** 31, -1, 1.5, NaN, 1e308, 0, 'F8', 'F16', 'I64', 'U8', 'BOOL', 'F64', null, [], {}, [2 ** 40, 2 ** 40], [0, 2 ** 62], [5, 1]),
  fc.array(fc.integer({ min: -2, max: 2 ** 31 }), { maxLength: 20 }),
  fc.jsonValue({ maxDepth: 3 }),
);
/** Replace one field (dtype, shape or data_offsets) of one tensor, or copy another tensor's offsets. */
export function headerMutation(names: string[]) {
  return fc.record({
    name: fc.constantFrom(...names),
    field: fc.constantFrom('dtype', 'shape', 'data_offsets', 'overlap', 'delete', '__metadata__'),
    value: hostileValue,
    other: fc.constantFrom(...names),
  });
}
