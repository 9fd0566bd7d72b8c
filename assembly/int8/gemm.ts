// int8 GEMV (one activation row, the B = 1 recurrent step) and GEMM (B > 1, the input projection):
//   y (M, N) = dequant(xq (M, kp) · wq (N, kp)ᵀ) [+ bias] [+ y]
// over the codes of quantize.ts: wq symmetric i8 (zero-padded to kp, a multiple of 16), xq u7 with
// qp (M, 2) = [scale f32, zero point i32] per row. Per element, in this order in every build:
//   acc = Σ_k wq[n,k]·xq[m,k] (exact i32),  y = f32(acc - z_m·rowsum_n) · (s_m · sw_n) [+ bias_n] [+ y_old]
// so the scalar, SIMD and relaxed-SIMD builds give bit-identical results (the integer sums are exact).
// Three instruction paths:
//   _ref      scalar, every build (the oracle; the scalar build's only path)
//   widen     plain SIMD: i8 → i16, i32x4.dot_i16x8_s (SIMD and relaxed builds)
//   relaxed   i32x4.relaxed_dot_i8x16_i7x16_add_s, 16 products a call (relaxed build only); exact
//             because the second operand (the activation codes) is in [0, 127] on every engine.
// `qs8_gemv`/`qs8_gemm` take a `relaxed` flag: 0 runs the widening path even in the relaxed build,
// where the engine's relaxed dot cannot be trusted (Node 20's V8 computes it wrongly before
// tier-up; see src/nn/quantized/kernels.ts).
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

// `relaxed` is ignored (the twins share their argument list).
export function qs8_gemm_ref(
  M: i32, N: i32, kp: i32, x: usize, qp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, ldy: i32, bias: usize, accumulate: i32, relaxed: i32,
): void {
  for (let m = 0; m < M; m++) {
    const xr = x + <usize>(m * kp);
    const s = load<f32>(qp + (<usize>m << 3));
    const z = load<i32>(qp + (<usize>m << 3), 4);
    const yp = y + (<usize>(m * ldy) << 2);
    for (let n = 0; n < N; n++) {
      const wr = w + <usize>(n * kp);
      let acc = 0;
      for (let k = 0; k < kp; k++) acc += <i32>load<i8>(wr + k) * <i32>load<u8>(xr + k);
      finish(acc, z, s, rowsum, wscale, bias, n, yp, accumulate);
    }
  }
}

export function qs8_gemv_ref(N: i32, kp: i32, x: usize, qp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, bias: usize, accumulate: i32, relaxed: i32): void {
  qs8_gemm_ref(1, N, kp, x, qp, w, rowsum, wscale, y, N, bias, accumulate, relaxed);
}

// ---- SIMD (only referenced from ASC_FEATURE_SIMD branches)

// acc + the 16 products of the codes at w and x, summed into 4 lanes. `relaxed` is a constant at
// every call site. Widening: v128.load8x8_s/_u extend while loading (pmovsxbw/pmovzxbw from memory
// on x86), so the weights need no in-register extend of the high half (Node 20: 31 -> ~12 µs at
// 1024x256 against in-register extend_low/extend_high).
@inline function dot16(w: usize, x: usize, acc: v128, relaxed: bool): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    if (relaxed) return i32x4.relaxed_dot_i8x16_i7x16_add_s(v128.load(w), v128.load(x), acc);
  }
  acc = i32x4.add(acc, i32x4.dot_i16x8_s(v128.load8x8_s(w), v128.load8x8_u(x)));
  return i32x4.add(acc, i32x4.dot_i16x8_s(v128.load8x8_s(w, 8), v128.load8x8_u(x, 8)));
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
    acc0x0 = dot16(wk, xk, acc0x0, true);
    acc0x1 = dot16(wk + kb, xk, acc0x1, true);
    acc0x2 = dot16(wk + 2 * kb, xk, acc0x2, true);
    acc0x3 = dot16(wk + 3 * kb, xk, acc0x3, true);
    odd0x0 = dot16(wk + 16, xk + 16, odd0x0, true);
    odd0x1 = dot16(wk + kb + 16, xk + 16, odd0x1, true);
    odd0x2 = dot16(wk + 2 * kb + 16, xk + 16, odd0x2, true);
    odd0x3 = dot16(wk + 3 * kb + 16, xk + 16, odd0x3, true);
  }
  if (k < kb) {
    const xk = x + k, wk = w0 + k;
    acc0x0 = dot16(wk, xk, acc0x0, true);
    acc0x1 = dot16(wk + kb, xk, acc0x1, true);
    acc0x2 = dot16(wk + 2 * kb, xk, acc0x2, true);
    acc0x3 = dot16(wk + 3 * kb, xk, acc0x3, true);
  }
  return hsum4(i32x4.add(acc0x0, odd0x0), i32x4.add(acc0x1, odd0x1), i32x4.add(acc0x2, odd0x2), i32x4.add(acc0x3, odd0x3));
}

