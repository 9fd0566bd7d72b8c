// An edge worker (workerd / Cloudflare Workers) that serves the text classifier from saved weights:
//   GET /?text=...  or  POST / with the text as the body  ->  {"label": "spam", "probability": 0.97}
import modelBytes from './model.safetensors'; // ArrayBuffer (a data module)
import vocabJson from './vocab.json.txt'; // string (a text module)
import { init } from 'rnn-wasm'; // the `workerd` entry: imports its wasm builds as compiled modules
import { loadClassifier, predict } from 'rnn-wasm/models';

// Loaded once per isolate, on the first request (top-level await is not allowed in workers).
let ready = null;
async function classifier() {
  ready ??= init().then(() => loadClassifier(modelBytes, vocabJson));
  return ready;
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const text = request.method === 'POST' ? await request.text() : url.searchParams.get('text');
    if (!text) return new Response('send text as ?text=... or as a POST body\n', { status: 400 });
    const { model, vocab } = await classifier();
    const p = predict(model, vocab, [text])[0];
    const labels = model.config.labels;
    return Response.json({ label: labels[p >= 0.5 ? 1 : 0], probability: Number(p.toFixed(4)) });
  },
};
