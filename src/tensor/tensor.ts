// Tensor: a shape plus a place in an arena. It never holds a Float32Array: views are made on
// each access, after checking that the arena has not been reset since the tensor was made.
import { fmtShape, MemoryError, ShapeError, StateError, ValueError } from '../errors.js';
import { any, bool, describe, oneOf, options } from '../util/args.js';
import type { Arena } from '../runtime/heap.js';
import { runtimeOption, type Runtime } from '../runtime/runtime.js';

/**
 * A tensor's element type: `float32` (values) or `int32` (token ids, class indices, lengths).
 * @example
 * ```ts
 * const ids = Tensor.from([3, 1, 4], [3], { dtype: 'int32' satisfies DType });
 * ```
 */
export type DType = 'float32' | 'int32';
/**
 * Which arena of the runtime holds a tensor: `params` (as long as the model), `state` (gradients,
 * optimizer state) or `step` (freed by the next optimizer step or `runtime.resetStep()`; the default).
 * @example
 * ```ts
 * const kept = Tensor.zeros([4], { arena: 'params' satisfies ArenaName }); // survives optimizer.step()
 * ```
 */
export type ArenaName = 'params' | 'state' | 'step';

/**
 * Options of the Tensor factories: dtype, arena, requiresGrad and the runtime (default: init()'s).
 * @example
 * ```ts
 * const w = Tensor.zeros([3, 2], { arena: 'params', requiresGrad: true } satisfies TensorOptions);
 * ```
 */
export interface TensorOptions {
  dtype?: DType;
  /** Which arena holds it. Default 'step': freed at the end of the training step. */
  arena?: ArenaName;
  requiresGrad?: boolean;
  runtime?: Runtime;
}
// dtype and arena must name one of the known ones (a typo would otherwise make a broken tensor).
const TENSOR_RULES = { dtype: oneOf(['float32', 'int32']), arena: oneOf(['params', 'state', 'step']), requiresGrad: bool(), runtime: any };
const tensorOptions = (where: string, opts: unknown): TensorOptions => options<TensorOptions>(where, opts, TENSOR_RULES);

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function checkShape(where: string, shape: readonly number[], name = 'shape'): void {
  if (!Array.isArray(shape)) throw new ShapeError(`${where}: ${name} must be an array of dimensions, got ${describe(shape)}`);
  if (shape.length > 32) throw new ShapeError(`${where}: ${name} has ${shape.length} dimensions, at most 32 are supported`);
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) throw new ShapeError(`${where}: ${name} must hold non-negative integers, got [${shape.map((x) => describe(x)).join(', ')}]`);
  }
}

type Nested = number | readonly Nested[];

/** Flattens a nested array, requiring every row at every depth to have the same length. */
function flattenNested(data: readonly Nested[], where: string): { flat: number[]; shape: number[] } {
  const shape: number[] = [];
  let level: Nested = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0] as Nested;
  }
  const flat: number[] = [];
  const walk = (v: Nested, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (Array.isArray(v)) throw new ShapeError(`${where}: nested array is ragged: data${path} is an array, expected a number (shape ${fmtShape(shape)})`);
      flat.push(v as number);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new ShapeError(`${where}: nested array is ragged: data${path} must be an array of ${shape[depth]}, got ${describe(v)} (shape ${fmtShape(shape)})`);
    }
    for (let i = 0; i < v.length; i++) walk(v[i], depth + 1, `${path}[${i}]`);
  };
  walk(data, 0, '');
  return { flat, shape };
}

/**
 * An argument that must be a live Tensor (optionally of one dtype): a ValueError for anything
 * else, a StateError naming the function and argument for a tensor whose arena was reset.
 */
export function checkTensor(where: string, name: string, v: unknown, dtype?: DType): Tensor {
  if (!(v instanceof Tensor)) throw new ValueError(`${where}: ${name} must be a Tensor, got ${describe(v)}`);
  if (!v.isValid) {
    throw new StateError(`${where}: ${name} ${fmtShape(v.shape)} is stale: its '${v.arena.name}' arena was reset since it was made; copy what you need with toArray()`);
  }
  if (dtype !== undefined && v.dtype !== dtype) throw new ValueError(`${where}: ${name} must be ${dtype}, got ${v.dtype}`);
  return v;
}

/** Typed arrays whose elements are numbers (BigInt64Array and DataView are not). */
function isNumberArray(v: unknown): v is ArrayLike<number> {
  return ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array);
}

