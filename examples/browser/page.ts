// The browser page: a character model learns the text live, in a Web Worker (train_worker.ts), so
// this thread only draws: the loss curve, samples as they improve, and a heat map of hidden units.
// Stop cancels the training; each run is kept in IndexedDB and Continue picks it up on a later
// visit. ?autostart&seconds=S&hidden=H&cell=C&units=1,4,7 start at once and stop after S seconds
// (?resume&seconds=S continues the kept run instead); the test reads window.__rnn: steps, losses,
// samples, progress messages, the kept run, and the animation frames seen while training.
// Uses only the package's public entries, like a user's page: here `rnn-wasm/models` for the pictures.
import { heatmapSvg, lossCurveSvg, smooth, type CellName } from 'rnn-wasm/models';
import CORPUS from '../../data/harbour.txt'; // the CLI's training text (a text module: see build.mjs)
import type { FromWorker, Heat, Saved, ToWorker } from './protocol.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const state = {
  steps: 0, losses: [] as number[], samples: [] as { step: number; text: string }[], progress: 0,
  frames: [] as number[], trainingMs: [0, 0], doneReason: '', done: false, error: '',
  firstStep: 0, saved: null as Saved, saveError: '',
};
(window as unknown as { __rnn: typeof state }).__rnn = state;

const textBox = $<HTMLTextAreaElement>('text');
textBox.value = CORPUS;
if (params.has('hidden')) $<HTMLInputElement>('hidden').value = params.get('hidden')!;
if (params.has('cell')) $<HTMLSelectElement>('cell').value = params.get('cell')!;
if (params.has('units')) $<HTMLInputElement>('units').value = params.get('units')!;

const worker = new Worker(new URL('./train_worker.js', import.meta.url), { type: 'module' });
const send = (m: ToWorker): void => worker.postMessage(m);
let running = false;
let val: { step: number; bpc: number }[] = [];
let t0 = 0;

const units = (): number[] => $<HTMLInputElement>('units').value.split(',').map((u) => u.trim()).filter((u) => u !== '').map(Number);

function drawCurve(): void {
  const bpc = smooth(state.losses.map((l) => l / Math.LN2), 0.1);
  $('curve').innerHTML = lossCurveSvg([
    { name: 'training (smoothed)', color: '#c0392b', points: bpc.map((y, i) => ({ x: state.firstStep + i + 1, y })) },
    { name: 'held-out', color: '#2471a3', points: val.map((p) => ({ x: p.step, y: p.bpc })) },
  ], { width: 460, height: 240, xLabel: 'step' });
}

function drawHeat(h: Heat): void {
  $('heat').innerHTML = heatmapSvg(h.chars, h.units, h.values, 60);
}

function showSample(step: number, text: string, valBpc: number): void {
  state.samples.push({ step, text });
  const div = document.createElement('div');
  div.innerHTML = `<b>step ${step}</b>${Number.isFinite(valBpc) ? ` (held-out ${valBpc.toFixed(2)} bpc)` : ''}<pre></pre>`;
  div.querySelector('pre')!.textContent = text;
  $('samples').prepend(div);
  while ($('samples').children.length > 4) $('samples').lastElementChild!.remove();
}

/** Counts animation frames while training runs: the test checks that they keep coming. */
function countFrames(now: number): void {
  if (!running) return;
  state.frames.push(now);
  requestAnimationFrame(countFrames);
}

function showSaved(saved: Saved, error = ''): void {
  state.saved = saved;
  $<HTMLButtonElement>('resume').disabled = saved === null;
  $('saved').textContent = error ? `not kept: ${error}` : saved ? `Kept in this browser (IndexedDB): ${saved.cell}, hidden ${saved.hidden}, step ${saved.step}. Continue picks it up.` : '';
}

let lastCurve = 0;
worker.onmessage = (e: MessageEvent<FromWorker>) => {
  const m = e.data;
  switch (m.type) {
    case 'ready':
      $('status').textContent = `ready (kernels: ${m.isa}, training in a worker)`;
      showSaved(m.saved);
      if (params.has('autostart')) start(Number(params.get('seconds') ?? 5));
      else if (params.has('resume')) start(Number(params.get('seconds') ?? 5), true);
      break;
    case 'started':
      state.firstStep = m.step;
      $<HTMLSelectElement>('cell').value = m.cell;
      $<HTMLInputElement>('hidden').value = String(m.hidden);
      break;
    case 'progress': {
      state.progress++;
      state.steps = m.step;
      state.losses.push(...m.losses);
      $('status').textContent = `step ${m.step}  bpc ${(state.losses[state.losses.length - 1] / Math.LN2).toFixed(3)}  ${m.charsPerSec.toFixed(0)} char/s`;
      const now = performance.now();
      if (now - lastCurve > 250) { drawCurve(); lastCurve = now; }
      break;
    }
    case 'sample':
      val = m.val;
      showSample(m.step, m.text, m.valBpc);
      break;
    case 'heat':
      drawHeat(m.heat);
      break;
    case 'done':
      running = false;
      state.trainingMs = [t0, performance.now()];
      state.doneReason = m.reason;
      state.saveError = m.saveError;
      showSaved(m.saved, m.saveError);
      drawCurve();
      $<HTMLButtonElement>('start').disabled = false;
      $<HTMLButtonElement>('stop').disabled = true;
      $('status').textContent += `  (${m.reason === 'cancelled' ? 'stopped' : 'done'})`;
      state.done = true;
      break;
    case 'error':
      fail(m.message);
      break;
  }
};
worker.onerror = (e) => fail(e.message);

function start(seconds: number, resume = false): void {
  state.steps = 0;
  state.losses = [];
  state.samples = [];
  state.frames = [];
  state.done = false;
  val = [];
  $('samples').innerHTML = '';
  running = true;
  t0 = performance.now();
  requestAnimationFrame(countFrames);
  $<HTMLButtonElement>('start').disabled = true;
  $<HTMLButtonElement>('resume').disabled = true;
  $<HTMLButtonElement>('stop').disabled = false;
  const heatText = Array.from(textBox.value).slice(0, 120).join('');
  if (resume) return send({ type: 'resume', seconds, heatText, units: units() });
  send({
    type: 'start', text: textBox.value, cell: $<HTMLSelectElement>('cell').value as CellName, hidden: Number($<HTMLInputElement>('hidden').value),
    seconds, heatText, units: units(),
  });
}

$('start').addEventListener('click', () => start(Infinity));
$('resume').addEventListener('click', () => start(Infinity, true));
$('stop').addEventListener('click', () => send({ type: 'cancel' }));
$('units').addEventListener('change', () => send({ type: 'units', units: units() }));

function fail(e: unknown): void {
  state.error = String(e);
  running = false;
  state.done = true;
  $('status').textContent = `error: ${String(e)}`;
}
