// GEMM kernels of every build against f32_gemm_ref and float64 JS math: all transposes, bias,
// accumulate, packed B and the M = 1 GEMV path, at sizes below/at/above/off the 4x8 tile.
import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/index.js';
import { ISAS, get, put, randomArray, runtimeFor } from '../../helpers.js';

interface Case {
  M: number; N: number; K: number;
  transA: boolean; transB: boolean; bias: boolean; accumulate: boolean;
  pad: number; // extra elements per row of A, B and C (sub-matrix views)
  packed?: boolean;
}

const SENTINEL = 12345.5;

// op(A)·op(B) + bias (+ C0) in float64, and the magnitude sum |a||b| + |bias| + |C0| per element.
function reference(c: Case, A: Float32Array, lda: number, B: Float32Array, ldb: number, bias: Float32Array, C0: Float32Array, ldc: number) {
  const out = new Float64Array(c.M * c.N);
  const mag = new Float64Array(c.M * c.N);
  for (let m = 0; m < c.M; m++) {
    for (let n = 0; n < c.N; n++) {
      let s = 0;
      let g = 0;
      for (let k = 0; k < c.K; k++) {
        const a = c.transA ? A[k * lda + m] : A[m * lda + k];
        const b = c.transB ? B[n * ldb + k] : B[k * ldb + n];
        s += a * b;
        g += Math.abs(a * b);
      }
      if (c.bias) { s += bias[n]; g += Math.abs(bias[n]); }
      if (c.accumulate) { s += C0[m * ldc + n]; g += Math.abs(C0[m * ldc + n]); }
      out[m * c.N + n] = s;
      mag[m * c.N + n] = g;
    }
  }
  return { out, mag };
}

let seed = 1;
// Runs one case with the dispatch kernel (or f32_pack_b + f32_gemm_packed) and with f32_gemm_ref;
// returns a description of the first failure, or '' when both match float64 within tolerance.
function check(rt: Runtime, c: Case): string {
  const { M, N, K } = c;
  const [ar, ac] = c.transA ? [K, M] : [M, K];
  const [br, bc] = c.transB ? [N, K] : [K, N];
  const lda = ac + c.pad, ldb = bc + c.pad, ldc = N + c.pad;
  const A = randomArray(ar * lda, seed++);
  const B = randomArray(br * ldb, seed++);
  const bias = randomArray(N, seed++);
  const C0 = randomArray(M * ldc, seed++);
  // Padding columns of C must survive: fill them with a sentinel.
  for (let m = 0; m < M; m++) for (let n = N; n < ldc; n++) C0[m * ldc + n] = SENTINEL;
  const pA = put(rt, A), pB = put(rt, B), pBias = c.bias ? put(rt, bias) : 0;
  const pC = put(rt, C0), pR = put(rt, C0);
  const k = rt.k;
  if (c.packed) {
    const pP = rt.step.alloc(Math.max(16, k.f32_packed_b_bytes(K, N)));
    k.f32_pack_b(pP, pB, ldb, c.transB ? 1 : 0, K, N);
    k.f32_gemm_packed(M, N, K, pA, lda, pP, pC, ldc, pBias, c.accumulate ? 1 : 0, 0, rt.gemmWs);
  } else {
    const ws = rt.step.alloc(Math.max(16, k.f32_gemm_ws_bytes(M, N, K)));
    k.f32_gemm(M, N, K, pA, lda, c.transA ? 1 : 0, pB, ldb, c.transB ? 1 : 0, pC, ldc, pBias, c.accumulate ? 1 : 0, ws);
  }
  k.f32_gemm_ref(M, N, K, pA, lda, c.transA ? 1 : 0, pB, ldb, c.transB ? 1 : 0, pR, ldc, pBias, c.accumulate ? 1 : 0);
  const got = get(rt, pC, M * ldc);
  const ref32 = get(rt, pR, M * ldc);
  rt.resetStep();
  const { out, mag } = reference(c, A, lda, B, ldb, bias, C0, ldc);
  // float32 accumulation in a different order: error grows with K and the magnitude of the terms.
  const eps = 2 ** -23;
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < ldc; n++) {
      const i = m * ldc + n;
      if (n >= N) {
        if (got[i] !== SENTINEL) return `padding C[${m},${n}] overwritten with ${got[i]}`;
        continue;
      }
      const want = out[m * N + n];
      const tol = 2 * (K + 2) * eps * mag[m * N + n] + 1e-30;
      if (!(Math.abs(got[i] - want) <= tol)) return `C[${m},${n}] = ${got[i]}, float64 says ${want} (tol ${tol})`;
      if (!(Math.abs(got[i] - ref32[i]) <= 2 * tol)) return `C[${m},${n}] = ${got[i]}, f32_gemm_ref says ${ref32[i]}`;
      if (!(Math.abs(ref32[i] - want) <= tol)) return `f32_gemm_ref C[${m},${n}] = ${ref32[i]}, float64 says ${want}`;
    }
  }
  return '';
}

