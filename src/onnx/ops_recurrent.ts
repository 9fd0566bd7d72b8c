// ONNX LSTM, GRU and RNN on the library's recurrent op (one fused scan per direction). The ONNX
// weights are mapped once per weight tensor into the kernels' PyTorch gate order (LSTM i,o,f,c ->
// i,f,g,o; GRU z,r,h -> r,z,n) and kept with the constant, so a plan's run packs nothing.
// What the fused kernels do not compute (other activations or alpha/beta, clip, input_forget,
// hard-sigmoid with peepholes) runs on recurrent_general.ts: the same GEMM kernels, gates in a loop.
//
// Shape legend: T time, B batch, I input, H hidden, G gate rows, D directions.
import { cellOf, recurrentLayer, type DirPacks, type DirTensors, type PackSource } from '../autograd/recurrent/index.js';
import { fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { attrFloat, attrFloats, attrInt, attrString, attrStrings, has } from './attrs.js';
import { runGeneral, type Act, type RecAttrs, type RecKind } from './recurrent_general.js';
import { stridedCopy } from './ops_shape.js';
import { int8Applies, runInt8 } from './recurrent_int8.js';
import { dev, devVal, fail, newTensor, read, runtime, type Ctx, type Val } from './values.js';

type Op = (c: Ctx, ins: (Val | null)[]) => Val[];

const GATES: Record<RecKind, number> = { LSTM: 4, GRU: 3, RNN: 1 };
const DEFAULT_ACTS: Record<RecKind, string[]> = { LSTM: ['Sigmoid', 'Tanh', 'Tanh'], GRU: ['Sigmoid', 'Tanh'], RNN: ['Tanh'] };
/** Row blocks of the kernels' gate order, as ONNX block indices. */
const TORCH_ORDER: Record<RecKind, number[]> = { LSTM: [0, 2, 3, 1], GRU: [1, 0, 2], RNN: [0] };

const USES_ALPHA = new Set(['affine', 'leakyrelu', 'thresholdedrelu', 'scaledtanh', 'hardsigmoid', 'elu']);
const USES_BETA = new Set(['affine', 'scaledtanh', 'hardsigmoid']);
const DEFAULT_ALPHA: Record<string, number> = { affine: 1, leakyrelu: 0.01, thresholdedrelu: 1, scaledtanh: 1, hardsigmoid: 0.2, elu: 1 };
const DEFAULT_BETA: Record<string, number> = { affine: 0, scaledtanh: 1, hardsigmoid: 0.5 };
const KNOWN = new Set(['relu', 'tanh', 'sigmoid', 'affine', 'leakyrelu', 'thresholdedrelu', 'scaledtanh', 'hardsigmoid', 'elu', 'softsign', 'softplus']);


/** Reads and checks the attributes (called at import, so a bad file fails there). */
export function recurrentAttrs(c: Ctx, kind: RecKind): RecAttrs {
  const n = c.node;
  const direction = attrString(n, 'direction', 'forward');
  if (direction !== 'forward' && direction !== 'reverse' && direction !== 'bidirectional') fail(c, `direction '${direction}' must be forward, reverse or bidirectional`);
  const D = direction === 'bidirectional' ? 2 : 1;
  const per = DEFAULT_ACTS[kind].length;
  const names = attrStrings(n, 'activations') ?? Array.from({ length: D }, () => DEFAULT_ACTS[kind]).flat();
  if (names.length !== per * D) fail(c, `activations lists ${names.length} functions, expected ${per * D} (${per} per direction)`);
  const alphas = attrFloats(n, 'activation_alpha') ?? [];
  const betas = attrFloats(n, 'activation_beta') ?? [];
  let ai = 0, bi = 0;
  const acts = names.map((nm) => {
    const f = nm.toLowerCase();
    if (!KNOWN.has(f)) fail(c, `activation '${nm}' is not one of Relu, Tanh, Sigmoid, Affine, LeakyRelu, ThresholdedRelu, ScaledTanh, HardSigmoid, Elu, Softsign, Softplus`);
    // alpha/beta are consumed in order by the functions that take them (as onnxruntime does)
    const alpha = USES_ALPHA.has(f) ? (ai < alphas.length ? alphas[ai++] : DEFAULT_ALPHA[f]) : 0;
    const beta = USES_BETA.has(f) ? (bi < betas.length ? betas[bi++] : DEFAULT_BETA[f]) : 0;
    return { f, alpha, beta };
  });
  const hs = has(n, 'hidden_size') ? attrInt(n, 'hidden_size', 0) : null;
  if (hs !== null && !(hs >= 1 && hs <= 1 << 16)) fail(c, `hidden_size ${hs} must be between 1 and 65536`);
  const layout = attrInt(n, 'layout', 0);
  if (layout !== 0 && layout !== 1) fail(c, `layout ${layout} must be 0 or 1`);
  const clip = has(n, 'clip') ? attrFloat(n, 'clip', 0) : null;
  if (clip !== null && !(clip > 0)) fail(c, `clip ${clip} must be positive`);
  return {
    kind, D, reverseOnly: direction === 'reverse', H: hs, layout, acts, clip,
    inputForget: kind === 'LSTM' && attrInt(n, 'input_forget', 0) !== 0,
    linearBeforeReset: kind === 'GRU' && attrInt(n, 'linear_before_reset', 0) !== 0,
  };
}

const isAct = (a: Act, f: string, alpha = 0, beta = 0): boolean =>
  a.f === f && (f !== 'hardsigmoid' || (a.alpha === Math.fround(alpha) && a.beta === Math.fround(beta)));

/** The fused kernels' cell kind for these attributes, or null when only the general path computes them. */
function fusedKind(r: RecAttrs, peephole: boolean): { cell: 'lstm' | 'gru' | 'gru_rb' | 'rnn_tanh' | 'rnn_relu'; hard: boolean } | null {
  if (r.clip !== null || r.inputForget) return null;
  const per = DEFAULT_ACTS[r.kind].length;
  const first = r.acts.slice(0, per);
  for (let d = 1; d < r.D; d++) {
    const other = r.acts.slice(d * per, (d + 1) * per);
    if (other.some((a, i) => a.f !== first[i].f || a.alpha !== first[i].alpha || a.beta !== first[i].beta)) return null;
  }
  if (r.kind === 'RNN') return first[0].f === 'tanh' ? { cell: 'rnn_tanh', hard: false } : first[0].f === 'relu' ? { cell: 'rnn_relu', hard: false } : null;
  const hard = isAct(first[0], 'hardsigmoid', 0.2, 0.5);
  if (!(first[0].f === 'sigmoid' || hard) || first.slice(1).some((a) => a.f !== 'tanh')) return null;
  if (hard && peephole) return null;
  if (r.kind === 'LSTM') return { cell: 'lstm', hard };
  return { cell: r.linearBeforeReset ? 'gru' : 'gru_rb', hard };
}

/** Rows of `src` (D, nG·H, cols) reordered into the kernels' gate order, as one tensor per direction (kept on the value). */
function mapped(c: Ctx, v: Val, kind: RecKind, H: number, cols: number, what: string): Tensor[] {
  const key = `${kind}:${what}:${H}`;
  const hit = v.cache?.get(key) as Tensor[] | undefined;
  if (hit && hit.every((t) => t.isValid)) return hit;
  const order = TORCH_ORDER[kind];
  const G = order.length * H;
  const D = v.shape[0];
  const out: Tensor[] = [];
  for (let d = 0; d < D; d++) out.push(newTensor({ ...c, dyn: v.dyn, planArena: v.model ? c.modelArena : c.planArena }, cols === 1 ? [G] : [G, cols]));
  const src = read(c, v);
  const rt = runtime(c);
  for (let d = 0; d < D; d++) {
    const dst = rt.f32(out[d].ptr, G * cols);
    order.forEach((blk, i) => {
      const from = (d * G + blk * H) * cols;
      for (let j = 0; j < H * cols; j++) dst[i * H * cols + j] = src[from + j];
    });
  }
  if (!v.dyn) (v.cache ??= new Map()).set(key, out);
  return out;
}

function expectShape(c: Ctx, v: Val, shape: number[], what: string): void {
  if (v.dtype !== 'float32') fail(c, `${what} must be float32, got ${v.dtype}`);
  if (v.shape.length !== shape.length || v.shape.some((d, i) => d !== shape[i])) fail(c, `${what} must be ${fmtShape(shape)}, got ${fmtShape(v.shape)}`);
}

export function recurrentOp(kind: RecKind): Op {
  return (c, ins) => {
    const r = recurrentAttrs(c, kind);
    const [x, w, rw, b, lensV, h0V, c0V, pV] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ins[i] ?? null);
    if (!x || !w || !rw) fail(c, 'X, W and R are required');
    if (x.shape.length !== 3) fail(c, `X must be 3-D, got ${fmtShape(x.shape)}`);
    const [T, B] = r.layout === 0 ? [x.shape[0], x.shape[1]] : [x.shape[1], x.shape[0]];
    const I = x.shape[2];
    const nG = GATES[kind];
    const H = r.H ?? (w.shape[1] ?? 0) / nG;
    if (!Number.isInteger(H) || H < 1) fail(c, `cannot tell hidden_size from W ${fmtShape(w.shape)}`);
    const D = r.D, G = nG * H;
    expectShape(c, x, x.shape.slice(), 'X');
    expectShape(c, w, [D, G, I], 'W');
    expectShape(c, rw, [D, G, H], 'R');
    if (b) expectShape(c, b, [D, 2 * G], 'B');
    if (pV) expectShape(c, pV, [D, 3 * H], 'P');
    const stateShape = r.layout === 0 ? [D, B, H] : [B, D, H];
    if (h0V) expectShape(c, h0V, stateShape, 'initial_h');
    if (c0V) expectShape(c, c0V, stateShape, 'initial_c');
    let lens: Int32Array | null = null;
    if (lensV) {
      if (lensV.shape.length !== 1 || lensV.shape[0] !== B) fail(c, `sequence_lens must be [${B}], got ${fmtShape(lensV.shape)}`);
      lens = Int32Array.from(read(c, lensV));
      for (const L of lens) if (!(L >= 0 && L <= T)) fail(c, `sequence_lens holds ${L}, outside [0, ${T}]`);
      if (lens.every((L) => L === T)) lens = null;
    }
    const want = c.node.outputs.map((o) => o !== '');
    const rt = runtime(c);
    const fused = fusedKind(r, !!pV);
    // Y, Y_h, Y_c in the ONNX layouts
    const yShape = r.layout === 0 ? [T, D, B, H] : [B, T, D, H];
    const outs: Val[] = [];
    if (!fused || (lens && lens.some((L) => L === 0))) {
      const res = runGeneral(c, r, { x, w, r: rw, b, p: pV, h0: h0V, c0: c0V }, { T, B, I, H, D }, lens);
      outs.push(devVal(res.y, c.dyn), devVal(res.yh, c.dyn));
      if (kind === 'LSTM') outs.push(devVal(res.yc!, c.dyn));
      return outs;
    }
    // initial states as (D, B, H) tensors (the recurrent op's row-per-direction layout)
    const toDBH = (v: Val | null): Tensor | null => {
      if (!v) return null;
      if (r.layout === 0 || D === 1 || B === 1) return dev(c, v).view([D, B, H]);
      const t = newTensor(c, [D, B, H]);
      stridedCopy(rt.f32(t.ptr, D * B * H), read(c, v), [D, B, H], [H, D * H, 1], 0);
      return t;
    };
    const wih = mapped(c, w, kind, H, I, 'W');
    const whh = mapped(c, rw, kind, H, H, 'R');
    let bih: Tensor[] | null = null, bhh: Tensor[] | null = null;
    if (b) {
      // B is [Wb | Rb] per direction: map each half as a (D, G) block
      const halves = splitBias(c, b, D, G);
      bih = mapped(c, halves[0], kind, H, 1, 'Wb');
      bhh = mapped(c, halves[1], kind, H, 1, 'Rb');
    }
    let peep: Tensor[] | null = null;
    if (pV) peep = mapped(c, pV, 'RNN', 3 * H, 1, 'P'); // one block: P rows stay i, o, f
    const dirs: DirTensors[] = [];
    for (let d = 0; d < D; d++) {
      const pp = peep ? peep[d] : null;
      dirs.push({
        wIh: wih[d], wHh: whh[d], bIh: bih ? bih[d] : null, bHh: bhh ? bhh[d] : null,
        pI: pp ? pp.view([3 * H]) : null, pF: null, pO: null,
      });
      if (pp) {
        // P = [Pi, Po, Pf]: views into the one tensor
        const base = pp.ptr;
        const at = (k: number): Tensor => new Tensor(rt, pp.arena, base + k * H * 4, [H], 'float32');
        Object.assign(dirs[d], { pI: at(0), pO: at(1), pF: at(2) });
      }
    }
    // Y_h / Y_c from a (D, B, H) state: a view in layout 0 (or when nothing moves), else (B, D, H)
    const stateOut = (t: Tensor): Val => {
      if (r.layout === 0 || D === 1 || B === 1) return devVal(t.view(stateShape), c.dyn);
      const y = newTensor(c, stateShape);
      stridedCopy(rt.f32(y.ptr, y.size), rt.f32(t.ptr, t.size), stateShape, [H, B * H, 1], 0);
      return devVal(y, c.dyn);
    };
    const int8 = int8Applies(c, w, rw);
    if (T === 1 && fused.cell !== 'gru_rb' && !int8) {
      // One step (streaming, Silero): the products straight on packed weights, no scan set-up.
      const h0 = toDBH(h0V), c0 = kind === 'LSTM' ? toDBH(c0V) : null;
      const hn = newTensor(c, [D, B, H]);
      const cn = kind === 'LSTM' ? newTensor(c, [D, B, H]) : null;
      oneStep(c, fused.cell, fused.hard, dev(c, x), w, rw, dirs, { B, I, H, D }, h0, c0, hn, cn);
      if (want[0]) {
        if (r.layout === 0 || D === 1 || B === 1) outs.push(devVal(hn.view(yShape), c.dyn));
        else {
          const y = newTensor(c, yShape);
          stridedCopy(rt.f32(y.ptr, y.size), rt.f32(hn.ptr, hn.size), yShape, [H, 0, B * H, 1], 0);
          outs.push(devVal(y, c.dyn));
        }
      } else outs.push(devVal(hn, c.dyn));
      outs.push(stateOut(hn));
      if (cn) outs.push(stateOut(cn));
      return outs;
    }
    // direction 'reverse' alone: the op's second direction is the reverse one
    const runDirs = r.reverseOnly ? [dirs[0], dirs[0]] : dirs;
    const Dr = runDirs.length;
    const h0 = toDBH(h0V), c0 = kind === 'LSTM' ? toDBH(c0V) : null;
    const pad = (t: Tensor | null): Tensor | null => {
      if (!t || !r.reverseOnly) return t;
      const p2 = newTensor(c, [2, B, H]);
      rt.k.f32_copy(p2.ptr + B * H * 4, t.ptr, B * H);
      rt.k.f32_fill(p2.ptr, B * H, 0);
      return p2;
    };
    const hn = newTensor(c, [Dr, B, H]);
    const cn = kind === 'LSTM' ? newTensor(c, [Dr, B, H]) : null;
    let lensPtr = 0;
    if (lens) {
      const t = newTensor(c, [B]);
      lensPtr = t.ptr;
      rt.i32(lensPtr, B).set(lens);
    }
    const xt = dev(c, x);
    const { out } = int8
      ? { out: runInt8(c, { kind: pV ? 'lstm_peephole' : fused.cell, hard: fused.hard, B, T, I, H, batchFirst: r.layout === 1, reverseOnly: r.reverseOnly, lens, lensPtr }, w, dirs, xt, pad(h0), pad(c0), hn, cn) }
      : recurrentLayer(
        { cell: cellOf(pV ? 'lstm_peephole' : fused.cell), hardGates: fused.hard, batchFirst: r.layout === 1, B, T, H, h0: pad(h0), c0: pad(c0), hn, cn, lens, lensPtr },
        { I, x: xt, dirs: runDirs, packs: runDirs.map(packsOf), rowBase: 0, cellSeq: false },
      );
    // out: (T, B, Dr·H) or (B, T, Dr·H)
    const pick = r.reverseOnly ? 1 : 0;
    if (want[0]) {
      if (!r.reverseOnly && (r.layout === 1 || D === 1 || B === 1)) outs.push(devVal(out.view(yShape), c.dyn));
      else {
        const y = newTensor(c, yShape);
        const src = rt.f32(out.ptr, out.size), dst = rt.f32(y.ptr, y.size);
        // element (t, d, b, h) of layout 0 / (b, t, d, h) of layout 1 reads out's column (pick + d)·H + h
        const st = r.layout === 0 ? [B * Dr * H, H, Dr * H, 1] : [T * Dr * H, Dr * H, H, 1];
        stridedCopy(dst, src, yShape, st, pick * H);
        outs.push(devVal(y, c.dyn));
      }
    } else outs.push(devVal(out, c.dyn));
    // direction 'reverse' alone: its state is the second (reverse) row of the two the scan ran
    const state = (t: Tensor): Val => stateOut(r.reverseOnly ? new Tensor(rt, t.arena, t.ptr + B * H * 4, [1, B, H], 'float32') : t);
    outs.push(state(hn));
    if (cn) outs.push(state(cn));
    return outs;
  };
}

