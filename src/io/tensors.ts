// safetensors <-> Tensor: readSafetensors places each tensor in an arena of a runtime.
import { renamed } from '../errors.js';
import { Tensor, type ArenaName } from '../tensor/tensor.js';
import { runtimeOption, type Runtime } from '../runtime/runtime.js';
import { any, oneOf, options } from '../util/args.js';
import { parseSafetensors } from './safetensors.js';
import { dequantizeInt8, QUANT_INT8_ROWS, QUANT_KEY } from './quantize.js';

/**
 * Options of {@link readSafetensors}: the runtime and arena the tensors go to.
 * @example
 * ```ts
 * const { tensors } = readSafetensors(bytes, { arena: 'params' }); // kept across optimizer steps
 * ```
 */
export interface ReadOptions {
  runtime?: Runtime;
  /** Default 'step': load into a module with loadStateDict, which copies into its parameters. */
  arena?: ArenaName;
}

/**
 * Reads safetensors bytes into tensors (F32/F16/BF16/F64 → float32; integer dtypes → int32).
 * @example
 * ```ts
 * const lstm = new nn.LSTM({ inputSize: 5, hiddenSize: 6 });
 * lstm.loadStateDict(readSafetensors(bytesFromPyTorch).tensors); // names as torch's state_dict
 * ```
 */
export function readSafetensors(bytes: Uint8Array, opts: ReadOptions = {}): { tensors: Record<string, Tensor>; metadata: Record<string, string> | null } {
  const o = options<ReadOptions>('readSafetensors', opts, { runtime: any, arena: oneOf(['params', 'state', 'step']) });
  const rt = runtimeOption('readSafetensors', o.runtime);
  const parsed = renamed('readSafetensors', () => parseSafetensors(bytes));
  // int8-quantized files (quantizeInt8) come back as float32 weights: q · scale per row.
  const raw = parsed.metadata?.[QUANT_KEY] === QUANT_INT8_ROWS ? dequantizeInt8(parsed.tensors) : parsed.tensors;
  // Names from the file: a null-prototype object, so a tensor named '__proto__' is just a key.
  const tensors = Object.create(null) as Record<string, Tensor>;
  const arena = rt[o.arena ?? 'step'];
  const mark = arena.mark();
  try {
    for (const t of raw) {
      tensors[t.name] = renamed('readSafetensors', () => Tensor.from(t.data, t.shape, { runtime: rt, arena: o.arena, dtype: t.data instanceof Int32Array ? 'int32' : 'float32' }));
    }
  } catch (e) {
    arena.rollback(mark); // a file too large for memory leaves nothing behind
    throw e;
  }
  return { tensors, metadata: parsed.metadata };
}
