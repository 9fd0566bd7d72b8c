// loss.backward(): the reverse walk over the tape (tape.ts) and the one backward switch: for each
// op record, accumulate (+=) input gradients from the output gradient. Every case reads only what
// its record declares (see records.ts). This file imports the tape, never the reverse.
import { fmtShape, StateError, ValueError } from '../errors.js';
import { checkTensor, setBackwardHook, Tensor } from '../tensor/tensor.js';
import { bool, options } from '../util/args.js';
import type { OpRecord } from './records.js';
import { checkFinite, clearTape, isDebugNonFinite, tapeEntries, type BackwardContext } from './tape.js';
import { recurrentBackward } from './recurrent/record.js';
import { at, gemm } from './kern.js';
import { conv1dColumns, conv1dIsPointwise } from './conv_geometry.js';

/** Upstream scalar gradient of a reduced loss (shape [] or [1]). */
function scalarGrad(g: Tensor): number {
  return g.data()[0];
}

export function runBackward(rec: OpRecord, ctx: BackwardContext): void {
  const { rt } = ctx;
  const k = rt.k;
  switch (rec.op) {
    case 'linear': {
      const dy = ctx.gradOut(rec.out);
      if (!dy) return;
      const { rows: R, inF: I, outF: O } = rec;
      const dx = ctx.gradOf(rec.x);
      if (dx) gemm(rt, R, I, O, dy.ptr, O, false, rec.w.ptr, I, false, dx.ptr, I, true); // dx += dy·W
      const dw = ctx.gradOf(rec.w);
      if (dw) gemm(rt, O, I, R, dy.ptr, O, true, rec.x.ptr, I, false, dw.ptr, I, true); // dW += dyᵀ·x
      const db = rec.b ? ctx.gradOf(rec.b) : null;
      if (db) k.f32_sum_rows(db.ptr, dy.ptr, R, O, 1);
      return;
    }
    case 'matmul': {
      const dy = ctx.gradOut(rec.out);
      if (!dy) return;
      const { batch, M, K, N } = rec;
      const da = ctx.gradOf(rec.a);
      const db = ctx.gradOf(rec.b);
      if (rec.bShared) {
        if (da) gemm(rt, batch * M, K, N, dy.ptr, N, false, rec.b.ptr, N, true, da.ptr, K, true); // da += dy·bᵀ
        if (db) gemm(rt, K, N, batch * M, rec.a.ptr, K, true, dy.ptr, N, false, db.ptr, N, true); // db += aᵀ·dy
        return;
      }
      for (let i = 0; i < batch; i++) {
        const oa = i * M * K, ob = i * K * N, oy = i * M * N;
        if (da) gemm(rt, M, K, N, at(dy.ptr, oy), N, false, at(rec.b.ptr, ob), N, true, at(da.ptr, oa), K, true);
        if (db) gemm(rt, K, N, M, at(rec.a.ptr, oa), K, true, at(dy.ptr, oy), N, false, at(db.ptr, ob), N, true);
      }
      return;
    }
    case 'add':
    case 'sub': {
      const dy = ctx.gradOut(rec.out);
      if (!dy) return;
      const da = ctx.gradOf(rec.a);
      if (da) k.f32_axpy(da.ptr, 1, dy.ptr, dy.size);
      const db = ctx.gradOf(rec.b);
      if (!db) return;
      const sign = rec.op === 'add' ? 1 : -1;
      if (rec.rows === 1) {
        k.f32_axpy(db.ptr, sign, dy.ptr, dy.size);
      } else {
        const t = ctx.temp([rec.b.size]);
        k.f32_sum_rows(t.ptr, dy.ptr, rec.rows, rec.b.size, 0);
        k.f32_axpy(db.ptr, sign, t.ptr, rec.b.size);
      }
      return;
    }
    case 'mul': {
      const dy = ctx.gradOut(rec.out);
      if (!dy) return;
      const n = rec.b.size;
      const da = ctx.gradOf(rec.a);
      if (da) for (let r = 0; r < rec.rows; r++) k.f32_mul_acc(at(da.ptr, r * n), at(dy.ptr, r * n), rec.b.ptr, n);
      const db = ctx.gradOf(rec.b);
      if (db) {
        if (rec.rows === 1) {
          k.f32_mul_acc(db.ptr, dy.ptr, rec.a.ptr, n);
        } else {
          const t = ctx.temp(rec.a.shape);
          k.f32_mul(t.ptr, dy.ptr, rec.a.ptr, t.size);
          k.f32_sum_rows(db.ptr, t.ptr, rec.rows, n, 1);
        }
      }
      return;
    }
    case 'scale': {
      const dy = ctx.gradOut(rec.out);
      const dx = ctx.gradOf(rec.x);
      if (dy && dx) k.f32_axpy(dx.ptr, rec.alpha, dy.ptr, dy.size);
      return;
    }
    case 'sum': {
      const dy = ctx.gradOut(rec.out);
      const dx = ctx.gradOf(rec.x);
      if (dy && dx) k.f32_sum_dim_bwd(dx.ptr, dy.ptr, rec.outer, rec.d, rec.inner, rec.alpha);
      return;
    }
    case 'reshape': {
      const dy = ctx.gradOut(rec.out);
      const dx = ctx.gradOf(rec.x);
      if (dy && dx) k.f32_axpy(dx.ptr, 1, dy.ptr, dy.size);
      return;
    }
    case 'transpose': {
      const dy = ctx.gradOut(rec.out);
      const dx = ctx.gradOf(rec.x);
      if (dy && dx) k.f32_transpose(dx.ptr, dy.ptr, rec.batch, rec.cols, rec.rows, 1);
      return;
    }
    case 'concat': {
      const dy = ctx.gradOut(rec.out);
      if (!dy) return;
      const total = rec.out.size / Math.max(rec.outer, 1);
      rec.xs.forEach((x, j) => {
        const dx = ctx.gradOf(x);
        if (dx) k.f32_copy_block(dx.ptr, rec.widths[j], at(dy.ptr, rec.offsets[j]), total, rec.outer, rec.widths[j], 1);
      });
      return;
    }
    case 'slice': {
      const dy = ctx.gradOut(rec.out);
      const dx = ctx.gradOf(rec.x);
      if (dy && dx) k.f32_copy_block(at(dx.ptr, rec.start), rec.srcWidth, dy.ptr, rec.width, rec.outer, rec.width, 1);
      return;
    }
    case 'gather': {
      const dy = ctx.gradOut(rec.out);
      const dt = ctx.gradOf(rec.table);
      if (dy && dt) k.f32_scatter_rows(dt.ptr, rec.dim, dy.ptr, rec.ids.ptr, rec.n, rec.dim, rec.skipId, 1);
      return;
    }
    case 'tanh':
    case 'sigmoid':
    case 'relu': {
      const dy = ctx.gradOut(rec.out);
      const dx = ctx.gradOf(rec.x);
      if (!dy || !dx) return;
      const f = rec.op === 'tanh' ? k.f32_tanh_bwd : rec.op === 'sigmoid' ? k.f32_sigmoid_bwd : k.f32_relu_bwd;
      f(dx.ptr, dy.ptr, rec.out.ptr, dy.size);
      return;
    }
    case 'softmax':
    case 'logSoftmax': {
      const dy = ctx.gradOut(rec.out);
      const dx = ctx.gradOf(rec.x);
      if (!dy || !dx) return;
      const f = rec.op === 'softmax' ? k.f32_softmax_bwd : k.f32_log_softmax_bwd;
      f(dx.ptr, dy.ptr, rec.out.ptr, rec.rows, rec.cols);
      return;
    }
    case 'dropout': {
      const dy = ctx.gradOut(rec.out);
      const dx = ctx.gradOf(rec.x);
      if (dy && dx) k.f32_mul_acc(dx.ptr, dy.ptr, rec.mask.ptr, dy.size);
      return;
    }
    case 'crossEntropy': {
      const dy = ctx.gradOut(rec.out);
      const dz = ctx.gradOf(rec.logits);
      if (!dy || !dz) return;
      const none = rec.reduction === 'none';
      const scale = none ? 0 : rec.reduction === 'mean' ? scalarGrad(dy) / rec.count : scalarGrad(dy);
      k.f32_cross_entropy_bwd(dz.ptr, rec.logits.ptr, rec.targets.ptr, rec.rows, rec.cols, rec.ignoreIndex, none ? dy.ptr : 0, scale);
      return;
    }
    case 'bceWithLogits': {
      const dy = ctx.gradOut(rec.out);
      if (!dy) return;
      const n = rec.x.size;
      const none = rec.reduction === 'none';
      const scale = none ? 0 : rec.reduction === 'mean' ? scalarGrad(dy) / n : scalarGrad(dy);
      const dx = ctx.gradOf(rec.x);
      if (dx) k.f32_bce_logits_bwd(dx.ptr, rec.x.ptr, rec.y.ptr, n, none ? dy.ptr : 0, scale);
      const dt = ctx.gradOf(rec.y); // d/dy = -x · g
      if (dt) {
        if (none) {
          const t = ctx.temp([n]);
          k.f32_mul(t.ptr, rec.x.ptr, dy.ptr, n);
          k.f32_axpy(dt.ptr, -1, t.ptr, n);
        } else {
          k.f32_axpy(dt.ptr, -scale, rec.x.ptr, n);
        }
      }
      return;
    }
    case 'mse': {
      const dy = ctx.gradOut(rec.out);
      if (!dy) return;
      const n = rec.pred.size;
      const diff = ctx.temp([n]);
      k.f32_sub(diff.ptr, rec.pred.ptr, rec.target.ptr, n);
      let coef = 2;
      if (rec.reduction === 'none') k.f32_mul(diff.ptr, diff.ptr, dy.ptr, n);
      else coef = (2 * scalarGrad(dy)) / (rec.reduction === 'mean' ? n : 1);
      const dp = ctx.gradOf(rec.pred);
      if (dp) k.f32_axpy(dp.ptr, coef, diff.ptr, n);
      const dt = ctx.gradOf(rec.target);
      if (dt) k.f32_axpy(dt.ptr, -coef, diff.ptr, n);
      return;
    }
    case 'recurrent':
      recurrentBackward(rec, ctx);
      return;
    case 'conv1d': {
      // Per batch element i and group j, with col = im2col(x) (Cg*K, Lout) recomputed:
      // dW_j += dy_ij · colᵀ, dcol = W_jᵀ · dy_ij then dx += col2im(dcol), db += Σ_t dy.
      const dy = ctx.gradOut(rec.out);
      if (!dy) return;
      const { g } = rec;
      const { B, Cin, L, Cout, K, Lout, groups } = g;
      const Cg = Cin / groups, Og = Cout / groups, KK = Cg * K;
      const dx = ctx.gradOf(rec.x), dw = ctx.gradOf(rec.w), db = rec.b ? ctx.gradOf(rec.b) : null;
      const pointwise = conv1dIsPointwise(g);
      const col = dw && !pointwise ? ctx.temp([KK * Lout]) : null;
      const dcol = dx && !pointwise ? ctx.temp([KK * Lout]) : null;
      for (let i = 0; i < B; i++) {
        const dyb = at(dy.ptr, i * Cout * Lout);
        if (db) k.f32_sum_dim(db.ptr, dyb, Cout, Lout, 1, 1, 1); // db[c] += Σ_t dy[i, c, t]
        for (let j = 0; j < groups; j++) {
          const dyg = at(dyb, j * Og * Lout), wg = at(rec.w.ptr, j * Og * KK);
          if (dw) {
            const c = conv1dColumns(rt, g, rec.x.ptr, i, j, col ? col.ptr : 0);
            gemm(rt, Og, KK, Lout, dyg, Lout, false, c, Lout, true, at(dw.ptr, j * Og * KK), KK, true);
          }
          if (dx) {
            const dxg = at(dx.ptr, (i * Cin + j * Cg) * L);
            if (dcol) {
              gemm(rt, KK, Lout, Og, wg, KK, true, dyg, Lout, false, dcol.ptr, Lout, false);
              k.f32_conv1d_col2im(dxg, dcol.ptr, Cg, L, K, g.stride, g.padL, g.dilation, Lout);
            } else {
              gemm(rt, KK, Lout, Og, wg, KK, true, dyg, Lout, false, dxg, Lout, true);
            }
          }
        }
      }
      return;
    }
    default: {
      const never: never = rec;
      throw new Error(`backward: unknown op record ${JSON.stringify(never)}`);
    }
  }
}

