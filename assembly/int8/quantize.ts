// int8 dynamic quantization: weights to symmetric int8 (once), activations to 7-bit codes with a
// zero point (every step). Self-contained (no imports outside assembly/int8/).
//
// Activations are u7 in [0, 127] so that one set of codes feeds every kernel: the relaxed dot
// product (i32x4.relaxed_dot_i8x16_i7x16_add_s) is exact on every engine only for a second operand
// in [0, 127], and the widening kernel reads the same bytes. 7 bits with a zero point is also
// PyTorch's x86 default (fbgemm, reduce_range=True). Codes: x ≈ s · (q - z), s = (max - min) / 127
// over the row with 0 inside the range (so 0 is exact), z = round(-min / s).
// The integer products then differ from Σ w·(q - z) only by z · Σ w: the GEMV subtracts
// z · rowsum with the row sums computed here.
// Layouts: weights (N, kp) i8, rows zero-padded to kp (a multiple of 16); activations (M, kp) u8;
// qp (M, 2) 32-bit words per activation row: [scale f32, zero point i32].

// Rounds half up (toward +inf), exactly as JS Math.round, so the codes equal src/io/quantize.ts
// quantizeRows' (the stored int8 layout) bit for bit.
@inline function round_half_up(x: f64): f64 {
  const r = Math.floor(x);
  return x - r >= 0.5 ? r + 1 : r;
}

// Symmetric int8 weights: q = round(w / s), s = f32(max|w| / 127) per row (perTensor != 0: one s,
// the max over the whole matrix, written to every row). Writes q (N, kp) zero-padded, scale (N) f32,
// rowsum (N) i32 = Σ_k q. One-time work: only the max|w| scan has a SIMD form (exact, so the
// same codes in every build); the codes also equal src/io/quantize.ts quantizeRows' (tested).
@inline function quantize_weights(dst: usize, scale: usize, rowsum: usize, src: usize, N: i32, K: i32, kp: i32, perTensor: i32, simd: bool): void {
  let all: f32 = 0;
  if (perTensor) for (let n = 0; n < N; n++) all = max<f32>(all, max_abs(src + (<usize>(n * K) << 2), K, simd));
  for (let n = 0; n < N; n++) {
    const row = src + (<usize>(n * K) << 2);
    const m: f32 = perTensor ? all : max_abs(row, K, simd);
    const s = <f32>(<f64>m / 127.0);
    let sum = 0;
    const q = dst + <usize>(n * kp);
    for (let k = 0; k < kp; k++) {
      let v = 0;
      if (k < K && s != 0) {
        v = <i32>round_half_up(<f64>load<f32>(row + (<usize>k << 2)) / <f64>s);
        v = min<i32>(127, max<i32>(-127, v));
      }
      store<i8>(q + k, <i8>v);
      sum += v;
    }
    store<f32>(scale + (<usize>n << 2), s);
    store<i32>(rowsum + (<usize>n << 2), sum);
  }
}

