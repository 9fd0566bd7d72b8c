import { APACK_FLOATS, apack } from './gemm_4x8p';

// Where the host may start placing arenas: everything below belongs to static data and, in SIMD
// builds, the GEMM's packed-A scratch (gemm_4x8p.ts).
export function heap_base(): usize {
  if (ASC_FEATURE_SIMD) return apack() + (<usize>APACK_FLOATS << 2);
  return __heap_base;
}

// Which instruction set this build was compiled for: 0 scalar, 1 SIMD, 2 relaxed SIMD.
export function build_isa(): i32 {
  if (ASC_FEATURE_RELAXED_SIMD) return 2;
  if (ASC_FEATURE_SIMD) return 1;
  return 0;
}
