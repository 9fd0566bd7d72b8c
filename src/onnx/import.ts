// importOnnx: a .onnx file → a model with `inputs`, `outputs` and `run(feeds)`. Everything a file
// can get wrong is found here, at import (FormatError); run() only checks the feeds.
import { checkOptions, fmtShape, ShapeError, ValueError } from '../errors.js';
import { arg, bool, describe, options as checkArgs } from '../util/args.js';
import { Arena } from '../runtime/heap.js';
import { getRuntime, Runtime } from '../runtime/runtime.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../autograd/tape.js';
import { prepare, type Graph } from './prepare.js';
import { replay, trace, type Arenas, type Plan } from './plan.js';
import { readModel } from './proto_read.js';
import { DTYPES, hostVal, sizeOf, type DType, type ExternalData, type Int8Options, type Val } from './values.js';

/**
 * An input or output of an imported ONNX model: its name, element type and shape (symbolic dims by name).
 * @example
 * ```ts
 * for (const io of model.inputs) console.log(io.name, io.dtype, io.shape); // e.g. input float32 ['?', '?']
 * ```
 */
export interface OnnxIO {
  name: string;
  dtype: DType | 'unknown';
  /** Fixed dims as numbers, symbolic ones as their names ('batch'), unknown ones as '?'. */
  shape: (number | string)[] | null;
}

/**
 * The typed arrays an ONNX input takes: float32, int32 or int64 (BigInt64Array).
 * @example
 * ```ts
 * const sr: FeedData = BigInt64Array.of(16000n);
 * ```
 */
export type FeedData = Float32Array | Int32Array | BigInt64Array;
/**
 * One input of `OnnxModel.run`: host data with its shape, or a Tensor.
 * @example
 * ```ts
 * const input: Feed = { data: new Float32Array(576), shape: [1, 576] };
 * ```
 */
export type Feed = { data: FeedData; shape: readonly number[] } | Tensor;
/**
 * The typed arrays an ONNX output comes back as.
 * @example
 * ```ts
 * const probs: OutputData = model.run(feeds).output.data;
 * ```
 */
export type OutputData = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;
/**
 * One output of `OnnxModel.run`: host data and its shape.
 * @example
 * ```ts
 * const { data, shape }: Output = model.run(feeds).h_n;
 * ```
 */
export interface Output { data: OutputData; shape: number[] }

/**
 * Options of {@link importOnnx}: bytes of external-data files, and the runtime to run on.
 * @example
 * ```ts
 * const model = importOnnx(bytes, { externalData: new Map([['weights.bin', weightBytes]]) } satisfies ImportOptions);
 * ```
 */
export interface ImportOptions {
  /** Bytes of the external-data files a model names (location → bytes). */
  externalData?: ExternalData;
  /** Runtime to run on (default: the one of init(), looked up at the first run). */
  runtime?: Runtime;
}

/** Integer inputs up to this many elements are part of the plan signature (they may select If branches). */
const SMALL_INT = 16;
const MAX_PLANS = 8;

function ioOf(info: { name: string; elemType: number; dims: (number | string | null)[] | null }): OnnxIO {
  return {
    name: info.name,
    dtype: DTYPES.get(info.elemType) ?? 'unknown',
    shape: info.dims ? info.dims.map((d) => (d === null ? '?' : d)) : null,
  };
}

/**
 * An imported ONNX model: `inputs` and `outputs` describe it, `run(feeds)` computes every output
 * (plans are traced once per input signature and replayed).
 * @example
 * ```ts
 * const model = importOnnx(bytes);
 * const out = model.run({ input: { data: x, shape: [1, 128, 64] } });
 * console.log(out.output.shape);
 * ```
 */
export class OnnxModel {
  readonly inputs: readonly OnnxIO[];
  readonly outputs: readonly OnnxIO[];
  private readonly graph: Graph;
  private readonly opset: number;
  private readonly rtOption: Runtime | undefined;
  private arenas: Omit<Arenas, 'plan'> | null = null;
  private readonly plans = new Map<string, Plan>();
  private readonly spare: Arena[] = [];
  /** Non-null on the int8 copy nn.quantizeDynamic makes: LSTM/GRU/RNN with constant weights run int8. */
  readonly int8: Readonly<Int8Options> | null;

