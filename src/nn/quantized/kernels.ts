// Which int8 product path a runtime runs. The relaxed-SIMD dot product
// (i32x4.relaxed_dot_i8x16_i7x16_add_s) is used only where the engine is known to compute it
// right: Node 20's V8 (11.3) returns about twice the value and ignores the accumulator in its
// baseline tier, until the function tiers up, so a start-up self-test cannot be trusted there.
// V8 12 and later (Node 22+, Deno 2, Chromium), and engines without a Node-style version
// (browsers, workerd) get it; on Node 20 the relaxed build runs the relaxed dot's i16 form, which
// that V8 computes right in both tiers (one more add per 16 products than the dot-add).
// Every path gives bit-identical results (assembly/int8/gemm.ts): this choice changes speed only.
import type { Runtime } from '../../runtime/runtime.js';

let trusted: boolean | null = null;

/**
 * Whether this engine's relaxed int8 dot product can be trusted (decided once per process).
 * @example
 * ```ts
 * console.log(nn.relaxedDotTrusted() ? 'relaxed int8 dot' : 'widening int8 path'); // the same bits either way
 * ```
 */
export function relaxedDotTrusted(): boolean {
  if (trusted === null) {
    const v8 = (globalThis as { process?: { versions?: { v8?: unknown } } }).process?.versions?.v8;
    // No process.versions.v8: a browser or workerd, whose relaxed SIMD shipped after the fix.
    trusted = typeof v8 === 'string' ? Number.parseInt(v8, 10) >= 12 : true;
  }
  return trusted;
}

/**
 * The int8 product path of a runtime (reports, benchmarks): 'relaxed' the relaxed dot-add,
 * 'relaxed-i16' the relaxed dot into i16 pair sums (i16x8.relaxed_dot_i8x16_i7x16_s, right in both
 * of Node 20's tiers where the dot-add is not), 'widen' plain SIMD on i16 weights, 'scalar'.
 */
export function int8Path(rt: Runtime): 'relaxed' | 'relaxed-i16' | 'widen' | 'scalar' {
  if (rt.isa === 'none') return 'scalar';
  if (rt.isa === 'simd') return 'widen';
  return relaxedDotTrusted() ? 'relaxed' : 'relaxed-i16';
}

/**
 * The `mode` argument of qs8_gemv / qs8_gemm (assembly/int8/gemm.ts) for this runtime: 1 the
 * relaxed dot-add on i8 codes; 3 the relaxed i16 dot on i8 codes (Node 20's relaxed build); 2 plain
 * SIMD on an i16 copy of the codes (widening while loading was bound by the shuffle port); 0 the
 * scalar build (which reads the i8 codes).
 */
export function int8Mode(rt: Runtime): 0 | 1 | 2 | 3 {
  const p = int8Path(rt);
  return p === 'relaxed' ? 1 : p === 'relaxed-i16' ? 3 : p === 'widen' ? 2 : 0;
}
