// Vocabularies: characters or words to ids and back, with <pad>, <unk> and <eos>, and a
// JSON form that is validated on load (a hostile file gets a FormatError, never a crash).
import { describe } from '../util/args.js';
import { FormatError, ValueError, checkOptions } from '../errors.js';

/**
 * How text is cut into tokens: characters (code points) or words and punctuation marks.
 * @example
 * ```ts
 * const level: data.TokenLevel = 'word';
 * data.tokenize("don't panic!", level); // ["don't", 'panic', '!']
 * ```
 */
export type TokenLevel = 'char' | 'word';
/**
 * The padding token; always id 0 of a vocabulary.
 * @example
 * ```ts
 * const vocab = data.Vocab.fromText('abc');
 * vocab.idOf(data.PAD) === vocab.padId; // true
 * ```
 */
export const PAD = '<pad>';
/**
 * The unknown token: what encode() gives for a token the vocabulary does not hold.
 * @example
 * ```ts
 * const vocab = data.Vocab.fromText('abc');
 * vocab.encode('abz')[2] === vocab.idOf(data.UNK); // true
 * ```
 */
export const UNK = '<unk>';
/**
 * The end-of-sequence token, appended by `encode(text, { eos: true })`.
 * @example
 * ```ts
 * const vocab = data.Vocab.fromText('abc');
 * const ids = vocab.encode('ab', { eos: true }); // last id is vocab.idOf(data.EOS)
 * ```
 */
export const EOS = '<eos>';
const SPECIALS = [PAD, UNK, EOS];
/** Bound on tokens accepted from a vocabulary file. */
export const MAX_VOCAB = 5_000_000;

/**
 * Characters by code point (a surrogate pair is one character); words and punctuation marks.
 * @example
 * ```ts
 * data.tokenize('héllo', 'char'); // ['h', 'é', 'l', 'l', 'o']
 * data.tokenize('Hi, you.', 'word'); // ['Hi', ',', 'you', '.']
 * ```
 */
export function tokenize(text: string, level: TokenLevel): string[] {
  if (typeof text !== 'string') throw new ValueError(`tokenize: text must be a string, got ${describe(text)}`);
  if (level !== 'char' && level !== 'word') throw new ValueError(`tokenize: level must be 'char' or 'word', got ${describe(level)}`);
  if (level === 'char') return Array.from(text);
  return text.match(/[\p{L}\p{N}_']+|[^\s\p{L}\p{N}_']/gu) ?? [];
}

/**
 * Options of `Vocab.fromText`: token level (default `char`), minimum count, maximum size.
 * @example
 * ```ts
 * const vocab = data.Vocab.fromText(corpus, { level: 'word', minFreq: 2, maxSize: 20_000 });
 * ```
 */
export interface VocabOptions {
  level?: TokenLevel;
  /** Drop tokens seen fewer times (they map to <unk>). Default 1. */
  minFreq?: number;
  /** Keep at most this many tokens, specials included, most frequent first. */
  maxSize?: number;
}

/**
 * Tokens to ids and back. The specials `<pad>` (id 0), `<unk>` and `<eos>` come first; unknown tokens
 * encode as `<unk>`. `toJSON()` / `Vocab.fromJSON()` save and load it (a hostile file is a FormatError).
 * @example
 * ```ts
 * const vocab = data.Vocab.fromText('hello world');
 * const ids = vocab.encode('hello'); // Int32Array of 5 ids
 * vocab.decode(ids); // 'hello'
 * const same = data.Vocab.fromJSON(JSON.parse(JSON.stringify(vocab)));
 * ```
 */
export class Vocab {
  readonly level: TokenLevel;
  readonly tokens: readonly string[];
  private readonly index: Map<string, number>;

  constructor(tokens: readonly string[], level: TokenLevel) {
    if (!Array.isArray(tokens) || !tokens.every((t) => typeof t === 'string')) throw new ValueError('Vocab: tokens must be an array of strings');
    if (level !== 'char' && level !== 'word') throw new ValueError(`Vocab: level must be 'char' or 'word', got ${JSON.stringify(level)}`);
    this.level = level;
    this.tokens = Object.freeze(tokens.slice());
    this.index = new Map(tokens.map((t, i) => [t, i]));
    if (this.index.size !== tokens.length) throw new ValueError('Vocab: tokens must be unique');
    for (const s of SPECIALS) if (!this.index.has(s)) throw new ValueError(`Vocab: tokens must include the special token ${s}`);
  }

