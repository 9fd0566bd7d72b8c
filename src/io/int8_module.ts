// Saving and loading int8 modules (nn.quantizeDynamic) as safetensors, in the int8 layout of
// quantize.ts: each int8 matrix `<name>` as I8 (rows, cols) with `<name>.int8_scale` F32 (rows),
// everything else F32, metadata `rnn-wasm.quantization` = `int8-rows`. Names are the float
// module's (PyTorch's dotted paths), so the same file also loads into the float model through
// readSafetensors (which dequantizes), and a file written by quantizeInt8 from the float model's
// stateDict loads into its int8 form with the very same codes.
import { checkOptions, FormatError, fmtShape, ShapeError, ValueError } from '../errors.js';
import { Module, type LoadResult } from '../nn/module.js';
import { QuantizedModule } from '../nn/quantized/module.js';
import { QWeight } from '../nn/quantized/weight.js';
import { Tensor } from '../tensor/tensor.js';
import { parseSafetensors, writeSafetensors, type RawTensor, type TensorLike } from './safetensors.js';
import { QUANT_INT8_ROWS, QUANT_KEY } from './quantize.js';

const SCALE = '.int8_scale';

/** Every weight of the module tree by dotted name: int8 matrices of int8 modules, float tensors otherwise. */
function entries(m: Module, prefix: string, out: Map<string, QWeight | Tensor>): Map<string, QWeight | Tensor> {
  if (m instanceof QuantizedModule) {
    for (const [n, v] of m.int8State()) out.set(prefix + n, v);
    return out;
  }
  for (const [n, t] of m.namedParameters()) if (!n.includes('.')) out.set(prefix + n, t);
  for (const [n, c] of m.namedChildren()) entries(c, `${prefix}${n}.`, out);
  return out;
}

function quantizedModules(m: Module, out: QuantizedModule[] = []): QuantizedModule[] {
  if (m instanceof QuantizedModule) out.push(m);
  else for (const c of m.children()) quantizedModules(c, out);
  return out;
}

/**
 * safetensors bytes of an int8 module (or any module tree holding int8 layers).
 * @example
 * ```ts
 * const q = nn.quantizeDynamic(lstm.eval(), { dtype: 'int8' });
 * const bytes = saveInt8(q); // I8 codes with per-row scales
 * ```
 */
export function saveInt8(module: Module, metadata: Record<string, string> = {}): Uint8Array {
  if (!(module instanceof Module)) throw new ValueError(`saveInt8: module must be an nn Module, got ${module === null ? 'null' : typeof module}`);
  if (metadata === null || typeof metadata !== 'object') throw new ValueError('saveInt8: metadata must be an object of strings');
  const floats: Record<string, TensorLike> = {};
  const codes: Record<string, TensorLike> = {};
  for (const [name, v] of entries(module, '', new Map())) {
    if (v instanceof QWeight) {
      const h = v.toHost();
      floats[name + SCALE] = { shape: [v.N], data: h.scale };
      codes[name] = { shape: [v.N, v.K], data: h.codes };
    } else {
      floats[name] = { shape: v.shape, data: v.toArray() as Float32Array };
    }
  }
  // F32 first, then the byte-sized codes: every F32 tensor stays 4-byte aligned (as quantizeInt8).
  return writeSafetensors({ ...floats, ...codes }, { ...metadata, [QUANT_KEY]: QUANT_INT8_ROWS });
}

/**
 * Loads what saveInt8 (or quantizeInt8 of the float model's stateDict) wrote into an int8 module of
 * the same architecture (nn.quantizeDynamic of a float model built alike). strict (default true):
 * missing or unexpected names are an error; a shape or dtype mismatch always is. Nothing changes
 * when it throws.
 * @example
 * ```ts
 * const q = nn.quantizeDynamic(new nn.LSTM({ inputSize: 8, hiddenSize: 16 }).eval(), { dtype: 'int8' });
 * loadInt8(q, bytes); // what saveInt8 wrote for a model built alike
 * ```
 */