// Widening: one accumulator per row (the adds are not latency-bound, and eight accumulators
// with the widened operands spilled to the stack on Node 20's V8).
@inline function sums4_widen(kb: usize, x: usize, w0: usize): v128 {
  let acc0x0 = i32x4.splat(0), acc0x1 = i32x4.splat(0), acc0x2 = i32x4.splat(0), acc0x3 = i32x4.splat(0);
  let k: usize = 0;
  // 32 bytes of k a trip: half the loop overhead (V8 checks the stack on every back edge).
  for (; k + 32 <= kb; k += 32) {
    const xk = x + k, wk = w0 + k;
    acc0x0 = dot16(wk + 16, xk + 16, dot16(wk, xk, acc0x0, false), false);
    acc0x1 = dot16(wk + kb + 16, xk + 16, dot16(wk + kb, xk, acc0x1, false), false);
    acc0x2 = dot16(wk + 2 * kb + 16, xk + 16, dot16(wk + 2 * kb, xk, acc0x2, false), false);
    acc0x3 = dot16(wk + 3 * kb + 16, xk + 16, dot16(wk + 3 * kb, xk, acc0x3, false), false);
  }
  for (; k < kb; k += 16) {
    const xk = x + k, wk = w0 + k;
    acc0x0 = dot16(wk, xk, acc0x0, false);
    acc0x1 = dot16(wk + kb, xk, acc0x1, false);
    acc0x2 = dot16(wk + 2 * kb, xk, acc0x2, false);
    acc0x3 = dot16(wk + 3 * kb, xk, acc0x3, false);
  }
  return hsum4(acc0x0, acc0x1, acc0x2, acc0x3);
}

// One activation row (codes x, params at p) against all N weight rows.
@inline function row1(N: i32, kp: i32, x: usize, p: usize, w: usize, rowsum: usize, wscale: usize, yp: usize, bias: usize, accumulate: i32, relaxed: bool): void {
  const s = load<f32>(p);
  const z = load<i32>(p, 4);
  const kb = <usize>kp;
  let n = 0;
  for (; n + 4 <= N; n += 4) {
    const w0 = w + <usize>(n * kp);
    finish4(relaxed ? sums4_relaxed(kb, x, w0) : sums4_widen(kb, x, w0), z, s, rowsum, wscale, bias, n, yp, accumulate);
  }
  for (; n < N; n++) {
    const w0 = w + <usize>(n * kp);
    let acc = i32x4.splat(0);
    for (let k: usize = 0; k < kb; k += 16) acc = dot16(w0 + k, x + k, acc, relaxed);
    finish(hsum1(acc), z, s, rowsum, wscale, bias, n, yp, accumulate);
  }
}