const name = (c: Case) =>
  `${c.packed ? 'packed' : 'gemm'} ${c.M}x${c.N}x${c.K} ${c.transA ? 'T' : 'N'}${c.transB ? 'T' : 'N'}` +
  `${c.bias ? ' bias' : ''}${c.accumulate ? ' acc' : ''} pad=${c.pad}`;

function runAll(rt: Runtime, cases: Case[]): void {
  const failures: string[] = [];
  for (const c of cases) {
    const msg = check(rt, c);
    if (msg) failures.push(`${name(c)}: ${msg}`);
  }
  expect(failures.slice(0, 10)).toEqual([]);
}

const SIZES_M = [1, 2, 3, 4, 5, 7, 8, 9, 13, 17, 33];
const SIZES_N = [1, 3, 4, 7, 8, 9, 13, 17, 31, 33, 65];
const SIZES_K = [1, 3, 8, 13, 64, 65];

// Every size triple; flags cycle through the combinations so that each shows up with every size
// class while the grid stays small enough to run in a few seconds per build.
function grid(transA: boolean, transB: boolean, packed = false): Case[] {
  const out: Case[] = [];
  let i = 0;
  for (const M of SIZES_M) for (const N of SIZES_N) for (const K of SIZES_K) {
    out.push({ M, N, K, transA, transB, packed, bias: (i & 1) === 1, accumulate: (i & 2) === 2, pad: i % 3 === 0 ? 0 : (i % 5) + 1 });
    i++;
  }
  return out;
}

