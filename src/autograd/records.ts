// The op records of the tape: one union member per op kind, each declaring exactly what its
// backward reads. Shapes in comments use R = rows (all leading dims flattened).
import type { Tensor } from '../tensor/tensor.js';
import type { RecurrentRecord } from './recurrent/record.js';
import type { Conv1dGeometry } from './conv_geometry.js';
import { track as trackRecord } from './tape.js';

/** out[R, O] = x[R, I] · w[O, I]ᵀ + b[O] (nn.Linear layout). */
export interface LinearRecord { op: 'linear'; x: Tensor; w: Tensor; b: Tensor | null; out: Tensor; rows: number; inF: number; outF: number }
/** out[batch, M, N] = a[batch, M, K] · b[(batch,) K, N]; bShared: b is one [K, N] for every batch. */
export interface MatmulRecord { op: 'matmul'; a: Tensor; b: Tensor; out: Tensor; batch: number; M: number; K: number; N: number; bShared: boolean }
/** out = a ± b, b repeated over `rows` leading rows when it is smaller (bias broadcasting). */
export interface AddRecord { op: 'add' | 'sub'; a: Tensor; b: Tensor; out: Tensor; rows: number }
/** out = a ⊙ b, b repeated over `rows` leading rows when it is smaller. */
export interface MulRecord { op: 'mul'; a: Tensor; b: Tensor; out: Tensor; rows: number }
export interface ScaleRecord { op: 'scale'; x: Tensor; alpha: number; out: Tensor }
/** out[o, i] = alpha · Σ_k x[o, k, i] (sum: alpha 1, mean: 1/d; over everything: outer = inner = 1). */
export interface SumRecord { op: 'sum'; x: Tensor; out: Tensor; outer: number; d: number; inner: number; alpha: number }
/** Same data, new shape; out is a separate tensor so its gradient is separate. */
export interface ReshapeRecord { op: 'reshape'; x: Tensor; out: Tensor }
/** out[b] = x[b]ᵀ for x [batch, rows, cols]. */
export interface TransposeRecord { op: 'transpose'; x: Tensor; out: Tensor; batch: number; rows: number; cols: number }
/** out viewed as (outer, Σ widths): xs[j] fills columns [offsets[j], offsets[j] + widths[j]). */
export interface ConcatRecord { op: 'concat'; xs: Tensor[]; out: Tensor; outer: number; widths: number[]; offsets: number[] }
/** out (outer, width) = x viewed as (outer, srcWidth), columns [start, start + width). */
export interface SliceRecord { op: 'slice'; x: Tensor; out: Tensor; outer: number; srcWidth: number; start: number; width: number }
/** out[r, :] = table[ids[r], :]; backward scatter-adds, skipping rows whose id is skipId (-1: none). */
export interface GatherRecord { op: 'gather'; table: Tensor; ids: Tensor; out: Tensor; n: number; dim: number; skipId: number }
/** Elementwise activations: backward reads the saved output. */
export interface ActRecord { op: 'tanh' | 'sigmoid' | 'relu'; x: Tensor; out: Tensor }
/** Along the last dim (rows × cols); backward reads the saved output. */
export interface SoftmaxRecord { op: 'softmax' | 'logSoftmax'; x: Tensor; out: Tensor; rows: number; cols: number }
/** out = x ⊙ mask, mask holding 0 or 1/(1-p). */
export interface DropoutRecord { op: 'dropout'; x: Tensor; mask: Tensor; out: Tensor }
/**
 * How a loss combines its elements: their mean (default), their sum, or none (one value per element).
 * @example
 * ```ts
 * const perToken = crossEntropy(logits, targets, { reduction: 'none' satisfies Reduction }); // [B, T]
 * ```
 */
export type Reduction = 'mean' | 'sum' | 'none';
/** Fused log-softmax + NLL; `count` rows were not ignored (the mean divides by it). */
export interface CrossEntropyRecord {
  op: 'crossEntropy'; logits: Tensor; targets: Tensor; out: Tensor; rows: number; cols: number;
  ignoreIndex: number; reduction: Reduction; count: number;
}
export interface BceRecord { op: 'bceWithLogits'; x: Tensor; y: Tensor; out: Tensor; reduction: Reduction }
export interface MseRecord { op: 'mse'; pred: Tensor; target: Tensor; out: Tensor; reduction: Reduction }

/** out (B, Cout, Lout) = conv1d(x (B, Cin, L), w (Cout, Cin/g, K)) + b; x may be unbatched (Cin, L). */
export interface Conv1dRecord { op: 'conv1d'; x: Tensor; w: Tensor; b: Tensor | null; out: Tensor; g: Conv1dGeometry }

export type OpRecord =
  | LinearRecord | MatmulRecord | AddRecord | MulRecord | ScaleRecord | SumRecord | ReshapeRecord
  | TransposeRecord | ConcatRecord | SliceRecord | GatherRecord | ActRecord | SoftmaxRecord
  | DropoutRecord | CrossEntropyRecord | BceRecord | MseRecord | RecurrentRecord | Conv1dRecord;

/** tape.track for the records of this union: forward ops call this one, so a record is type-checked. */
export const track: (rec: OpRecord, outputs: readonly Tensor[]) => void = trackRecord;
