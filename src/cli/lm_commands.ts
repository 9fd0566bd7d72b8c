// `rnn-wasm sample` and `rnn-wasm eval`: load a character model directory written by train.
import { FormatError, Rng, type data } from '../api.js';
import { UsageError, type CommandSpec, type ParsedArgs } from './args.js';
import { CharLM, bitsPerChar, sampleText } from '../models/index.js';
import { VOCAB_FILE, loadModel } from './checkpoint.js';
import { checkModelDir, readText, type CliContext } from './io.js';

export const SAMPLE: CommandSpec = {
  name: 'sample',
  summary: 'Generate text from a trained character model.',
  usage: 'rnn-wasm sample --model DIR [--length N] [--prime TEXT] [--temperature T] [--top-k K] [--seed S]',
  options: {
    model: { type: 'string', meta: 'DIR', help: 'model directory written by rnn-wasm train (required)' },
    length: { type: 'int', min: 1, max: 1_000_000, default: 300, help: 'characters to generate' },
    prime: { type: 'string', default: 'The ', help: 'text fed to the model first (printed before the sample)' },
    temperature: { type: 'number', min: 0, default: 0.8, help: 'softmax temperature (0: always the most likely character)' },
    'top-k': { type: 'int', min: 0, default: 0, help: 'draw only from the K most likely characters (0: all)' },
    seed: { type: 'int', min: 0, default: 1, help: 'seed of the sampling generator' },
  },
};

export const EVAL: CommandSpec = {
  name: 'eval',
  summary: 'Bits per character of a trained character model on a text (the last line is "bpc: X").',
  usage: 'rnn-wasm eval --model DIR --text FILE',
  options: {
    model: { type: 'string', meta: 'DIR', help: 'model directory written by rnn-wasm train (required)' },
    text: { type: 'string', meta: 'FILE', help: 'UTF-8 text to score (required)' },
    'seq-len': { type: 'int', min: 1, default: 128, help: 'characters per forward chunk (the state is carried across chunks)' },
  },
};

function required(cmd: string, a: ParsedArgs, name: string): string {
  const v = a[name];
  if (v === undefined) throw new UsageError(`${cmd}: --${name} is required (see rnn-wasm ${cmd} --help)`);
  return v as string;
}

export function loadCharModel(dir: string): { model: CharLM; vocab: data.Vocab } {
  const { model, vocab } = loadModel(checkModelDir(dir), (bytes, source) => CharLM.load(bytes, { source }), (m) => m.config.vocabSize);
  if (vocab.size !== model.config.vocabSize) throw new FormatError(`${dir}: ${VOCAB_FILE} has ${vocab.size} tokens, the model ${model.config.vocabSize}`);
  return { model, vocab };
}

export async function sample(a: ParsedArgs, ctx: CliContext): Promise<void> {
  const { model, vocab } = loadCharModel(required('sample', a, 'model'));
  const prime = a.prime as string;
  if (prime.length === 0) throw new UsageError('sample: --prime must not be empty');
  const unknown = Array.from(prime).filter((c) => vocab.idOf(c) === vocab.unkId);
  if (unknown.length) ctx.err.write(`rnn-wasm: warning: the model has never seen ${JSON.stringify([...new Set(unknown)].join(''))} (read as <unk>)\n`);
  const out = sampleText(model, vocab, prime, {
    length: a.length as number, temperature: a.temperature as number, topK: a['top-k'] as number, rng: new Rng(a.seed as number),
  });
  ctx.out.write(prime + out + '\n');
}

export async function evaluate(a: ParsedArgs, ctx: CliContext): Promise<void> {
  const { model, vocab } = loadCharModel(required('eval', a, 'model'));
  const path = required('eval', a, 'text');
  const text = readText(path);
  const ids = vocab.encode(text);
  if (ids.length < 2) throw new UsageError(`eval: ${path} needs at least 2 characters`);
  let unk = 0;
  for (const id of ids) if (id === vocab.unkId) unk++;
  const bpc = bitsPerChar(model, ids, a['seq-len'] as number);
  ctx.out.write(`characters: ${ids.length}${unk ? ` (${unk} unknown to the model, scored as <unk>)` : ''}\n`);
  ctx.out.write(`bpc: ${bpc.toFixed(4)}\n`);
}
