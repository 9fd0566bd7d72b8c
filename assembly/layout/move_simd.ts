// The f32x4 row move of the layout kernels (copy_block, gather, scatter). SIMD builds only:
// referenced from ASC_FEATURE_SIMD branches; not a wasm export (index.ts does not list this file).
import { ldf, stf } from '../common/ptr';

// d[0..len) (+)= s[0..len), f32x4: copies and single adds in the _refs' order, so the results are
// bit-identical.
@inline export function copy_row_simd(d: usize, s: usize, len: i32, accumulate: i32): void {
  const len4 = len & ~3;
  let c = 0;
  if (accumulate) {
    for (; c < len4; c += 4) {
      const o = <usize>c << 2;
      v128.store(d + o, f32x4.add(v128.load(d + o), v128.load(s + o)));
    }
    for (; c < len; c++) stf(d, c, ldf(d, c) + ldf(s, c));
  } else {
    for (; c < len4; c += 4) v128.store(d + (<usize>c << 2), v128.load(s + (<usize>c << 2)));
    for (; c < len; c++) stf(d, c, ldf(s, c));
  }
}

