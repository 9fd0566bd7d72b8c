// nn.Embedding: rows of a [num, dim] table picked by int32 ids; the gradient is a scatter-add.
import { renamed, ValueError } from '../errors.js';
import { atomically, roomFor } from '../runtime/atomic.js';
import { any, int, options } from '../util/args.js';
import { runtimeOption, type Runtime } from '../runtime/runtime.js';
import type { Tensor } from '../tensor/tensor.js';
import { gather } from '../autograd/shape_ops.js';
import { rngOption, type Rng } from '../util/rng.js';
import { checkSize, normalValues } from './init.js';
import { Module } from './module.js';

/**
 * Options of {@link Embedding}: a padding row, the runtime and the generator for N(0, 1) initialisation.
 * @example
 * ```ts
 * const emb = new nn.Embedding(100, 16, { paddingIdx: 0 } satisfies nn.EmbeddingOptions);
 * ```
 */
export interface EmbeddingOptions { paddingIdx?: number; runtime?: Runtime; rng?: Rng }

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim` (PyTorch's nn.Embedding): int32 ids in, vectors out.
 * @example
 * ```ts
 * const emb = new nn.Embedding(vocab.size, 32, { paddingIdx: vocab.padId });
 * const vectors = emb.forward(Tensor.from(ids, [B, T], { dtype: 'int32' })); // [B, T, 32]
 * ```
 */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  /** Row that is initialised to zero and never receives a gradient (null: none). */
  readonly paddingIdx: number | null;
  readonly weight: Tensor; // (num, dim)

  /** Weight from N(0, 1) as PyTorch; the paddingIdx row (negative counts from the end) is zero. */
  constructor(numEmbeddings: number, embeddingDim: number, opts: EmbeddingOptions = {}) {
    super();
    const o = options<EmbeddingOptions>('Embedding', opts, { paddingIdx: int(-Infinity, Infinity, true), runtime: any, rng: any });
    this.numEmbeddings = checkSize('Embedding', 'numEmbeddings', numEmbeddings);
    this.embeddingDim = checkSize('Embedding', 'embeddingDim', embeddingDim);
    let pad: number | null = null;
    if (o.paddingIdx !== undefined) {
      const p = o.paddingIdx;
      if (!Number.isInteger(p) || p < -numEmbeddings || p >= numEmbeddings) {
        throw new ValueError(`Embedding: paddingIdx must be an integer in [${-numEmbeddings}, ${numEmbeddings - 1}], got ${p}`);
      }
      pad = p < 0 ? p + numEmbeddings : p;
    }
    this.paddingIdx = pad;
    const rt = runtimeOption('Embedding', o.runtime);
    const rng = rngOption('Embedding', o.rng);
    roomFor('Embedding', rt, [[numEmbeddings, embeddingDim]]);
    this.weight = atomically(rt, [rng], () => {
      const values = normalValues(numEmbeddings * embeddingDim, 0, 1, rng);
      if (pad !== null) values.fill(0, pad * embeddingDim, (pad + 1) * embeddingDim);
      return this.createParameter('weight', [numEmbeddings, embeddingDim], values, rt);
    });
  }

  /** ids: int32 of any shape → [...ids.shape, dim]. */
  forward(ids: Tensor): Tensor {
    return renamed('Embedding.forward', () => gather(this.weight, ids, this.paddingIdx ?? -1));
  }
}