// Two activation rows (x, x + kp) against all N weight rows: each weight load feeds two products.
@inline function rows2(N: i32, kp: i32, x: usize, p: usize, w: usize, rowsum: usize, wscale: usize, yp: usize, ldy: i32, bias: usize, accumulate: i32, relaxed: bool): void {
  const s0 = load<f32>(p), z0 = load<i32>(p, 4);
  const s1 = load<f32>(p, 8), z1 = load<i32>(p, 12);
  const kb = <usize>kp;
  const y1 = yp + (<usize>ldy << 2);
  let n = 0;
  for (; n + 4 <= N; n += 4) {
    const w0 = w + <usize>(n * kp);
    let acc0x0 = i32x4.splat(0), acc0x1 = i32x4.splat(0), acc0x2 = i32x4.splat(0), acc0x3 = i32x4.splat(0);
    let acc1x0 = i32x4.splat(0), acc1x1 = i32x4.splat(0), acc1x2 = i32x4.splat(0), acc1x3 = i32x4.splat(0);
    if (relaxed) {
      for (let k: usize = 0; k < kb; k += 16) {
        const x0 = x + k, x1 = x + kb + k;
        const wk = w0 + k;
        acc0x0 = dot16(wk, x0, acc0x0, true);
        acc1x0 = dot16(wk, x1, acc1x0, true);
        acc0x1 = dot16(wk + kb, x0, acc0x1, true);
        acc1x1 = dot16(wk + kb, x1, acc1x1, true);
        acc0x2 = dot16(wk + 2 * kb, x0, acc0x2, true);
        acc1x2 = dot16(wk + 2 * kb, x1, acc1x2, true);
        acc0x3 = dot16(wk + 3 * kb, x0, acc0x3, true);
        acc1x3 = dot16(wk + 3 * kb, x1, acc1x3, true);
      }
    } else {
      // Two passes over k, two weight rows each (2x2): with all four rows in one loop, the
      // widened operands and eight accumulators made Node 20's V8 spill inside the loop.
      for (let k: usize = 0; k < kb; k += 16) {
        const x0l = v128.load8x8_u(x + k), x0h = v128.load8x8_u(x + k, 8);
        const x1l = v128.load8x8_u(x + kb + k), x1h = v128.load8x8_u(x + kb + k, 8);
        const wk = w0 + k;
        let wl = v128.load8x8_s(wk), wh = v128.load8x8_s(wk, 8);
        acc0x0 = i32x4.add(acc0x0, i32x4.add(i32x4.dot_i16x8_s(wl, x0l), i32x4.dot_i16x8_s(wh, x0h)));
        acc1x0 = i32x4.add(acc1x0, i32x4.add(i32x4.dot_i16x8_s(wl, x1l), i32x4.dot_i16x8_s(wh, x1h)));
        wl = v128.load8x8_s(wk + kb); wh = v128.load8x8_s(wk + kb, 8);
        acc0x1 = i32x4.add(acc0x1, i32x4.add(i32x4.dot_i16x8_s(wl, x0l), i32x4.dot_i16x8_s(wh, x0h)));
        acc1x1 = i32x4.add(acc1x1, i32x4.add(i32x4.dot_i16x8_s(wl, x1l), i32x4.dot_i16x8_s(wh, x1h)));
      }
      for (let k: usize = 0; k < kb; k += 16) {
        const x0l = v128.load8x8_u(x + k), x0h = v128.load8x8_u(x + k, 8);
        const x1l = v128.load8x8_u(x + kb + k), x1h = v128.load8x8_u(x + kb + k, 8);
        const wk = w0 + 2 * kb + k;
        let wl = v128.load8x8_s(wk), wh = v128.load8x8_s(wk, 8);
        acc0x2 = i32x4.add(acc0x2, i32x4.add(i32x4.dot_i16x8_s(wl, x0l), i32x4.dot_i16x8_s(wh, x0h)));
        acc1x2 = i32x4.add(acc1x2, i32x4.add(i32x4.dot_i16x8_s(wl, x1l), i32x4.dot_i16x8_s(wh, x1h)));
        wl = v128.load8x8_s(wk + kb); wh = v128.load8x8_s(wk + kb, 8);
        acc0x3 = i32x4.add(acc0x3, i32x4.add(i32x4.dot_i16x8_s(wl, x0l), i32x4.dot_i16x8_s(wh, x0h)));
        acc1x3 = i32x4.add(acc1x3, i32x4.add(i32x4.dot_i16x8_s(wl, x1l), i32x4.dot_i16x8_s(wh, x1h)));
      }
    }
    finish4(hsum4(acc0x0, acc0x1, acc0x2, acc0x3), z0, s0, rowsum, wscale, bias, n, yp, accumulate);
    finish4(hsum4(acc1x0, acc1x1, acc1x2, acc1x3), z1, s1, rowsum, wscale, bias, n, y1, accumulate);
  }
  for (; n < N; n++) {
    const w0 = w + <usize>(n * kp);
    let acc0 = i32x4.splat(0), acc1 = i32x4.splat(0);
    for (let k: usize = 0; k < kb; k += 16) {
      acc0 = dot16(w0 + k, x + k, acc0, relaxed);
      acc1 = dot16(w0 + k, x + kb + k, acc1, relaxed);
    }
    finish(hsum1(acc0), z0, s0, rowsum, wscale, bias, n, yp, accumulate);
    finish(hsum1(acc1), z1, s1, rowsum, wscale, bias, n, y1, accumulate);
  }
}