/** The arena a tensor's gradient lives in: parameters keep theirs in 'state'. */
function gradArena(t: Tensor): 'params' | 'state' | 'step' {
  const name = t.arena.name;
  if (name === 'params' || name === 'state') return 'state';
  return 'step';
}

/**
 * loss.backward(): seeds d loss / d loss = 1 and walks the tape in reverse. Leaves with
 * requiresGrad accumulate into `.grad`; intermediate gradients live in the step arena and are
 * dropped. Unless retainGraph, the records are dropped afterwards (the forward must be re-run).
 * @example
 * ```ts
 * const loss = mse(model.forward(x), y);
 * backward(loss); // the same as loss.backward()
 * console.log(model.parameters()[0].grad?.toArray());
 * ```
 */
export function backward(loss: Tensor, opts: { retainGraph?: boolean } = {}): void {
  backwardAs('backward', loss, opts);
}

/** backward under the name the caller used (`backward(loss)` or `loss.backward()`). */
function backwardAs(where: string, loss: Tensor, opts: unknown): void {
  checkTensor(where, 'loss', loss, 'float32'); // a Tensor, not stale
  const o = options<{ retainGraph: boolean }>(where, opts, { retainGraph: bool() });
  if (loss.size !== 1) throw new ValueError(`${where}: loss must have one element, got shape ${fmtShape(loss.shape)}`);
  if (!loss.requiresGrad) {
    throw new StateError(`${where}: loss does not require grad (no input had requiresGrad, or it was computed inside noGrad)`);
  }
  const rt = loss.runtime;
  const debug = isDebugNonFinite();
  const entries = tapeEntries(rt);
  // As PyTorch: a graph is freed by the backward that walked it; a second walk would silently do
  // nothing (its records are gone), so it is an error.
  if (!loss.isLeaf && !entries.some((e) => e.outputs.includes(loss))) {
    throw new StateError(
      `${where}: the graph of loss was already freed by an earlier backward (or by optimizer.step()); ` +
        'pass { retainGraph: true } to the first backward to walk it twice',
    );
  }
  const grads = new Map<Tensor, Tensor>();
  const touched: Tensor[] = []; // gradients written by the current record (debug check)
  const zeroed = (shape: readonly number[], arena: 'params' | 'state' | 'step'): Tensor =>
    Tensor.zeros(shape, { runtime: rt, arena });
  const ctx: BackwardContext = {
    rt,
    gradOut: (t) => grads.get(t) ?? null,
    gradOf: (t) => {
      if (!t.requiresGrad) return null;
      let g: Tensor | undefined;
      if (t.isLeaf) {
        if (t.grad === null || !t.grad.isValid) t.grad = zeroed(t.shape, gradArena(t));
        g = t.grad;
      } else {
        g = grads.get(t);
        if (!g) {
          g = zeroed(t.shape, 'step');
          grads.set(t, g);
        }
      }
      if (debug) touched.push(g);
      return g;
    },
    temp: (shape) => Tensor.empty(shape, { runtime: rt }),
  };
  const seed = ctx.gradOf(loss)!;
  seed.data()[0] += 1;
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (!e.outputs.some((o) => grads.has(o))) continue;
    touched.length = 0;
    runBackward(e.rec as OpRecord, ctx); // every tracked record is an OpRecord (ops, losses, recurrent)
    if (debug) checkFinite(`backward of op '${e.rec.op}'`, touched);
  }
  if (!o.retainGraph) clearTape(rt);
}

setBackwardHook((t, opts) => backwardAs('Tensor.backward', t, opts));