export function loadInt8(module: Module, bytes: Uint8Array, opts: { strict?: boolean } = {}): LoadResult {
  checkOptions('loadInt8', opts, ['strict']);
  if (!(module instanceof Module)) throw new ValueError(`loadInt8: module must be an nn Module, got ${module === null ? 'null' : typeof module}`);
  const strict = opts.strict ?? true;
  const f = parseSafetensors(bytes);
  const file = new Map<string, RawTensor>(f.tensors.map((t) => [t.name, t]));
  const want = entries(module, '', new Map());
  const missing: string[] = [];
  const bad: string[] = [];
  const plan: (() => void)[] = [];
  for (const [name, target] of want) {
    const t = file.get(name);
    if (!t) { missing.push(name); continue; }
    const s = file.get(name + SCALE);
    if (target instanceof QWeight) {
      if (t.dtype !== 'I8' || !s) { bad.push(`${name} (expected I8 with an F32 '${name}${SCALE}', got ${t.dtype}${s ? '' : ' without a scale'})`); continue; }
      if (t.shape.length !== 2 || t.shape[0] !== target.N || t.shape[1] !== target.K || s.dtype !== 'F32' || s.shape.length !== 1 || s.shape[0] !== target.N) {
        bad.push(`${name} (expected ${fmtShape([target.N, target.K])} with scale [${target.N}], got ${fmtShape(t.shape)} with scale ${fmtShape(s.shape)})`);
        continue;
      }
      plan.push(() => target.assign(Int8Array.from(t.data), s.data as Float32Array));
    } else {
      if (t.shape.join() !== target.shape.join()) { bad.push(`${name} (expected ${fmtShape(target.shape)}, got ${fmtShape(t.shape)})`); continue; }
      if (t.dtype === 'I8') {
        // A float tensor stored as int8 rows (quantizeInt8 quantizes every matrix): dequantized.
        if (!s || s.dtype !== 'F32' || t.shape.length !== 2 || s.shape[0] !== t.shape[0]) { bad.push(`${name} (I8 without a matching '${name}${SCALE}')`); continue; }
        const [rows, cols] = t.shape;
        plan.push(() => {
          const v = new Float32Array(rows * cols);
          for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) v[r * cols + c] = t.data[r * cols + c] * s.data[r];
          target.data().set(v);
        });
      } else if (t.dtype === 'F32' || t.dtype === 'F16' || t.dtype === 'BF16' || t.dtype === 'F64') {
        plan.push(() => target.data().set(t.data));
      } else bad.push(`${name} (expected a float tensor, got ${t.dtype})`);
    }
  }
  const known = new Set<string>();
  for (const [name, target] of want) {
    known.add(name);
    if (target instanceof QWeight || file.get(name)?.dtype === 'I8') known.add(name + SCALE);
  }
  const unexpected = [...file.keys()].filter((n) => !known.has(n));
  if (bad.length || (strict && (missing.length || unexpected.length))) {
    const parts: string[] = [];
    if (missing.length) parts.push(`missing: ${missing.join(', ')}`);
    if (unexpected.length) parts.push(`unexpected: ${unexpected.join(', ')}`);
    if (bad.length) parts.push(`wrong dtype or shape: ${bad.join('; ')}`);
    throw new (bad.length ? ShapeError : ValueError)(`loadInt8: ${parts.join('; ')}`);
  }
  if (f.metadata?.[QUANT_KEY] !== undefined && f.metadata[QUANT_KEY] !== QUANT_INT8_ROWS) {
    throw new FormatError(`loadInt8: quantization '${f.metadata[QUANT_KEY]}' is not supported (expected '${QUANT_INT8_ROWS}')`);
  }
  for (const p of plan) p();
  for (const q of quantizedModules(module)) q.refresh();
  return { missingKeys: missing, unexpectedKeys: unexpected };
}