  /** @internal use importOnnx */
  constructor(graph: Graph, opset: number, outputs: OnnxIO[], rt: Runtime | undefined, int8: Int8Options | null = null) {
    this.graph = graph;
    this.opset = opset;
    this.inputs = Object.freeze(graph.inputs.map(ioOf));
    this.outputs = Object.freeze(outputs);
    this.rtOption = rt;
    this.int8 = int8 ? Object.freeze({ ...int8 }) : null;
  }

  /**
   * nn.quantizeDynamic's hook (nn cannot import onnx): an int8 copy of this model with the same
   * inputs, outputs and run(). The LSTM, GRU and RNN nodes whose W and R are constants of the file
   * get int8 weights (per row, or per tensor), quantized once at their first run and kept; x and h
   * are quantized per step. Every other node computes as in the float model. The graph is shared.
   */
  quantizeDynamicModel(options: { perTensor: boolean }): OnnxModel {
    const where = 'OnnxModel.quantizeDynamicModel';
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      throw new ValueError(`${where}: options must be { perTensor: boolean } (nn.quantizeDynamic(model, { dtype: 'int8' }) calls it), got ${describe(options)}`);
    }
    const o = checkArgs<{ perTensor: boolean }>(where, options, { perTensor: bool() });
    const perTensor = arg<boolean>(where, 'perTensor', o.perTensor, bool());
    return new OnnxModel(this.graph, this.opset, this.outputs.slice(), this.rtOption, { perTensor });
  }

  private setup(): Omit<Arenas, 'plan'> {
    if (this.arenas) return this.arenas;
    const base = this.rtOption ?? getRuntime();
    // The model's own step arena: every run starts by resetting it, so repeated runs reuse the
    // same memory and never touch tensors the caller keeps in the runtime's step arena.
    const run = new Arena(base.heap, 'onnx-run', 256 << 10);
    const rt = Object.create(base, { step: { value: run } }) as Runtime;
    this.arenas = { rt, run, model: base.params, opset: this.opset, int8: this.int8 };
    return this.arenas;
  }

  /**
   * Runs the model. feeds: one entry per input, `{ data, shape }` (Float32Array, Int32Array or
   * BigInt64Array) or a Tensor. Returns host arrays per output name. Synchronous; `await` works too.
   */
  run(feeds: Record<string, Feed>): Record<string, Output> {
    if (feeds === null || typeof feeds !== 'object') throw new ValueError(`OnnxModel.run: feeds must be an object with ${this.inputs.map((i) => `'${i.name}'`).join(', ')}`);
    const names = this.inputs.map((i) => i.name);
    for (const k of Object.keys(feeds)) if (!names.includes(k)) throw new ValueError(`OnnxModel.run: unknown input '${k}' (inputs: ${names.join(', ')})`);
    const a0 = this.setup();
    a0.run.reset();
    const parsed = this.inputs.map((io) => this.feed(io, Object.prototype.hasOwnProperty.call(feeds, io.name) ? feeds[io.name] : undefined, a0));
    const key = parsed.map((p) => p.key).join('|');
    return noGrad(() => {
      let plan = this.plans.get(key);
      let outs: Val[];
      if (plan) {
        // most recently used last
        this.plans.delete(key);
        this.plans.set(key, plan);
        outs = replay({ ...a0, plan: plan.arena }, plan, parsed.map((p) => p.val));
      } else {
        if (this.plans.size >= MAX_PLANS) {
          const [oldKey, old] = this.plans.entries().next().value as [string, Plan];
          this.plans.delete(oldKey);
          old.arena.reset();
          this.spare.push(old.arena);
        }
        const arena = this.spare.pop() ?? new Arena(a0.rt.heap, 'onnx-plan', 64 << 10);
        try {
          const r = trace({ ...a0, plan: arena }, this.graph, parsed.map((p) => p.val));
          this.plans.set(key, r.plan);
          outs = r.outputs;
        } catch (e) {
          arena.reset();
          this.spare.push(arena);
          throw e;
        }
      }
      const result = Object.create(null) as Record<string, Output>;
      this.outputs.forEach((io, i) => (result[io.name] = toHost(a0.rt, outs[i])));
      return result;
    });
  }

  private feed(io: OnnxIO, f: Feed | undefined, a: Omit<Arenas, 'plan'>): { val: Val; key: string } {
    const where = `OnnxModel.run: input '${io.name}'`;
    if (f === undefined) throw new ValueError(`${where} is missing`);
    let shape: number[], dtype: DType, data: FeedData | null = null;
    if (f instanceof Tensor) {
      shape = f.shape.slice();
      dtype = f.dtype === 'int32' ? 'int32' : 'float32';
    } else {
      if (f === null || typeof f !== 'object' || !Array.isArray(f.shape)) throw new ValueError(`${where} must be { data, shape } or a Tensor`);
      shape = f.shape.slice();
      data = f.data;
      if (data instanceof Float32Array) dtype = 'float32';
      else if (data instanceof Int32Array) dtype = 'int32';
      else if (data instanceof BigInt64Array) dtype = 'int64';
      else throw new ValueError(`${where}: data must be a Float32Array, Int32Array or BigInt64Array`);
      if (shape.some((d) => !Number.isSafeInteger(d) || d < 0) || sizeOf(shape) !== data.length) {
        throw new ShapeError(`${where}: shape ${fmtShape(shape)} does not fit ${data.length} values`);
      }
    }
    const want = io.dtype;
    const isInt = (d: string): boolean => d === 'int64' || d === 'int32';
    if (want !== 'unknown' && want !== dtype && !(isInt(want) && isInt(dtype))) throw new ValueError(`${where} must be ${want}, got ${dtype}`);
    if (io.shape) {
      const bad = io.shape.length !== shape.length || io.shape.some((d, i) => typeof d === 'number' && d !== shape[i]);
      if (bad) throw new ShapeError(`${where} must be ${fmtShape(io.shape as number[])}, got ${fmtShape(shape)}`);
    }
    const finalType: DType = want !== 'unknown' ? want : dtype;
    if (dtype === 'float32') {
      const n = sizeOf(shape);
      const t = new Tensor(a.rt, a.run, a.run.alloc(n * 4), shape, 'float32');
      if (f instanceof Tensor) {
        if (f.runtime.memory === a.rt.memory) a.rt.k.f32_copy(t.ptr, f.ptr, n);
        else a.rt.f32(t.ptr, n).set(f.toArray());
      } else a.rt.f32(t.ptr, n).set(data as Float32Array);
      return { val: { dtype: 'float32', shape, host: null, dev: t, dyn: true }, key: `f${fmtShape(shape)}` };
    }
    const src = f instanceof Tensor ? f.toArray() : data!;
    const host = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) host[i] = Number(src[i]);
    const small = host.length <= SMALL_INT;
    return { val: hostVal(finalType, shape, host, !small), key: `${finalType}${fmtShape(shape)}${small ? `=${host.join(',')}` : ''}` };
  }
}

