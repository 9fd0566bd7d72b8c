// Inline f32 math shared by kernels: exp, sigmoid, tanh, scalar and f32x4 (not module exports).
// Accuracy (checked in test/assembly/elementwise/activations.test.ts over every exponent): sigmoid and tanh
// within 2e-7 absolute of float64 math for all f32 inputs, ±Inf -> limits, NaN -> NaN, never NaN
// for large |x|. The f32x4_* helpers must only be referenced from ASC_FEATURE_SIMD branches.
//
// exp: Cody-Waite reduction x = n ln2 + r, |r| <= ln2/2, then a degree-7 polynomial for e^r
// (coefficients from Cephes expf), then scaling by 2^n through the exponent bits.
// tanh: E / (E + 2) with E = e^{2|x|} - 1 = 2^n q + (2^n - 1), where q = e^r - 1 is the same
// polynomial without its leading 1; E has no cancellation near 0, so one path serves all x.
// sigmoid: 1 / (1 + e^{-x}); e^{-x} overflowing to +Inf gives exactly 0.

// ln2 split so that n * LN2_HI is exact for |n| < 2^15 (LN2_HI has 9 significant bits).
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
const LOG2E: f32 = 1.44269504088896341;
const EP5: f32 = 1.9875691500e-4;
const EP4: f32 = 1.3981999507e-3;
const EP3: f32 = 8.3334519073e-3;
const EP2: f32 = 4.1665795894e-2;
const EP1: f32 = 1.6666665459e-1;
const EP0: f32 = 5.0000001201e-1;
// tanh(10) rounds to 1 in f32; clamping keeps e^{2|x|} finite.
const TANH_CLAMP: f32 = 10.0;
// sigmoid: e^{-x} for -x in [-20, 89]; sigmoid(20) rounds to 1; from -x = 88.73 on n = 128 makes
// 2^n (and so e^{-x}) +Inf, and sigmoid exactly 0 (the true value is below 3e-39 there).
const SIG_LO: f32 = -20.0;
const SIG_HI: f32 = 89.0;
// general exp: below -104 the result is 0 in f32, above 89 it is +Inf (both reached naturally).
const EXP_LO: f32 = -104.0;
const EXP_HI: f32 = 89.0;

// ---------------------------------------------------------------- scalar

// Comparisons (not f32.min/max, which cost NaN and -0 fix-ups on x86); NaN passes through.
@inline function clampf(x: f32, lo: f32, hi: f32): f32 {
  return x < lo ? lo : x > hi ? hi : x;
}

// e^x for x in [-87, 89]: n in [-126, 128], 2^n is one f32 (n = 128 gives +Inf).
@inline function exp_core(x: f32): f32 {
  const n = nearest<f32>(x * LOG2E);
  const r = (x - n * LN2_HI) - n * LN2_LO;
  const r2 = r * r;
  let p = EP5 * r + EP4;
  p = p * r + EP3;
  p = p * r + EP2;
  p = p * r + EP1;
  p = p * r + EP0;
  p = p * r2 + r + 1;
  return p * reinterpret<f32>((<i32>n + 127) << 23);
}

/** e^x for every f32 x: 0 below about -104, +Inf above about 88.72, NaN for NaN. */
@inline export function expf(x: f32): f32 {
  const xc = clampf(x, EXP_LO, EXP_HI);
  const n = nearest<f32>(xc * LOG2E);
  const r = (xc - n * LN2_HI) - n * LN2_LO;
  const r2 = r * r;
  let p = EP5 * r + EP4;
  p = p * r + EP3;
  p = p * r + EP2;
  p = p * r + EP1;
  p = p * r + EP0;
  p = p * r2 + r + 1;
  // 2^n in two factors so that n in [-150, 128] never leaves the normal exponent range.
  const ni = <i32>n;
  const n1 = ni >> 1;
  return p * reinterpret<f32>((n1 + 127) << 23) * reinterpret<f32>((ni - n1 + 127) << 23);
}

@inline export function sigmoidf(x: f32): f32 {
  return 1 / (1 + exp_core(clampf(-x, SIG_LO, SIG_HI)));
}

// tanh|x| = E / (E + 2) with E = e^{2|x|} - 1 = 2^n q + (2^n - 1), q = e^r - 1 (see the header).
@inline export function tanhf(x: f32): f32 {
  const ax = abs<f32>(x);
  const y: f32 = 2 * (ax > TANH_CLAMP ? TANH_CLAMP : ax);
  const n = nearest<f32>(y * LOG2E);
  const r = (y - n * LN2_HI) - n * LN2_LO;
  let p = EP5 * r + EP4;
  p = p * r + EP3;
  p = p * r + EP2;
  p = p * r + EP1;
  p = p * r + EP0;
  const q = p * (r * r) + r;
  const s = reinterpret<f32>((<i32>n + 127) << 23);
  const e = s * q + (s - 1);
  return copysign<f32>(e / (e + 2), x);
}

// ---------------------------------------------------------------- f32x4

// a * b + c; fused (one rounding) on hosts where relaxed_madd is an FMA.
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.relaxed_madd(a, b, c);
  } else {
    return f32x4.add(f32x4.mul(a, b), c);
  }
}

