// The geometry of a 1-D convolution (shapes, padding, output length) and its im2col step:
// pure helpers shared by the conv1d op (conv.ts), its backward (backward.ts) and the ONNX Conv.
import { checkOptions, fmtShape, ShapeError, ValueError } from '../errors.js';
import type { Runtime } from '../runtime/runtime.js';
import { at } from './kern.js';

/**
 * Zero padding: one number for both ends, [left, right] (ONNX `pads`), or PyTorch's 'same' / 'valid'.
 * @example
 * ```ts
 * const pad: Conv1dPadding = [2, 0]; // causal: two zeros on the left for K 3
 * ```
 */
export type Conv1dPadding = number | readonly [number, number] | 'same' | 'valid';

/**
 * Options of {@link conv1d} (and of nn.Conv1d): stride, padding, dilation, groups, as PyTorch's F.conv1d.
 * @example
 * ```ts
 * conv1d(x, w, b, { stride: 2, padding: 1, dilation: 1, groups: 1 } satisfies Conv1dOptions);
 * ```
 */
export interface Conv1dOptions {
  stride?: number;
  padding?: Conv1dPadding;
  dilation?: number;
  groups?: number;
}

/** The resolved geometry of one conv1d call (what the tape record and the kernels need). */
export interface Conv1dGeometry {
  B: number; Cin: number; L: number; Cout: number; K: number;
  stride: number; padL: number; padR: number; dilation: number; groups: number; Lout: number;
}

function positiveInt(where: string, name: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new ValueError(`${where}: ${name} must be an integer >= ${min}, got ${typeof v === 'number' ? v : typeof v}`);
  }
  return v;
}

export interface Conv1dResolved { stride: number; dilation: number; groups: number; padding: Conv1dPadding }

/** Checks the options alone (no shapes): integers in range, a known padding form. */
export function conv1dOptions(opts: Conv1dOptions = {}, where = 'conv1d'): Conv1dResolved {
  checkOptions(where, opts, ['stride', 'padding', 'dilation', 'groups']);
  const stride = positiveInt(where, 'stride', opts.stride ?? 1, 1);
  const dilation = positiveInt(where, 'dilation', opts.dilation ?? 1, 1);
  const groups = positiveInt(where, 'groups', opts.groups ?? 1, 1);
  const p = opts.padding ?? 0;
  let padding: Conv1dPadding;
  if (p === 'valid' || p === 'same') {
    if (p === 'same' && stride !== 1) throw new ValueError(`${where}: padding 'same' needs stride 1 (as PyTorch), got stride ${stride}`);
    padding = p;
  } else if (typeof p === 'number') {
    padding = positiveInt(where, 'padding', p, 0);
  } else if (Array.isArray(p) && p.length === 2) {
    padding = [positiveInt(where, 'padding[0]', p[0], 0), positiveInt(where, 'padding[1]', p[1], 0)];
  } else {
    throw new ValueError(`${where}: padding must be an integer >= 0, [left, right], 'same' or 'valid', got ${JSON.stringify(p)}`);
  }
  return { stride, dilation, groups, padding };
}

/**
 * Checks shapes and options; x (B, Cin, L), w (Cout, Cin/groups, K). Pure: no allocation, so
 * modules and the ONNX importer can validate (and learn Lout) before running anything.
 */
export function conv1dGeometry(xShape: readonly number[], wShape: readonly number[], opts: Conv1dOptions = {}): Conv1dGeometry {
  const { stride, dilation, groups, padding: p } = conv1dOptions(opts);
  if (xShape.length !== 3) throw new ShapeError(`conv1d: x must be (B, Cin, L), got ${fmtShape(xShape)}`);
  if (wShape.length !== 3) throw new ShapeError(`conv1d: w must be (Cout, Cin/groups, K), got ${fmtShape(wShape)}`);
  const [B, Cin, L] = xShape;
  const [Cout, Cg, K] = wShape;
  if (Cin % groups !== 0 || Cout % groups !== 0) {
    throw new ValueError(`conv1d: groups (${groups}) must divide both in channels (${Cin}) and out channels (${Cout})`);
  }
  if (Cg !== Cin / groups) {
    throw new ShapeError(`conv1d: w must be (${Cout}, ${Cin / groups}, K) for x ${fmtShape(xShape)} and groups ${groups}, got ${fmtShape(wShape)}`);
  }
  if (K < 1 || Cg < 1 || Cout < 1) throw new ShapeError(`conv1d: w must have at least one tap and one channel in and out, got ${fmtShape(wShape)}`);
  const span = dilation * (K - 1); // receptive field - 1
  let padL: number, padR: number;
  if (p === 'valid') {
    padL = padR = 0;
  } else if (p === 'same') {
    padL = Math.floor(span / 2); // PyTorch puts the odd extra pad on the right
    padR = span - padL;
  } else if (typeof p === 'number') {
    padL = padR = p;
  } else {
    [padL, padR] = p;
  }
  const Lout = Math.floor((L + padL + padR - span - 1) / stride) + 1;
  if (!(Lout >= 1)) {
    throw new ShapeError(`conv1d: input length ${L} with padding ${padL}+${padR} is shorter than the kernel's reach ${span + 1} (K ${K}, dilation ${dilation})`);
  }
  return { B, Cin, L, Cout, K, stride, padL, padR, dilation, groups, Lout };
}

/** True when col would equal x itself (K 1, stride 1, no padding): the GEMM reads x directly. */
export function conv1dIsPointwise(g: Conv1dGeometry): boolean {
  return g.K === 1 && g.stride === 1 && g.padL === 0 && g.Lout === g.L;
}

/** col (Cg*K, Lout) of batch element b, group j, written at `col` (or x's own rows when pointwise). */
export function conv1dColumns(rt: Runtime, g: Conv1dGeometry, x: number, b: number, j: number, col: number): number {
  const Cg = g.Cin / g.groups;
  const xg = at(x, (b * g.Cin + j * Cg) * g.L);
  if (conv1dIsPointwise(g)) return xg;
  rt.k.f32_conv1d_im2col(col, xg, Cg, g.L, g.K, g.stride, g.padL, g.dilation, g.Lout);
  return col;
}