function toHost(rt: Runtime, v: Val): Output {
  const shape = v.shape.slice();
  const n = sizeOf(shape);
  const src = v.host ?? rt.f32(v.dev!.ptr, n);
  let data: OutputData;
  switch (v.dtype) {
    case 'float32': data = Float32Array.from(src); break;
    case 'float64': data = Float64Array.from(src); break;
    case 'int64': case 'uint64': data = BigInt64Array.from(src, (x) => BigInt(x)); break;
    case 'bool': case 'uint8': data = Uint8Array.from(src); break;
    default: data = Int32Array.from(src);
  }
  return { data, shape };
}

/**
 * Reads a .onnx file (a Uint8Array of its bytes): checks, sorts and folds it. FormatError on any problem.
 * @example
 * ```ts
 * import { importOnnx } from 'rnn-wasm/onnx';
 * const model = importOnnx(new Uint8Array(await (await fetch('model.onnx')).arrayBuffer()));
 * ```
 */
export function importOnnx(bytes: Uint8Array, opts: ImportOptions = {}): OnnxModel {
  checkOptions('importOnnx', opts, ['externalData', 'runtime']);
  if (opts.runtime !== undefined && !(opts.runtime instanceof Runtime)) throw new ValueError('importOnnx: runtime must be a Runtime');
  const m = readModel(bytes);
  const imp = prepare(m, bytes.length, opts.externalData);
  const outputs = imp.outputInfo.map(ioOf);
  return new OnnxModel(imp.graph, imp.opset, outputs, opts.runtime);
}
