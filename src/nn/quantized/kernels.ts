// Which int8 product kernels a runtime uses. The relaxed-SIMD dot product
// (i32x4.relaxed_dot_i8x16_i7x16_add_s) is used only where the engine is known to compute it
// right: Node 20's V8 (11.3) returns about twice the value and ignores the accumulator in its
// baseline tier, until the function tiers up, so a start-up self-test cannot be trusted there.
// V8 12 and later (Node 22+, Deno 2, Chromium), and engines without a Node-style version
// (browsers, workerd) get it; Node 20 runs the plain-SIMD (widening) kernels of the same build.
// Both give bit-identical results (assembly/int8/gemm.ts), so this choice changes speed only.
import type { Runtime } from '../../runtime/runtime.js';

let trusted: boolean | null = null;

/** Whether this engine's relaxed int8 dot product can be trusted (probed once per process). */
export function relaxedDotTrusted(): boolean {
  if (trusted === null) {
    const v8 = (globalThis as { process?: { versions?: { v8?: unknown } } }).process?.versions?.v8;
    // No process.versions.v8: a browser or workerd; their relaxed SIMD shipped after the fix.
    trusted = typeof v8 === 'string' ? Number.parseInt(v8, 10) >= 12 : true;
  }
  return trusted;
}

/** The int8 GEMV and GEMM a runtime calls (relaxed where trusted, else plain SIMD, else scalar). */
export interface Int8Products {
  gemv: Runtime['k']['qs8_gemv'];
  gemm: Runtime['k']['qs8_gemm'];
  /** 'relaxed' | 'widen' | 'scalar': which instructions run (reports and benchmarks). */
  path: 'relaxed' | 'widen' | 'scalar';
}

const cache = new WeakMap<Runtime, Int8Products>();

export function int8Products(rt: Runtime): Int8Products {
  let p = cache.get(rt);
  if (!p) {
    const k = rt.k;
    if (rt.isa === 'relaxed' && relaxedDotTrusted()) p = { gemv: k.qs8_gemv, gemm: k.qs8_gemm, path: 'relaxed' };
    else p = { gemv: k.qs8_gemv_widen, gemm: k.qs8_gemm_widen, path: rt.isa === 'none' ? 'scalar' : 'widen' };
    cache.set(rt, p);
  }
  return p;
}
