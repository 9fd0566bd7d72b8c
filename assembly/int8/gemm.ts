// int8 GEMV (one activation row, the B = 1 recurrent step) and GEMM (B > 1, the input projection):
//   y (M, N) = dequant(xq (M, kp) · wq (N, kp)ᵀ) [+ bias] [+ y]
// over the codes of quantize.ts: wq symmetric i8 (zero-padded to kp, a multiple of 16), xq u7 with
// qp (M, 2) = [scale f32, zero point i32] per row. Per element, in this order in every build:
//   acc = Σ_k wq[n,k]·xq[m,k] (exact i32),  y = f32(acc - z_m·rowsum_n) · (s_m · sw_n) [+ bias_n] [+ y_old]
// so the scalar, SIMD and relaxed-SIMD builds give bit-identical results (the integer sums are exact).
// `mode` says how the weights are read (the host picks it once per runtime, src/nn/quantized/):
//   MODE_I8 (0)       i8 codes, widened to i16 while loading, i32x4.dot_i16x8_s (plain SIMD)
//   MODE_RELAXED (1)  i8 codes, i32x4.relaxed_dot_i8x16_i7x16_add_s: 16 products a call, exact
//                     because the second operand (the activation codes) is in [0, 127] on every
//                     engine; relaxed build only (elsewhere it runs as MODE_I8)
//   MODE_I16 (2)      the same codes stored as i16 (N, kp) at w: plain loads, i32x4.dot_i16x8_s.
//                     For engines without relaxed SIMD: widening while loading is a shuffle per 8
//                     weights (pmovsxbw), and the shuffle port bounded the MODE_I8 GEMV.
//   MODE_RELAXED16 (3) i8 codes, i16x8.relaxed_dot_i8x16_i7x16_s (16 products into 8 i16 pair
//                     sums, exact: |sum| <= 2·127·127 < 2^15, and the codes are in [0, 127]) widened
//                     and summed by i32x4.extadd_pairwise_i16x8_s: three operations per 16
//                     products where MODE_I16 takes four, on half the weight bytes. For Node 20,
//                     whose V8 computes the dot-add form (MODE_RELAXED) wrongly before tier-up but
//                     this form right in both tiers (test/assembly/int8/gemm.test.ts); relaxed build
//                     only (elsewhere it runs as MODE_I8).
// The scalar build runs _ref (which reads the weights as `mode` says).
// Tiles: 1 activation row × 4 weight rows (GEMV), 2 × 4 (GEMM); edge rows one weight row at a time.
// Register-like locals: accMxN = activation row M, weight row N.

// ---- scalar

@inline function finish(acc: i32, z: i32, s: f32, rowsum: usize, wscale: usize, bias: usize, n: i32, yp: usize, accumulate: i32): void {
  const o = <usize>n << 2;
  let v = <f32>(acc - z * load<i32>(rowsum + o)) * (s * load<f32>(wscale + o));
  if (bias) v += load<f32>(bias + o);
  if (accumulate) v += load<f32>(yp + o);
  store<f32>(yp + o, v);
}

// ws is unused (the twins share their argument list).
export function qs8_gemm_ref(
  M: i32, N: i32, kp: i32, x: usize, qp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, ldy: i32, bias: usize, accumulate: i32, mode: i32, ws: usize,
): void {
  for (let m = 0; m < M; m++) {
    const xr = x + <usize>(m * kp);
    const s = load<f32>(qp + (<usize>m << 3));
    const z = load<i32>(qp + (<usize>m << 3), 4);
    const yp = y + (<usize>(m * ldy) << 2);
    for (let n = 0; n < N; n++) {
      let acc = 0;
      if (mode == 2) {
        const wr = w + (<usize>(n * kp) << 1);
        for (let k = 0; k < kp; k++) acc += <i32>load<i16>(wr + (<usize>k << 1)) * <i32>load<u8>(xr + k);
      } else {
        const wr = w + <usize>(n * kp);
        for (let k = 0; k < kp; k++) acc += <i32>load<i8>(wr + k) * <i32>load<u8>(xr + k);
      }
      finish(acc, z, s, rowsum, wscale, bias, n, yp, accumulate);
    }
  }
}