type BackwardHook = (t: Tensor, opts?: { retainGraph?: boolean }) => void;
let backwardHook: BackwardHook | null = null;
/** Set by src/autograd/tape.ts: keeps this layer free of imports from the one above it. */
export function setBackwardHook(h: BackwardHook): void {
  backwardHook = h;
}

/**
 * A shape and a place in one of the runtime's arenas (the values live in wasm memory). Make one
 * with `Tensor.from`, `zeros`, `full` or `empty`; read it with `toArray()` (a copy), `item()` or
 * `data()` (a view for immediate use). A tensor whose arena was reset throws a StateError.
 * @example
 * ```ts
 * await init();
 * const a = Tensor.from([[1, 2], [3, 4]]); // shape [2, 2]
 * const b = Tensor.from([5, 6, 7, 8], [2, 2]);
 * console.log(matmul(a, b).toArray()); // Float32Array [19, 22, 43, 50]
 * ```
 */
export class Tensor {
  readonly shape: readonly number[];
  readonly size: number;
  readonly dtype: DType;
  readonly runtime: Runtime;
  readonly arena: Arena;
  readonly epoch: number;
  /** Byte offset in the runtime's memory; read `ptr` instead, which checks staleness. */
  readonly offset: number;
  requiresGrad: boolean;
  /** Accumulated gradient of a leaf (set by backward; parameters keep it in the 'state' arena). */
  grad: Tensor | null = null;
  /** False for tensors produced by a recorded op; their gradients are not kept after backward. */
  isLeaf = true;

  /** @internal Tensors are made by the factories (Tensor.from, zeros, full, empty) and the ops. */
  constructor(runtime: Runtime, arena: Arena, offset: number, shape: readonly number[], dtype: DType, requiresGrad = false) {
    this.runtime = runtime;
    this.arena = arena;
    this.epoch = arena.epoch;
    this.offset = offset;
    this.shape = Object.freeze(shape.slice());
    this.size = sizeOf(shape);
    this.dtype = dtype;
    this.requiresGrad = requiresGrad;
  }

  /** An uninitialised tensor (contents are whatever the arena held). */
  static empty(shape: readonly number[], opts: TensorOptions = {}): Tensor {
    return Tensor.make('Tensor.empty', shape, opts);
  }

  /** empty() under the name of the public function the caller used. */
  private static make(where: string, shape: readonly number[], options: unknown): Tensor {
    const opts = tensorOptions(where, options);
    checkShape(where, shape);
    const rt = runtimeOption(where, opts.runtime);
    const arena = rt[opts.arena ?? 'step'];
    let off: number;
    try {
      off = arena.alloc(sizeOf(shape) * 4);
    } catch (e) {
      // Say which tensor did not fit; the heap's message says how much memory there was.
      if (e instanceof MemoryError) throw new MemoryError(`Tensor ${fmtShape(shape)} (${sizeOf(shape) * 4} bytes): ${e.message}`, e.requestedBytes, e.availableBytes);
      throw e;
    }
    return new Tensor(rt, arena, off, shape, opts.dtype ?? 'float32', opts.requiresGrad ?? false);
  }

  static zeros(shape: readonly number[], opts: TensorOptions = {}): Tensor {
    const t = Tensor.make('Tensor.zeros', shape, opts);
    t.runtime.k.f32_fill(t.ptr, t.size, 0);
    return t;
  }

  /** A tensor of `value` everywhere (an int32 tensor needs an integer value). */
  static full(shape: readonly number[], value: number, opts: TensorOptions = {}): Tensor {
    if (typeof value !== 'number') throw new ValueError(`Tensor.full: value must be a number, got ${describe(value)}`);
    if (opts?.dtype === 'int32' && (!Number.isInteger(value) || value < -2147483648 || value > 2147483647)) {
      throw new ValueError(`Tensor.full: value must be an integer in [-2^31, 2^31) for int32, got ${value}`);
    }
    const t = Tensor.make('Tensor.full', shape, opts);
    t.data().fill(value);
    return t;
  }

