// "A rejected call changes nothing": runs a call that allocates parameters or optimizer state and
// draws random numbers so that, if it throws, the 'params' and 'state' arenas give back what it
// took and the generators it drew from are restored. Constructors and loaders call it; they also
// check sizes first (roomFor), so that a layer too large never draws a single number.
import { fmtShape, MemoryError } from '../errors.js';
import { Rng } from '../util/rng.js';
import { alignUp } from './heap.js';
import type { Runtime } from './runtime.js';

export function atomically<T>(rt: Runtime, rngs: readonly unknown[], fn: () => T): T {
  const marks = [rt.params, rt.state].map((a) => [a, a.mark()] as const);
  const saved = rngs.filter((r): r is Rng => r instanceof Rng).map((r) => [r, r.getState()] as const);
  try {
    return fn();
  } catch (e) {
    for (const [a, m] of marks.reverse()) a.rollback(m);
    for (const [r, s] of saved) r.setState(s);
    throw e;
  }
}

/** Throws a MemoryError naming `where` unless `shapes` (float32) fit in the params arena. */
export function roomFor(where: string, rt: Runtime, shapes: readonly (readonly number[])[]): void {
  let bytes = 0;
  for (const s of shapes) bytes += alignUp(s.reduce((a, b) => a * b, 1) * 4);
  const free = rt.params.freeBytes;
  if (bytes > free) {
    throw new MemoryError(
      `${where}: out of wasm memory: the parameters ${shapes.map((s) => fmtShape(s)).join(', ')} need ${bytes} bytes, ` +
        `${free} available under the ${rt.heap.maxBytes}-byte ceiling (init({ maxMemoryBytes }) raises it)`,
      bytes,
      free,
    );
  }
}
