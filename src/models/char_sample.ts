// Sampling from a character language model: temperature, top-k and banned ids, one id at a time
// with the recurrent state carried between steps.
import { Rng, Tensor, ValueError, getRuntime, noGrad, type data } from './deps.js';
import { isFunction, isInstance, isInt, isInt32Array, isNumber, isNumbers, isObject, isString, isVocab } from './check.js';
import { CharLM } from './char_lm.js';

/**
 * Options of {@link sampleIds} / {@link sampleText}: length, temperature, top-k, banned ids, generator.
 * @example
 * ```ts
 * const opts: SampleOptions = { length: 200, temperature: 0.7, topK: 10, rng: new Rng(1) };
 * ```
 */
export interface SampleOptions {
  length: number;
  temperature?: number;
  /** Keep only the k most likely characters (0: all). */
  topK?: number;
  /** Token ids that are never drawn (e.g. <pad>, <unk>). */
  banned?: readonly number[];
  rng: Rng;
}

/**
 * Draws an id from logits with temperature and top-k.
 * @example
 * ```ts
 * const id = drawFrom(logitsRow, 0.8, 0, [vocab.padId], new Rng(3));
 * ```
 */
export function drawFrom(logits: ArrayLike<number>, temperature: number, topK: number, banned: readonly number[], rng: Rng): number {
  isNumbers('drawFrom', 'logits', logits);
  if (logits.length === 0) throw new ValueError('drawFrom: logits must not be empty');
  isNumber('drawFrom', 'temperature', temperature, 0);
  isInt('drawFrom', 'topK', topK, 0);
  isNumbers('drawFrom', 'banned', banned);
  isInstance('drawFrom', 'rng', rng, Rng, 'an Rng');
  const V = logits.length;
  const order = Array.from({ length: V }, (_, i) => i).filter((i) => !banned.includes(i));
  order.sort((a, b) => logits[b] - logits[a]);
  const keep = topK > 0 ? order.slice(0, topK) : order;
  if (temperature === 0) return keep[0];
  const m = logits[keep[0]];
  const w = keep.map((i) => Math.exp((logits[i] - m) / temperature));
  let u = rng.uniform() * w.reduce((a, b) => a + b, 0);
  for (let j = 0; j < keep.length; j++) {
    u -= w[j];
    if (u < 0) return keep[j];
  }
  return keep[keep.length - 1];
}

/**
 * Feeds `prime` (ids, at least one) and then generates `length` ids one step at a time.
 * Returns the generated ids (not including the prime).
 * @example
 * ```ts
 * const ids = sampleIds(model, vocab.encode('The '), { length: 100, temperature: 0.7, rng: new Rng(1) });
 * ```
 */
export function sampleIds(model: CharLM, prime: Int32Array, opts: SampleOptions): Int32Array {
  checkSample('sampleIds', model, opts);
  isInt32Array('sampleIds', 'prime', prime);
  if (opts.banned !== undefined) isNumbers('sampleIds', 'opts.banned', opts.banned);
  const { length, temperature = 1, topK = 0, banned = [], rng } = opts;
  if (prime.length === 0) throw new ValueError('sample: the priming text must hold at least one character');
  if (!(temperature >= 0)) throw new ValueError(`sample: temperature must be >= 0, got ${temperature}`);
  const rt = getRuntime();
  const wasTraining = model.training;
  model.eval();
  const out = new Int32Array(length);
  try {
    noGrad(() => {
      let state = model.zeroState(1, 'sample');
      let r = model.forward(Tensor.from(prime, [1, prime.length], { dtype: 'int32' }), state);
      const V = model.config.vocabSize;
      for (let i = 0; i < length; i++) {
        const all = r.logits.data();
        const last = all.subarray(all.length - V);
        out[i] = drawFrom(last, temperature, topK, banned, rng);
        state = r.state;
        rt.resetStep();
        r = model.forward(Tensor.from([out[i]], [1, 1], { dtype: 'int32' }), state);
      }
      rt.resetStep();
    });
  } finally {
    model.train(wasTraining);
  }
  return out;
}

/** The model and sampling options of sampleIds / sampleText. */
function checkSample(where: string, model: unknown, opts: unknown): void {
  isInstance(where, 'model', model, CharLM, 'a CharLM');
  const o = isObject(where, 'opts', opts);
  for (const k of Object.keys(o)) if (!['length', 'temperature', 'topK', 'banned', 'rng'].includes(k)) throw new ValueError(`${where}: unknown option '${k}' (expected one of: length, temperature, topK, banned, rng)`);
  isInt(where, 'opts.length', o.length, 0, 1 << 24);
  if (o.temperature !== undefined) isNumber(where, 'opts.temperature', o.temperature, 0);
  if (o.topK !== undefined) isInt(where, 'opts.topK', o.topK, 0);
  isInstance(where, 'opts.rng', o.rng, Rng, 'an Rng');
}

/**
 * Text from a prime: its characters' ids (a newline when none is known), then `length` sampled characters.
 * @example
 * ```ts
 * console.log(sampleText(model, vocab, 'The ', { length: 300, temperature: 0.7, rng: new Rng(1) }));
 * ```
 */
export function sampleText(
  model: CharLM, vocab: data.Vocab, prime: string, opts: Omit<SampleOptions, 'banned'>,
): string {
  checkSample('sampleText', model, opts);
  isVocab('sampleText', 'vocab', vocab);
  isString('sampleText', 'prime', prime);
  if ((opts as SampleOptions).banned !== undefined) throw new ValueError('sampleText: unknown option \'banned\' (the special tokens are banned)');
  let ids = vocab.encode(prime);
  if (ids.length === 0) ids = Int32Array.of(vocab.idOf('\n'));
  const banned = [vocab.padId, vocab.unkId, vocab.eosId];
  return vocab.decode(sampleIds(model, ids, { ...opts, banned }));
}