export function qs8_gemv_ref(N: i32, kp: i32, x: usize, qp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, bias: usize, accumulate: i32, mode: i32): void {
  qs8_gemm_ref(1, N, kp, x, qp, w, rowsum, wscale, y, N, bias, accumulate, mode, 0);
}

// ---- SIMD (only referenced from ASC_FEATURE_SIMD branches)

// acc + the 16 products of the weights at w (16 codes; MODE_I16: 32 bytes) and the codes at x,
// summed into 4 lanes. `mode` is a constant at every call site. MODE_I8 widens while loading
// (v128.load8x8_s/_u: one pmovsxbw/pmovzxbw from memory on x86).
@inline function dot16(w: usize, x: usize, acc: v128, mode: i32): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    if (mode == 1) return i32x4.relaxed_dot_i8x16_i7x16_add_s(v128.load(w), v128.load(x), acc);
    if (mode == 3) return i32x4.add(acc, i32x4.extadd_pairwise_i16x8_s(i16x8.relaxed_dot_i8x16_i7x16_s(v128.load(w), v128.load(x))));
  }
  if (mode == 2) {
    acc = i32x4.add(acc, i32x4.dot_i16x8_s(v128.load(w), v128.load8x8_u(x)));
    return i32x4.add(acc, i32x4.dot_i16x8_s(v128.load(w, 16), v128.load8x8_u(x, 8)));
  }
  acc = i32x4.add(acc, i32x4.dot_i16x8_s(v128.load8x8_s(w), v128.load8x8_u(x)));
  return i32x4.add(acc, i32x4.dot_i16x8_s(v128.load8x8_s(w, 8), v128.load8x8_u(x, 8)));
}

// Weight bytes per code of a mode (MODE_I16 stores i16).
@inline function wbytes(mode: i32): usize {
  return mode == 2 ? 2 : 1;
}

// [Σ v0, Σ v1, Σ v2, Σ v3] (lane sums by shuffles).
@inline function hsum4(v0: v128, v1: v128, v2: v128, v3: v128): v128 {
  const s01 = i32x4.add(v128.shuffle<i32>(v0, v1, 0, 1, 4, 5), v128.shuffle<i32>(v0, v1, 2, 3, 6, 7));
  const s23 = i32x4.add(v128.shuffle<i32>(v2, v3, 0, 1, 4, 5), v128.shuffle<i32>(v2, v3, 2, 3, 6, 7));
  return i32x4.add(v128.shuffle<i32>(s01, s23, 0, 2, 4, 6), v128.shuffle<i32>(s01, s23, 1, 3, 5, 7));
}

@inline function hsum1(v: v128): i32 {
  return i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1) + i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3);
}

// finish() on 4 weight rows n..n+3 at once (the same f32 operations lane by lane).
@inline function finish4(sums: v128, z: i32, s: f32, rowsum: usize, wscale: usize, bias: usize, n: i32, yp: usize, accumulate: i32): void {
  const o = <usize>n << 2;
  const acc = i32x4.sub(sums, i32x4.mul(i32x4.splat(z), v128.load(rowsum + o)));
  let v = f32x4.mul(f32x4.convert_i32x4_s(acc), f32x4.mul(f32x4.splat(s), v128.load(wscale + o)));
  if (bias) v = f32x4.add(v, v128.load(bias + o));
  if (accumulate) v = f32x4.add(v, v128.load(yp + o));
  v128.store(yp + o, v);
}

