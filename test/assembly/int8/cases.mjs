// The int8 kernel checks (assembly/int8/), as plain JS so that both vitest (Node, every build) and a
// Deno process (the relaxed dot product, which Node 20 computes wrongly before tier-up) run them.
// checkInt8(env) returns a list of failure descriptions (empty = all passed).
//   env: { k (kernel exports), memory, alloc(bytes) -> offset, modes: [0, 1, 2, 3] (the kernel modes to run) }
// Oracles: the scalar _ref kernels, bit for bit (every path computes the same exact integer sums
// and the same f32 epilogue), and float64 JS of the same integer math.

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const KP = (K) => (K + 15) & ~15;

/** JS model of qs8_quantize_act for one row: [codes, scale, zero point]. */
export function quantizeActJs(x, K) {
  let mn = 0, mx = 0;
  for (let k = 0; k < K; k++) { mn = Math.min(mn, x[k]); mx = Math.max(mx, x[k]); }
  let s = Math.fround(Math.fround(mx - mn) / 127);
  if (!(s > 0) || !Number.isFinite(s)) s = 1;
  const ev = (v) => { const r = Math.round(v); return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r; }; // ties to even
  const z = Math.min(127, Math.max(0, ev(Math.fround(-mn / s))));
  const inv = Math.fround(1 / s);
  const q = new Uint8Array(KP(K));
  for (let k = 0; k < K; k++) q[k] = Math.min(127, Math.max(0, ev(Math.fround(x[k] * inv)) + z));
  return [q, s, z];
}

