// int8 weight-only quantization with one scale per row (per output unit / gate row): a weight
// row w becomes q = round(w / s), s = max|w| / 127, stored as I8 plus an F32 scale, about 4x
// smaller than F32. readSafetensors dequantizes (q · s) back to float32 on load, so the model runs
// the same kernels on the quantized values; the saving is in bytes stored and downloaded.
// File layout: tensor `<name>` as I8 (rows, cols), `<name>.int8_scale` as F32 (rows), metadata
// `rnn-wasm.quantization` = `int8-rows`. Tensors not chosen by `filter` stay F32.
import { checkOptions, FormatError, ValueError } from '../errors.js';
import { writeSafetensors, type RawTensor, type TensorLike } from './safetensors.js';

export const QUANT_KEY = 'rnn-wasm.quantization';
export const QUANT_INT8_ROWS = 'int8-rows';
const SCALE_SUFFIX = '.int8_scale';

/**
 * Options of {@link quantizeInt8}: which tensors become int8.
 * @example
 * ```ts
 * const bytes = quantizeInt8(model.stateDict(), {}, { filter: (name, shape) => shape.length === 2 && !name.startsWith('emb') });
 * ```
 */
export interface QuantizeOptions {
  /** Which tensors to quantize. Default: every float tensor with 2 dimensions (weights, embeddings). */
  filter?: (name: string, shape: readonly number[]) => boolean;
}

function valuesOf(name: string, t: TensorLike): Float32Array | Int32Array {
  const v = typeof t.toArray === 'function' ? t.toArray() : typeof t.data === 'function' ? t.data() : t.data;
  if (!(v instanceof Float32Array) && !(v instanceof Int32Array)) throw new ValueError(`quantizeInt8: tensor '${name}' must be a Tensor or { shape, data: Float32Array | Int32Array }`);
  return v;
}

/** Per-row int8 codes and scales of a (rows, cols) float matrix. */
export function quantizeRows(w: Float32Array, rows: number, cols: number): { q: Int8Array; scale: Float32Array } {
  const q = new Int8Array(rows * cols);
  const scale = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let m = 0;
    for (let c = 0; c < cols; c++) m = Math.max(m, Math.abs(w[r * cols + c]));
    if (!Number.isFinite(m)) throw new ValueError(`quantizeInt8: row ${r} holds a non-finite value`);
    const s = Math.fround(m / 127);
    scale[r] = s;
    for (let c = 0; c < cols; c++) q[r * cols + c] = s === 0 ? 0 : Math.max(-127, Math.min(127, Math.round(w[r * cols + c] / s)));
  }
  return { q, scale };
}

/**
 * safetensors bytes with the chosen 2-D float tensors as int8 rows (see the file header).
 * @example
 * ```ts
 * const small = quantizeInt8(model.stateDict()); // about a quarter of the float32 file
 * model.loadStateDict(readSafetensors(small).tensors); // dequantized on read
 * ```
 */
export function quantizeInt8(tensors: Record<string, TensorLike>, metadata: Record<string, string> = {}, opts: QuantizeOptions = {}): Uint8Array {
  checkOptions('quantizeInt8', opts, ['filter']);
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) throw new ValueError(`quantizeInt8: metadata must be an object of name -> string, got ${metadata === null ? 'null' : typeof metadata}`);
  if (opts.filter !== undefined && typeof opts.filter !== 'function') throw new ValueError(`quantizeInt8: filter must be a function, got ${typeof opts.filter}`);
  if (typeof tensors !== 'object' || tensors === null || Array.isArray(tensors)) throw new ValueError('quantizeInt8: tensors must be an object of name -> tensor');
  const filter = opts.filter ?? ((_n: string, shape: readonly number[]) => shape.length === 2);
  const floats: Record<string, TensorLike> = {};
  const codes: Record<string, TensorLike> = {};
  for (const [name, t] of Object.entries(tensors)) {
    if (name.endsWith(SCALE_SUFFIX)) throw new ValueError(`quantizeInt8: tensor name '${name}' ends with the reserved '${SCALE_SUFFIX}'`);
    const v = valuesOf(name, t);
    if (v instanceof Float32Array && t.shape.length === 2 && filter(name, t.shape)) {
      const [rows, cols] = t.shape;
      const { q, scale } = quantizeRows(v, rows, cols);
      floats[name + SCALE_SUFFIX] = { shape: [rows], data: scale };
      codes[name] = { shape: [rows, cols], data: q };
    } else {
      floats[name] = { shape: t.shape, data: v };
    }
  }
  // F32 first, then the byte-sized codes: every F32 tensor stays 4-byte aligned in the file.
  return writeSafetensors({ ...floats, ...codes }, { ...metadata, [QUANT_KEY]: QUANT_INT8_ROWS });
}

/** Replaces each I8 tensor and its scale by the float32 values q · s (readSafetensors calls this). */
export function dequantizeInt8(tensors: RawTensor[]): RawTensor[] {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const out: RawTensor[] = [];
  for (const t of tensors) {
    if (t.name.endsWith(SCALE_SUFFIX) && byName.get(t.name.slice(0, -SCALE_SUFFIX.length))?.dtype === 'I8') continue;
    if (t.dtype !== 'I8') {
      out.push(t);
      continue;
    }
    const s = byName.get(t.name + SCALE_SUFFIX);
    if (t.shape.length !== 2 || !s || s.dtype !== 'F32' || s.shape.length !== 1 || s.shape[0] !== t.shape[0]) {
      throw new FormatError(`readSafetensors: int8 tensor '${t.name}' needs an F32 '${t.name}${SCALE_SUFFIX}' of shape [${t.shape[0]}]`);
    }
    const [rows, cols] = t.shape;
    const data = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) data[r * cols + c] = t.data[r * cols + c] * s.data[r];
    out.push({ name: t.name, dtype: 'F32', shape: t.shape, data });
  }
  return out;
}