// [Σ row 0, .., Σ row 3] of the 4 weight rows at w0 (kb bytes apart) times the codes at x.
// Relaxed: two accumulators per row (even and odd 16-byte blocks): on VNNI hosts the dot-add is
// one instruction with the accumulator as input, and four chains were latency-bound.
@inline function sums4_relaxed(kb: usize, x: usize, w0: usize): v128 {
  let acc0x0 = i32x4.splat(0), acc0x1 = i32x4.splat(0), acc0x2 = i32x4.splat(0), acc0x3 = i32x4.splat(0);
  let odd0x0 = i32x4.splat(0), odd0x1 = i32x4.splat(0), odd0x2 = i32x4.splat(0), odd0x3 = i32x4.splat(0);
  let k: usize = 0;
  for (; k + 32 <= kb; k += 32) {
    const xk = x + k, wk = w0 + k;
    acc0x0 = dot16(wk, xk, acc0x0, 1);
    acc0x1 = dot16(wk + kb, xk, acc0x1, 1);
    acc0x2 = dot16(wk + 2 * kb, xk, acc0x2, 1);
    acc0x3 = dot16(wk + 3 * kb, xk, acc0x3, 1);
    odd0x0 = dot16(wk + 16, xk + 16, odd0x0, 1);
    odd0x1 = dot16(wk + kb + 16, xk + 16, odd0x1, 1);
    odd0x2 = dot16(wk + 2 * kb + 16, xk + 16, odd0x2, 1);
    odd0x3 = dot16(wk + 3 * kb + 16, xk + 16, odd0x3, 1);
  }
  if (k < kb) {
    const xk = x + k, wk = w0 + k;
    acc0x0 = dot16(wk, xk, acc0x0, 1);
    acc0x1 = dot16(wk + kb, xk, acc0x1, 1);
    acc0x2 = dot16(wk + 2 * kb, xk, acc0x2, 1);
    acc0x3 = dot16(wk + 3 * kb, xk, acc0x3, 1);
  }
  return hsum4(i32x4.add(acc0x0, odd0x0), i32x4.add(acc0x1, odd0x1), i32x4.add(acc0x2, odd0x2), i32x4.add(acc0x3, odd0x3));
}

// Widening (MODE_I8, MODE_I16) and MODE_RELAXED16: one accumulator per row (the adds are not
// latency-bound, and eight accumulators with the widened operands spilled to the stack on Node 20's
// V8). Weight rows are kb · wb bytes apart.
@inline function sums4_widen(kb: usize, x: usize, w0: usize, mode: i32): v128 {
  const wb = wbytes(mode);
  const rb = kb * wb;
  let acc0x0 = i32x4.splat(0), acc0x1 = i32x4.splat(0), acc0x2 = i32x4.splat(0), acc0x3 = i32x4.splat(0);
  let k: usize = 0;
  // 32 codes a trip: half the loop overhead (V8 checks the stack on every back edge).
  for (; k + 32 <= kb; k += 32) {
    const xk = x + k, wk = w0 + k * wb;
    acc0x0 = dot16(wk + 16 * wb, xk + 16, dot16(wk, xk, acc0x0, mode), mode);
    acc0x1 = dot16(wk + rb + 16 * wb, xk + 16, dot16(wk + rb, xk, acc0x1, mode), mode);
    acc0x2 = dot16(wk + 2 * rb + 16 * wb, xk + 16, dot16(wk + 2 * rb, xk, acc0x2, mode), mode);
    acc0x3 = dot16(wk + 3 * rb + 16 * wb, xk + 16, dot16(wk + 3 * rb, xk, acc0x3, mode), mode);
  }
  for (; k < kb; k += 16) {
    const xk = x + k, wk = w0 + k * wb;
    acc0x0 = dot16(wk, xk, acc0x0, mode);
    acc0x1 = dot16(wk + rb, xk, acc0x1, mode);
    acc0x2 = dot16(wk + 2 * rb, xk, acc0x2, mode);
    acc0x3 = dot16(wk + 3 * rb, xk, acc0x3, mode);
  }
  return hsum4(acc0x0, acc0x1, acc0x2, acc0x3);
}

