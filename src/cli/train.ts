// `rnn-wasm train`: a character language model on a text file (or the embedded corpus), with a
// progress bar, periodic samples, held-out bpc, checkpoints (resumable) and an HTML report.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { data, manualSeed, ValueError } from '../api.js';
import { CELLS, CharTrainer, activations, newCharModel, splitText, type CellName, type Position } from '../models/index.js';
import { CORPUS, CORPUS_NAME } from './corpus.gen.js';
import { OPTIM_FILE, loadTrainState, readDirFile, saveModel, saveTraining, STATE_FILE } from './checkpoint.js';
import { Progress } from './progress.js';
import { reportHtml } from './report.js';
import { checkWritableDir, checkWritableFile, readText, type CliContext } from './io.js';
import { loadCharModel } from './lm_commands.js';
import { UsageError, wasGiven, type CommandSpec, type ParsedArgs } from './args.js';

export const TRAIN: CommandSpec = {
  name: 'train',
  summary: 'Train a character-level language model (embedding -> recurrent layers -> softmax) with truncated BPTT.',
  usage: 'rnn-wasm train [--text FILE] [--steps N | --epochs N] [--out DIR] [options]',
  options: {
    text: { type: 'string', meta: 'FILE', help: 'UTF-8 text to learn (default: the small corpus embedded in the package)' },
    out: { type: 'string', meta: 'DIR', default: 'rnn-model', help: 'where the model, vocabulary and training state are saved' },
    cell: { type: 'string', choices: CELLS, default: 'lstm', help: 'recurrent cell' },
    hidden: { type: 'int', min: 1, max: 4096, default: 128, help: 'hidden units per layer' },
    layers: { type: 'int', min: 1, max: 8, default: 1, help: 'stacked recurrent layers' },
    embed: { type: 'int', min: 1, max: 1024, default: 32, help: 'character embedding size' },
    dropout: { type: 'number', min: 0, max: 0.95, default: 0, help: 'dropout on the recurrent output while training' },
    'seq-len': { type: 'int', min: 1, max: 10000, default: 64, help: 'time steps per chunk (truncated BPTT length)' },
    batch: { type: 'int', min: 1, max: 4096, default: 16, help: 'parallel streams per step' },
    lr: { type: 'number', min: 0, minOpen: true, default: 0.003, help: 'Adam learning rate' },
    clip: { type: 'number', min: 0, default: 5, help: 'clip the global gradient norm to this (0: off)' },
    steps: { type: 'int', min: 1, help: 'optimizer steps to run (default 500 unless --epochs is given)' },
    epochs: { type: 'number', min: 0, minOpen: true, help: 'passes over the training text (instead of --steps)' },
    time: { type: 'number', min: 0, minOpen: true, meta: 'SECONDS', help: 'also stop after this many seconds' },
    seed: { type: 'int', min: 0, default: 1, help: 'seed for initialisation, data order and samples' },
    val: { type: 'number', min: 0, max: 0.5, default: 0.1, help: 'fraction of the text held out for bpc' },
    'sample-every': { type: 'int', min: 0, default: 100, meta: 'STEPS', help: 'print a sample every this many steps (0: only at the end)' },
    'sample-length': { type: 'int', min: 1, default: 160, help: 'characters per printed sample' },
    temperature: { type: 'number', min: 0, default: 0.7, help: 'sampling temperature of printed samples' },
    'save-every': { type: 'int', min: 0, default: 200, meta: 'STEPS', help: 'save a checkpoint every this many steps (0: only at the end)' },
    resume: { type: 'flag', help: 'continue training the model in --out from its saved state' },
    'keep-best': { type: 'flag', help: 'also save the model with the lowest held-out bpc so far in DIR/best/ (early stopping)' },
    report: { type: 'string', meta: 'FILE', help: 'write an HTML report (loss curve, activation heat map, samples)' },
    units: { type: 'string', meta: 'LIST', help: 'hidden units for the report\'s heat map, e.g. 0,5,17 (default: the 16 that vary most)' },
    quiet: { type: 'flag', help: 'no progress display and no samples' },
  },
  epilog: 'example: rnn-wasm train --text book.txt --steps 2000 --out book-model',
};

interface SavedState {
  pos: Position;
  text: string | null;
  args: ParsedArgs;
  losses: number[];
  valBpc: { step: number; bpc: number }[];
  /** Lowest held-out bpc seen (what DIR/best/ holds with --keep-best). */
  best?: { bpc: number; step: number };
}