  /** Builds a vocabulary from text: specials first, then tokens by falling frequency, ties by first use. */
  static fromText(text: string, opts: VocabOptions = {}): Vocab {
    checkOptions('Vocab.fromText', opts, ['level', 'minFreq', 'maxSize']);
    if (typeof text !== 'string') throw new ValueError(`Vocab.fromText: text must be a string, got ${typeof text}`);
    const level = opts.level ?? 'char';
    if (level !== 'char' && level !== 'word') throw new ValueError(`Vocab.fromText: level must be 'char' or 'word', got ${JSON.stringify(level)}`);
    const minFreq = opts.minFreq ?? 1;
    if (!Number.isInteger(minFreq) || minFreq < 1) throw new ValueError(`Vocab.fromText: minFreq must be a positive integer, got ${minFreq}`);
    const maxSize = opts.maxSize ?? Infinity;
    if (!(maxSize === Infinity || (Number.isInteger(maxSize) && maxSize >= SPECIALS.length))) {
      throw new ValueError(`Vocab.fromText: maxSize must be an integer >= ${SPECIALS.length}, got ${maxSize}`);
    }
    const counts = new Map<string, number>();
    for (const t of tokenize(text, level)) if (!SPECIALS.includes(t)) counts.set(t, (counts.get(t) ?? 0) + 1);
    const order = [...counts.entries()].filter(([, c]) => c >= minFreq);
    order.sort((a, b) => b[1] - a[1]); // stable: ties keep first-use order
    const kept = order.slice(0, Math.max(0, maxSize - SPECIALS.length)).map(([t]) => t);
    return new Vocab([...SPECIALS, ...kept], level);
  }

  get size(): number {
    return this.tokens.length;
  }
  get padId(): number {
    return this.index.get(PAD)!;
  }
  get unkId(): number {
    return this.index.get(UNK)!;
  }
  get eosId(): number {
    return this.index.get(EOS)!;
  }

  idOf(token: string): number {
    if (typeof token !== 'string') throw new ValueError(`Vocab.idOf: token must be a string, got ${describe(token)}`);
    return this.index.get(token) ?? this.unkId;
  }

  /** Ids of the text's tokens (unknown ones as <unk>), optionally ending with <eos>. */
  encode(text: string, opts: { eos?: boolean } = {}): Int32Array {
    checkOptions('Vocab.encode', opts, ['eos']);
    if (typeof text !== 'string') throw new ValueError(`Vocab.encode: text must be a string, got ${typeof text}`);
    const toks = tokenize(text, this.level);
    const out = new Int32Array(toks.length + (opts.eos ? 1 : 0));
    toks.forEach((t, i) => (out[i] = this.idOf(t)));
    if (opts.eos) out[toks.length] = this.eosId;
    return out;
  }

  /** Text of the ids; words are joined by spaces. Ids outside the vocabulary are an error. */
  decode(ids: ArrayLike<number>, opts: { skipSpecial?: boolean } = {}): string {
    checkOptions('Vocab.decode', opts, ['skipSpecial']);
    if (ids === null || typeof ids !== 'object' || typeof ids.length !== 'number') throw new ValueError(`Vocab.decode: ids must be an array of ids, got ${describe(ids)}`);
    const parts: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!Number.isInteger(id) || id < 0 || id >= this.size) {
        throw new ValueError(`Vocab.decode: ids[${i}] must be an integer in [0, ${this.size}), got ${id}`);
      }
      const t = this.tokens[id];
      if (opts.skipSpecial && SPECIALS.includes(t)) continue;
      parts.push(t);
    }
    return parts.join(this.level === 'word' ? ' ' : '');
  }

  toJSON(): { format: 'rnn-wasm-vocab'; version: 1; level: TokenLevel; tokens: string[] } {
    return { format: 'rnn-wasm-vocab', version: 1, level: this.level, tokens: this.tokens.slice() };
  }

  /** Loads the JSON form (object or text), validating every field. */
  static fromJSON(src: unknown): Vocab {
    let obj = src;
    if (typeof src === 'string') {
      try {
        obj = JSON.parse(src);
      } catch (e) {
        throw new FormatError(`Vocab.fromJSON: not valid JSON: ${(e as Error).message}`);
      }
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new FormatError('Vocab.fromJSON: expected an object');
    const o = obj as Record<string, unknown>;
    if (o.format !== 'rnn-wasm-vocab') throw new FormatError(`Vocab.fromJSON: format must be 'rnn-wasm-vocab', got ${JSON.stringify(o.format)?.slice(0, 40)}`);
    if (o.version !== 1) throw new FormatError(`Vocab.fromJSON: version must be 1, got ${JSON.stringify(o.version)?.slice(0, 40)}`);
    if (o.level !== 'char' && o.level !== 'word') throw new FormatError(`Vocab.fromJSON: level must be 'char' or 'word', got ${JSON.stringify(o.level)?.slice(0, 40)}`);
    const toks = o.tokens;
    if (!Array.isArray(toks) || toks.length > MAX_VOCAB) throw new FormatError(`Vocab.fromJSON: tokens must be an array of at most ${MAX_VOCAB} strings`);
    const seen = new Set<string>();
    toks.forEach((t, i) => {
      if (typeof t !== 'string') throw new FormatError(`Vocab.fromJSON: tokens[${i}] must be a string, got ${typeof t}`);
      if (seen.has(t)) throw new FormatError(`Vocab.fromJSON: tokens[${i}] ${JSON.stringify(t).slice(0, 40)} is a duplicate`);
      seen.add(t);
    });
    for (const s of SPECIALS) if (!seen.has(s)) throw new FormatError(`Vocab.fromJSON: the special token ${s} is missing`);
    return new Vocab(toks as string[], o.level);
  }
}
