// The training worker: builds the character model, trains it in slices of about 50 ms, and after
// each slice posts the new losses, so the page's thread only draws and stays responsive. Between
// slices it yields to its event loop, which is where a `cancel` message gets in.
import { init } from '../../src/index.js';
import { data } from '../../src/api.js';
import { CharTrainer, activations, newCharModel } from '../../src/cli/char_trainer.js';
import type { FromWorker, Heat, ToWorker } from './protocol.js';

const post = (m: FromWorker): void => (self as unknown as Worker).postMessage(m);
const SLICE_MS = 50;
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

async function train(msg: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  cancelled = false;
  units = msg.units;
  heatText = msg.heatText;
  const vocab = data.Vocab.fromText(msg.text);
  const model = newCharModel({ cell: msg.cell, embedDim: 24, hiddenSize: msg.hidden, numLayers: 1 }, vocab, 1);
  const t = new CharTrainer(msg.text, vocab, model, { seqLen: 32, batch: 16, lr: 0.005, clip: 5, seed: 1, valFraction: 0.1 });
  trainer = t;
  sample(t);
  const t0 = performance.now();
  let lastSample = t0, lastHeat = -Infinity, sent = 0;
  while (!cancelled && (performance.now() - t0) / 1000 < msg.seconds) {
    const end = performance.now() + SLICE_MS;
    while (performance.now() < end) t.step();
    const now = performance.now();
    post({ type: 'progress', step: t.pos.step, losses: t.losses.slice(sent), charsPerSec: (t.pos.step * t.charsPerStep) / ((now - t0) / 1000) });
    sent = t.losses.length;
    if (now - lastSample > SAMPLE_EVERY_MS) { sample(t); lastSample = now; }
    if (now - lastHeat > HEAT_EVERY_MS) { post({ type: 'heat', heat: heat(t) }); lastHeat = now; }
    await new Promise((r) => setTimeout(r, 0)); // let `cancel` in
  }
  sample(t);
  post({ type: 'heat', heat: heat(t) });
  post({ type: 'done', reason: cancelled ? 'cancelled' : 'time', step: t.pos.step });
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  if (msg.type === 'cancel') cancelled = true;
  else if (msg.type === 'units') {
    units = msg.units;
    if (trainer) post({ type: 'heat', heat: heat(trainer) });
  } else if (msg.type === 'start') train(msg).catch((err) => post({ type: 'error', message: String(err) }));
};

init().then(
  (rt) => post({ type: 'ready', isa: rt.isa }),
  (err) => post({ type: 'error', message: String(err) }),
);
