// summary(module, inputShape?): a table of a model's modules (Keras' model.summary()): each
// module's type, output shape(s) from one traced forward on zeros, parameter counts and bytes.
import { ValueError, fmtShape } from '../errors.js';
import { getRuntime } from '../runtime/runtime.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../autograd/tape.js';
import { Module } from './module.js';

/**
 * One row of a {@link summary}: a module, its output shape in the traced forward, and its parameter counts.
 * @example
 * ```ts
 * for (const r of nn.summary(model, [2, 5, 8]).rows) console.log(r.name, r.type, r.output, r.params);
 * ```
 */
export interface SummaryRow {
  /** Dotted path ('' for the model itself). */
  name: string;
  /** Class name. */
  type: string;
  depth: number;
  /** Output shape(s) seen in the traced forward, e.g. '[2, 5, 8]' or 'output [..], h [..]'; '' when not traced or not called. */
  output: string;
  /** Parameters in this module and its children. */
  params: number;
  trainable: number;
  /** Bytes of those parameters (float32). */
  bytes: number;
}

/**
 * What {@link summary} returns: one row per module, the totals, and `toString()`, the table as text.
 * @example
 * ```ts
 * const s: nn.Summary = nn.summary(model);
 * console.log(s.params, s.bytes);
 * ```
 */
export interface Summary {
  rows: SummaryRow[];
  params: number;
  trainable: number;
  bytes: number;
  /** The table as text. */
  toString(): string;
}

/**
 * Options of {@link summary}: the dtype of the traced input (int32 for token ids).
 * @example
 * ```ts
 * nn.summary(charModel, [1, 16], { dtype: 'int32' } satisfies nn.SummaryOptions);
 * ```
 */
export interface SummaryOptions {
  /** dtype of the traced input(s): int32 for token ids (Embedding). Default float32. */
  dtype?: 'float32' | 'int32';
}

function describeOutput(r: unknown): string {
  if (r instanceof Tensor) return fmtShape(r.shape);
  if (Array.isArray(r)) return r.map(describeOutput).filter(Boolean).join(', ');
  if (r && typeof r === 'object') {
    return Object.entries(r as Record<string, unknown>)
      .filter(([, v]) => v instanceof Tensor)
      .map(([k, v]) => `${k} ${fmtShape((v as Tensor).shape)}`)
      .join(', ');
  }
  return '';
}

function walk(m: Module, name: string, depth: number, out: { m: Module; name: string; depth: number }[]): void {
  out.push({ m, name, depth });
  for (const [n, c] of m.namedChildren()) walk(c, name ? `${name}.${n}` : n, depth + 1, out);
}

type Forward = (...args: unknown[]) => unknown;

/**
 * Lists every module of `module` (depth-first, registration order). With `inputShape` (one shape,
 * or one per forward argument), runs forward once on zeros without gradients to record each
 * module's output shapes; that forward uses the step arena, which is reset afterwards (call it
 * between training steps, not in the middle of one).
 * @example
 * ```ts
 * const lstm = new nn.LSTM({ inputSize: 8, hiddenSize: 16 });
 * console.log(nn.summary(lstm, [2, 5, 8]).toString()); // layers, output shapes, parameters, bytes
 * ```
 */
export function summary(module: Module, inputShape?: readonly number[] | readonly (readonly number[])[], opts: SummaryOptions = {}): Summary {
  if (!(module instanceof Module)) throw new ValueError('summary: module must be an nn.Module');
  const dtype = opts.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'int32') throw new ValueError(`summary: dtype must be 'float32' or 'int32', got ${JSON.stringify(dtype)}`);
  const nodes: { m: Module; name: string; depth: number }[] = [];
  walk(module, '', 0, nodes);
  const outputs = new Map<Module, string>();
  if (inputShape !== undefined) {
    const shapes = (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as readonly (readonly number[])[];
    for (const s of shapes) {
      if (!Array.isArray(s) || s.some((d) => !Number.isInteger(d) || d < 1)) throw new ValueError(`summary: inputShape must be positive integers (or one such list per argument), got ${JSON.stringify(inputShape)}`);
    }
    const top = module as unknown as { forward?: Forward };
    if (typeof top.forward !== 'function') throw new ValueError(`summary: ${module.constructor.name} has no forward() to trace`);
    // Wrap each module's forward on the instance for the trace, then put things back as they were.
    const saved: { m: Module; own: boolean; fn: unknown }[] = [];
    for (const { m } of nodes) {
      const fm = m as unknown as { forward?: Forward };
      const orig = fm.forward;
      if (typeof orig !== 'function') continue;
      saved.push({ m, own: Object.prototype.hasOwnProperty.call(m, 'forward'), fn: orig });
      fm.forward = function (this: Module, ...args: unknown[]) {
        const r = orig.apply(this, args);
        if (!outputs.has(m)) outputs.set(m, describeOutput(r));
        return r;
      };
    }
    const rt = module.parameters()[0]?.runtime ?? getRuntime();
    const wasTraining = module.training;
    module.eval();
    try {
      noGrad(() => top.forward!(...shapes.map((s) => Tensor.zeros(s, { runtime: rt, dtype }))));
    } finally {
      for (const s of saved) {
        if (s.own) (s.m as unknown as { forward: unknown }).forward = s.fn;
        else delete (s.m as unknown as { forward?: unknown }).forward;
      }
      module.train(wasTraining);
      rt.resetStep();
    }
  }
  const rows: SummaryRow[] = nodes.map(({ m, name, depth }) => {
    const ps = m.parameters();
    const params = ps.reduce((a, p) => a + p.size, 0);
    const trainable = ps.filter((p) => p.requiresGrad).reduce((a, p) => a + p.size, 0);
    return { name, type: m.constructor.name, depth, output: outputs.get(m) ?? '', params, trainable, bytes: params * 4 };
  });
  const root = rows[0];
  return {
    rows, params: root.params, trainable: root.trainable, bytes: root.bytes,
    toString() {
      const table = [['module', 'type', 'output shape', 'params'], ...rows.map((r) => [`${'  '.repeat(r.depth)}${r.name || '(model)'}`, r.type, r.output, r.params.toLocaleString('en-US')])];
      const w = table[0].map((_, j) => Math.max(...table.map((row) => row[j].length)));
      const line = (row: string[]) => row.map((c, j) => (j === 3 ? c.padStart(w[j]) : c.padEnd(w[j]))).join('  ').trimEnd();
      return [
        line(table[0]), '-'.repeat(w.reduce((a, b) => a + b + 2, -2)), ...table.slice(1).map(line),
        `total parameters: ${root.params.toLocaleString('en-US')} (trainable ${root.trainable.toLocaleString('en-US')}), ${(root.bytes / 1024).toFixed(1)} KiB as float32`,
      ].join('\n');
    },
  };
}
