// The training worker: builds the character model, trains it in slices of about 50 ms, and after
// each slice posts the new losses, so the page's thread only draws and stays responsive. Between
// slices it yields to its event loop, which is where a `cancel` message gets in. When a run ends,
// the model, the optimizer and the position in the text are kept in IndexedDB as a checkpoint
// (storeCheckpoint), so a later visit continues where this one stopped.
import { init, data, listStored, restoreCheckpoint, storeCheckpoint } from 'rnn-wasm';
import { CharTrainer, activations, newCharModel, type CellName } from 'rnn-wasm/models';
import type { FromWorker, Heat, Saved, ToWorker } from './protocol.js';

const post = (m: FromWorker): void => (self as unknown as Worker).postMessage(m);
const SLICE_MS = 50;
const SAVED = 'char-lm-page'; // the checkpoint's name in IndexedDB
const TRAIN = { seqLen: 32, batch: 16, lr: 0.005, clip: 5, seed: 1, valFraction: 0.1 };
const SAMPLE_EVERY_MS = 3000;
const HEAT_EVERY_MS = 500;

let cancelled = false;
let units: number[] = [];
let trainer: CharTrainer | null = null;
let heatText = '';

function heat(t: CharTrainer): Heat {
  const H = t.model.config.hiddenSize;
  const asked = units.filter((u) => Number.isInteger(u) && u >= 0 && u < H);
  const h = activations(t.model, t.vocab, heatText, 12, asked.length ? asked : undefined);
  return { chars: h.chars, units: h.units, values: h.values };
}

function sample(t: CharTrainer): void {
  const text = 'The ' + t.sample('The ', 120, 0.7, t.pos.step + 1);
  const valBpc = t.evaluate(1000);
  post({ type: 'sample', step: t.pos.step, text, valBpc, val: t.valBpc.slice() });
}

/** The kept run, as the page shows it; null when there is none or the host has no IndexedDB. */
async function saved(): Promise<Saved> {
  try {
    const e = (await listStored('indexeddb')).find((x) => x.name === SAVED && x.kind === 'checkpoint');
    if (!e) return null;
    const cfg = JSON.parse(e.metadata.config) as { cell: CellName; hidden: number };
    return { step: e.step ?? 0, cell: cfg.cell, hidden: cfg.hidden };
  } catch {
    return null;
  }
}

/** A fresh trainer, or (resume) the kept one: same text, vocabulary, weights, Adam state, position. */
async function makeTrainer(msg: Extract<ToWorker, { type: 'start' | 'resume' }>): Promise<{ t: CharTrainer; text: string; cell: CellName; hidden: number }> {
  if (msg.type === 'start') {
    const vocab = data.Vocab.fromText(msg.text);
    const model = newCharModel({ cell: msg.cell, embedDim: 24, hiddenSize: msg.hidden, numLayers: 1 }, vocab, 1);
    return { t: new CharTrainer(msg.text, vocab, model, TRAIN), text: msg.text, cell: msg.cell, hidden: msg.hidden };
  }
  const entry = (await listStored('indexeddb')).find((x) => x.name === SAVED);
  if (!entry) throw new Error('no saved run to continue');
  const { cell, hidden } = JSON.parse(entry.metadata.config) as { cell: CellName; hidden: number };
  const vocab = data.Vocab.fromJSON(JSON.parse(entry.metadata.vocab));
  const text = entry.metadata.text;
  const model = newCharModel({ cell, embedDim: 24, hiddenSize: hidden, numLayers: 1 }, vocab, 1);
  const t = new CharTrainer(text, vocab, model, TRAIN);
  await restoreCheckpoint('indexeddb', SAVED, { model, optimizer: t.opt });
  t.seek(JSON.parse(entry.metadata.pos));
  return { t, text, cell, hidden };
}

async function save(t: CharTrainer, text: string, cell: CellName, hidden: number): Promise<{ saved: Saved; saveError: string }> {
  try {
    await storeCheckpoint('indexeddb', SAVED, {
      model: t.model, optimizer: t.opt, step: t.pos.step,
      extra: { config: JSON.stringify({ cell, hidden }), vocab: JSON.stringify(t.vocab.toJSON()), pos: JSON.stringify(t.pos), text },
    });
    return { saved: { step: t.pos.step, cell, hidden }, saveError: '' };
  } catch (e) {
    return { saved: null, saveError: String(e) };
  }
}

async function train(msg: Extract<ToWorker, { type: 'start' | 'resume' }>): Promise<void> {
  cancelled = false;
  units = msg.units;
  heatText = msg.heatText;
  const { t, text, cell, hidden } = await makeTrainer(msg);
  trainer = t;
  post({ type: 'started', step: t.pos.step, cell, hidden });
  sample(t);
  const t0 = performance.now();
  const step0 = t.pos.step;
  let lastSample = t0, lastHeat = -Infinity, sent = 0;
  while (!cancelled && (performance.now() - t0) / 1000 < msg.seconds) {
    t.train({ time: SLICE_MS / 1000 }); // optim.fit for ~50 ms
    const now = performance.now();
    post({ type: 'progress', step: t.pos.step, losses: t.losses.slice(sent), charsPerSec: ((t.pos.step - step0) * t.charsPerStep) / ((now - t0) / 1000) });
    sent = t.losses.length;
    if (now - lastSample > SAMPLE_EVERY_MS) { sample(t); lastSample = now; }
    if (now - lastHeat > HEAT_EVERY_MS) { post({ type: 'heat', heat: heat(t) }); lastHeat = now; }
    await new Promise((r) => setTimeout(r, 0)); // let `cancel` in
  }
  sample(t);
  post({ type: 'heat', heat: heat(t) });
  post({ type: 'done', reason: cancelled ? 'cancelled' : 'time', step: t.pos.step, ...(await save(t, text, cell, hidden)) });
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  if (msg.type === 'cancel') cancelled = true;
  else if (msg.type === 'units') {
    units = msg.units;
    if (trainer) post({ type: 'heat', heat: heat(trainer) });
  } else train(msg).catch((err) => post({ type: 'error', message: String(err) }));
};

init().then(
  async (rt) => post({ type: 'ready', isa: rt.isa, saved: await saved() }),
  (err) => post({ type: 'error', message: String(err) }),
);
