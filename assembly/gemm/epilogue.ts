// The GEMM/GEMV epilogue: accumulators + bias (+ old C) stored into C, and the SIMD multiply-add
// every tile uses. Only referenced from `if (ASC_FEATURE_SIMD)` branches of gemm.ts.
//
// Sums buffer: the 4x8 / 4x8p / 2x16 tiles and the 1x32 GEMV hand their accumulators to the
// epilogue through 128 bytes of the caller's scratch (`sums`, see gemm_ws_bytes) instead of
// keeping them in registers across store_row's bias/accumulate branches: with those branches
// after the loop, TurboFan (V8 11, Node 20) issued the loop's loads first and spilled
// accumulators inside the loop (1x32: 49 -> 87 GB/s on a 256 KiB packed B). The buffer is
// scratch from the caller, not a static, so threads sharing one memory each pass their own.

// Bytes of the sums buffer (8 accumulators of 16 bytes).
export const SUMS_BYTES: usize = 128;

// acc + a*b: one fused relaxed_madd in the relaxed build (rounding may be fused or not; the
// tests' tolerance covers both), mul then add in the plain SIMD build.
@inline export function madd(a: v128, b: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

// c[0..k) = v[0..k) + bias (+ c if accumulate), k in 0..4, lane by lane (partial tiles only, so
// that nothing past column nc is touched). Products, then bias, then old C, as f32_gemm_ref.
@inline export function store_lanes(c: usize, v: v128, k: i32, bias: usize, accumulate: i32): void {
  if (k > 0) store_lane(c, f32x4.extract_lane(v, 0), bias, accumulate);
  if (k > 1) store_lane(c + 4, f32x4.extract_lane(v, 1), bias ? bias + 4 : 0, accumulate);
  if (k > 2) store_lane(c + 8, f32x4.extract_lane(v, 2), bias ? bias + 8 : 0, accumulate);
  if (k > 3) store_lane(c + 12, f32x4.extract_lane(v, 3), bias ? bias + 12 : 0, accumulate);
}

@inline function store_lane(p: usize, x: f32, bias: usize, accumulate: i32): void {
  if (bias) x += load<f32>(bias);
  if (accumulate) x += load<f32>(p);
  store<f32>(p, x);
}

// A row of nc < 8 columns (a call: the partial edge stays out of the inlined hot epilogues).
function store_partial_row(c: usize, v0123: v128, v4567: v128, nc: i32, bias: usize, accumulate: i32): void {
  store_lanes(c, v0123, min(nc, 4), bias, accumulate);
  if (nc > 4) store_lanes(c + 16, v4567, nc - 4, bias ? bias + 16 : 0, accumulate);
}

// Epilogue of one C row: c[0..nc) = (acc) + bias[0..nc) (+ c[0..nc) if accumulate).
// The same order of additions as f32_gemm_ref: products, then bias, then old C.
@inline export function store_row(c: usize, v0123: v128, v4567: v128, nc: i32, bias: usize, accumulate: i32): void {
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
  } else {
    store_partial_row(c, v0123, v4567, nc, bias, accumulate);
  }
}

// Eight accumulators into the sums buffer, in order (32 bytes per pair): what the 1x32 GEMV and
// the 4x8 / 2x16 tiles do after their k loop, before the epilogue reads them back.
@inline export function to_sums(sums: usize, v0: v128, v1: v128, v2: v128, v3: v128, v4: v128, v5: v128, v6: v128, v7: v128): void {
  v128.store(sums, v0); v128.store(sums, v1, 16); v128.store(sums, v2, 32); v128.store(sums, v3, 48);
  v128.store(sums, v4, 64); v128.store(sums, v5, 80); v128.store(sums, v6, 96); v128.store(sums, v7, 112);
}

// Epilogue of a 4x8 tile whose rows are in the sums buffer (row r at sums + 32r): rows r < mr of
// C (ldc bytes apart), nc columns each, + bias (+ c).
export function store_tile_4x8(sums: usize, c: usize, ldc: usize, mr: i32, nc: i32, bias: usize, accumulate: i32): void {
  for (let r = 0; r < mr; r++) {
    const o = <usize>r << 5;
    store_row(c + <usize>r * ldc, v128.load(sums + o), v128.load(sums + o, 16), nc, bias, accumulate);
  }
}

// The same for a 2x16 tile (row r at sums + 64r, 16 columns of which nc - 8 in its right half).
export function store_tile_2x16(sums: usize, c: usize, ldc: usize, mr: i32, nc: i32, bias: usize, accumulate: i32): void {
  const bias8 = bias ? bias + 32 : 0;
  for (let r = 0; r < mr; r++) {
    const o = <usize>r << 6;
    const cr = c + <usize>r * ldc;
    store_row(cr, v128.load(sums + o), v128.load(sums + o, 16), 8, bias, accumulate);
    store_row(cr + 32, v128.load(sums + o, 32), v128.load(sums + o, 48), nc - 8, bias8, accumulate);
  }
}

// c[32p..32p+32) for p < panels: sums + bias (+ c), as store_row.
export function store_sums(sums: usize, c: usize, panels: i32, bias: usize, accumulate: i32): void {
  for (let p = 0; p < panels; p++) {
    const o = <usize>p << 5;
    store_row(c + o, v128.load(sums + o), v128.load(sums + o, 16), 8, bias ? bias + o : 0, accumulate);
  }
}
