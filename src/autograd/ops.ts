// Differentiable math ops: linear, matmul, add/sub/mul with bias broadcasting, scale, sum/mean,
// activations, softmax/logSoftmax and dropout. Each validates, computes with the kernels, tracks.
import { checkOptions, fmtShape, ShapeError, ValueError } from '../errors.js';
import { sizeOf, Tensor } from '../tensor/tensor.js';
import { rngOption, type Rng } from '../util/rng.js';
import { checkFloat, checkRank, normDim, runtimeOf, splitAt } from './check.js';
import { at, gemm } from './kern.js';
import { needsGrad } from './tape.js';
import { track } from './records.js';
import './backward.js'; // registers Tensor.backward (the reverse walk)

function result(x: Tensor, shape: readonly number[], ...inputs: (Tensor | null)[]): Tensor {
  const out = Tensor.empty(shape, { runtime: x.runtime });
  out.requiresGrad = needsGrad(...inputs);
  return out;
}

/**
 * y[..., O] = x[..., I] · w[O, I]ᵀ + b[O] (PyTorch F.linear).
 * @example
 * ```ts
 * const x = Tensor.from([1, 2, 3], [1, 3]);
 * const w = Tensor.from([1, 0, 0, 0, 1, 0], [2, 3]);
 * linear(x, w).toArray(); // Float32Array [1, 2]
 * ```
 */
export function linear(x: Tensor, w: Tensor, b: Tensor | null = null): Tensor {
  const rt = runtimeOf('linear', { x, w, b }, ['b']);
  for (const [n, t] of [['x', x], ['w', w], ['b', b]] as const) if (t) checkFloat('linear', n, t);
  if (w.shape.length !== 2) throw new ShapeError(`linear: w must be [out, in], got ${fmtShape(w.shape)}`);
  const [O, I] = w.shape;
  if (x.shape.length < 1 || x.shape[x.shape.length - 1] !== I) throw new ShapeError(`linear: x must be [..., ${I}], got ${fmtShape(x.shape)}`);
  if (b && (b.shape.length !== 1 || b.shape[0] !== O)) throw new ShapeError(`linear: b must be [${O}], got ${fmtShape(b.shape)}`);
  const R = x.size / I || 0;
  const out = result(x, [...x.shape.slice(0, -1), O], x, w, b);
  gemm(rt, R, O, I, x.ptr, I, false, w.ptr, I, true, out.ptr, O, false, b ? b.ptr : 0);
  track({ op: 'linear', x, w, b, out, rows: R, inF: I, outF: O }, [out]);
  return out;
}

/**
 * a[..., M, K] · b[K, N] (shared) or · b[..., K, N] (same leading dims, batched).
 * @example
 * ```ts
 * matmul(Tensor.from([[1, 2], [3, 4]]), Tensor.from([[5, 6], [7, 8]])).toArray(); // [19, 22, 43, 50]
 * ```
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const rt = runtimeOf('matmul', { a, b });
  checkFloat('matmul', 'a', a);
  checkFloat('matmul', 'b', b);
  checkRank('matmul', 'a', a, 2, '[..., M, K]');
  checkRank('matmul', 'b', b, 2, '[K, N] or [..., K, N]');
  const M = a.shape[a.shape.length - 2], K = a.shape[a.shape.length - 1];
  const lead = a.shape.slice(0, -2);
  const bShared = b.shape.length === 2;
  const N = b.shape[b.shape.length - 1];
  const want = bShared ? `[${K}, N]` : `[${[...lead, K].join(', ')}, N]`;
  if (b.shape[b.shape.length - 2] !== K || (!bShared && fmtShape(b.shape.slice(0, -2)) !== fmtShape(lead))) {
    throw new ShapeError(`matmul: b must be ${want} to match a ${fmtShape(a.shape)}, got ${fmtShape(b.shape)}`);
  }
  const batch = sizeOf(lead);
  const out = result(a, [...lead, M, N], a, b);
  if (bShared) gemm(rt, batch * M, N, K, a.ptr, K, false, b.ptr, N, false, out.ptr, N, false);
  else for (let i = 0; i < batch; i++) gemm(rt, M, N, K, at(a.ptr, i * M * K), K, false, at(b.ptr, i * K * N), N, false, at(out.ptr, i * M * N), N, false);
  track({ op: 'matmul', a, b, out, batch, M, K, N, bShared }, [out]);
  return out;
}

/** Rows b repeats over: 1 when shapes match, else b.shape must be a trailing part of a.shape. */
function broadcastRows(where: string, a: Tensor, b: Tensor): number {
  const off = a.shape.length - b.shape.length;
  if (off < 0 || b.shape.some((d, i) => d !== a.shape[off + i])) {
    throw new ShapeError(`${where}: b must have shape ${fmtShape(a.shape)} or a trailing part of it (e.g. [${a.shape[a.shape.length - 1] ?? ''}]), got ${fmtShape(b.shape)}`);
  }
  return b.size === 0 ? 0 : a.size / b.size;
}

