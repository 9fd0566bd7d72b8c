// Feature probes: tiny modules that validate only where the instruction set is supported.

/**
 * An instruction set a kernel build targets: `relaxed` (relaxed SIMD: fused multiply-add),
 * `simd` (128-bit SIMD) or `none` (scalar).
 * @example
 * ```ts
 * const isa: Isa = detectIsa();
 * await init({ simd: isa === 'relaxed' ? 'simd' : isa }); // e.g. force the plain SIMD build
 * ```
 */
export type Isa = 'relaxed' | 'simd' | 'none';

// (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt)
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);
// (func (result v128) i32.const 1 i8x16.splat i32.const 2 i8x16.splat i8x16.relaxed_swizzle)
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 15, 1, 13, 0, 65, 1, 253, 15, 65, 2, 253, 15,
  253, 128, 2, 11,
]);

function validates(bytes: Uint8Array<ArrayBuffer>): boolean {
  try {
    return WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}

/**
 * The best instruction set this host runs: relaxed SIMD, then SIMD, then scalar.
 * @example
 * ```ts
 * console.log(detectIsa()); // 'relaxed' in Chromium, Deno, workerd; 'simd' in plain Node 20
 * ```
 */
export function detectIsa(): Isa {
  if (validates(RELAXED_PROBE)) return 'relaxed';
  if (validates(SIMD_PROBE)) return 'simd';
  return 'none';
}

/** Whether the host can run a build for `isa`. */
export function supportsIsa(isa: Isa): boolean {
  if (isa === 'none') return true;
  if (isa === 'simd') return validates(SIMD_PROBE);
  return validates(RELAXED_PROBE);
}