export async function train(a: ParsedArgs, ctx: CliContext): Promise<void> {
  const out = a.out as string;
  // Where the results go is checked before any work: a long run never fails at its end.
  checkWritableDir('--out', out);
  if (a.report !== undefined) checkWritableFile('--report', a.report as string);
  const resume = !!a.resume;
  let prev: SavedState | null = null;
  if (resume) {
    if (!existsSync(join(out, STATE_FILE))) throw new UsageError(`train: --resume: ${out} has no ${STATE_FILE} to resume from`);
    prev = loadTrainState<SavedState>(out);
  }
  const textPath = (a.text as string | undefined) ?? prev?.text ?? null;
  const text = textPath ? readText(textPath) : CORPUS;
  // A resumed run keeps the batch layout its saved position was made for, and its sequence length
  // unless the command line names another one.
  const saved = (name: string): number | undefined => (prev && !wasGiven(a, name) && typeof prev.args[name] === 'number' ? prev.args[name] as number : undefined);
  if (prev && wasGiven(a, 'batch') && typeof prev.args.batch === 'number' && a.batch !== prev.args.batch) {
    throw new UsageError(`train: --resume: --batch ${a.batch} differs from the run in ${out} (--batch ${prev.args.batch}); its saved data position is laid out for ${prev.args.batch} streams`);
  }
  const cfg = {
    seqLen: saved('seq-len') ?? (a['seq-len'] as number), batch: saved('batch') ?? (a.batch as number), lr: a.lr as number, clip: a.clip as number,
    // A resumed run keeps its held-out split, so the held-out text never becomes training text.
    seed: a.seed as number, valFraction: prev ? Number(prev.args.val) : (a.val as number),
  };
  const trainChars = Array.from(splitText(text, cfg.valFraction).train).length;
  if (trainChars < 2 * cfg.batch) {
    throw new UsageError(`train: the text has ${trainChars} training characters, too few for --batch ${cfg.batch} (each stream needs at least 2)`);
  }

  let vocab: data.Vocab;
  let trainer: CharTrainer;
  if (prev) {
    manualSeed(cfg.seed); // the generator as a fresh run leaves it (older checkpoints hold none)
    const saved = loadCharModel(out);
    vocab = saved.vocab;
    const model = saved.model;
    trainer = new CharTrainer(text, vocab, model, cfg);
    trainer.restore(readDirFile(out, OPTIM_FILE), join(out, OPTIM_FILE));
    trainer.seek(prev.pos);
    trainer.losses.push(...prev.losses);
    trainer.valBpc.push(...prev.valBpc);
  } else {
    vocab = data.Vocab.fromText(text);
    const mc = { cell: a.cell as CellName, embedDim: a.embed as number, hiddenSize: a.hidden as number, numLayers: a.layers as number, dropout: a.dropout as number };
    const model = newCharModel(mc, vocab, cfg.seed);
    trainer = new CharTrainer(text, vocab, model, cfg);
  }

  const perEpoch = trainer.stepsPerEpoch;
  const timeLimit = a.time as number | undefined;
  // With only --time, the run ends on the clock and the shown total is an estimate.
  const byTime = timeLimit !== undefined && a.steps === undefined && a.epochs === undefined;
  const more = a.steps !== undefined ? (a.steps as number) : a.epochs !== undefined ? Math.max(1, Math.round((a.epochs as number) * perEpoch)) : byTime ? Infinity : 500;
  const start = trainer.pos.step;
  const total = start + more;
  const quiet = !!a.quiet;
  const p = new Progress(ctx.out, { plainEvery: Number.isFinite(more) ? Math.max(1, Math.round(more / 20)) : 20 });
  const mc = trainer.model.config;
  const units = parseUnits(a.units as string | undefined, mc.hiddenSize); // checked before training, used by the report
  p.log(
    `${resume ? 'resuming' : 'training'} a ${mc.numLayers}-layer ${mc.cell.toUpperCase()} (hidden ${mc.hiddenSize}, ` +
      `${trainer.model.parameters().reduce((s, t) => s + t.size, 0)} parameters) on ${textPath ?? `the embedded corpus "${CORPUS_NAME}"`}: ` +
      `${trainer.trainIds.length} training / ${trainer.valIds.length} held-out characters, vocabulary ${vocab.size}, ` +
      `${perEpoch} steps per epoch; ${byTime ? `for ${timeLimit} s` : `steps ${start + 1}..${total}`}`,
  );
  const samples: { step: number; text: string }[] = [];
  let best = prev?.best && prev.best.step >= 0 ? prev.best : { bpc: Infinity, step: -1 };
  const takeSample = () => {
    const s = trainer.sample('The ', a['sample-length'] as number, a.temperature as number, cfg.seed + trainer.pos.step);
    samples.push({ step: trainer.pos.step, text: 'The ' + s });
    const bpc = trainer.evaluate();
    let held = Number.isFinite(bpc) ? `, held-out bpc ${bpc.toFixed(3)}` : '';
    if (a['keep-best'] && bpc < best.bpc) {
      best = { bpc, step: trainer.pos.step };
      saveModel(join(out, 'best'), trainer.model.save(), vocab);
      held += ' (best so far, saved)';
    }
    if (!quiet) p.log(`--- sample at step ${trainer.pos.step}${held} ---\n${'The ' + s}\n---`);
  };
  const save = () => {
    saveModel(out, trainer.model.save(), vocab);
    saveTraining(out, trainer.checkpoint(), { pos: trainer.pos, text: textPath, args: { ...a, 'seq-len': cfg.seqLen, batch: cfg.batch }, losses: trainer.losses, valBpc: trainer.valBpc, best } satisfies SavedState);
  };

  const t0 = ctx.now();
  const sampleEvery = a['sample-every'] as number;
  const saveEvery = a['save-every'] as number;
  if (!resume && sampleEvery > 0) takeSample();
  // optim.fit runs the steps; this callback shows progress, samples and saves after each one.
  const onStep = (loss: number) => {
    const elapsed = (ctx.now() - t0) / 1000;
    const done = trainer.pos.step - start;
    const rate = done / Math.max(elapsed, 1e-9);
    let eta = (total - trainer.pos.step) / rate;
    if (timeLimit !== undefined) eta = Math.max(0, Math.min(eta, timeLimit - elapsed));
    const timeUp = timeLimit !== undefined && elapsed >= timeLimit;
    const shown = timeUp ? trainer.pos.step : byTime ? trainer.pos.step + Math.max(0, Math.round(rate * eta)) : total;
    if (!quiet) p.update({ step: trainer.pos.step, total: shown, loss, bpc: loss / Math.LN2, charsPerSec: rate * trainer.charsPerStep, eta });
    if (sampleEvery > 0 && done % sampleEvery === 0 && trainer.pos.step < total && !timeUp) takeSample();
    if (saveEvery > 0 && done % saveEvery === 0) save();
  };
  if (trainer.pos.step < total) {
    // The clock starts before the first sample, as the time limit always has.
    const nowSec = () => ctx.now();
    let h;
    try {
      h = trainer.train({ ...(Number.isFinite(more) ? { steps: more } : {}), ...(timeLimit !== undefined ? { time: Math.max(1e-9, timeLimit - (ctx.now() - t0) / 1000) } : {}), now: nowSec, onStep });
    } catch (e) {
      const m = /^fit: the loss is (\S+) at step/.exec((e as Error).message);
      if (m) throw new ValueError(`training diverged at step ${trainer.pos.step + 1} (loss ${m[1]}); try a smaller --lr or --clip`);
      throw e;
    }
    if (h.stoppedBy === 'time') p.log(`time limit of ${timeLimit} s reached at step ${trainer.pos.step}`);
  }
  p.done();
  const seconds = (ctx.now() - t0) / 1000;
  takeSample(); // also measures the held-out bpc
  const bpc = trainer.valBpc.length ? trainer.valBpc[trainer.valBpc.length - 1].bpc : NaN;
  save();
  const tail = trainer.losses.slice(-20);
  const trainBpc = tail.reduce((s, l) => s + l, 0) / tail.length / Math.LN2;
  ctx.out.write(
    `trained ${trainer.pos.step - start} steps in ${seconds.toFixed(1)} s ` +
      `(${((trainer.pos.step - start) * trainer.charsPerStep / Math.max(seconds, 1e-9)).toFixed(0)} char/s); ` +
      `train bpc ${trainBpc.toFixed(3)}, held-out bpc ${Number.isFinite(bpc) ? bpc.toFixed(3) : 'n/a (--val 0)'}\n`,
  );
  ctx.out.write(`saved ${out}/ (model.safetensors, vocab.json, optimizer.safetensors, train-state.json)\n`);
  if (best.step >= 0) ctx.out.write(`best held-out bpc ${best.bpc.toFixed(3)} at step ${best.step}: saved in ${join(out, 'best')}/\n`);
  ctx.out.write(`next: rnn-wasm sample --model ${out} | rnn-wasm eval --model ${out} --text FILE | rnn-wasm train --resume --out ${out}\n`);
  if (a.report) {
    const heatText = Array.from(trainer.valIds.length >= 2 ? vocab.decode(trainer.valIds) : text).slice(0, 180).join('');
    const heat = activations(trainer.model, vocab, heatText, 16, units);
    const html = reportHtml({
      title: `rnn-wasm: ${mc.cell.toUpperCase()} character model`,
      summary: [
        ['text', textPath ?? `embedded corpus (${CORPUS_NAME})`], ['model', `${mc.numLayers} x ${mc.cell} hidden ${mc.hiddenSize}, embedding ${mc.embedDim}`],
        ['steps', String(trainer.pos.step)], ['held-out bpc', Number.isFinite(bpc) ? bpc.toFixed(3) : 'n/a'], ['train bpc (last 20 steps)', trainBpc.toFixed(3)],
      ],
      losses: trainer.losses, valBpc: trainer.valBpc, samples, heat,
    });
    mkdirSync(dirname(resolve(a.report as string)), { recursive: true });
    writeFileSync(a.report as string, html);
    ctx.out.write(`report written to ${a.report}\n`);
  }
}

/** "0,5,17" -> [0, 5, 17], each a unit index below `hidden`. */
export function parseUnits(list: string | undefined, hidden: number): number[] | undefined {
  if (list === undefined) return undefined;
  const units = list.split(',').map((u) => u.trim());
  for (const u of units) {
    if (!/^\d+$/.test(u) || Number(u) >= hidden) throw new UsageError(`train: --units must be unit indices below ${hidden} separated by commas, got '${list}'`);
  }
  return units.map(Number);
}