  /**
   * Copies `data` (flat, row-major) into a new tensor of `shape`. With a nested array the shape
   * may be left out. int32 data must be integers.
   */
  static from(data: ArrayLike<number> | readonly Nested[], shape?: readonly number[], options: TensorOptions = {}): Tensor {
    const opts = tensorOptions('Tensor.from', options);
    if (!Array.isArray(data) && !isNumberArray(data)) {
      throw new ValueError(`Tensor.from: data must be an array or a typed array of numbers, got ${describe(data)}`);
    }
    let flat: ArrayLike<number> = data as ArrayLike<number>;
    let shp = shape ?? undefined;
    if (Array.isArray(data) && data.length > 0 && Array.isArray(data[0])) {
      const f = flattenNested(data as readonly Nested[], 'Tensor.from');
      flat = f.flat;
      shp = shp ?? f.shape;
    }
    shp = shp ?? [flat.length];
    checkShape('Tensor.from', shp);
    if (flat.length !== sizeOf(shp)) {
      throw new ShapeError(`Tensor.from: data has ${flat.length} values, shape ${fmtShape(shp)} needs ${sizeOf(shp)}`);
    }
    const dtype = opts.dtype ?? (data instanceof Int32Array ? 'int32' : 'float32');
    if (dtype === 'int32' && !(flat instanceof Int32Array)) {
      for (let i = 0; i < flat.length; i++) {
        const v = flat[i];
        // Int32Array would wrap 2^31 and beyond silently.
        if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) throw new ValueError(`Tensor.from: int32 data must be integers in [-2^31, 2^31), got ${v} at index ${i}`);
      }
    } else if (Array.isArray(flat)) {
      // A non-number in a plain array would become NaN without a word.
      for (let i = 0; i < flat.length; i++) {
        if (typeof flat[i] !== 'number') throw new ValueError(`Tensor.from: data must hold numbers, got ${typeof flat[i]} at index ${i}`);
      }
    }
    const t = Tensor.make('Tensor.from', shp, { ...opts, dtype });
    t.data().set(flat);
    return t;
  }

  /** True while the arena has not been reset since this tensor was made. */
  get isValid(): boolean {
    return this.arena.epoch === this.epoch;
  }

  /** Byte offset for kernels; throws if the tensor's arena was reset. */
  get ptr(): number {
    if (this.arena.epoch !== this.epoch) {
      throw new StateError(
        `tensor ${fmtShape(this.shape)} is stale: its '${this.arena.name}' arena was reset (made at epoch ${this.epoch}, ` +
          `now ${this.arena.epoch}); tensors from a step do not outlive it, copy what you need with toArray()`,
      );
    }
    return this.offset;
  }

  /**
   * A live view of the data; do not keep it across allocations (memory growth detaches it) or
   * across forward passes: values written through the view must be written before the next
   * forward (each call counts as a write, which tells inference to re-pack recurrent weights).
   */
  data(): Float32Array | Int32Array {
    checkTensor('Tensor.data', 'this', this);
    const v = this.values();
    this.arena.noteWrite();
    return v;
  }

  /** The live view for reading (not counted as a write). */
  private values(): Float32Array | Int32Array {
    const p = this.ptr;
    return this.dtype === 'int32' ? this.runtime.i32(p, this.size) : this.runtime.f32(p, this.size);
  }

  /**
   * Tells the library that values were written directly (through a data() view taken before the
   * last forward pass): inference then re-packs recurrent weights instead of reusing its copy.
   */
  markModified(): void {
    checkTensor('Tensor.markModified', 'this', this);
    this.arena.noteWrite();
  }

  /** A copy of the data, flat and row-major (a read: not counted as a write, unlike data()). */
  toArray(): Float32Array | Int32Array {
    checkTensor('Tensor.toArray', 'this', this);
    return this.values().slice();
  }

  /** The single value of a one-element tensor. */
  item(): number {
    checkTensor('Tensor.item', 'this', this);
    if (this.size !== 1) throw new ShapeError(`Tensor.item: tensor must have one element, got shape ${fmtShape(this.shape)}`);
    return this.values()[0];
  }

  /** The same memory, viewed with another shape of the same size (no copy, not recorded). */
  view(shape: readonly number[]): Tensor {
    checkShape('Tensor.view', shape);
    checkTensor('Tensor.view', 'this', this);
    if (sizeOf(shape) !== this.size) {
      throw new ShapeError(`Tensor.view: shape ${fmtShape(shape)} has ${sizeOf(shape)} elements, tensor ${fmtShape(this.shape)} has ${this.size}`);
    }
    const p = this.ptr;
    return new Tensor(this.runtime, this.arena, p, shape, this.dtype, false);
  }

  /** The same memory cut off from the tape: no gradient flows through the result. */
  detach(): Tensor {
    return this.view(this.shape);
  }

  /** Back-propagates from this one-element tensor (see src/autograd/tape.ts). */
  backward(opts?: { retainGraph?: boolean }): void {
    checkTensor('Tensor.backward', 'this', this);
    if (!backwardHook) throw new StateError('Tensor.backward: the autograd module is not loaded (import it from rnn-wasm)');
    backwardHook(this, opts);
  }

  toString(): string {
    return `Tensor(${fmtShape(this.shape)}, ${this.dtype})`;
  }
}
