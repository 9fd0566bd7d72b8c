// Model directories written by `rnn-wasm train` / `classify-train` and read by sample, eval,
// classify and --resume. The formats are the models' (src/models/saved.ts); this file only names
// the files, writes them atomically and reads them with errors that name the path.
//   model.safetensors      the model file: weights by PyTorch-style names; metadata kind + config
//   vocab.json             the Vocab's JSON form
//   optimizer.safetensors  the training checkpoint (src/io/checkpoint.ts; older dirs: Adam moments)
//   train-state.json       position in the data, loss history, the options used
import { mkdirSync, readFileSync, writeFileSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { FormatError, RnnWasmError, data } from '../api.js';

export const MODEL_FILE = 'model.safetensors';
export const VOCAB_FILE = 'vocab.json';
export const OPTIM_FILE = 'optimizer.safetensors';
export const STATE_FILE = 'train-state.json';

function writeAtomic(path: string, bytes: Uint8Array | string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

/** The bytes of `name` in `dir`; a missing file means `dir` is not a model directory. */
export function readDirFile(dir: string, name: string): Uint8Array {
  const p = join(dir, name);
  if (!existsSync(p)) throw new FormatError(`${dir} is not a model directory: ${name} is missing`);
  return new Uint8Array(readFileSync(p));
}

/** Writes a model file (a model's save()) and its vocabulary. */
export function saveModel(dir: string, modelBytes: Uint8Array, vocab: data.Vocab): void {
  mkdirSync(dir, { recursive: true });
  writeAtomic(join(dir, MODEL_FILE), modelBytes);
  writeAtomic(join(dir, VOCAB_FILE), JSON.stringify(vocab.toJSON()));
}

/** The model in `dir` (`load` reads the model file's bytes; errors name `source`) and its vocabulary. */
export function loadModel<M>(dir: string, load: (bytes: Uint8Array, source: string) => M, vocabSize: (model: M) => number): { model: M; vocab: data.Vocab } {
  // The model's load checks its config against its weights before it builds anything.
  const model = load(readDirFile(dir, MODEL_FILE), join(dir, MODEL_FILE));
  const vocabPath = join(dir, VOCAB_FILE);
  let vocab: data.Vocab;
  try {
    vocab = data.Vocab.fromJSON(new TextDecoder().decode(readDirFile(dir, VOCAB_FILE)));
  } catch (e) {
    if (e instanceof RnnWasmError && !e.message.includes(VOCAB_FILE)) e.message = `${vocabPath}: ${e.message}`;
    throw e;
  }
  if (vocabSize(model) !== vocab.size) throw new FormatError(`${vocabPath} has ${vocab.size} entries, the model in ${join(dir, MODEL_FILE)} was built for ${vocabSize(model)}`);
  return { model, vocab };
}

/** Writes the training checkpoint (a trainer's checkpoint()) and the JSON training state. */
export function saveTraining(dir: string, checkpoint: Uint8Array, state: object): void {
  writeAtomic(join(dir, OPTIM_FILE), checkpoint);
  writeAtomic(join(dir, STATE_FILE), JSON.stringify(state, null, 1));
}

export function loadTrainState<T>(dir: string): T {
  try {
    return JSON.parse(new TextDecoder().decode(readDirFile(dir, STATE_FILE))) as T;
  } catch (e) {
    if (e instanceof FormatError) throw e;
    throw new FormatError(`${join(dir, STATE_FILE)} is not valid JSON: ${(e as Error).message}`);
  }
}