export function checkInt8(env) {
  const { k, memory, alloc } = env;
  const fails = [];
  const f32 = (p, n) => new Float32Array(memory.buffer, p, n);
  const u8 = (p, n) => new Uint8Array(memory.buffer, p, n);
  const i8 = (p, n) => new Int8Array(memory.buffer, p, n);
  const i32 = (p, n) => new Int32Array(memory.buffer, p, n);
  const put = (a) => { const p = alloc(Math.max(16, a.byteLength)); new Uint8Array(memory.buffer, p, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)); return p; };
  let seed = 1;

  // Activation quantization: dispatch vs _ref vs the JS model, every K across the 4- and 16-lane edges.
  for (const K of [1, 3, 4, 5, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 256]) {
    const rows = 3, lds = K + 2;
    const r = rng(seed++);
    const x = Float32Array.from({ length: rows * lds }, (_, i) => (i % lds === 1 && K > 1 ? 0 : (r() * 2 - 1) * (1 + (i % 5))));
    if (K > 2) for (let j = 0; j < K; j++) x[lds + j] = Math.abs(x[lds + j]); // row 1: all >= 0 (z = 0)
    for (let j = 0; j < K; j++) x[2 * lds + j] = 0; // row 2: all zero
    const px = put(x);
    const kp = KP(K);
    const [qa, qb] = [alloc(rows * kp), alloc(rows * kp)];
    const [pa, pb] = [alloc(rows * 8), alloc(rows * 8)];
    u8(qa, rows * kp).fill(99); u8(qb, rows * kp).fill(99);
    k.qs8_quantize_act(qa, pa, px, lds, rows, K, kp);
    k.qs8_quantize_act_ref(qb, pb, px, lds, rows, K, kp);
    const A = u8(qa, rows * kp), B = u8(qb, rows * kp);
    for (let i = 0; i < rows * kp; i++) if (A[i] !== B[i]) { fails.push(`quantize_act K=${K}: code ${i} ${A[i]} vs ref ${B[i]}`); break; }
    if (f32(pa, rows * 2).some((v, i) => i % 2 === 0 && v !== f32(pb, rows * 2)[i]) || i32(pa, rows * 2).some((v, i) => i % 2 === 1 && v !== i32(pb, rows * 2)[i])) fails.push(`quantize_act K=${K}: params differ from ref`);
    for (let row = 0; row < rows; row++) {
      const [q, s, z] = quantizeActJs(x.subarray(row * lds, row * lds + K), K);
      const got = u8(qb + row * kp, kp);
      if (f32(pb, 2 * rows)[2 * row] !== s || i32(pb, 2 * rows)[2 * row + 1] !== z) fails.push(`quantize_act_ref K=${K} row ${row}: s,z ${f32(pb, 2 * rows)[2 * row]},${i32(pb, 2 * rows)[2 * row + 1]} vs JS ${s},${z}`);
      for (let j = 0; j < kp; j++) if (got[j] !== q[j]) { fails.push(`quantize_act_ref K=${K} row ${row}: code ${j} ${got[j]} vs JS ${q[j]}`); break; }
      // Round trip within half a step.
      for (let j = 0; j < K; j++) {
        const back = s * (got[j] - z);
        if (Math.abs(back - x[row * lds + j]) > s * 0.5001) { fails.push(`quantize_act K=${K}: |dequant - x| > s/2 at ${j}`); break; }
      }
    }
  }

  // Rows the SIMD min/max (pmin/pmax, NaN tracked apart) must treat exactly as the scalar pass:
  // a NaN in the vector body or in the tail, signed zeros only, -0 beside positives or negatives,
  // infinities. Codes and params byte for byte against _ref.
  for (const K of [3, 5, 8, 12, 17, 40]) {
    const rows = [
      Float32Array.from({ length: K }, (_, j) => (j === 0 ? NaN : j - 2)),
      Float32Array.from({ length: K }, (_, j) => (j === K - 1 ? NaN : 1.5 - j)),
      new Float32Array(K).fill(-0),
      Float32Array.from({ length: K }, (_, j) => (j % 2 ? -0 : 0.25 * j)),
      Float32Array.from({ length: K }, (_, j) => (j % 2 ? -0 : -0.25 * j)),
      Float32Array.from({ length: K }, (_, j) => (j === 1 ? Infinity : j)),
      Float32Array.from({ length: K }, (_, j) => (j === 2 ? -Infinity : -j)),
    ];
    const n = rows.length, kp = KP(K);
    const x = new Float32Array(n * K);
    rows.forEach((r, i) => x.set(r, i * K));
    const px = put(x);
    const [qa, qb, pa, pb] = [alloc(n * kp), alloc(n * kp), alloc(n * 8), alloc(n * 8)];
    k.qs8_quantize_act(qa, pa, px, K, n, K, kp);
    k.qs8_quantize_act_ref(qb, pb, px, K, n, K, kp);
    const same = (a, b, bytes) => u8(a, bytes).every((v, i) => v === u8(b, bytes)[i]);
    for (let i = 0; i < n; i++) {
      if (!same(qa + i * kp, qb + i * kp, kp) || !same(pa + i * 8, pb + i * 8, 8)) fails.push(`quantize_act special row ${i} K=${K}: differs from _ref`);
    }
  }

  // GEMV/GEMM: every path vs _ref bit for bit, and _ref vs float64 of the integer math.
  const modes = env.modes ?? [0, 1, 2, 3];
  for (const M of [1, 2, 3, 5]) {
    for (const N of [1, 3, 4, 5, 8, 9, 13]) {
      for (const kp of [16, 32, 48, 80]) {
        for (const [bias, acc] of [[false, false], [true, true]]) {
          const r = rng(seed++);
          const ldy = N + 3;
          const w = Int8Array.from({ length: N * kp }, () => Math.round(r() * 254) - 127);
          const xq = Uint8Array.from({ length: M * kp }, () => Math.floor(r() * 128));
          if (M > 1) xq.fill(127, kp, 2 * kp); // a row at the top of the range
          const rs = Int32Array.from({ length: N }, (_, n) => w.subarray(n * kp, (n + 1) * kp).reduce((a, b) => a + b, 0));
          const ws = Float32Array.from({ length: N }, () => r() * 0.02 + 1e-4);
          const qp = new ArrayBuffer(M * 8);
          const qpf = new Float32Array(qp), qpi = new Int32Array(qp);
          for (let m = 0; m < M; m++) { qpf[2 * m] = r() * 0.05 + 1e-3; qpi[2 * m + 1] = Math.floor(r() * 128); }
          const b = Float32Array.from({ length: N }, () => r() * 2 - 1);
          const y0 = Float32Array.from({ length: M * ldy }, (_, i) => (i % ldy >= N ? 12345.5 : r() * 2 - 1));
          const pw = put(w), px = put(xq), prs = put(rs), pws = put(ws), pq = put(new Uint8Array(qp)), pb = bias ? put(b) : 0;
          const pr = put(y0);
          k.qs8_gemm_ref(M, N, kp, px, pq, pw, prs, pws, pr, ldy, pb, acc ? 1 : 0, 0, 0);
          const ref = f32(pr, M * ldy).slice();
          const tag = `M=${M} N=${N} kp=${kp} bias=${bias} acc=${acc}`;
          for (let m = 0; m < M; m++) {
            for (let n = 0; n < N; n++) {
              let s = 0;
              for (let j = 0; j < kp; j++) s += w[n * kp + j] * xq[m * kp + j];
              const want = (s - qpi[2 * m + 1] * rs[n]) * qpf[2 * m] * ws[n] + (bias ? b[n] : 0) + (acc ? y0[m * ldy + n] : 0);
              if (Math.abs(ref[m * ldy + n] - want) > 1e-5 * (1 + Math.abs(want))) { fails.push(`gemm_ref ${tag}: (${m},${n}) ${ref[m * ldy + n]} vs float64 ${want}`); break; }
            }
            for (let n = N; n < ldy; n++) if (ref[m * ldy + n] !== 12345.5) fails.push(`gemm_ref ${tag}: wrote past column N`);
          }
          // Mode 2 reads the same codes as i16.
          const pw16 = put(Int16Array.from(w));
          const wOf = (mode) => (mode === 2 ? pw16 : pw);
          const scratch = alloc(k.qs8_gemm_ws_bytes());
          const runs = [];
          for (const f of modes) runs.push([`qs8_gemm mode=${f}`, (py) => k.qs8_gemm(M, N, kp, px, pq, wOf(f), prs, pws, py, ldy, pb, acc ? 1 : 0, f, scratch)]);
          runs.push(['qs8_gemm_ref mode=2', (py) => k.qs8_gemm_ref(M, N, kp, px, pq, pw16, prs, pws, py, ldy, pb, acc ? 1 : 0, 2, 0)]);
          if (M === 1) {
            const pv = put(y0.subarray(0, N));
            k.qs8_gemv_ref(N, kp, px, pq, pw, prs, pws, pv, pb, acc ? 1 : 0, 0);
            if (f32(pv, N).some((v, n) => v !== ref[n])) fails.push(`gemv_ref ${tag}: differs from gemm_ref`);
            for (const f of modes) {
              const name = `qs8_gemv mode=${f}`;
              const py = put(y0.subarray(0, N));
              k.qs8_gemv(N, kp, px, pq, wOf(f), prs, pws, py, pb, acc ? 1 : 0, f);
              const got = f32(py, N);
              for (let n = 0; n < N; n++) if (got[n] !== ref[n]) { fails.push(`${name} ${tag}: (0,${n}) ${got[n]} vs ref ${ref[n]}`); break; }
            }
          }
          for (const [name, run] of runs) {
            const py = put(y0);
            run(py);
            const got = f32(py, M * ldy);
            for (let i = 0; i < M * ldy; i++) if (got[i] !== ref[i]) { fails.push(`${name} ${tag}: [${i}] ${got[i]} vs ref ${ref[i]}`); break; }
          }
        }
      }
    }
  }
  return fails;
}