// One activation row (codes x, params at p) against all N weight rows.
@inline function row1(N: i32, kp: i32, x: usize, p: usize, w: usize, rowsum: usize, wscale: usize, yp: usize, bias: usize, accumulate: i32, mode: i32): void {
  const s = load<f32>(p);
  const z = load<i32>(p, 4);
  const kb = <usize>kp;
  const wb = wbytes(mode);
  let n = 0;
  for (; n + 4 <= N; n += 4) {
    const w0 = w + <usize>(n * kp) * wb;
    finish4(mode == 1 ? sums4_relaxed(kb, x, w0) : sums4_widen(kb, x, w0, mode), z, s, rowsum, wscale, bias, n, yp, accumulate);
  }
  for (; n < N; n++) {
    const w0 = w + <usize>(n * kp) * wb;
    let acc = i32x4.splat(0);
    for (let k: usize = 0; k < kb; k += 16) acc = dot16(w0 + k * wb, x + k, acc, mode);
    finish(hsum1(acc), z, s, rowsum, wscale, bias, n, yp, accumulate);
  }
}

// Widening 2x2 block: activation rows x0, x1 (kb bytes apart) against weight rows w0, w0 + rb.
// Each widened operand is loaded once and feeds two products.
@inline function block2x2_widen(kb: usize, x: usize, w0: usize, rb: usize, mode: i32, out: usize): void {
  const wb = wbytes(mode);
  let acc0x0 = i32x4.splat(0), acc0x1 = i32x4.splat(0), acc1x0 = i32x4.splat(0), acc1x1 = i32x4.splat(0);
  for (let k: usize = 0; k < kb; k += 16) {
    const x0l = v128.load8x8_u(x + k), x0h = v128.load8x8_u(x + k, 8);
    const x1l = v128.load8x8_u(x + kb + k), x1h = v128.load8x8_u(x + kb + k, 8);
    const wk = w0 + k * wb;
    let wl: v128, wh: v128;
    if (mode == 2) { wl = v128.load(wk); wh = v128.load(wk, 16); } else { wl = v128.load8x8_s(wk); wh = v128.load8x8_s(wk, 8); }
    acc0x0 = i32x4.add(acc0x0, i32x4.add(i32x4.dot_i16x8_s(wl, x0l), i32x4.dot_i16x8_s(wh, x0h)));
    acc1x0 = i32x4.add(acc1x0, i32x4.add(i32x4.dot_i16x8_s(wl, x1l), i32x4.dot_i16x8_s(wh, x1h)));
    if (mode == 2) { wl = v128.load(wk + rb); wh = v128.load(wk + rb, 16); } else { wl = v128.load8x8_s(wk + rb); wh = v128.load8x8_s(wk + rb, 8); }
    acc0x1 = i32x4.add(acc0x1, i32x4.add(i32x4.dot_i16x8_s(wl, x0l), i32x4.dot_i16x8_s(wh, x0h)));
    acc1x1 = i32x4.add(acc1x1, i32x4.add(i32x4.dot_i16x8_s(wl, x1l), i32x4.dot_i16x8_s(wh, x1h)));
  }
  // [row 0: w0, w1 | row 1: w0, w1] partial sums, stored for the caller's 4-row epilogue.
  v128.store(out, acc0x0); v128.store(out, acc0x1, 16); v128.store(out, acc1x0, 32); v128.store(out, acc1x1, 48);
}