const packCache = new WeakMap<Tensor, Map<string, { ptr: number; bytes: number }>>();

/** Packed copies of a constant weight for the scan, made once per layout (the weights never change). */
function packSource(w: Tensor): PackSource | undefined {
  const rt = w.runtime;
  if (w.arena !== rt.params) return undefined; // only model constants live as long as their packs
  return (key, bytes, fill) => {
    let m = packCache.get(w);
    if (!m) packCache.set(w, (m = new Map()));
    const hit = m.get(key);
    if (hit && hit.bytes >= bytes) return hit.ptr;
    const ptr = rt.packs.alloc(bytes);
    fill(ptr);
    m.set(key, { ptr, bytes });
    return ptr;
  };
}

const packsOf = (d: DirTensors): DirPacks | null => {
  const hh = packSource(d.wHh), ih = packSource(d.wIh);
  return hh || ih ? { hh, ih } : null;
};

interface StepPack { wx: number; wh: number; both: number; bias: number }

/**
 * Per direction: LSTM/RNN [W_ih | W_hh] packed as one (K = I + H, N = G) operand with the summed
 * bias; GRU W_ih and W_hh packed apart (b_hh stays inside the reset gate). Made once per weights.
 */
function stepPacks(c: Ctx, cell: string, w: Val, r: Val, dirs: DirTensors[], I: number, H: number): StepPack[] {
  const key = `step:${cell}`;
  const hit = w.cache?.get(key) as { r: Val; b: Tensor | null; packs: StepPack[] } | undefined;
  if (hit && hit.r === r && hit.b === dirs[0].bIh) return hit.packs;
  const rt = runtime(c), k = rt.k;
  const G = dirs[0].wIh.shape[0];
  const keep = !w.dyn && !r.dyn;
  const arena = keep && w.model && r.model ? rt.packs : keep ? c.planArena! : c.runArena!;
  const packs = dirs.map((d) => {
    const bias = arena.alloc(G * 4);
    if (d.bIh && d.bHh && cell !== 'gru') k.f32_add(bias, d.bIh.ptr, d.bHh.ptr, G);
    else if (d.bIh) k.f32_copy(bias, d.bIh.ptr, G);
    else k.f32_fill(bias, G, 0);
    if (cell === 'gru') {
      const wx = arena.alloc(Number(k.f32_packed_b_bytes(I, G))), wh = arena.alloc(Number(k.f32_packed_b_bytes(H, G)));
      k.f32_pack_b(wx, d.wIh.ptr, I, 1, I, G);
      k.f32_pack_b(wh, d.wHh.ptr, H, 1, H, G);
      return { wx, wh, both: 0, bias };
    }
    const cat = arena.alloc(G * (I + H) * 4); // (G, I + H) rows [W_ih | W_hh]
    for (let g = 0; g < G; g++) {
      k.f32_copy(cat + g * (I + H) * 4, d.wIh.ptr + g * I * 4, I);
      k.f32_copy(cat + (g * (I + H) + I) * 4, d.wHh.ptr + g * H * 4, H);
    }
    const both = arena.alloc(Number(k.f32_packed_b_bytes(I + H, G)));
    k.f32_pack_b(both, cat, I + H, 1, I + H, G);
    return { wx: 0, wh: 0, both, bias };
  });
  if (keep) (w.cache ??= new Map()).set(key, { r, b: dirs[0].bIh, packs });
  return packs;
}

