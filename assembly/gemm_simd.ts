// SIMD GEMM/GEMV microkernels (128-bit wasm SIMD; FMA under relaxed SIMD). Only referenced from
// `if (ASC_FEATURE_SIMD)` branches of gemm.ts, so the scalar build never compiles them.
//
// B is read as "panels": 8 consecutive columns, with `bs` bytes between consecutive k rows.
// A packed panel (pack_b) has bs = 32; a row-major B read in place has bs = ldb * 4.
// All strides here are in BYTES; mr/nc say how many of the 4 rows / 8 columns are real.

// acc + a*b: one fused relaxed_madd in the relaxed build (rounding may be fused or not; the
// tests' tolerance covers both), mul then add in the plain SIMD build.
@inline function madd(a: v128, b: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

// Lane j (0..7) of the 8-wide row held in (v0123, v4567); lane indices must be constants.
function lane8(v0123: v128, v4567: v128, j: i32): f32 {
  switch (j) {
    case 0: return f32x4.extract_lane(v0123, 0);
    case 1: return f32x4.extract_lane(v0123, 1);
    case 2: return f32x4.extract_lane(v0123, 2);
    case 3: return f32x4.extract_lane(v0123, 3);
    case 4: return f32x4.extract_lane(v4567, 0);
    case 5: return f32x4.extract_lane(v4567, 1);
    case 6: return f32x4.extract_lane(v4567, 2);
    default: return f32x4.extract_lane(v4567, 3);
  }
}

// Epilogue of one C row: c[0..nc) = (acc) + bias[0..nc) (+ c[0..nc) if accumulate).
// The same order of additions as f32_gemm_ref: products, then bias, then old C.
function store_row(c: usize, v0123: v128, v4567: v128, nc: i32, bias: usize, accumulate: i32): void {
  if (nc == 8) {
    if (bias) {
      v0123 = f32x4.add(v0123, v128.load(bias));
      v4567 = f32x4.add(v4567, v128.load(bias, 16));
    }
    if (accumulate) {
      v0123 = f32x4.add(v0123, v128.load(c));
      v4567 = f32x4.add(v4567, v128.load(c, 16));
    }
    v128.store(c, v0123);
    v128.store(c, v4567, 16);
    return;
  }
  // Partial tile: never touch memory past column nc (it may be another tensor or past the end).
  for (let j = 0; j < nc; j++) {
    let x = lane8(v0123, v4567, j);
    const p = c + (<usize>j << 2);
    if (bias) x += load<f32>(bias + (<usize>j << 2));
    if (accumulate) x += load<f32>(p);
    store<f32>(p, x);
  }
}

// C[0..mr, 0..nc) (+)= A[0..mr, 0..kc) · Bpanel[0..kc, 0..8) (+ bias): 8 accumulators.
// Rows past mr alias the last real row for loading (XNNPACK's trick), but are never stored.
export function f32_gemm_4x8_simd(
  mr: i32, nc: i32, kc: i32, a: usize, lda: usize, b: usize, bs: usize,
  c: usize, ldc: usize, bias: usize, accumulate: i32,
): void {
  const a0 = a;
  const a1 = mr > 1 ? a0 + lda : a0;
  const a2 = mr > 2 ? a1 + lda : a1;
  const a3 = mr > 3 ? a2 + lda : a2;
  let acc0x0123 = f32x4.splat(0), acc0x4567 = f32x4.splat(0);
  let acc1x0123 = f32x4.splat(0), acc1x4567 = f32x4.splat(0);
  let acc2x0123 = f32x4.splat(0), acc2x4567 = f32x4.splat(0);
  let acc3x0123 = f32x4.splat(0), acc3x4567 = f32x4.splat(0);
  let pb = b;
  const kend = <usize>kc << 2;
  // Unrolled by 2 in k: halves the loop overhead (pointer bumps, compare, branch).
  let ko: usize = 0;
  for (; ko + 8 <= kend; ko += 8) {
    let vb0123 = v128.load(pb);
    let vb4567 = v128.load(pb, 16);
    let va0 = v128.load32_splat(a0 + ko);
    let va1 = v128.load32_splat(a1 + ko);
    let va2 = v128.load32_splat(a2 + ko);
    let va3 = v128.load32_splat(a3 + ko);
    acc0x0123 = madd(va0, vb0123, acc0x0123);
    acc0x4567 = madd(va0, vb4567, acc0x4567);
    acc1x0123 = madd(va1, vb0123, acc1x0123);
    acc1x4567 = madd(va1, vb4567, acc1x4567);
    acc2x0123 = madd(va2, vb0123, acc2x0123);
    acc2x4567 = madd(va2, vb4567, acc2x4567);
    acc3x0123 = madd(va3, vb0123, acc3x0123);
    acc3x4567 = madd(va3, vb4567, acc3x4567);
    pb += bs;
    vb0123 = v128.load(pb);
    vb4567 = v128.load(pb, 16);
    va0 = v128.load32_splat(a0 + ko, 4);
    va1 = v128.load32_splat(a1 + ko, 4);
    va2 = v128.load32_splat(a2 + ko, 4);
    va3 = v128.load32_splat(a3 + ko, 4);
    acc0x0123 = madd(va0, vb0123, acc0x0123);
    acc0x4567 = madd(va0, vb4567, acc0x4567);
    acc1x0123 = madd(va1, vb0123, acc1x0123);
    acc1x4567 = madd(va1, vb4567, acc1x4567);
    acc2x0123 = madd(va2, vb0123, acc2x0123);
    acc2x4567 = madd(va2, vb4567, acc2x4567);
    acc3x0123 = madd(va3, vb0123, acc3x0123);
    acc3x4567 = madd(va3, vb4567, acc3x4567);
    pb += bs;
  }
  if (ko < kend) {
    const vb0123 = v128.load(pb);
    const vb4567 = v128.load(pb, 16);
    const va0 = v128.load32_splat(a0 + ko);
    const va1 = v128.load32_splat(a1 + ko);
    const va2 = v128.load32_splat(a2 + ko);
    const va3 = v128.load32_splat(a3 + ko);
    acc0x0123 = madd(va0, vb0123, acc0x0123);
    acc0x4567 = madd(va0, vb4567, acc0x4567);
    acc1x0123 = madd(va1, vb0123, acc1x0123);
    acc1x4567 = madd(va1, vb4567, acc1x4567);
    acc2x0123 = madd(va2, vb0123, acc2x0123);
    acc2x4567 = madd(va2, vb4567, acc2x4567);
    acc3x0123 = madd(va3, vb0123, acc3x0123);
    acc3x4567 = madd(va3, vb4567, acc3x4567);
  }
  store_row(c, acc0x0123, acc0x4567, nc, bias, accumulate);
  if (mr > 1) store_row(c + ldc, acc1x0123, acc1x4567, nc, bias, accumulate);
  if (mr > 2) store_row(c + 2 * ldc, acc2x0123, acc2x4567, nc, bias, accumulate);
  if (mr > 3) store_row(c + 3 * ldc, acc3x0123, acc3x4567, nc, bias, accumulate);
}

// GEMV, 32 columns = 4 panels at b, b+ps, b+2ps, b+3ps: c[0..32) (+)= a[0..kc) · B (+ bias).
// 8 independent accumulators keep the FMA pipes busy; B is read once, so this is load-bound.
export function f32_gemv_1x32_simd(
  kc: i32, a: usize, b: usize, bs: usize, ps: usize, c: usize, bias: usize, accumulate: i32,
): void {
  let acc0x0123 = f32x4.splat(0), acc0x4567 = f32x4.splat(0);
  let acc1x0123 = f32x4.splat(0), acc1x4567 = f32x4.splat(0);
  let acc2x0123 = f32x4.splat(0), acc2x4567 = f32x4.splat(0);
  let acc3x0123 = f32x4.splat(0), acc3x4567 = f32x4.splat(0);
  let p0 = b, p1 = b + ps, p2 = b + 2 * ps, p3 = b + 3 * ps;
  const aend = a + (<usize>kc << 2);
  for (let pa = a; pa < aend; pa += 4) {
    const va = v128.load32_splat(pa);
    acc0x0123 = madd(va, v128.load(p0), acc0x0123);
    acc0x4567 = madd(va, v128.load(p0, 16), acc0x4567);
    acc1x0123 = madd(va, v128.load(p1), acc1x0123);
    acc1x4567 = madd(va, v128.load(p1, 16), acc1x4567);
    acc2x0123 = madd(va, v128.load(p2), acc2x0123);
    acc2x4567 = madd(va, v128.load(p2, 16), acc2x4567);
    acc3x0123 = madd(va, v128.load(p3), acc3x0123);
    acc3x4567 = madd(va, v128.load(p3, 16), acc3x4567);
    p0 += bs; p1 += bs; p2 += bs; p3 += bs;
  }
  store_row(c, acc0x0123, acc0x4567, 8, bias, accumulate);
  store_row(c + 32, acc1x0123, acc1x4567, 8, bias ? bias + 32 : 0, accumulate);
  store_row(c + 64, acc2x0123, acc2x4567, 8, bias ? bias + 64 : 0, accumulate);
  store_row(c + 96, acc3x0123, acc3x4567, 8, bias ? bias + 96 : 0, accumulate);
}

// GEMV over one panel (nc <= 8 real columns). Even and odd k go to separate accumulators so
// two FMA chains run in parallel; used only for the last 1..3 panels of a row.
export function f32_gemv_1x8_simd(
  nc: i32, kc: i32, a: usize, b: usize, bs: usize, c: usize, bias: usize, accumulate: i32,
): void {
  let e0123 = f32x4.splat(0), e4567 = f32x4.splat(0);
  let o0123 = f32x4.splat(0), o4567 = f32x4.splat(0);
  let pb = b;
  let k = 0;
  for (; k + 2 <= kc; k += 2) {
    const pa = a + (<usize>k << 2);
    const ve = v128.load32_splat(pa);
    const vo = v128.load32_splat(pa, 4);
    e0123 = madd(ve, v128.load(pb), e0123);
    e4567 = madd(ve, v128.load(pb, 16), e4567);
    pb += bs;
    o0123 = madd(vo, v128.load(pb), o0123);
    o4567 = madd(vo, v128.load(pb, 16), o4567);
    pb += bs;
  }
  if (k < kc) {
    const ve = v128.load32_splat(a + (<usize>k << 2));
    e0123 = madd(ve, v128.load(pb), e0123);
    e4567 = madd(ve, v128.load(pb, 16), e4567);
  }
  store_row(c, f32x4.add(e0123, o0123), f32x4.add(e4567, o4567), nc, bias, accumulate);
}
