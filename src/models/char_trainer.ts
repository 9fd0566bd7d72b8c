// Training the character model with truncated BPTT: held-out split, contiguous streams whose
// state carries across chunks, Adam with global-norm clipping, held-out bpc, samples, resumable
// checkpoints, and the activations a heat map draws. No host APIs (Node, Deno, browsers, workers).
import { Rng, Tensor, ValueError, data, getRuntime, noGrad, optim, saveCheckpoint } from './deps.js';
import { CharLM, bitsPerChar, lossOn, type CarriedState } from './char_lm.js';
import { sampleText } from './char_sample.js';
import { restoreTraining } from './saved.js';
import { as, describe, isBytes, isFunction, isInstance, isInt, isNumber, isNumbers, isObject, isOptions, isString, isVocab } from './check.js';

/**
 * How a {@link CharTrainer} trains: chunk length (truncated BPTT), batch, Adam rate, clipping, seed, held-out fraction.
 * @example
 * ```ts
 * const cfg: TrainConfig = { seqLen: 64, batch: 32, lr: 0.002, clip: 5, seed: 1, valFraction: 0.1 };
 * ```
 */
export interface TrainConfig {
  seqLen: number;
  batch: number;
  lr: number;
  /** Max global gradient norm; 0 turns clipping off. */
  clip: number;
  seed: number;
  /** Fraction of the text held out (taken from the end). */
  valFraction: number;
}

/**
 * Where the data walk is: resumable from these numbers alone.
 * @example
 * ```ts
 * const at: Position = trainer.pos; // { step, epoch, chunk }
 * trainer.seek(at);
 * ```
 */
export interface Position {
  step: number;
  epoch: number;
  chunk: number;
}

/**
 * The text split by characters: the last `valFraction` of it held out.
 * @example
 * ```ts
 * const { train, val } = splitText(text, 0.1); // the last 10% held out
 * ```
 */
export function splitText(text: string, valFraction: number): { train: string; val: string } {
  return split('splitText', text, valFraction);
}

function split(where: string, text: string, valFraction: number): { train: string; val: string } {
  isString(where, 'text', text);
  if (typeof valFraction !== 'number' || !(valFraction >= 0 && valFraction < 1)) throw new ValueError(`${where}: the held-out fraction must be in [0, 1), got ${describe(valFraction)}`);
  const chars = Array.from(text);
  const nVal = Math.floor(chars.length * valFraction);
  return { train: chars.slice(0, chars.length - nVal).join(''), val: chars.slice(chars.length - nVal).join('') };
}

/**
 * Truncated-BPTT training of a {@link CharLM} over a text: `step()` trains one chunk and returns
 * its loss, `evaluate()` the held-out bits per character, `sample()` text; `checkpoint()` /
 * `restore()` save and resume it bit for bit.
 * @example
 * ```ts
 * const trainer = new CharTrainer(text, vocab, model, { seqLen: 64, batch: 16, lr: 0.005, clip: 5, seed: 1, valFraction: 0.1 });
 * for (let i = 0; i < 500; i++) trainer.step();
 * console.log(trainer.evaluate(), trainer.sample('The ', 100, 0.7, 1));
 * ```
 */
export class CharTrainer {
  readonly model: CharLM;
  readonly vocab: data.Vocab;
  readonly opt: optim.Adam;
  readonly cfg: TrainConfig;
  readonly trainIds: Int32Array;
  readonly valIds: Int32Array;
  pos: Position = { step: 0, epoch: 0, chunk: 0 };
  /** Training loss (nats) per step. */
  readonly losses: number[] = [];
  /** Held-out bits per character, measured now and then. */
  readonly valBpc: { step: number; bpc: number }[] = [];
  /** Where this epoch's streams start in the text (rotated), tokens per stream, chunks per epoch. */
  private shift = 0;
  private perStream = 0;
  private chunkCount = 0;
  private state: CarriedState;

  constructor(text: string, vocab: data.Vocab, model: CharLM, cfg: TrainConfig, opt?: optim.Adam) {
    const w = 'CharTrainer';
    isString(w, 'text', text);
    isVocab(w, 'vocab', vocab);
    isInstance(w, 'model', model, CharLM, 'a CharLM');
    const c = isObject(w, 'cfg', cfg);
    for (const k of Object.keys(c)) if (!['seqLen', 'batch', 'lr', 'clip', 'seed', 'valFraction'].includes(k)) throw new ValueError(`CharTrainer: unknown cfg field '${k}'`);
    isInt(w, 'cfg.seqLen', c.seqLen, 1);
    isInt(w, 'cfg.batch', c.batch, 1);
    isNumber(w, 'cfg.lr', c.lr, 0);
    isNumber(w, 'cfg.clip', c.clip, 0);
    isInt(w, 'cfg.seed', c.seed);
    if (opt !== undefined) isInstance(w, 'opt', opt, optim.Adam, 'an optim.Adam');
    split(w, text, cfg.valFraction);
    this.cfg = cfg;
    this.vocab = vocab;
    this.model = model;
    const { train, val } = splitText(text, cfg.valFraction);
    this.trainIds = vocab.encode(train);
    this.valIds = vocab.encode(val);
    // Fails early, naming the sizes, when the text cannot fill `batch` streams.
    data.streamLayout(this.trainIds.length, cfg.batch, cfg.seqLen);
    this.opt = opt ?? new optim.Adam(model.parameters(), { lr: cfg.lr });
    this.state = model.zeroState(cfg.batch);
    this.loadEpoch();
  }

