// Module queries the host asks once at startup (not kernels).

// Where the host may start placing arenas: everything below belongs to static data. Kernels keep
// no buffers of their own there: their scratch comes from the caller.
export function heap_base(): usize {
  return __heap_base;
}

// Which instruction set this build was compiled for: 0 scalar, 1 SIMD, 2 relaxed SIMD.
export function build_isa(): i32 {
  if (ASC_FEATURE_RELAXED_SIMD) return 2;
  if (ASC_FEATURE_SIMD) return 1;
  return 0;
}