function binary(op: 'add' | 'sub' | 'mul', a: Tensor, b: Tensor): Tensor {
  const rt = runtimeOf(op, { a, b });
  checkFloat(op, 'a', a);
  checkFloat(op, 'b', b);
  const rows = broadcastRows(op, a, b);
  const out = result(a, a.shape, a, b);
  const k = rt.k, n = b.size;
  if (op === 'add' && rows > 1) {
    // A bias over many rows: two vector passes instead of one kernel call per row.
    k.f32_copy(out.ptr, a.ptr, a.size);
    k.f32_add_row_bias(out.ptr, b.ptr, rows, n);
  } else {
    const f = op === 'add' ? k.f32_add : op === 'sub' ? k.f32_sub : k.f32_mul;
    for (let r = 0; r < rows; r++) f(at(out.ptr, r * n), at(a.ptr, r * n), b.ptr, n);
  }
  track(op === 'mul' ? { op, a, b, out, rows } : { op, a, b, out, rows }, [out]);
  return out;
}

/**
 * a + b; b may be a trailing part of a's shape (a bias), repeated over the leading dims.
 * @example
 * ```ts
 * const y = add(Tensor.zeros([4, 3]), Tensor.from([1, 2, 3])); // the bias added to every row
 * ```
 */
export const add = (a: Tensor, b: Tensor): Tensor => binary('add', a, b);
/**
 * a − b, with the same broadcasting as {@link add}: b may be a trailing part of a's shape.
 * @example
 * ```ts
 * sub(Tensor.from([5, 7]), Tensor.from([1, 2])).toArray(); // [4, 5]
 * ```
 */
export const sub = (a: Tensor, b: Tensor): Tensor => binary('sub', a, b);
/**
 * Elementwise a ⊙ b, with the same broadcasting as add.
 * @example
 * ```ts
 * mul(Tensor.from([1, 2, 3]), Tensor.from([2, 2, 2])).toArray(); // [2, 4, 6]
 * ```
 */
export const mul = (a: Tensor, b: Tensor): Tensor => binary('mul', a, b);

/**
 * alpha · x.
 * @example
 * ```ts
 * scale(Tensor.from([1, -2]), 0.5).toArray(); // [0.5, -1]
 * ```
 */
export function scale(x: Tensor, alpha: number): Tensor {
  const rt = runtimeOf('scale', { x });
  checkFloat('scale', 'x', x);
  if (typeof alpha !== 'number' || !Number.isFinite(alpha)) throw new ValueError(`scale: alpha must be a finite number, got ${alpha}`);
  const out = result(x, x.shape, x);
  rt.k.f32_scale(out.ptr, x.ptr, alpha, x.size);
  track({ op: 'scale', x, alpha, out }, [out]);
  return out;
}

/**
 * Options of {@link sum} and {@link mean}: the dimension to reduce (default: all) and whether to keep it as size 1.
 * @example
 * ```ts
 * const rowMeans = mean(x, { dim: -1, keepDim: true } satisfies ReduceOptions); // [B, 1]
 * ```
 */
export interface ReduceOptions { dim?: number; keepDim?: boolean }

function reduce(where: 'sum' | 'mean', x: Tensor, opts: ReduceOptions): Tensor {
  const rt = runtimeOf(where, { x });
  checkOptions(where, opts, ['dim', 'keepDim']);
  checkFloat(where, 'x', x);
  let outer = 1, d = x.size, inner = 1;
  let shape: number[] = opts.keepDim ? x.shape.map(() => 1) : [];
  if (opts.dim !== undefined) {
    const dim = normDim(where, opts.dim, x.shape.length);
    [outer, d, inner] = splitAt(x.shape, dim);
    shape = x.shape.slice();
    if (opts.keepDim) shape[dim] = 1;
    else shape.splice(dim, 1);
  }
  const alpha = where === 'mean' ? 1 / d : 1;
  const out = result(x, shape, x);
  if (outer === 1 && inner === 1) out.data()[0] = alpha * rt.k.f32_sum(x.ptr, x.size); // f64 accumulation
  else rt.k.f32_sum_dim(out.ptr, x.ptr, outer, d, inner, alpha, 0);
  track({ op: 'sum', x, out, outer, d, inner, alpha }, [out]);
  return out;
}

/**
 * Sum of all elements (shape []), or along `dim` (keepDim keeps it as size 1).
 * @example
 * ```ts
 * const x = Tensor.from([[1, 2], [3, 4]]);
 * sum(x).item(); // 10
 * sum(x, { dim: 0 }).toArray(); // [4, 6]
 * ```
 */
