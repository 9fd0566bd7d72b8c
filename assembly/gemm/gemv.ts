// The GEMV kernels (M = 1 rows of the GEMM, and x · W^T for a few rows): 128-bit wasm SIMD, FMA
// under relaxed SIMD. Only referenced from `if (ASC_FEATURE_SIMD)` branches of gemm.ts.
//
// B is read as "panels": 8 consecutive columns, with `bs` bytes between consecutive k rows.
// A packed panel (f32_pack_b) has bs = 32; a row-major B read in place has bs = ldb * 4.
// All strides here are in BYTES; nc says how many columns are real.
import { madd, store_lanes, store_row, store_sums, to_sums } from './epilogue';

// GEMV, 24 columns = 3 panels at b, b+ps, b+2ps: c[0..24) (+)= a[0..kc) · B (+ bias).
// @inline: it has two callers (panels_gemm, gemv_packed_reverse), and as a call its in-place use
// (blocks of GEMV_KC = 8 rows, a call per 8 k) measured half the speed (1x320x1024: 15 vs 28).
// 6 independent accumulators; with one splat and 6 B loads live per k that is 13 xmm registers.
// B is read once: load-bound. Used for B read in place and for a packed B's last 24..31 columns;
// packed 32-column blocks go to f32_gemv_1x32_packed_simd.
@inline export function f32_gemv_1x24_simd(
  kc: i32, a: usize, b: usize, bs: usize, ps: usize, c: usize, bias: usize, accumulate: i32,
): void {
  let acc0x0123 = f32x4.splat(0), acc0x4567 = f32x4.splat(0);
  let acc1x0123 = f32x4.splat(0), acc1x4567 = f32x4.splat(0);
  let acc2x0123 = f32x4.splat(0), acc2x4567 = f32x4.splat(0);
  let p0 = b, p1 = b + ps, p2 = b + 2 * ps;
  const aend = a + (<usize>kc << 2);
  for (let pa = a; pa < aend; pa += 4) {
    const va = v128.load32_splat(pa);
    acc0x0123 = madd(va, v128.load(p0), acc0x0123);
    acc0x4567 = madd(va, v128.load(p0, 16), acc0x4567);
    acc1x0123 = madd(va, v128.load(p1), acc1x0123);
    acc1x4567 = madd(va, v128.load(p1, 16), acc1x4567);
    acc2x0123 = madd(va, v128.load(p2), acc2x0123);
    acc2x4567 = madd(va, v128.load(p2, 16), acc2x4567);
    p0 += bs; p1 += bs; p2 += bs;
  }
  // store_row inline (not through the sums buffer as the 1x32 kernel): in place, B is read in blocks of
  // GEMV_KC = 8 rows, and the round trip through memory cost more than it saved (1x320x1024
  // in place: 28.6 -> 18.9 GFLOP/s).
  store_row(c, acc0x0123, acc0x4567, 8, bias, accumulate);
  store_row(c + 32, acc1x0123, acc1x4567, 8, bias ? bias + 32 : 0, accumulate);
  store_row(c + 64, acc2x0123, acc2x4567, 8, bias ? bias + 64 : 0, accumulate);
}

// GEMV, 32 columns = 4 packed panels (rows 32 bytes apart) at b, b+ps, b+2ps, b+3ps:
// c[0..32) (+)= a[0..kc) · B (+ bias). 8 accumulators, two k per pass, each accumulator's terms
// still in k order (the same sums as the 1x24 kernel, bit for bit). On a 256-row packed B,
// against the 1x24 kernel: Node 20 (V8 11) 87 vs 83 GB/s, Deno 2.9 (V8 15) 72 vs 62, Chromium
// 156 78 vs 56 (six accumulators leave the FMA latency exposed on newer V8s). One pointer for all
// four panels made TurboFan issue every load first and spill.
// sums: the 128-byte sums buffer from the caller's scratch (epilogue.ts).
export function f32_gemv_1x32_packed_simd(
  kc: i32, a: usize, b: usize, ps: usize, c: usize, bias: usize, accumulate: i32, sums: usize,
): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let a4 = f32x4.splat(0), a5 = f32x4.splat(0), a6 = f32x4.splat(0), a7 = f32x4.splat(0);
  let p0 = b, p1 = b + ps, p2 = b + 2 * ps, p3 = b + 3 * ps;
  let pa = a;
  if (kc & 1) {
    // Odd K: the first k alone (a*b + 0, as the other kernels' first term), so that the loop is
    // the last thing before the stores.
    const va = v128.load32_splat(pa);
    const z = f32x4.splat(0);
    a0 = madd(va, v128.load(p0), z);
    a1 = madd(va, v128.load(p0, 16), z);
    a2 = madd(va, v128.load(p1), z);
    a3 = madd(va, v128.load(p1, 16), z);
    a4 = madd(va, v128.load(p2), z);
    a5 = madd(va, v128.load(p2, 16), z);
    a6 = madd(va, v128.load(p3), z);
    a7 = madd(va, v128.load(p3, 16), z);
    pa += 4; p0 += 32; p1 += 32; p2 += 32; p3 += 32;
  }
  const aend = a + (<usize>kc << 2);
  for (; pa < aend; pa += 8) {
    const va = v128.load32_splat(pa);
    const vb = v128.load32_splat(pa, 4);
    a0 = madd(vb, v128.load(p0, 32), madd(va, v128.load(p0), a0));
    a1 = madd(vb, v128.load(p0, 48), madd(va, v128.load(p0, 16), a1));
    a2 = madd(vb, v128.load(p1, 32), madd(va, v128.load(p1), a2));
    a3 = madd(vb, v128.load(p1, 48), madd(va, v128.load(p1, 16), a3));
    a4 = madd(vb, v128.load(p2, 32), madd(va, v128.load(p2), a4));
    a5 = madd(vb, v128.load(p2, 48), madd(va, v128.load(p2, 16), a5));
    a6 = madd(vb, v128.load(p3, 32), madd(va, v128.load(p3), a6));
    a7 = madd(vb, v128.load(p3, 48), madd(va, v128.load(p3, 16), a7));
    p0 += 64; p1 += 64; p2 += 64; p3 += 64;
  }
  to_sums(sums, a0, a1, a2, a3, a4, a5, a6, a7);
  store_sums(sums, c, 4, bias, accumulate);
}

