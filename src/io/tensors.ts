// safetensors <-> Tensor: readSafetensors places each tensor in an arena of a runtime.
import { checkOptions } from '../errors.js';
import { Tensor, type ArenaName } from '../tensor/tensor.js';
import type { Runtime } from '../runtime/runtime.js';
import { parseSafetensors } from './safetensors.js';

export interface ReadOptions {
  runtime?: Runtime;
  /** Default 'step': load into a module with loadStateDict, which copies into its parameters. */
  arena?: ArenaName;
}

/** Reads safetensors bytes into tensors (F32/F16/BF16/F64 → float32; integer dtypes → int32). */
export function readSafetensors(bytes: Uint8Array, opts: ReadOptions = {}): { tensors: Record<string, Tensor>; metadata: Record<string, string> | null } {
  checkOptions('readSafetensors', opts, ['runtime', 'arena']);
  const parsed = parseSafetensors(bytes);
  const tensors: Record<string, Tensor> = {};
  for (const t of parsed.tensors) {
    tensors[t.name] = Tensor.from(t.data, t.shape, { runtime: opts.runtime, arena: opts.arena, dtype: t.data instanceof Int32Array ? 'int32' : 'float32' });
  }
  return { tensors, metadata: parsed.metadata };
}