// Two activation rows (x, x + kp) against all N weight rows: each weight load feeds two products.
// ws: 128 bytes of caller scratch (the widening 2x2 blocks' sums; no module state).
@inline function rows2(N: i32, kp: i32, x: usize, p: usize, w: usize, rowsum: usize, wscale: usize, yp: usize, ldy: i32, bias: usize, accumulate: i32, mode: i32, ws: usize): void {
  const s0 = load<f32>(p), z0 = load<i32>(p, 4);
  const s1 = load<f32>(p, 8), z1 = load<i32>(p, 12);
  const kb = <usize>kp;
  const wb = wbytes(mode);
  const rb = kb * wb;
  const y1 = yp + (<usize>ldy << 2);
  let n = 0;
  for (; n + 4 <= N; n += 4) {
    const w0 = w + <usize>(n * kp) * wb;
    if (mode == 1 || mode == 3) {
      let acc0x0 = i32x4.splat(0), acc0x1 = i32x4.splat(0), acc0x2 = i32x4.splat(0), acc0x3 = i32x4.splat(0);
      let acc1x0 = i32x4.splat(0), acc1x1 = i32x4.splat(0), acc1x2 = i32x4.splat(0), acc1x3 = i32x4.splat(0);
      for (let k: usize = 0; k < kb; k += 16) {
        const x0 = x + k, x1 = x + kb + k;
        const wk = w0 + k;
        acc0x0 = dot16(wk, x0, acc0x0, mode);
        acc1x0 = dot16(wk, x1, acc1x0, mode);
        acc0x1 = dot16(wk + kb, x0, acc0x1, mode);
        acc1x1 = dot16(wk + kb, x1, acc1x1, mode);
        acc0x2 = dot16(wk + 2 * kb, x0, acc0x2, mode);
        acc1x2 = dot16(wk + 2 * kb, x1, acc1x2, mode);
        acc0x3 = dot16(wk + 3 * kb, x0, acc0x3, mode);
        acc1x3 = dot16(wk + 3 * kb, x1, acc1x3, mode);
      }
      finish4(hsum4(acc0x0, acc0x1, acc0x2, acc0x3), z0, s0, rowsum, wscale, bias, n, yp, accumulate);
      finish4(hsum4(acc1x0, acc1x1, acc1x2, acc1x3), z1, s1, rowsum, wscale, bias, n, y1, accumulate);
    } else {
      // Two 2x2 blocks (weight rows n, n+1 then n+2, n+3): with all four rows in one loop, the
      // widened operands and eight accumulators made Node 20's V8 spill inside the loop.
      block2x2_widen(kb, x, w0, rb, mode, ws);
      block2x2_widen(kb, x, w0 + 2 * rb, rb, mode, ws + 64);
      finish4(hsum4(v128.load(ws), v128.load(ws, 16), v128.load(ws, 64), v128.load(ws, 80)), z0, s0, rowsum, wscale, bias, n, yp, accumulate);
      finish4(hsum4(v128.load(ws, 32), v128.load(ws, 48), v128.load(ws, 96), v128.load(ws, 112)), z1, s1, rowsum, wscale, bias, n, y1, accumulate);
    }
  }
  for (; n < N; n++) {
    const w0 = w + <usize>(n * kp) * wb;
    let acc0 = i32x4.splat(0), acc1 = i32x4.splat(0);
    for (let k: usize = 0; k < kb; k += 16) {
      acc0 = dot16(w0 + k * wb, x + k, acc0, mode);
      acc1 = dot16(w0 + k * wb, x + kb + k, acc1, mode);
    }
    finish(hsum1(acc0), z0, s0, rowsum, wscale, bias, n, yp, accumulate);
    finish(hsum1(acc1), z1, s1, rowsum, wscale, bias, n, y1, accumulate);
  }
}

// One function per mode, so that each inlined body is compiled for a constant mode.
@inline function gemm_rows(M: i32, N: i32, kp: i32, x: usize, qp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, ldy: i32, bias: usize, accumulate: i32, mode: i32, ws: usize): void {
  let m = 0;
  for (; m + 2 <= M; m += 2) {
    rows2(N, kp, x + <usize>(m * kp), qp + (<usize>m << 3), w, rowsum, wscale, y + (<usize>(m * ldy) << 2), ldy, bias, accumulate, mode, ws);
  }
  if (m < M) row1(N, kp, x + <usize>(m * kp), qp + (<usize>m << 3), w, rowsum, wscale, y + (<usize>(m * ldy) << 2), bias, accumulate, mode);
}

function qs8_gemm_2x4_simd(M: i32, N: i32, kp: i32, x: usize, qp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, ldy: i32, bias: usize, accumulate: i32, ws: usize): void {
  gemm_rows(M, N, kp, x, qp, w, rowsum, wscale, y, ldy, bias, accumulate, 0, ws);
}

function qs8_gemm_2x4_i16_simd(M: i32, N: i32, kp: i32, x: usize, qp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, ldy: i32, bias: usize, accumulate: i32, ws: usize): void {
  gemm_rows(M, N, kp, x, qp, w, rowsum, wscale, y, ldy, bias, accumulate, 2, ws);
}