// GEMV over one packed panel (nc <= 8 real columns, rows 32 bytes apart), each column's terms
// summed in k order into one accumulator: the sums of the 1x32 and 1x24 kernels, bit for bit
// (f32_gemv_packed_cols uses it for 8..16 columns left of a range the whole product covers with
// those kernels). Latency-bound: only for such leftovers.
export function f32_gemv_1x8_inorder_simd(nc: i32, kc: i32, a: usize, b: usize, c: usize, bias: usize, accumulate: i32): void {
  let acc0x0123 = f32x4.splat(0), acc0x4567 = f32x4.splat(0);
  let pb = b;
  const aend = a + (<usize>kc << 2);
  for (let pa = a; pa < aend; pa += 4) {
    const va = v128.load32_splat(pa);
    acc0x0123 = madd(va, v128.load(pb), acc0x0123);
    acc0x4567 = madd(va, v128.load(pb, 16), acc0x4567);
    pb += 32;
  }
  store_row(c, acc0x0123, acc0x4567, nc, bias, accumulate);
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

// Epilogue of up to 4 outputs held in one vector: c[0..nc) = v + bias (+ c if accumulate).
@inline function store4(c: usize, v: v128, nc: i32, bias: usize, accumulate: i32): void {
  if (nc == 4) {
    if (bias) v = f32x4.add(v, v128.load(bias));
    if (accumulate) v = f32x4.add(v, v128.load(c));
    v128.store(c, v);
  } else {
    store_lanes(c, v, nc, bias, accumulate);
  }
}

// [sum(v0), sum(v1), sum(v2), sum(v3)]: pairwise lane sums with shuffles.
@inline function hsum4(v0: v128, v1: v128, v2: v128, v3: v128): v128 {
  const s01 = f32x4.add(v128.shuffle<f32>(v0, v1, 0, 1, 4, 5), v128.shuffle<f32>(v0, v1, 2, 3, 6, 7));
  const s23 = f32x4.add(v128.shuffle<f32>(v2, v3, 0, 1, 4, 5), v128.shuffle<f32>(v2, v3, 2, 3, 6, 7));
  return f32x4.add(v128.shuffle<f32>(s01, s23, 0, 2, 4, 6), v128.shuffle<f32>(s01, s23, 1, 3, 5, 7));
}

// GEMV against a transposed B (x · W^T with W row-major [N, K]): c[0..nc) (+)= dot(a, B row n),
// 4 rows of B at a time, vectorized along k. Rows past nc
// alias the last real row and are not stored. No packing: B is read exactly once.
export function f32_gemv_nt_1x4_simd(
  nc: i32, kc: i32, a: usize, b: usize, ldb: usize, c: usize, bias: usize, accumulate: i32,
): void {
  const b0 = b;
  const b1 = nc > 1 ? b0 + ldb : b0;
  const b2 = nc > 2 ? b1 + ldb : b1;
  const b3 = nc > 3 ? b2 + ldb : b2;
  // One 4-wide k step per iteration: 4 accumulators + 1 A + 4 B = 9 registers. Unrolling to 8
  // accumulators needs 18 and spills (TurboFan hoists the loads), which measured slower.
  let e0 = f32x4.splat(0), e1 = f32x4.splat(0), e2 = f32x4.splat(0), e3 = f32x4.splat(0);
  const kend = <usize>kc << 2;
  let ko: usize = 0;
  for (; ko + 16 <= kend; ko += 16) {
    const va = v128.load(a + ko);
    e0 = madd(va, v128.load(b0 + ko), e0);
    e1 = madd(va, v128.load(b1 + ko), e1);
    e2 = madd(va, v128.load(b2 + ko), e2);
    e3 = madd(va, v128.load(b3 + ko), e3);
  }
  let sum = hsum4(e0, e1, e2, e3);
  if (ko < kend) {
    // Last 1..3 k: scalar dot products, added lane by lane.
    let t0: f32 = 0, t1: f32 = 0, t2: f32 = 0, t3: f32 = 0;
    for (; ko < kend; ko += 4) {
      const x = load<f32>(a + ko);
      t0 += x * load<f32>(b0 + ko);
      t1 += x * load<f32>(b1 + ko);
      t2 += x * load<f32>(b2 + ko);
      t3 += x * load<f32>(b3 + ko);
    }
    sum = f32x4.add(sum, f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(t0), 1, t1), 2, t2), 3, t3));
  }
  store4(c, sum, nc, bias, accumulate);
}