// max |x| over n floats (0 for n = 0). A NaN makes the row's scale NaN, as in quantizeRows' check.
@inline function max_abs(p: usize, n: i32, simd: bool): f32 {
  let m: f32 = 0;
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    if (simd) {
      let v = f32x4.splat(0);
      for (; k + 4 <= n; k += 4) v = f32x4.max(v, f32x4.abs(v128.load(p + (<usize>k << 2))));
      m = max<f32>(max<f32>(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max<f32>(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
    }
  }
  for (; k < n; k++) m = max<f32>(m, abs<f32>(load<f32>(p + (<usize>k << 2))));
  return m;
}

export function qs8_quantize_weights(dst: usize, scale: usize, rowsum: usize, src: usize, N: i32, K: i32, kp: i32, perTensor: i32): void {
  quantize_weights(dst, scale, rowsum, src, N, K, kp, perTensor, true);
}

export function qs8_quantize_weights_ref(dst: usize, scale: usize, rowsum: usize, src: usize, N: i32, K: i32, kp: i32, perTensor: i32): void {
  quantize_weights(dst, scale, rowsum, src, N, K, kp, perTensor, false);
}

// Scale and zero point of one activation row from its min and max (0 included in the range).
// All-zero rows get s = 1, z = 0. Shared by the scalar and SIMD paths: the same codes in every build.
@inline function row_params(qp: usize, mn: f32, mx: f32): f32 {
  mn = min<f32>(mn, 0);
  mx = max<f32>(mx, 0);
  let s: f32 = (mx - mn) / <f32>127;
  if (!(s > 0) || !isFinite<f32>(s)) s = 1;
  let z = nearest<f32>(-mn / s);
  if (!(z >= 0)) z = 0; // also NaN (a NaN in the row)
  if (z > 127) z = 127;
  store<f32>(qp, s);
  store<i32>(qp, <i32>z, 4);
  return s;
}

// One code: clamp(round_half_even(x · (1/s)) + z, 0, 127) (f32 multiply, as the SIMD lanes do).
// A NaN or infinite input gives some code in range, never a trap (a plain f32 → i32 would trap).
@inline function code(x: f32, inv: f32, z: i32): i32 {
  let t = nearest<f32>(x * inv);
  if (t != t) t = 0;
  t = min<f32>(512, max<f32>(-512, t));
  return min<i32>(127, max<i32>(0, <i32>t + z));
}

// rows × K floats (row stride lds floats) → rows × kp u7 codes (zero-padded) and qp (rows, 2).
export function qs8_quantize_act_ref(dst: usize, qp: usize, src: usize, lds: i32, rows: i32, K: i32, kp: i32): void {
  for (let r = 0; r < rows; r++) {
    const x = src + (<usize>(r * lds) << 2);
    const q = dst + <usize>(r * kp);
    let mn: f32 = 0, mx: f32 = 0;
    for (let k = 0; k < K; k++) {
      const v = load<f32>(x + (<usize>k << 2));
      mn = min<f32>(mn, v);
      mx = max<f32>(mx, v);
    }
    const p = qp + (<usize>r << 3);
    const s = row_params(p, mn, mx);
    const inv: f32 = 1 / s;
    const z = load<i32>(p, 4);
    for (let k = 0; k < K; k++) store<u8>(q + k, <u8>code(load<f32>(x + (<usize>k << 2)), inv, z));
    for (let k = K; k < kp; k++) store<u8>(q + k, 0);
  }
}

// f32x4: the row's min and max as the scalar pass finds them (below), then 16 codes per store:
// nearest, truncate, + z, clamp, narrow i32 → i16 → u8.
// Min/max: f32x4.pmin/pmax are one instruction each on x86 where f32x4.min/max (NaN and signed-zero
// rules) are a sequence; on a row without NaN they find the same minimum and maximum up to the sign
// of a zero, which row_params cannot tell apart (it takes min(mn, 0) and max(mx, 0), and a zero
// bound gives the same s and z either way). A NaN anywhere (x != x) sends the row through the
// scalar loop, which returns NaN as before. Two accumulator pairs: the loop-carried chain was the
// pass's latency.
function quantize_act_simd(dst: usize, qp: usize, src: usize, lds: i32, rows: i32, K: i32, kp: i32): void {
  const K16 = K & ~15;
  for (let r = 0; r < rows; r++) {
    const x = src + (<usize>(r * lds) << 2);
    const q = dst + <usize>(r * kp);
    let mn0 = f32x4.splat(0), mx0 = f32x4.splat(0), mn1 = f32x4.splat(0), mx1 = f32x4.splat(0);
    let nan = i32x4.splat(0);
    let k = 0;
    for (; k + 8 <= K; k += 8) {
      const v0 = v128.load(x + (<usize>k << 2)), v1 = v128.load(x + (<usize>k << 2), 16);
      mn0 = f32x4.pmin(mn0, v0); mx0 = f32x4.pmax(mx0, v0);
      mn1 = f32x4.pmin(mn1, v1); mx1 = f32x4.pmax(mx1, v1);
      nan = v128.or(nan, v128.or(f32x4.ne(v0, v0), f32x4.ne(v1, v1)));
    }
    for (; k + 4 <= K; k += 4) {
      const v = v128.load(x + (<usize>k << 2));
      mn0 = f32x4.pmin(mn0, v); mx0 = f32x4.pmax(mx0, v);
      nan = v128.or(nan, f32x4.ne(v, v));
    }
    const vmn = f32x4.pmin(mn0, mn1), vmx = f32x4.pmax(mx0, mx1);
    let mn = min<f32>(min<f32>(f32x4.extract_lane(vmn, 0), f32x4.extract_lane(vmn, 1)), min<f32>(f32x4.extract_lane(vmn, 2), f32x4.extract_lane(vmn, 3)));
    let mx = max<f32>(max<f32>(f32x4.extract_lane(vmx, 0), f32x4.extract_lane(vmx, 1)), max<f32>(f32x4.extract_lane(vmx, 2), f32x4.extract_lane(vmx, 3)));
    if (v128.any_true(nan)) { mn = 0; mx = 0; k = 0; } // the scalar loop below takes the whole row
    for (; k < K; k++) {
      const v = load<f32>(x + (<usize>k << 2));
      mn = min<f32>(mn, v);
      mx = max<f32>(mx, v);
    }
    const p = qp + (<usize>r << 3);
    const s = row_params(p, mn, mx);
    const inv: f32 = 1 / s;
    const z = load<i32>(p, 4);
    const vinv = f32x4.splat(inv), vz = i32x4.splat(z), lo = i32x4.splat(0), hi = i32x4.splat(127);
    for (k = 0; k < K16; k += 16) {
      const p0 = x + (<usize>k << 2);
      const c0 = i32x4.min_s(hi, i32x4.max_s(lo, i32x4.add(i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(v128.load(p0), vinv))), vz)));
      const c1 = i32x4.min_s(hi, i32x4.max_s(lo, i32x4.add(i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(v128.load(p0, 16), vinv))), vz)));
      const c2 = i32x4.min_s(hi, i32x4.max_s(lo, i32x4.add(i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(v128.load(p0, 32), vinv))), vz)));
      const c3 = i32x4.min_s(hi, i32x4.max_s(lo, i32x4.add(i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(v128.load(p0, 48), vinv))), vz)));
      v128.store(q + k, i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_s(c0, c1), i16x8.narrow_i32x4_s(c2, c3)));
    }
    for (; k < K; k++) store<u8>(q + k, <u8>code(load<f32>(x + (<usize>k << 2)), inv, z));
    for (; k < kp; k++) store<u8>(q + k, 0);
  }
}

export function qs8_quantize_act(dst: usize, qp: usize, src: usize, lds: i32, rows: i32, K: i32, kp: i32): void {
  if (ASC_FEATURE_SIMD) quantize_act_simd(dst, qp, src, lds, rows, K, kp);
  else qs8_quantize_act_ref(dst, qp, src, lds, rows, K, kp);
}