export const sum = (x: Tensor, opts: ReduceOptions = {}): Tensor => reduce('sum', x, opts);
/**
 * Mean of all elements, or along `dim`. A mean over 0 elements is NaN, as in PyTorch.
 * @example
 * ```ts
 * mean(Tensor.from([[1, 2], [3, 4]]), { dim: 1 }).toArray(); // [1.5, 3.5]
 * ```
 */
export const mean = (x: Tensor, opts: ReduceOptions = {}): Tensor => reduce('mean', x, opts);

function activation(op: 'tanh' | 'sigmoid' | 'relu', x: Tensor): Tensor {
  const rt = runtimeOf(op, { x });
  checkFloat(op, 'x', x);
  const out = result(x, x.shape, x);
  const k = rt.k;
  (op === 'tanh' ? k.f32_tanh_fwd : op === 'sigmoid' ? k.f32_sigmoid_fwd : k.f32_relu_fwd)(out.ptr, x.ptr, x.size);
  track({ op, x, out }, [out]);
  return out;
}
/**
 * Elementwise tanh, differentiable.
 * @example
 * ```ts
 * tanh(Tensor.from([0, 100])).toArray(); // [0, 1]
 * ```
 */
export const tanh = (x: Tensor): Tensor => activation('tanh', x);
/**
 * Elementwise logistic σ(x) = 1 / (1 + e^(−x)), differentiable.
 * @example
 * ```ts
 * sigmoid(Tensor.from([0])).item(); // 0.5
 * ```
 */
export const sigmoid = (x: Tensor): Tensor => activation('sigmoid', x);
/**
 * Elementwise max(x, 0), differentiable (gradient 0 at 0, as PyTorch).
 * @example
 * ```ts
 * relu(Tensor.from([-1, 2])).toArray(); // [0, 2]
 * ```
 */
export const relu = (x: Tensor): Tensor => activation('relu', x);

function softmaxLike(op: 'softmax' | 'logSoftmax', x: Tensor, dim: number): Tensor {
  const rt = runtimeOf(op, { x });
  checkFloat(op, 'x', x);
  checkRank(op, 'x', x, 1, 'at least 1-D');
  if (normDim(op, dim, x.shape.length) !== x.shape.length - 1) {
    throw new ValueError(`${op}: only the last dim is supported (dim -1 or ${x.shape.length - 1}), got ${dim}`);
  }
  const cols = x.shape[x.shape.length - 1];
  const rows = cols === 0 ? 0 : x.size / cols;
  const out = result(x, x.shape, x);
  (op === 'softmax' ? rt.k.f32_softmax_fwd : rt.k.f32_log_softmax_fwd)(out.ptr, x.ptr, rows, cols);
  track({ op, x, out, rows, cols }, [out]);
  return out;
}
/**
 * Softmax along the last dim (max-subtracted).
 * @example
 * ```ts
 * softmax(Tensor.from([[1, 1]])).toArray(); // [0.5, 0.5]
 * ```
 */
export const softmax = (x: Tensor, dim = -1): Tensor => softmaxLike('softmax', x, dim);
/**
 * log(softmax(x)) along `dim` (default the last), computed stably (max-subtracted).
 * @example
 * ```ts
 * const logp = logSoftmax(logits); // then e.g. gather the target's log-probability
 * ```
 */
export const logSoftmax = (x: Tensor, dim = -1): Tensor => softmaxLike('logSoftmax', x, dim);

/**
 * Inverted dropout: zeroes each element with probability p and scales the rest by 1/(1-p).
 * With training false or p 0 it returns x itself. The mask comes from `rng` (default: the
 * generator reseeded by manualSeed), so runs are reproducible.
 * @example
 * ```ts
 * const h = dropout(x, 0.2, { training: model.training });
 * ```
 */
export function dropout(x: Tensor, p: number, opts: { training?: boolean; rng?: Rng } = {}): Tensor {
  const rt = runtimeOf('dropout', { x });
  checkOptions('dropout', opts, ['training', 'rng']);
  checkFloat('dropout', 'x', x);
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new ValueError(`dropout: p must be in [0, 1], got ${p}`);
  if (opts.training === false || p === 0) return x;
  const rng = rngOption('dropout', opts.rng, ['uniform']);
  // Both allocations before the draws: running out of memory leaves the generator untouched.
  const mask = Tensor.empty(x.shape, { runtime: rt });
  const out = result(x, x.shape, x);
  const m = new Float32Array(x.size);
  const keep = p === 1 ? 0 : 1 / (1 - p);
  for (let i = 0; i < m.length; i++) m[i] = rng.uniform() < p ? 0 : keep;
  mask.data().set(m);
  rt.k.f32_mul(out.ptr, x.ptr, mask.ptr, x.size);
  track({ op: 'dropout', x, mask, out }, [out]);
  return out;
}
