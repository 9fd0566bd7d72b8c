// The int8 path of ONNX LSTM, GRU and RNN (an OnnxModel made by nn.quantizeDynamic): the same
// int8 scan as nn's quantized layers (src/nn/quantized/scan.ts) over W and R quantized once per
// model constant (per row, or per tensor) from the weights in the kernels' gate order; biases and
// peepholes stay float32, x and h are quantized per step. Writes what recurrentLayer would: out
// (T, B, Dr·H) or (B, T, Dr·H), hn and cn (Dr, B, H).
// Shape legend: T time, B batch, I input, H hidden, G gate rows, D directions (Dr run).
import type { CellKind, DirTensors } from '../autograd/recurrent/index.js';
import { qscanForward, type QDir } from '../nn/quantized/scan.js';
import { QWeight } from '../nn/quantized/weight.js';
import type { Runtime } from '../runtime/runtime.js';
import type { Tensor } from '../tensor/tensor.js';
import { newTensor, runtime, type Ctx, type Val } from './values.js';

interface Int8Weights { rt: Runtime; wIh: QWeight[]; wHh: QWeight[] }

/** Whether this node runs int8: an int8 model and W, R constants of the file (quantized once). */
export function int8Applies(c: Ctx, w: Val, r: Val): boolean {
  return !!c.int8 && !w.dyn && !r.dyn && !!w.model && !!r.model;
}

/** W and R per direction as int8 (kept on W's value, per runtime, scale form and gate order). */
function int8Weights(c: Ctx, w: Val, dirs: DirTensors[], key: string): Int8Weights {
  const rt = runtime(c);
  const hit = w.cache?.get(key) as Int8Weights | undefined;
  if (hit && hit.rt.memory === rt.memory) return hit;
  const perTensor = c.int8!.perTensor;
  const made: Int8Weights = {
    rt,
    wIh: dirs.map((d) => QWeight.fromTensor(d.wIh, perTensor)),
    wHh: dirs.map((d) => QWeight.fromTensor(d.wHh, perTensor)),
  };
  (w.cache ??= new Map()).set(key, made);
  return made;
}

export interface Int8Run {
  kind: CellKind;
  hard: boolean;
  B: number;
  T: number;
  I: number;
  H: number;
  batchFirst: boolean;
  /** direction 'reverse' alone: run as direction 1 of 2 (column H..2H, state row 1), as recurrentLayer. */
  reverseOnly: boolean;
  lens: Int32Array | null;
  lensPtr: number;
}

/**
 * Runs every direction int8. h0/c0: (Dr, B, H) or null (zeros); x: (T, B, I) or (B, T, I).
 * Returns out; hn/cn (Dr, B, H) are filled (row 0 zeros when reverseOnly).
 */
export function runInt8(
  c: Ctx, s: Int8Run, w: Val, dirs: DirTensors[], x: Tensor,
  h0: Tensor | null, c0: Tensor | null, hn: Tensor, cn: Tensor | null,
): Tensor {
  const rt = runtime(c), k = rt.k;
  const { B, T, I, H } = s;
  const isGru = s.kind === 'gru' || s.kind === 'gru_rb';
  const G = dirs[0].wIh.shape[0];
  const q = int8Weights(c, w, dirs, `int8:${s.kind}:${H}:${c.int8!.perTensor ? 't' : 'r'}`);
  const Dr = s.reverseOnly ? 2 : dirs.length;
  const out = newTensor(c, s.batchFirst ? [B, T, Dr * H] : [T, B, Dr * H]);
  k.f32_fill(out.ptr, out.size, 0); // padded steps (and the unused direction) stay exactly 0
  const BH4 = B * H * 4;
  for (let row = 0; row < Dr; row++) {
    if (s.reverseOnly && row === 0) {
      k.f32_fill(hn.ptr, B * H, 0);
      if (cn) k.f32_fill(cn.ptr, B * H, 0);
      continue;
    }
    const di = s.reverseOnly ? 0 : row;
    const d = dirs[di];
    let bX = 0;
    if (d.bIh && d.bHh && !isGru) {
      bX = newTensor(c, [G]).ptr; // b_ih + b_hh folded (a few hundred adds per run)
      k.f32_add(bX, d.bIh.ptr, d.bHh.ptr, G);
    } else if (d.bIh) bX = d.bIh.ptr;
    else if (d.bHh && !isGru) bX = d.bHh.ptr;
    const qd: QDir = {
      wIh: q.wIh[di], wHh: q.wHh[di], bX, bH: isGru && d.bHh ? d.bHh.ptr : 0,
      pI: d.pI?.ptr ?? 0, pF: d.pF?.ptr ?? 0, pO: d.pO?.ptr ?? 0,
    };
    const r = qscanForward(
      rt, { kind: s.kind, hardGates: s.hard, B, T, I, H, reverse: row === 1, batchFirst: s.batchFirst }, qd,
      x.ptr, I, out.ptr + row * H * 4, Dr * H,
      h0 ? h0.ptr + row * BH4 : 0, c0 ? c0.ptr + row * BH4 : 0, s.lensPtr, s.lens,
    );
    k.f32_copy(hn.ptr + row * BH4, r.hn, B * H);
    if (cn) k.f32_copy(cn.ptr + row * BH4, r.cn, B * H);
  }
  return out;
}