/** One time step of every direction: writes h (and c) of direction d to row d of hn (and cn). */
function oneStep(
  c: Ctx, cell: string, hard: boolean, x: Tensor, w: Val, r: Val, dirs: DirTensors[],
  dims: { B: number; I: number; H: number; D: number }, h0: Tensor | null, c0: Tensor | null, hn: Tensor, cn: Tensor | null,
): void {
  const { B, I, H, D } = dims;
  const rt = runtime(c), k = rt.k;
  const G = dirs[0].wIh.shape[0];
  const packs = stepPacks(c, cell, w, r, dirs, I, H);
  const zeros = h0 && (cell !== 'lstm' || c0) ? 0 : newTensor(c, [B, H]).ptr;
  if (zeros) k.f32_fill(zeros, B * H, 0);
  const xh = cell === 'gru' ? 0 : newTensor(c, [B, I + H]).ptr;
  const gx = newTensor(c, [B, G]).ptr;
  const gh = cell === 'gru' ? newTensor(c, [B, G]).ptr : 0;
  for (let d = 0; d < D; d++) {
    const hp = h0 ? h0.ptr + d * B * H * 4 : zeros, cp = c0 ? c0.ptr + d * B * H * 4 : zeros;
    const hOut = hn.ptr + d * B * H * 4;
    const p = packs[d];
    if (cell === 'gru') {
      k.f32_gemm_packed(B, G, I, x.ptr, I, p.wx, gx, G, p.bias, 0, 0, rt.gemmWs);
      k.f32_gemm_packed(B, G, H, hp, H, p.wh, gh, G, dirs[d].bHh ? dirs[d].bHh!.ptr : 0, 0, 0, rt.gemmWs);
      k.f32_gru_fwd(hOut, gx, gh, hp, 0, 0, B, H, hard ? 1 : 0);
      continue;
    }
    for (let b = 0; b < B; b++) {
      k.f32_copy(xh + b * (I + H) * 4, x.ptr + b * I * 4, I);
      k.f32_copy(xh + (b * (I + H) + I) * 4, hp + b * H * 4, H);
    }
    k.f32_gemm_packed(B, G, I + H, xh, I + H, p.both, gx, G, p.bias, 0, 0, rt.gemmWs);
    if (cell === 'lstm') {
      const cOut = cn!.ptr + d * B * H * 4;
      const pd = dirs[d];
      if (pd.pI) k.f32_lstm_peephole_fwd(hOut, cOut, gx, hp, cp, pd.pI.ptr, pd.pF!.ptr, pd.pO!.ptr, 0, 0, B, H);
      else k.f32_lstm_fwd(hOut, cOut, gx, hp, cp, 0, 0, B, H, hard ? 1 : 0);
    } else k.f32_rnn_fwd(hOut, gx, hp, 0, 0, B, H, cell === 'rnn_relu' ? 1 : 0);
  }
}

/** [D, 2G] → the W half and the R half as (D, G) values (kept on the value). */
function splitBias(c: Ctx, b: Val, D: number, G: number): [Val, Val] {
  const key = 'split';
  const hit = b.cache?.get(key) as [Val, Val] | undefined;
  if (hit) return hit;
  const src = read(c, b);
  const halves: [Val, Val] = [0, 1].map((h) => {
    const a = new Float32Array(D * G);
    for (let d = 0; d < D; d++) a.set(src.subarray(d * 2 * G + h * G, d * 2 * G + (h + 1) * G), d * G);
    return { dtype: 'float32', shape: [D, G], host: a, dev: null, dyn: b.dyn, model: b.model } as Val;
  }) as [Val, Val];
  if (!b.dyn) (b.cache ??= new Map()).set(key, halves);
  return halves;
}

export const RECURRENT_OPS: ReadonlyMap<string, Op> = new Map<string, Op>([
  ['LSTM', recurrentOp('LSTM')], ['GRU', recurrentOp('GRU')], ['RNN', recurrentOp('RNN')],
]);
