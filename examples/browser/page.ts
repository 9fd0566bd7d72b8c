// The browser page: trains the character model live (in slices between frames), draws the loss
// curve and a heat map of hidden units, and shows samples as they improve.
// ?autostart&seconds=S&hidden=H&cell=C&units=1,4,7 start at once and stop after S seconds (used by the test).
// Uses only the package's public entries, like a user's page: `rnn-wasm` and `rnn-wasm/models`.
import { init, data } from 'rnn-wasm';
import { CharTrainer, activations, newCharModel, heatmapSvg, lossCurveSvg, smooth, type CellName } from 'rnn-wasm/models';
import CORPUS from '../../data/harbour.txt'; // the CLI's training text (a text module: see build.mjs)

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const state = { steps: 0, losses: [] as number[], samples: [] as { step: number; text: string }[], done: false, error: '' };
(window as unknown as { __rnn: typeof state }).__rnn = state;

let running = false;
const textBox = $<HTMLTextAreaElement>('text');
textBox.value = CORPUS;
if (params.has('hidden')) $<HTMLInputElement>('hidden').value = params.get('hidden')!;
if (params.has('cell')) $<HTMLSelectElement>('cell').value = params.get('cell')!;
if (params.has('units')) $<HTMLInputElement>('units').value = params.get('units')!;

function draw(trainer: CharTrainer): void {
  const bpc = smooth(trainer.losses.map((l) => l / Math.LN2), 0.1);
  $('curve').innerHTML = lossCurveSvg([
    { name: 'training (smoothed)', color: '#c0392b', points: bpc.map((y, i) => ({ x: i + 1, y })) },
    { name: 'held-out', color: '#2471a3', points: trainer.valBpc.map((p) => ({ x: p.step, y: p.bpc })) },
  ], { width: 460, height: 240, xLabel: 'step' });
  const heatText = Array.from(textBox.value).slice(0, 120).join('');
  const H = trainer.model.config.hiddenSize;
  const asked = $<HTMLInputElement>('units').value.split(',').map((u) => u.trim()).filter((u) => u !== '');
  // Units the reader typed (ignoring any that are not indices below H), else the 12 most varying.
  const units = asked.map(Number).filter((u) => Number.isInteger(u) && u >= 0 && u < H);
  const h = activations(trainer.model, trainer.vocab, heatText, 12, units.length ? units : undefined);
  $('heat').innerHTML = heatmapSvg(h.chars, h.units, h.values, 60);
}

function showSample(trainer: CharTrainer): void {
  const text = 'The ' + trainer.sample('The ', 120, 0.7, trainer.pos.step + 1);
  state.samples.push({ step: trainer.pos.step, text });
  const bpc = trainer.evaluate(1000);
  const div = document.createElement('div');
  div.innerHTML = `<b>step ${trainer.pos.step}</b>${Number.isFinite(bpc) ? ` (held-out ${bpc.toFixed(2)} bpc)` : ''}<pre></pre>`;
  div.querySelector('pre')!.textContent = text;
  $('samples').prepend(div);
  while ($('samples').children.length > 4) $('samples').lastElementChild!.remove();
}

async function train(seconds: number): Promise<void> {
  const text = textBox.value;
  const vocab = data.Vocab.fromText(text);
  const cell = $<HTMLSelectElement>('cell').value as CellName;
  const hidden = Number($<HTMLInputElement>('hidden').value);
  const model = newCharModel({ cell, embedDim: 24, hiddenSize: hidden, numLayers: 1 }, vocab, 1);
  const trainer = new CharTrainer(text, vocab, model, { seqLen: 32, batch: 16, lr: 0.005, clip: 5, seed: 1, valFraction: 0.1 });
  $('samples').innerHTML = '';
  showSample(trainer);
  running = true;
  $<HTMLButtonElement>('start').disabled = true;
  $<HTMLButtonElement>('stop').disabled = false;
  const t0 = performance.now();
  let lastDraw = 0, lastSample = t0;
  while (running && (performance.now() - t0) / 1000 < seconds) {
    trainer.train({ time: 0.04, onStep: (l) => state.losses.push(l) }); // train ~40 ms (optim.fit), then let the page paint
    state.steps = trainer.pos.step;
    const now = performance.now();
    const rate = (trainer.pos.step * trainer.charsPerStep) / ((now - t0) / 1000);
    $('status').textContent = `step ${trainer.pos.step}  bpc ${(trainer.losses[trainer.losses.length - 1] / Math.LN2).toFixed(3)}  ${rate.toFixed(0)} char/s`;
    if (now - lastSample > 3000) { showSample(trainer); lastSample = now; }
    if (now - lastDraw > 500) { draw(trainer); lastDraw = now; }
    await new Promise((r) => setTimeout(r, 0));
  }
  showSample(trainer);
  draw(trainer);
  running = false;
  $<HTMLButtonElement>('start').disabled = false;
  $<HTMLButtonElement>('stop').disabled = true;
  $('status').textContent += '  (stopped)';
}

$('start').addEventListener('click', () => void train(Infinity).catch(fail));
$('stop').addEventListener('click', () => (running = false));

function fail(e: unknown): void {
  state.error = String(e);
  $('status').textContent = `error: ${String(e)}`;
}

const rt = await init();
$('status').textContent = `ready (kernels: ${rt.isa})`;
if (params.has('autostart')) {
  train(Number(params.get('seconds') ?? 5)).catch(fail).finally(() => (state.done = true));
}
