// f32_exp: the exp that softmax and cross-entropy inline (common/math.ts), as a kernel so that the
// tests can pin its accuracy over the whole f32 range and bench/elementwise.mjs can time it. No
// library code calls it: index.ts keeps it out of the release builds.
import { ldf, stf } from '../common/ptr';
import { expf, f32x4_exp, f32x4_load_tail, f32x4_store_tail } from '../common/math';

// dst = e^src (0 below about -104, +Inf above about 88.72); the _ref rounds float64 exp.
export function f32_exp_ref(dst: usize, src: usize, n: i32): void {
  for (let i = 0; i < n; i++) stf(dst, i, <f32>Math.exp(<f64>ldf(src, i)));
}

export function f32_exp(dst: usize, src: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(dst + o, f32x4_exp(v128.load(src + o)));
    }
    if (i < n) {
      const o = <usize>i << 2;
      f32x4_store_tail(dst + o, f32x4_exp(f32x4_load_tail(src + o, n - i)), n - i);
    }
  } else {
    for (let i = 0; i < n; i++) stf(dst, i, expf(ldf(src, i)));
  }
}