function qs8_gemm_2x4_relaxed(M: i32, N: i32, kp: i32, x: usize, qp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, ldy: i32, bias: usize, accumulate: i32): void {
  gemm_rows(M, N, kp, x, qp, w, rowsum, wscale, y, ldy, bias, accumulate, 1, 0);
}

function qs8_gemm_2x4_relaxed16(M: i32, N: i32, kp: i32, x: usize, qp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, ldy: i32, bias: usize, accumulate: i32): void {
  gemm_rows(M, N, kp, x, qp, w, rowsum, wscale, y, ldy, bias, accumulate, 3, 0);
}

function qs8_gemv_1x4_simd(N: i32, kp: i32, x: usize, qp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, bias: usize, accumulate: i32): void {
  row1(N, kp, x, qp, w, rowsum, wscale, y, bias, accumulate, 0);
}

function qs8_gemv_1x4_i16_simd(N: i32, kp: i32, x: usize, qp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, bias: usize, accumulate: i32): void {
  row1(N, kp, x, qp, w, rowsum, wscale, y, bias, accumulate, 2);
}

function qs8_gemv_1x4_relaxed(N: i32, kp: i32, x: usize, qp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, bias: usize, accumulate: i32): void {
  row1(N, kp, x, qp, w, rowsum, wscale, y, bias, accumulate, 1);
}

function qs8_gemv_1x4_relaxed16(N: i32, kp: i32, x: usize, qp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, bias: usize, accumulate: i32): void {
  row1(N, kp, x, qp, w, rowsum, wscale, y, bias, accumulate, 3);
}

// ---- exports (mode: see the top of the file; MODE_RELAXED and MODE_RELAXED16 outside the relaxed
// build run as MODE_I8)

export function qs8_gemv(N: i32, kp: i32, x: usize, qp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, bias: usize, accumulate: i32, mode: i32): void {
  if (ASC_FEATURE_SIMD) {
    if (mode == 2) qs8_gemv_1x4_i16_simd(N, kp, x, qp, w, rowsum, wscale, y, bias, accumulate);
    else if (ASC_FEATURE_RELAXED_SIMD && mode == 1) qs8_gemv_1x4_relaxed(N, kp, x, qp, w, rowsum, wscale, y, bias, accumulate);
    else if (ASC_FEATURE_RELAXED_SIMD && mode == 3) qs8_gemv_1x4_relaxed16(N, kp, x, qp, w, rowsum, wscale, y, bias, accumulate);
    else qs8_gemv_1x4_simd(N, kp, x, qp, w, rowsum, wscale, y, bias, accumulate);
  } else qs8_gemv_ref(N, kp, x, qp, w, rowsum, wscale, y, bias, accumulate, mode);
}

// ws: qs8_gemm_ws_bytes() bytes of scratch (the widening tiles' partial sums).
export function qs8_gemm(
  M: i32, N: i32, kp: i32, x: usize, qp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, ldy: i32, bias: usize, accumulate: i32, mode: i32, ws: usize,
): void {
  if (ASC_FEATURE_SIMD) {
    if (mode == 2) qs8_gemm_2x4_i16_simd(M, N, kp, x, qp, w, rowsum, wscale, y, ldy, bias, accumulate, ws);
    else if (ASC_FEATURE_RELAXED_SIMD && mode == 1) qs8_gemm_2x4_relaxed(M, N, kp, x, qp, w, rowsum, wscale, y, ldy, bias, accumulate);
    else if (ASC_FEATURE_RELAXED_SIMD && mode == 3) qs8_gemm_2x4_relaxed16(M, N, kp, x, qp, w, rowsum, wscale, y, ldy, bias, accumulate);
    else qs8_gemm_2x4_simd(M, N, kp, x, qp, w, rowsum, wscale, y, ldy, bias, accumulate, ws);
  } else qs8_gemm_ref(M, N, kp, x, qp, w, rowsum, wscale, y, ldy, bias, accumulate, mode, ws);
}

export function qs8_gemm_ws_bytes(): i32 {
  return 128;
}