/** Weight quantization vs a JS oracle (the caller passes src/io/quantize.ts quantizeRows). */
export function checkWeights(env, quantizeRows) {
  const { k, memory, alloc } = env;
  const fails = [];
  for (const [N, K] of [[1, 1], [3, 5], [4, 16], [5, 17], [8, 33], [7, 100]]) {
    for (const perTensor of [0, 1]) {
      const r = rng(N * 100 + K);
      const w = Float32Array.from({ length: N * K }, (_, i) => (r() * 2 - 1) * (1 + (i % 7)));
      if (N > 2) w.fill(0, 2 * K, 3 * K); // an all-zero row: scale 0, codes 0
      const kp = KP(K);
      const pw = alloc(N * K * 4);
      new Float32Array(memory.buffer, pw, N * K).set(w);
      const q = alloc(N * kp), sc = alloc(N * 4), rs = alloc(N * 4);
      new Int8Array(memory.buffer, q, N * kp).fill(55);
      k.qs8_quantize_weights(q, sc, rs, pw, N, K, kp, perTensor);
      const qr = alloc(N * kp), scr = alloc(N * 4), rsr = alloc(N * 4);
      k.qs8_quantize_weights_ref(qr, scr, rsr, pw, N, K, kp, perTensor);
      const same = (a, b, n, T) => { const x = new T(memory.buffer, a, n), y = new T(memory.buffer, b, n); return x.every((v, i) => v === y[i]); };
      if (!same(q, qr, N * kp, Int8Array) || !same(sc, scr, N, Float32Array) || !same(rs, rsr, N, Int32Array)) fails.push(`weights ${N}x${K} perTensor=${perTensor}: differs from qs8_quantize_weights_ref`);
      let want;
      if (perTensor) {
        // One scale: the row-wise oracle over a matrix whose every row carries the global max.
        const m = w.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
        const s = Math.fround(m / 127);
        want = { q: Int8Array.from(w, (v) => (s === 0 ? 0 : Math.max(-127, Math.min(127, Math.round(v / s))))), scale: new Float32Array(N).fill(s) };
      } else want = quantizeRows(w, N, K);
      const gq = new Int8Array(memory.buffer, q, N * kp), gs = new Float32Array(memory.buffer, sc, N), gr = new Int32Array(memory.buffer, rs, N);
      for (let n = 0; n < N; n++) {
        if (gs[n] !== want.scale[n]) fails.push(`weights ${N}x${K} perTensor=${perTensor}: scale ${n} ${gs[n]} vs ${want.scale[n]}`);
        let sum = 0;
        for (let j = 0; j < kp; j++) {
          const v = j < K ? want.q[n * K + j] : 0;
          sum += v;
          if (gq[n * kp + j] !== v) { fails.push(`weights ${N}x${K} perTensor=${perTensor}: code (${n},${j}) ${gq[n * kp + j]} vs ${v}`); break; }
        }
        if (gr[n] !== sum) fails.push(`weights ${N}x${K}: rowsum ${n} ${gr[n]} vs ${sum}`);
      }
    }
  }
  return fails;
}
