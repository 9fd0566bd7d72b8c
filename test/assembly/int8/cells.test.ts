// The int8 path's fused cell steps (assembly/int8/cells.ts) and its whole-sequence scan
// (assembly/int8/sequence.ts), in every build, bit for bit against what they replace: each fused step
// against the float gate kernel followed by qs8_quantize_act (and each _ref against the _ref pair),
// at H below, at and above the 4- and 16-lane edges, with an inactive (padded) row; the scan against
// the per-step kernel calls the host made before (src/nn/quantized/scan.ts), every cell kind, B = 1
// (the GEMV) and B = 3 (the GEMM), every product mode this engine may run.
import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/index.js';
import { relaxedDotTrusted } from '../../../src/nn/quantized/kernels.js';
import { ISAS, randomArray, runtimeFor } from '../../helpers.js';

type K = Runtime['k'];
const kpOf = (H: number) => (H + 15) & ~15;

/** Byte-for-byte equality of two regions of wasm memory (floats compared as bits, NaN included). */
function sameBytes(rt: Runtime, a: number, b: number, n: number): boolean {
  const x = new Uint8Array(rt.memory.buffer, a, n), y = new Uint8Array(rt.memory.buffer, b, n);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** n floats in the step arena (random in [-scale, scale), or the given data). */
function floats(rt: Runtime, n: number, seed: number, scale = 1): number {
  const p = rt.step.alloc(Math.max(16, n * 4));
  rt.f32(p, n).set(randomArray(n, seed, scale));
  return p;
}

function copyOf(rt: Runtime, src: number, bytes: number): number {
  const p = rt.step.alloc(Math.max(16, bytes));
  new Uint8Array(rt.memory.buffer, p, bytes).set(new Uint8Array(rt.memory.buffer, src, bytes));
  return p;
}

// One cell kind: its fused kernel, the float kernel it wraps, the gate rows, and the argument list
// (p: the buffers of one run; q, qp: the codes it writes, or 0).
interface Bufs { h: number; c: number; g: number; gh: number; hp: number; cp: number; pI: number; pF: number; pO: number; lens: number }
interface Case {
  name: string;
  G: number;
  flags: number[];
  fused: (k: K, ref: boolean, p: Bufs, s: number, B: number, H: number, flag: number, q: number, qp: number, kp: number) => void;
  plain: (k: K, ref: boolean, p: Bufs, s: number, B: number, H: number, flag: number) => void;
  /** The vector the step quantizes (h, or rh for the reset-before gate half). */
  out: (p: Bufs) => number;
}
const CASES: Case[] = [
  {
    name: 'lstm', G: 4, flags: [0, 1],
    fused: (k, r, p, s, B, H, f, q, qp, kp) => (r ? k.qs8_lstm_fwd_ref : k.qs8_lstm_fwd)(p.h, p.c, p.g, p.hp, p.cp, p.lens, s, B, H, f, q, qp, kp),
    plain: (k, r, p, s, B, H, f) => (r ? k.f32_lstm_fwd_ref : k.f32_lstm_fwd)(p.h, p.c, p.g, p.hp, p.cp, p.lens, s, B, H, f),
    out: (p) => p.h,
  },
  {
    name: 'lstm_peephole', G: 4, flags: [0],
    fused: (k, r, p, s, B, H, _f, q, qp, kp) => (r ? k.qs8_lstm_peephole_fwd_ref : k.qs8_lstm_peephole_fwd)(p.h, p.c, p.g, p.hp, p.cp, p.pI, p.pF, p.pO, p.lens, s, B, H, q, qp, kp),
    plain: (k, r, p, s, B, H) => (r ? k.f32_lstm_peephole_fwd_ref : k.f32_lstm_peephole_fwd)(p.h, p.c, p.g, p.hp, p.cp, p.pI, p.pF, p.pO, p.lens, s, B, H),
    out: (p) => p.h,
  },
  {
    name: 'gru', G: 3, flags: [0, 1],
    fused: (k, r, p, s, B, H, f, q, qp, kp) => (r ? k.qs8_gru_fwd_ref : k.qs8_gru_fwd)(p.h, p.g, p.gh, p.hp, p.lens, s, B, H, f, q, qp, kp),
    plain: (k, r, p, s, B, H, f) => (r ? k.f32_gru_fwd_ref : k.f32_gru_fwd)(p.h, p.g, p.gh, p.hp, p.lens, s, B, H, f),
    out: (p) => p.h,
  },
  {
    name: 'gru_rb gates (r*h)', G: 3, flags: [0, 1],
    fused: (k, r, p, s, B, H, f, q, qp, kp) => (r ? k.qs8_gru_rb_gates_fwd_ref : k.qs8_gru_rb_gates_fwd)(p.c, p.g, p.gh, p.hp, p.lens, s, B, H, f, q, qp, kp),
    plain: (k, r, p, s, B, H, f) => (r ? k.f32_gru_rb_gates_fwd_ref : k.f32_gru_rb_gates_fwd)(p.c, p.g, p.gh, p.hp, p.lens, s, B, H, f),
    out: (p) => p.c, // rh lives in the c buffer here
  },
  {
    name: 'gru_rb', G: 3, flags: [0],
    fused: (k, r, p, s, B, H, _f, q, qp, kp) => (r ? k.qs8_gru_rb_fwd_ref : k.qs8_gru_rb_fwd)(p.h, p.g, p.gh, p.hp, p.lens, s, B, H, q, qp, kp),
    plain: (k, r, p, s, B, H) => (r ? k.f32_gru_rb_fwd_ref : k.f32_gru_rb_fwd)(p.h, p.g, p.gh, p.hp, p.lens, s, B, H),
    out: (p) => p.h,
  },
  {
    name: 'rnn', G: 1, flags: [0, 1], // flag: relu
    fused: (k, r, p, s, B, H, f, q, qp, kp) => (r ? k.qs8_rnn_fwd_ref : k.qs8_rnn_fwd)(p.h, p.g, p.hp, p.lens, s, B, H, f, q, qp, kp),
    plain: (k, r, p, s, B, H, f) => (r ? k.f32_rnn_fwd_ref : k.f32_rnn_fwd)(p.h, p.g, p.hp, p.lens, s, B, H, f),
    out: (p) => p.h,
  },
];

describe.each(ISAS)('int8 fused cell steps (%s)', (isa) => {
  it('each fused step = the float kernel then qs8_quantize_act, bit for bit; each _ref = the _ref pair; hq = 0 writes no codes', async () => {
    const rt = await runtimeFor(isa);
    const k = rt.k;
    const fails: string[] = [];
    let seed = 100;
    for (const c of CASES) {
      for (const B of [1, 3]) {
        for (const H of [1, 3, 4, 5, 15, 16, 17, 33, 64]) {
          for (const flag of c.flags) {
            for (const ref of [false, true]) {
              rt.resetStep();
              const G = c.G * H, kp = kpOf(H), s = 2;
              // Row 1 of 3 is padding at step s (lens 1 <= s): it carries hPrev/cPrev.
              const lens = rt.step.alloc(16);
              rt.i32(lens, 3).set([5, 1, 3]);
              const base: Bufs = {
                h: floats(rt, B * H, seed++), c: floats(rt, B * H, seed++), g: floats(rt, B * G, seed++, 3), gh: floats(rt, B * G, seed++, 2),
                hp: floats(rt, B * H, seed++), cp: floats(rt, B * H, seed++, 2), pI: floats(rt, H, seed++), pF: floats(rt, H, seed++), pO: floats(rt, H, seed++), lens,
              };
              const bytes: Record<keyof Bufs, number> = { h: B * H * 4, c: B * H * 4, g: B * G * 4, gh: B * G * 4, hp: B * H * 4, cp: B * H * 4, pI: H * 4, pF: H * 4, pO: H * 4, lens: 12 };
              const clone = (): Bufs => {
                const o = {} as Bufs;
                for (const key of Object.keys(bytes) as (keyof Bufs)[]) o[key] = copyOf(rt, base[key], bytes[key]);
                return o;
              };
              const a = clone(), b = clone(), z = clone();
              const qa = rt.step.alloc(B * kp), qpa = rt.step.alloc(B * 8), qb = rt.step.alloc(B * kp), qpb = rt.step.alloc(B * 8);
              const sentinel = rt.step.alloc(B * kp);
              for (const p of [qa, qb, sentinel]) new Uint8Array(rt.memory.buffer, p, B * kp).fill(200);
              c.fused(k, ref, a, s, B, H, flag, qa, qpa, kp);
              c.plain(k, ref, b, s, B, H, flag);
              (ref ? k.qs8_quantize_act_ref : k.qs8_quantize_act)(qb, qpb, c.out(b), H, B, H, kp);
              c.fused(k, ref, z, s, B, H, flag, 0, 0, kp);
              const tag = `${c.name}${ref ? '_ref' : ''} B=${B} H=${H} flag=${flag}`;
              for (const key of ['h', 'c', 'g'] as const) {
                if (!sameBytes(rt, a[key], b[key], bytes[key])) fails.push(`${tag}: ${key} differs from the unfused kernel`);
                if (!sameBytes(rt, z[key], b[key], bytes[key])) fails.push(`${tag}: ${key} (hq = 0) differs from the unfused kernel`);
              }
              if (!sameBytes(rt, qa, qb, B * kp)) fails.push(`${tag}: codes differ from qs8_quantize_act`);
              if (!sameBytes(rt, qpa, qpb, B * 8)) fails.push(`${tag}: scale/zero point differ from qs8_quantize_act`);
              // The codes cover the whole range of the row (not a vacuous all-zero comparison).
              if (H >= 16 && Math.max(...new Uint8Array(rt.memory.buffer, qa, H)) < 100) fails.push(`${tag}: codes do not span the 7-bit range`);
            }
          }
        }
      }
    }
    expect(fails).toEqual([]);
  });
});

// The former host loop (src/nn/quantized/scan.ts before qs8_sequence_fwd), with the same kernels.
const KINDS = [
  { kind: 0, name: 'lstm', G: 4 }, { kind: 1, name: 'lstm_peephole', G: 4 }, { kind: 2, name: 'gru', G: 3 },
  { kind: 3, name: 'gru_rb', G: 3 }, { kind: 4, name: 'rnn_tanh', G: 1 }, { kind: 5, name: 'rnn_relu', G: 1 },
];
interface ScanBufs { hs: number; cs: number; gx: number; gh: number; rh: number; hq: number; hqp: number; rq: number; rqp: number }

function perStepLoop(
  k: K, ref: boolean, kind: number, hard: number, B: number, T: number, H: number, kp: number, mode: number, p: ScanBufs,
  w: number, rowsum: number, scale: number, bH: number, pI: number, pF: number, pO: number, lens: number, ws: number,
): void {
  const G = KINDS[kind].G * H;
  const wb = mode === 2 ? 2 : 1;
  const product = (x: number, xp: number, y: number, bias: number, acc: number, row0: number, rows: number) => {
    const wr = w + row0 * kp * wb, rs = rowsum + row0 * 4, sc = scale + row0 * 4;
    if (B === 1) (ref ? k.qs8_gemv_ref : k.qs8_gemv)(rows, kp, x, xp, wr, rs, sc, y, bias, acc, mode);
    else if (ref) k.qs8_gemm_ref(B, rows, kp, x, xp, wr, rs, sc, y, G, bias, acc, mode, ws);
    else k.qs8_gemm(B, rows, kp, x, xp, wr, rs, sc, y, G, bias, acc, mode, ws);
  };
  const quantize = ref ? k.qs8_quantize_act_ref : k.qs8_quantize_act;
  const lstm = ref ? k.f32_lstm_fwd_ref : k.f32_lstm_fwd, peephole = ref ? k.f32_lstm_peephole_fwd_ref : k.f32_lstm_peephole_fwd;
  const gru = ref ? k.f32_gru_fwd_ref : k.f32_gru_fwd, rnn = ref ? k.f32_rnn_fwd_ref : k.f32_rnn_fwd;
  const rbGates = ref ? k.f32_gru_rb_gates_fwd_ref : k.f32_gru_rb_gates_fwd, rbOut = ref ? k.f32_gru_rb_fwd_ref : k.f32_gru_rb_fwd;
  const BH4 = B * H * 4, BG4 = B * G * 4;
  quantize(p.hq, p.hqp, p.hs, H, B, H, kp);
  for (let s = 0; s < T; s++) {
    const hPrev = p.hs + s * BH4, hNew = hPrev + BH4, g = p.gx + s * BG4;
    if (kind === 2) {
      product(p.hq, p.hqp, p.gh, bH, 0, 0, G);
      gru(hNew, g, p.gh, hPrev, lens, s, B, H, hard);
    } else if (kind === 3) {
      product(p.hq, p.hqp, p.gh, bH, 0, 0, 2 * H);
      rbGates(p.rh, g, p.gh, hPrev, lens, s, B, H, hard);
      quantize(p.rq, p.rqp, p.rh, H, B, H, kp);
      product(p.rq, p.rqp, p.gh + 2 * H * 4, bH ? bH + 2 * H * 4 : 0, 0, 2 * H, H);
      rbOut(hNew, g, p.gh, hPrev, lens, s, B, H);
    } else {
      product(p.hq, p.hqp, g, 0, 1, 0, G);
      const cPrev = p.cs + s * BH4;
      if (kind === 0) lstm(hNew, cPrev + BH4, g, hPrev, cPrev, lens, s, B, H, hard);
      else if (kind === 1) peephole(hNew, cPrev + BH4, g, hPrev, cPrev, pI, pF, pO, lens, s, B, H);
      else rnn(hNew, g, hPrev, lens, s, B, H, kind === 5 ? 1 : 0);
    }
    if (s + 1 < T) quantize(p.hq, p.hqp, hNew, H, B, H, kp);
  }
}

describe.each(ISAS)('int8 scan kernel (%s)', (isa) => {
  it('qs8_sequence_fwd = the per-step kernel calls it replaced, bit for bit (every cell kind, B = 1 and 3, lengths, every mode)', async () => {
    const rt = await runtimeFor(isa);
    const k = rt.k;
    const modes = isa === 'relaxed' && !relaxedDotTrusted() ? [0, 2, 3] : [0, 1, 2, 3];
    const fails: string[] = [];
    let seed = 900;
    for (const { kind, name, G: g } of KINDS) {
      for (const [B, H] of [[1, 20], [1, 64], [3, 17]]) {
        for (const mode of modes) {
          rt.resetStep();
          const T = 6, G = g * H, kp = kpOf(H);
          const hard = kind === 0 || kind === 2 ? (seed & 1) : 0;
          // Weights: i8 codes (G, kp) zero-padded, their i16 copy for mode 2, row sums, scales.
          const codes = new Int8Array(G * kp);
          const r = randomArray(G * kp, seed++);
          for (let n = 0; n < G; n++) for (let j = 0; j < H; j++) codes[n * kp + j] = Math.round(r[n * kp + j] * 127);
          const w = rt.step.alloc(G * kp * (mode === 2 ? 2 : 1));
          if (mode === 2) new Int16Array(rt.memory.buffer, w, G * kp).set(codes);
          else new Int8Array(rt.memory.buffer, w, G * kp).set(codes);
          const rowsum = rt.step.alloc(G * 4);
          rt.i32(rowsum, G).set(Array.from({ length: G }, (_, n) => codes.subarray(n * kp, n * kp + H).reduce((a, v) => a + v, 0)));
          const scale = rt.step.alloc(G * 4);
          rt.f32(scale, G).set(randomArray(G, seed++, 0.01).map((v) => Math.abs(v) + 0.004));
          const bH = floats(rt, G, seed++, 0.5), pI = floats(rt, H, seed++), pF = floats(rt, H, seed++), pO = floats(rt, H, seed++);
          const lens = B > 1 ? rt.step.alloc(16) : 0;
          if (lens) rt.i32(lens, 3).set([T, 2, 5]);
          const ws = rt.step.alloc(k.qs8_gemm_ws_bytes());
          const gx0 = floats(rt, T * B * G, seed++, 2);
          const hs0 = floats(rt, (T + 1) * B * H, seed++, 0.8);
          const cs0 = floats(rt, (T + 1) * B * H, seed++, 0.8);
          const bufs = (): ScanBufs => ({
            hs: copyOf(rt, hs0, (T + 1) * B * H * 4), cs: copyOf(rt, cs0, (T + 1) * B * H * 4), gx: copyOf(rt, gx0, T * B * G * 4),
            gh: rt.step.alloc(B * G * 4), rh: rt.step.alloc(B * H * 4), hq: rt.step.alloc(B * kp), hqp: rt.step.alloc(B * 8), rq: rt.step.alloc(B * kp), rqp: rt.step.alloc(B * 8),
          });
          const a = bufs(), b = bufs();
          const useBh = kind === 2 || kind === 3 ? bH : 0;
          k.qs8_sequence_fwd(kind, hard, B, T, H, kp, mode, a.hs, a.cs, a.gx, a.gh, a.rh, a.hq, a.hqp, a.rq, a.rqp, w, rowsum, scale, useBh, pI, pF, pO, lens, ws);
          perStepLoop(k, false, kind, hard, B, T, H, kp, mode, b, w, rowsum, scale, useBh, pI, pF, pO, lens, ws);
          const tag = `${name} B=${B} H=${H} mode=${mode}`;
          if (!sameBytes(rt, a.hs, b.hs, (T + 1) * B * H * 4)) fails.push(`${tag}: h differs from the per-step calls`);
          if (!sameBytes(rt, a.cs, b.cs, (T + 1) * B * H * 4)) fails.push(`${tag}: c differs from the per-step calls`);
          if (!sameBytes(rt, a.gx, b.gx, T * B * G * 4)) fails.push(`${tag}: gate activations differ from the per-step calls`);
          // The last h moved away from h0 (the loop ran) and stayed finite.
          const last = rt.f32(a.hs + T * B * H * 4, B * H);
          if (!last.every(Number.isFinite) || last.every((v, i) => v === rt.f32(hs0, B * H)[i])) fails.push(`${tag}: the scan did not run`);
          // _ref: the same loop over the _ref kernels (in the scalar build, the same path as above).
          const c = bufs(), d = bufs();
          k.qs8_sequence_fwd_ref(kind, hard, B, T, H, kp, mode, c.hs, c.cs, c.gx, c.gh, c.rh, c.hq, c.hqp, c.rq, c.rqp, w, rowsum, scale, useBh, pI, pF, pO, lens, ws);
          perStepLoop(k, true, kind, hard, B, T, H, kp, mode, d, w, rowsum, scale, useBh, pI, pF, pO, lens, ws);
          if (!sameBytes(rt, c.hs, d.hs, (T + 1) * B * H * 4) || !sameBytes(rt, c.cs, d.cs, (T + 1) * B * H * 4)) fails.push(`${tag}: qs8_sequence_fwd_ref differs from the per-step _ref calls`);
          if (isa === 'none' && !sameBytes(rt, a.hs, c.hs, (T + 1) * B * H * 4)) fails.push(`${tag}: scalar build: qs8_sequence_fwd differs from its _ref`);
        }
      }
    }
    expect(fails).toEqual([]);
  });
});