  /** Each epoch starts the streams at a different seeded offset, so chunk borders move. */
  private loadEpoch(): void {
    const n = this.trainIds.length;
    this.perStream = data.streamLayout(n, this.cfg.batch, this.cfg.seqLen).perStream;
    this.shift = new Rng(this.cfg.seed * 1000003 + this.pos.epoch).nextU32() % Math.max(1, this.perStream);
    this.chunkCount = Math.ceil((this.perStream - 1) / this.cfg.seqLen);
  }

  /**
   * Chunk i of this epoch, made on demand (lmChunks' layout over the text rotated by `shift`):
   * stream b reads tokens b*perStream + i*T .. + T, targets one token later.
   */
  private chunk(i: number): { x: Int32Array; y: Int32Array; shape: [number, number] } {
    const { batch: B, seqLen } = this.cfg;
    const ids = this.trainIds, n = ids.length;
    const start = i * seqLen;
    const T = Math.min(seqLen, this.perStream - 1 - start);
    const x = new Int32Array(B * T), y = new Int32Array(B * T);
    for (let b = 0; b < B; b++) {
      const base = b * this.perStream + start + this.shift;
      for (let t = 0; t < T; t++) {
        x[b * T + t] = ids[(base + t) % n];
        y[b * T + t] = ids[(base + t + 1) % n];
      }
    }
    return { x, y, shape: [B, T] };
  }

  /** Moves to a saved position (the recurrent state restarts from zeros). */
  seek(p: Position): void {
    const o = isObject('CharTrainer.seek', 'p', p);
    for (const k of ['step', 'epoch', 'chunk']) isInt('CharTrainer.seek', `p.${k}`, o[k], 0);
    this.pos = { ...p };
    this.loadEpoch();
    this.state = this.model.zeroState(this.cfg.batch);
  }

  /** Characters consumed per step. */
  get charsPerStep(): number {
    return this.cfg.batch * this.cfg.seqLen;
  }

  /** Optimizer steps in one pass over the training text. */
  get stepsPerEpoch(): number {
    return Math.max(1, this.chunkCount);
  }