for (const isa of ISAS) {
  describe(`f32_gemm (${isa})`, () => {
    for (const [tA, tB] of [[false, false], [false, true], [true, false], [true, true]] as const) {
      it(`${tA ? 'T' : 'N'}${tB ? 'T' : 'N'} over the size grid, with bias/accumulate/strides`, async () => {
        runAll(await runtimeFor(isa), grid(tA, tB));
      });
    }

    it('bias and accumulate in every combination, on tile and off tile', async () => {
      const cases: Case[] = [];
      for (const [M, N, K] of [[4, 8, 8], [5, 9, 7], [1, 33, 17], [1, 8, 4], [33, 65, 13]]) {
        for (const bias of [false, true]) for (const accumulate of [false, true]) for (const transB of [false, true]) {
          cases.push({ M, N, K, transA: false, transB, bias, accumulate, pad: 2 });
        }
      }
      runAll(await runtimeFor(isa), cases);
    });

    it('larger shapes: 64x256x128 NN/NT/TN, a 1x320x1024 GEMV, K over the K block', async () => {
      const rt = await runtimeFor(isa);
      runAll(rt, [
        { M: 64, N: 128, K: 256, transA: false, transB: false, bias: true, accumulate: false, pad: 0 },
        { M: 64, N: 128, K: 256, transA: false, transB: true, bias: false, accumulate: true, pad: 3 },
        { M: 64, N: 128, K: 256, transA: true, transB: false, bias: false, accumulate: true, pad: 1 },
        { M: 1, N: 1024, K: 320, transA: false, transB: false, bias: true, accumulate: false, pad: 0 },
        { M: 1, N: 1024, K: 320, transA: false, transB: true, bias: true, accumulate: true, pad: 5 },
        // K past the 512-wide K block, not a multiple of it: bias/accumulate only once.
        { M: 9, N: 17, K: 600, transA: false, transB: false, bias: true, accumulate: true, pad: 2 },
        { M: 13, N: 33, K: 513, transA: true, transB: true, bias: true, accumulate: false, pad: 1 },
        { M: 6, N: 20, K: 777, transA: false, transB: false, bias: true, accumulate: true, pad: 3, packed: true },
        // M past the L2 row block (60 rows at K = 2100): a 10-row and a 3-row last block.
        { M: 70, N: 20, K: 2100, transA: false, transB: true, bias: true, accumulate: true, pad: 1 },
        { M: 63, N: 17, K: 2100, transA: true, transB: false, bias: false, accumulate: false, pad: 2, packed: false },
        { M: 70, N: 9, K: 2100, transA: false, transB: false, bias: true, accumulate: false, pad: 0, packed: true },
      ]);
    });

    it('K = 0 gives bias (+ C), and M = 0 / N = 0 touch nothing', async () => {
      const rt = await runtimeFor(isa);
      runAll(rt, [
        { M: 3, N: 9, K: 0, transA: false, transB: false, bias: true, accumulate: true, pad: 1 },
        { M: 3, N: 9, K: 0, transA: false, transB: false, bias: false, accumulate: false, pad: 1, packed: true },
        { M: 0, N: 9, K: 4, transA: false, transB: false, bias: true, accumulate: false, pad: 1 },
        { M: 3, N: 0, K: 4, transA: true, transB: true, bias: true, accumulate: false, pad: 1 },
      ]);
    });
  });

  describe(`f32_pack_b + f32_gemm_packed (${isa})`, () => {
    for (const tB of [false, true]) {
      it(`transB=${tB} over the size grid (M = 1 is the GEMV path)`, async () => {
        runAll(await runtimeFor(isa), grid(false, tB, true));
      });
    }

    it('recurrent shape: h[32,256] · W_hh^T with W_hh [1024, 256], and batch 1', async () => {
      runAll(await runtimeFor(isa), [
        { M: 32, N: 1024, K: 256, transA: false, transB: true, bias: true, accumulate: true, pad: 0, packed: true },
        { M: 1, N: 1024, K: 256, transA: false, transB: true, bias: true, accumulate: false, pad: 0, packed: true },
        { M: 1, N: 100, K: 50, transA: false, transB: true, bias: false, accumulate: true, pad: 7, packed: true },
      ]);
    });

    it('reverse block order (M = 1, as the recurrent scan uses on odd steps) gives the same bits', async () => {
      const rt = await runtimeFor(isa);
      let seed = 700;
      for (const K of [0, 1, 7, 64, 256]) {
        for (const N of [1, 7, 8, 9, 16, 23, 24, 25, 31, 40, 47, 48, 49, 100, 1024]) {
          for (const [bias, acc] of [[false, false], [true, true]]) {
            const B = randomArray(K * N, seed++), A = randomArray(Math.max(K, 1), seed++), C0 = randomArray(N + 3, seed++);
            const pB = put(rt, B), pA = put(rt, A), pBias = bias ? put(rt, randomArray(N, seed++)) : 0;
            const pP = rt.step.alloc(Math.max(16, rt.k.f32_packed_b_bytes(K, N)));
            rt.k.f32_pack_b(pP, pB, N, 0, K, N);
            const outs = [0, 1].map((rev) => {
              const pC = put(rt, C0);
              rt.k.f32_gemm_packed(1, N, K, pA, K, pP, pC, N, pBias, acc ? 1 : 0, rev, rt.gemmWs);
              return get(rt, pC, N + 3);
            });
            expect(outs[1], `K=${K} N=${N} bias=${bias}`).toEqual(outs[0]);
            for (let j = N; j < N + 3; j++) expect(outs[1][j]).toBe(C0[j]); // nothing past column N
          }
          rt.resetStep();
        }
      }
    });

    it('f32_gemv_packed_cols: any panel-aligned column set gets the whole M = 1 product\'s bits, touches nothing else, agrees with its _ref', async () => {
      // Sets as a thread of a scan split by hidden units takes them: units [u0, u1) of each of nq
      // gate blocks qs = N / nq apart; N past and off the 32/24-column blocks of the whole product.
      const rt = await runtimeFor(isa);
      let seed = 1300;
      let sets = 0;
      const bad: string[] = [];
      for (const K of [0, 1, 7, 64, 129]) {
        for (const [N, nq] of [[8, 1], [16, 2], [40, 1], [48, 3], [56, 1], [96, 4], [104, 1], [200, 1], [240, 3], [256, 1], [800, 4], [1024, 4]]) {
          const qs = N / nq;
          const B = randomArray(K * N, seed++), A = randomArray(Math.max(K, 1), seed++), C0 = randomArray(N + 3, seed++);
          const pB = put(rt, B), pA = put(rt, A);
          const pP = rt.step.alloc(Math.max(16, rt.k.f32_packed_b_bytes(K, N)));
          rt.k.f32_pack_b(pP, pB, K, 1, K, N);
          for (const [bias, acc] of [[false, true], [true, false]]) {
            const pBias = bias ? put(rt, randomArray(N, seed++)) : 0;
            const whole = put(rt, C0);
            rt.k.f32_gemm_packed(1, N, K, pA, K, pP, whole, N, pBias, acc ? 1 : 0, seed & 1, rt.gemmWs);
            const want = get(rt, whole, N + 3);
            // every 8-aligned share boundary of one block
            for (let u0 = 0; u0 < qs; u0 += 8) {
              for (const u1 of [u0 + 8, Math.min(qs, u0 + 24), qs]) {
                if (u1 <= u0) continue;
                const pC = put(rt, C0);
                rt.k.f32_gemv_packed_cols(pC, pA, pP, pBias, N, K, u0, u1, nq, qs, acc ? 1 : 0, rt.gemmWs);
                const got = get(rt, pC, N + 3);
                const pR = put(rt, C0);
                rt.k.f32_gemv_packed_cols_ref(pR, pA, pP, pBias, N, K, u0, u1, nq, qs, acc ? 1 : 0);
                const ref = get(rt, pR, N + 3);
                for (let n = 0; n < N + 3; n++) {
                  const mine = n < N && n % qs >= u0 && n % qs < u1;
                  const tol = isa === 'none' ? 0 : 2e-5 * (1 + Math.abs(ref[n])) * Math.sqrt(K + 1);
                  if (!Object.is(got[n], mine ? want[n] : C0[n]) || !(Math.abs(ref[n] - got[n]) <= tol)) {
                    bad.push(`K=${K} N=${N} nq=${nq} [${u0}, ${u1}) column ${n}: ${got[n]} (whole ${want[n]}, ref ${ref[n]})`);
                  }
                }
                sets++;
              }
            }
          }
          rt.resetStep();
        }
      }
      expect(bad.slice(0, 5)).toEqual([]);
      expect(sets).toBeGreaterThan(500);
    });

    it('f32_pack_b gives the bytes of its scalar oracle f32_pack_b_ref; f32_gemm_packed agrees with f32_gemm_packed_ref', async () => {
      const rt = await runtimeFor(isa);
      let seed = 900;
      for (const tB of [0, 1]) {
        for (const K of [1, 3, 4, 8, 13, 64, 65]) {
          for (const N of [1, 7, 8, 9, 24, 31, 32, 33, 40, 65]) {
            const ldb = (tB ? K : N) + 2;
            const B = randomArray((tB ? N : K) * ldb, seed++);
            const pB = put(rt, B);
            const bytes = Math.max(16, rt.k.f32_packed_b_bytes(K, N));
            const [p1, p2] = [rt.step.alloc(bytes), rt.step.alloc(bytes)];
            rt.k.f32_pack_b(p1, pB, ldb, tB, K, N);
            rt.k.f32_pack_b_ref(p2, pB, ldb, tB, K, N);
            expect(get(rt, p1, bytes / 4), `pack transB=${tB} K=${K} N=${N}`).toEqual(get(rt, p2, bytes / 4));
            for (const M of [1, 2, 5]) {
              const A = randomArray(M * K, seed++), C0 = randomArray(M * N, seed++), bias = put(rt, randomArray(N, seed++));
              const pA = put(rt, A);
              const [c1, c2] = [put(rt, C0), put(rt, C0)];
              rt.k.f32_gemm_packed(M, N, K, pA, K, p1, c1, N, bias, 1, M === 1 ? seed & 1 : 0, rt.gemmWs);
              rt.k.f32_gemm_packed_ref(M, N, K, pA, K, p1, c2, N, bias, 1);
              const got = get(rt, c1, M * N), want = get(rt, c2, M * N);
              if (isa === 'none') expect(got).toEqual(want);
              else for (let i = 0; i < got.length; i++) expect(Math.abs(got[i] - want[i]), `M=${M} K=${K} N=${N}`).toBeLessThan(2e-5 * (1 + Math.abs(want[i])) * Math.sqrt(K));
            }
            rt.resetStep();
          }
        }
      }
    });

    it('packs once and reuses the panels across calls', async () => {
      const rt = await runtimeFor(isa);
      const K = 5, N = 11, M = 3;
      const B = randomArray(K * N, 99);
      const pB = rt.params.alloc(B.length * 4);
      rt.f32(pB, B.length).set(B);
      const pP = rt.params.alloc(rt.k.f32_packed_b_bytes(K, N));
      rt.k.f32_pack_b(pP, pB, N, 0, K, N);
      for (let step = 0; step < 3; step++) {
        const A = randomArray(M * K, 200 + step);
        const pA = put(rt, A);
        const pC = rt.step.alloc(M * N * 4);
        rt.k.f32_gemm_packed(M, N, K, pA, K, pP, pC, N, 0, 0, step & 1, rt.gemmWs);
        const got = get(rt, pC, M * N);
        for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) {
          let s = 0;
          for (let k = 0; k < K; k++) s += A[m * K + k] * B[k * N + n];
          expect(Math.abs(got[m * N + n] - s)).toBeLessThan(1e-5);
        }
        rt.resetStep();
      }
    });
  });
}