function qs8_gemm_2x4_simd(M: i32, N: i32, kp: i32, x: usize, qp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, ldy: i32, bias: usize, accumulate: i32): void {
  let m = 0;
  for (; m + 2 <= M; m += 2) {
    rows2(N, kp, x + <usize>(m * kp), qp + (<usize>m << 3), w, rowsum, wscale, y + (<usize>(m * ldy) << 2), ldy, bias, accumulate, false);
  }
  if (m < M) row1(N, kp, x + <usize>(m * kp), qp + (<usize>m << 3), w, rowsum, wscale, y + (<usize>(m * ldy) << 2), bias, accumulate, false);
}

function qs8_gemm_2x4_relaxed(M: i32, N: i32, kp: i32, x: usize, qp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, ldy: i32, bias: usize, accumulate: i32): void {
  let m = 0;
  for (; m + 2 <= M; m += 2) {
    rows2(N, kp, x + <usize>(m * kp), qp + (<usize>m << 3), w, rowsum, wscale, y + (<usize>(m * ldy) << 2), ldy, bias, accumulate, true);
  }
  if (m < M) row1(N, kp, x + <usize>(m * kp), qp + (<usize>m << 3), w, rowsum, wscale, y + (<usize>(m * ldy) << 2), bias, accumulate, true);
}

function qs8_gemv_1x4_simd(N: i32, kp: i32, x: usize, qp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, bias: usize, accumulate: i32): void {
  row1(N, kp, x, qp, w, rowsum, wscale, y, bias, accumulate, false);
}

function qs8_gemv_1x4_relaxed(N: i32, kp: i32, x: usize, qp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, bias: usize, accumulate: i32): void {
  row1(N, kp, x, qp, w, rowsum, wscale, y, bias, accumulate, true);
}

// ---- exports

// relaxed != 0: the relaxed dot product where the build has it (the relaxed build), else the
// widening path; the scalar build runs _ref. The host passes 0 where the engine's relaxed dot
// cannot be trusted (src/nn/quantized/kernels.ts). Every path gives the same result.
export function qs8_gemv(N: i32, kp: i32, x: usize, qp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, bias: usize, accumulate: i32, relaxed: i32): void {
  if (ASC_FEATURE_RELAXED_SIMD) {
    if (relaxed) { qs8_gemv_1x4_relaxed(N, kp, x, qp, w, rowsum, wscale, y, bias, accumulate); return; }
  }
  if (ASC_FEATURE_SIMD) qs8_gemv_1x4_simd(N, kp, x, qp, w, rowsum, wscale, y, bias, accumulate);
  else qs8_gemv_ref(N, kp, x, qp, w, rowsum, wscale, y, bias, accumulate, relaxed);
}

export function qs8_gemm(
  M: i32, N: i32, kp: i32, x: usize, qp: usize, w: usize, rowsum: usize, wscale: usize, y: usize, ldy: i32, bias: usize, accumulate: i32, relaxed: i32,
): void {
  if (ASC_FEATURE_RELAXED_SIMD) {
    if (relaxed) { qs8_gemm_2x4_relaxed(M, N, kp, x, qp, w, rowsum, wscale, y, ldy, bias, accumulate); return; }
  }
  if (ASC_FEATURE_SIMD) qs8_gemm_2x4_simd(M, N, kp, x, qp, w, rowsum, wscale, y, ldy, bias, accumulate);
  else qs8_gemm_ref(M, N, kp, x, qp, w, rowsum, wscale, y, ldy, bias, accumulate, relaxed);
}