  /**
   * Trains through optim.fit from the current position: `steps` optimizer steps and/or `time`
   * seconds (at least one of them), each on the next chunk with the state carried (truncated
   * BPTT). onStep sees each step after the position has moved. Returns fit's history.
   */
  train(o: { steps?: number; time?: number; now?: () => number; signal?: { readonly aborted: boolean }; onStep?: (loss: number) => void }): optim.History {
    const where = 'CharTrainer.train';
    if (o === undefined) throw new ValueError(`${where}: options { steps?, time? } are required, got undefined`);
    isOptions(where, o, ['steps', 'time', 'now', 'signal', 'onStep']);
    if (o.steps === undefined && o.time === undefined) throw new ValueError(`${where}: give steps or time (or both)`);
    if (o.steps !== undefined) isInt(where, 'steps', o.steps, 0, 1e12);
    if (o.time !== undefined) isNumber(where, 'time', o.time, 0, 1e12);
    if (o.now !== undefined) isFunction(where, 'now', o.now);
    if (o.onStep !== undefined) isFunction(where, 'onStep', o.onStep);
    if (o.signal !== undefined && (o.signal === null || typeof o.signal !== 'object' || typeof o.signal.aborted !== 'boolean')) throw new ValueError(`${where}: signal must be an object with a boolean aborted (an AbortSignal), got ${describe(o.signal)}`);
    return as(where, () => optim.fit(this.model, {
      // fit's epochs follow the data walk: one ends when the position moves into the next epoch.
      train: () => this.chunksOfEpoch(),
      loss: (m, ch) => {
        const r = lossOn(m, ch.x, ch.y, ch.shape, this.state);
        this.state = r.state;
        return r.loss;
      },
      optimizer: this.opt,
      ...(o.steps !== undefined ? { steps: o.steps } : {}),
      ...(o.time !== undefined ? { time: o.time } : {}),
      ...(o.now ? { now: o.now } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(this.cfg.clip > 0 ? { clipGradNorm: this.cfg.clip } : {}),
      callbacks: {
        onStep: (i) => {
          this.advance(i.loss);
          o.onStep?.(i.loss);
        },
      },
    }));
  }

  private *chunksOfEpoch(): Generator<{ x: Int32Array; y: Int32Array; shape: [number, number] }> {
    const epoch = this.pos.epoch;
    while (this.pos.epoch === epoch) yield this.chunk(this.pos.chunk);
  }

  /** Bookkeeping after a step: the loss, the position, a new epoch's layout and state. */
  private advance(loss: number): void {
    this.losses.push(loss);
    this.pos.step++;
    this.pos.chunk++;
    if (this.pos.chunk >= this.chunkCount) {
      this.pos.epoch++;
      this.pos.chunk = 0;
      this.loadEpoch();
      this.state = this.model.zeroState(this.cfg.batch);
    }
  }

  /** One optimizer step on the next chunk; returns the loss in nats. */
  step(): number {
    return this.train({ steps: 1 }).losses[0];
  }

  /** Held-out bits per character (NaN when nothing is held out); recorded in valBpc. */
  evaluate(maxChars = 4000): number {
    isInt('CharTrainer.evaluate', 'maxChars', maxChars, 2);
    if (this.valIds.length < 2) return NaN;
    const bpc = bitsPerChar(this.model, this.valIds.subarray(0, maxChars), this.cfg.seqLen);
    this.valBpc.push({ step: this.pos.step, bpc });
    return bpc;
  }

  sample(prime: string, length: number, temperature: number, seed: number, topK = 0): string {
    isInt('CharTrainer.sample', 'seed', seed);
    return as('CharTrainer.sample', () => sampleText(this.model, this.vocab, prime, { length, temperature, topK, rng: new Rng(seed) }));
  }

  /** The training checkpoint (src/io/checkpoint.ts): weights, Adam state, the global RNG, the step. */
  checkpoint(): Uint8Array {
    return saveCheckpoint({ model: this.model, optimizer: this.opt, step: this.pos.step });
  }

  /**
   * Restores weights and Adam state from checkpoint() bytes (or an Adam file from before the
   * checkpoint format); the learning rate stays this trainer's. Then seek() to the saved position.
   */
  restore(bytes: Uint8Array, source?: string): void {
    isBytes('CharTrainer.restore', 'bytes', bytes);
    if (source !== undefined) isString('CharTrainer.restore', 'source', source);
    const lr = this.opt.lr;
    as('CharTrainer.restore', () => restoreTraining(bytes, this.model, this.opt, source));
    this.opt.lr = lr;
  }
}

/**
 * Hidden activations (T, H) of the last layer over `text`, for the heat map; plus the chosen
 * units: the `count` with the largest variance over the text unless `units` names them.
 * @example
 * ```ts
 * const h = activations(model, vocab, 'The harbour wakes', 12);
 * document.body.innerHTML = heatmapSvg(h.chars, h.units, h.values);
 * ```
 */
export function activations(model: CharLM, vocab: data.Vocab, text: string, count: number, units?: number[]) {
  const w = 'activations';
  isInstance(w, 'model', model, CharLM, 'a CharLM');
  isVocab(w, 'vocab', vocab);
  isString(w, 'text', text);
  isInt(w, 'count', count, 1);
  if (units !== undefined) {
    isNumbers(w, 'units', units);
    units.forEach((u, i) => isInt(w, `units[${i}]`, u, 0, model.config.hiddenSize - 1));
  }
  const ids = vocab.encode(text);
  if (ids.length === 0) throw new ValueError('activations: the text is empty');
  const H = model.config.hiddenSize;
  const rt = getRuntime();
  const wasTraining = model.training;
  model.eval();
  let acts: Float32Array;
  try {
    acts = noGrad(() => model.forward(Tensor.from(ids, [1, ids.length], { dtype: 'int32' }), model.zeroState(1, 'report')).hidden.toArray() as Float32Array);
  } finally {
    rt.resetStep();
    model.train(wasTraining);
  }
  const T = ids.length;
  let chosen = units;
  if (!chosen) {
    const variance = Array.from({ length: H }, (_, u) => {
      let s = 0, s2 = 0;
      for (let t = 0; t < T; t++) { const v = acts[t * H + u]; s += v; s2 += v * v; }
      return s2 / T - (s / T) ** 2;
    });
    chosen = variance.map((v, u) => [v, u]).sort((a, b) => b[0] - a[0]).slice(0, Math.min(count, H)).map(([, u]) => u).sort((a, b) => a - b);
  }
  for (const u of chosen) if (!Number.isInteger(u) || u < 0 || u >= H) throw new ValueError(`activations: unit ${u} is not in [0, ${H})`);
  const chars = Array.from(text);
  const values = chosen.map((u) => Array.from({ length: T }, (_, t) => acts[t * H + u]));
  return { chars, units: chosen, values };
}