// e^r on the reduced range and 2^n as integer lanes: shared by the two exp variants.
@inline function f32x4_exp_poly(r: v128): v128 {
  let p = madd(f32x4.splat(EP5), r, f32x4.splat(EP4));
  p = madd(p, r, f32x4.splat(EP3));
  p = madd(p, r, f32x4.splat(EP2));
  p = madd(p, r, f32x4.splat(EP1));
  p = madd(p, r, f32x4.splat(EP0));
  // (p r² + r) + 1, the same association as the scalar code
  return f32x4.add(madd(p, f32x4.mul(r, r), r), f32x4.splat(1));
}

@inline function f32x4_reduce(x: v128, n: v128): v128 {
  const r = madd(n, f32x4.splat(-LN2_HI), x);
  return madd(n, f32x4.splat(-LN2_LO), r);
}

// Lane-wise 2^k for integer lanes k in [-126, 128] (128 gives +Inf).
@inline function f32x4_pow2i(k: v128): v128 {
  return i32x4.shl(i32x4.add(k, i32x4.splat(127)), 23);
}

// Round-to-nearest-even of lanes |v| < 2^22 by adding 1.5 * 2^23: the sum t lies in [2^23, 2^24),
// where the f32 spacing is 1, so t - ROUND_MAGIC is exactly f32x4.nearest(v), and the integer
// n is bits(t) - bits(ROUND_MAGIC). Same values as nearest + trunc_sat (the caller's lanes are
// clamped far inside the range; NaN stays NaN through the polynomial), in 2 instructions
// instead of about 9 (trunc_sat needs NaN and overflow fix-ups on x86).
const ROUND_MAGIC: f32 = 12582912.0;
const ROUND_MAGIC_BITS: i32 = 0x4b400000;
// 2^n for the rounded lanes t (see above): the exponent field n + 127.
@inline function f32x4_pow2_rounded(t: v128): v128 {
  return i32x4.shl(i32x4.add(t, i32x4.splat(127 - ROUND_MAGIC_BITS)), 23);
}

// e^x for lanes already clamped to [-87, 89] (see exp_core).
@inline function f32x4_exp_core(x: v128): v128 {
  // mul then add, never fused: n must be nearest(x * LOG2E) with the product rounded first.
  const t = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(ROUND_MAGIC));
  const n = f32x4.sub(t, f32x4.splat(ROUND_MAGIC));
  const p = f32x4_exp_poly(f32x4_reduce(x, n));
  return f32x4.mul(p, f32x4_pow2_rounded(t));
}

/** Lane-wise e^x for every f32 lane: 0 below about -104, +Inf above about 88.72, NaN for NaN. */
@inline export function f32x4_exp(x: v128): v128 {
  // pmax/pmin keep a NaN lane NaN (the comparison is false, the first operand is returned).
  const xc = f32x4.pmin(f32x4.pmax(x, f32x4.splat(EXP_LO)), f32x4.splat(EXP_HI));
  const n = f32x4.nearest(f32x4.mul(xc, f32x4.splat(LOG2E)));
  const p = f32x4_exp_poly(f32x4_reduce(xc, n));
  const ni = i32x4.trunc_sat_f32x4_s(n);
  const n1 = i32x4.shr_s(ni, 1);
  return f32x4.mul(f32x4.mul(p, f32x4_pow2i(n1)), f32x4_pow2i(i32x4.sub(ni, n1)));
}

/** Lane-wise logistic sigmoid. */
@inline export function f32x4_sigmoid(x: v128): v128 {
  const t = f32x4.pmin(f32x4.pmax(f32x4.neg(x), f32x4.splat(SIG_LO)), f32x4.splat(SIG_HI));
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, f32x4_exp_core(t)));
}

/** Lane-wise tanh. */
@inline export function f32x4_tanh(x: v128): v128 {
  // tanh|x| = E / (E + 2), E = e^{2|x|} - 1 = 2^n q + (2^n - 1), q = e^r - 1: no cancellation
  // near 0, one path for all x (NaN lanes stay NaN through pmin)
  const sign = v128.and(x, f32x4.splat(-0.0));
  const ax = f32x4.pmin(f32x4.abs(x), f32x4.splat(TANH_CLAMP));
  const y = f32x4.add(ax, ax);
  const t = f32x4.add(f32x4.mul(y, f32x4.splat(LOG2E)), f32x4.splat(ROUND_MAGIC));
  const n = f32x4.sub(t, f32x4.splat(ROUND_MAGIC));
  const r = f32x4_reduce(y, n);
  let p = madd(f32x4.splat(EP5), r, f32x4.splat(EP4));
  p = madd(p, r, f32x4.splat(EP3));
  p = madd(p, r, f32x4.splat(EP2));
  p = madd(p, r, f32x4.splat(EP1));
  p = madd(p, r, f32x4.splat(EP0));
  const q = madd(p, f32x4.mul(r, r), r);
  const s = f32x4_pow2_rounded(t);
  const e = madd(s, q, f32x4.sub(s, f32x4.splat(1)));
  return v128.or(f32x4.div(e, f32x4.add(e, f32x4.splat(2))), sign);
}

// Tails: the last k in 1..3 floats of a row as one vector (unused lanes 0) and back, so the
// tail goes through the same f32x4 code as the body and every element rounds the same way.
@inline export function f32x4_load_tail(p: usize, k: i32): v128 {
  let v = f32x4.replace_lane(f32x4.splat(0), 0, load<f32>(p));
  if (k > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (k > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}
@inline export function f32x4_store_tail(p: usize, v: v128, k: i32): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (k > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (k > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}
