// Typed errors: every failure a user can cause has a class, a stable code, and a message that
// names the function, the argument, what was expected and what came.

/**
 * The base of every error the library throws on purpose; `code` is stable across versions
 * (`E_SHAPE`, `E_VALUE`, `E_MEMORY`, `E_FORMAT`, `E_STATE`, `E_UNSUPPORTED`), `name` the class name.
 * @example
 * ```ts
 * try {
 *   Tensor.from([1, 2, 3], [2, 2]);
 * } catch (e) {
 *   if (e instanceof RnnWasmError) console.log(e.code, e.message); // E_SHAPE Tensor.from: ...
 * }
 * ```
 */
export class RnnWasmError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

/**
 * A tensor or argument has the wrong rank or dimensions.
 * @example
 * ```ts
 * const lstm = new nn.LSTM({ inputSize: 64, hiddenSize: 32 });
 * lstm.forward(Tensor.zeros([2, 5, 32])); // ShapeError: LSTM.forward: x must be [B, T, 64], got [2, 5, 32]
 * ```
 */
export class ShapeError extends RnnWasmError {
  constructor(message: string) { super('E_SHAPE', message); }
}

/**
 * An argument has a wrong value: out of range, non-finite, wrong type, unknown option.
 * @example
 * ```ts
 * new nn.Linear(4, 2, { bais: false } as never); // ValueError: unknown option 'bais' (expected one of: ...)
 * ```
 */
export class ValueError extends RnnWasmError {
  constructor(message: string) { super('E_VALUE', message); }
}

/**
 * The wasm memory cannot hold what was asked for. The runtime stays usable.
 * @example
 * ```ts
 * await init({ maxMemoryBytes: 64 << 20 });
 * try {
 *   Tensor.zeros([100_000_000]);
 * } catch (e) {
 *   if (e instanceof MemoryError) console.log(e.requestedBytes, e.availableBytes);
 * }
 * ```
 */
export class MemoryError extends RnnWasmError {
  readonly requestedBytes: number;
  readonly availableBytes: number;
  constructor(message: string, requestedBytes: number, availableBytes: number) {
    super('E_MEMORY', message);
    this.requestedBytes = requestedBytes;
    this.availableBytes = availableBytes;
  }
}

/**
 * A file or byte buffer is not in the format it claims (safetensors, model.json, ...).
 * @example
 * ```ts
 * readSafetensors(new Uint8Array([1, 2, 3])); // FormatError: readSafetensors: ...
 * ```
 */
export class FormatError extends RnnWasmError {
  constructor(message: string) { super('E_FORMAT', message); }
}

/**
 * Something is used in the wrong state: before init, after its arena was reset, across runtimes.
 * @example
 * ```ts
 * const t = Tensor.zeros([2]); // in the step arena
 * getRuntime().resetStep();
 * t.toArray(); // StateError: the tensor's arena was reset
 * ```
 */
export class StateError extends RnnWasmError {
  constructor(message: string) { super('E_STATE', message); }
}

/**
 * The host lacks a feature the call needs (IndexedDB or OPFS in Node, say). Nothing was changed.
 * @example
 * ```ts
 * // In Node: there is no IndexedDB.
 * await storeModel('indexeddb', 'm', model).catch((e) => e instanceof UnsupportedError); // true
 * ```
 */
export class UnsupportedError extends RnnWasmError {
  constructor(message: string) { super('E_UNSUPPORTED', message); }
}

/** Formats a shape the way messages print it: [2, 5, 32]. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Rejects what is not an options object (null, arrays, numbers...) and option names that `allowed`
 * does not list: a typo is an error, not ignored. The value rules live in src/util/args.ts.
 */
export function checkOptions(where: string, options: unknown, allowed: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValueError(`${where}: options must be an object, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new ValueError(`${where}: unknown option '${key}' (expected one of: ${allowed.join(', ')})`);
    }
  }
}

/**
 * Runs an internal op under the name of the public function the caller used: a typed error from
 * inside says `Embedding.forward: ids must lie in [0, 50)`, not `gather: ...`. An error that
 * already names `where` passes unchanged; other messages are prefixed with it.
 */
export function renamed<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RnnWasmError && !e.message.startsWith(`${where}:`)) {
      const m = /^[A-Za-z_$][\w$.]*: /.exec(e.message);
      e.message = m ? `${where}: ${e.message.slice(m[0].length)}` : `${where}: ${e.message}`;
    }
    throw e;
  }
}
