// The host-owned WebAssembly.Memory and the arenas carved out of it.
//
// Memory is handed out in chunks by a Heap (a bump pointer: arenas keep their chunks for
// their whole life); an Arena bump-allocates inside its chunks, 16-byte aligned, and on reset() keeps
// its chunks and bumps its epoch, so every view taken before the reset is known to be stale.
// Offsets never move when the memory grows, only ArrayBuffer views detach: that is why
// tensors keep (arena, epoch, offset) and re-create their views on each access.
import { MemoryError } from '../errors.js';

export const PAGE = 65536;
export const ALIGN = 16;

export function alignUp(n: number, a: number = ALIGN): number {
  return Math.ceil(n / a) * a;
}

interface Chunk {
  base: number;
  size: number;
}

export class Heap {
  readonly memory: WebAssembly.Memory;
  readonly maxBytes: number;
  private brk: number;

  constructor(memory: WebAssembly.Memory, base: number, maxBytes: number) {
    this.memory = memory;
    this.brk = alignUp(base, 64);
    this.maxBytes = maxBytes;
  }

  /** Bytes the memory could still provide. */
  get availableBytes(): number {
    return Math.max(0, this.maxBytes - this.brk);
  }

  /** Current size of the wasm memory in bytes. */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** Takes a chunk of at least `bytes`; grows the memory when needed. Nothing changes on failure. */
  take(bytes: number, who: string): Chunk {
    const size = alignUp(Math.max(bytes, ALIGN), 64);
    const end = this.brk + size;
    if (end > this.maxBytes) {
      throw new MemoryError(
        `${who}: out of wasm memory: asked for ${size} bytes, ${this.availableBytes} available ` +
          `under the ${this.maxBytes}-byte ceiling (init({ maxMemoryBytes }) raises it)`,
        size,
        this.availableBytes,
      );
    }
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      try {
        this.memory.grow(pages);
      } catch (e) {
        throw new MemoryError(
          `${who}: the host refused to grow wasm memory by ${pages * PAGE} bytes (asked for ${size} bytes): ${String(e)}`,
          size,
          0,
        );
      }
    }
    const chunk = { base: this.brk, size };
    this.brk = end;
    return chunk;
  }

  /**
   * Returns a chunk taken last (its end is the break): a failed call gives back what it took.
   * A chunk below the break cannot be returned (false): its arena keeps it for reuse.
   */
  giveBack(chunk: Chunk): boolean {
    if (chunk.base + chunk.size !== this.brk) return false;
    this.brk = chunk.base;
    return true;
  }
}

/** Where an arena's cursor was: rollback(mark) frees everything allocated since. */
export interface ArenaMark {
  readonly epoch: number;
  readonly chunks: number;
  readonly ci: number;
  readonly top: number;
}

export class Arena {
  readonly name: string;
  readonly heap: Heap;
  private readonly chunkBytes: number;
  private chunks: Chunk[] = [];
  private ci = 0;
  private top = 0;
  private _epoch = 0;
  private _writes = 0;

  constructor(heap: Heap, name: string, chunkBytes: number) {
    this.heap = heap;
    this.name = name;
    this.chunkBytes = chunkBytes;
  }

  /** Incremented on every reset: views from an earlier epoch are stale. */
  get epoch(): number {
    return this._epoch;
  }

  /**
   * Counts the times values in this arena may have been written from outside a kernel call the
   * library tracks: every Tensor.data() view handed out, Tensor.markModified() and every optimizer
   * update (toArray() and item() are reads and do not count). Data derived
   * from parameters (the recurrent layers' packed weights) is reused only while it is unchanged.
   */
  get writes(): number {
    return this._writes;
  }

  noteWrite(): void {
    this._writes++;
  }

  /** Bytes reserved by this arena (its chunks). */
  get capacityBytes(): number {
    return this.chunks.reduce((s, c) => s + c.size, 0);
  }

  /** Returns a 16-byte-aligned byte offset of `bytes` bytes, valid until the next reset. */
  alloc(bytes: number): number {
    const need = alignUp(Math.max(bytes, 0));
    const [ci, top] = [this.ci, this.top];
    for (; this.ci < this.chunks.length; this.ci++) {
      const c = this.chunks[this.ci];
      if (this.top < c.base) this.top = c.base;
      if (this.top + need <= c.base + c.size) {
        const at = this.top;
        this.top += need;
        return at;
      }
    }
    let chunk: Chunk;
    try {
      chunk = this.takeChunk(need);
    } catch (e) {
      // Nothing was allocated: the cursor goes back, so smaller requests still use the space
      // left in the current chunk (the runtime stays usable after a MemoryError).
      [this.ci, this.top] = [ci, top];
      throw e;
    }
    this.chunks.push(chunk);
    this.ci = this.chunks.length - 1;
    this.top = chunk.base + need;
    return chunk.base;
  }

  /** A chunk of the arena's usual size, or just `need` bytes when the usual size does not fit. */
  private takeChunk(need: number): Chunk {
    const who = `arena '${this.name}'`;
    if (need >= this.chunkBytes) return this.heap.take(need, who);
    try {
      return this.heap.take(this.chunkBytes, who);
    } catch (e) {
      if (!(e instanceof MemoryError)) throw e;
      return this.heap.take(need, who);
    }
  }

  /** The cursor now; see rollback. */
  mark(): ArenaMark {
    return { epoch: this._epoch, chunks: this.chunks.length, ci: this.ci, top: this.top };
  }

  /**
   * Frees everything allocated since `m` (a call that failed half-way gives back its memory):
   * chunks taken since are returned to the heap when they are its last ones. Only for
   * allocations nothing else refers to. A mark from before a reset is ignored.
   */
  rollback(m: ArenaMark): void {
    if (m.epoch !== this._epoch) return;
    while (this.chunks.length > m.chunks) {
      const c = this.chunks[this.chunks.length - 1];
      if (!this.heap.giveBack(c)) break;
      this.chunks.pop();
    }
    this.ci = m.ci;
    this.top = m.top;
  }

  /** Bytes a run of allocations could still get (room left in the chunks, then the heap). */
  get freeBytes(): number {
    let room = 0;
    for (let i = this.ci; i < this.chunks.length; i++) {
      const c = this.chunks[i];
      room += c.base + c.size - Math.max(this.top, c.base);
    }
    return room + this.heap.availableBytes;
  }

  /** Frees everything allocated since the last reset, keeping the chunks for reuse. */
  reset(): void {
    this._epoch++;
    this.ci = 0;
    this.top = this.chunks.length ? this.chunks[0].base : 0;
  }
}
