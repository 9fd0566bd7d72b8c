// Row helpers of softmax and cross-entropy (SIMD builds only: referenced from ASC_FEATURE_SIMD
// branches; not a wasm export, index.ts does not list this file).
import { ldf } from '../common/ptr';
import { f32x4_exp, f32x4_load_tail, f32x4_store_tail } from '../common/math';

// max over a row (NaN anywhere gives NaN, like max<f32> in the _ref); cols >= 1.
@inline export function row_max_simd(xr: usize, cols: i32): f32 {
  let m = f32x4.splat(-Infinity);
  let c = 0;
  for (; c + 4 <= cols; c += 4) m = f32x4.max(m, v128.load(xr + (<usize>c << 2)));
  let mx: f32 = max(max(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), max(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
  for (; c < cols; c++) mx = max(mx, ldf(xr, c));
  return mx;
}

// Sum of e^(x - mx) over a row in f64; when yr != 0 also stores each e^(x - mx) there.
@inline export function row_sum_exp_simd(yr: usize, xr: usize, cols: i32, mx: f32): f64 {
  const vm = f32x4.splat(mx);
  let a = f64x2.splat(0);
  let b = f64x2.splat(0);
  let c = 0;
  for (; c + 4 <= cols; c += 4) {
    const o = <usize>c << 2;
    const e = f32x4_exp(f32x4.sub(v128.load(xr + o), vm));
    if (yr) v128.store(yr + o, e);
    a = f64x2.add(a, f64x2.promote_low_f32x4(e));
    b = f64x2.add(b, f64x2.promote_low_f32x4(v128.shuffle<f32>(e, e, 2, 3, 2, 3)));
  }
  if (c < cols) {
    const k = cols - c;
    const o = <usize>c << 2;
    // unused tail lanes would be e^(0 - mx): mask them to 0
    let e = f32x4_exp(f32x4.sub(f32x4_load_tail(xr + o, k), vm));
    e = v128.and(e, i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(k)));
    if (yr) f32x4_store_tail(yr + o, e, k);
    a = f64x2.add(a, f64x2.promote_low_f32x4(e));
    b = f64x2.add(b, f64x2.promote_low_f32x4(v128.shuffle<f32>(e, e, 2, 3, 2, 3)));
  }
  const s = f64x2.add(a, b);
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

