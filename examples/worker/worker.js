// A Cloudflare Worker (or plain workerd) classifying a token sequence with an LSTM.
// Under wrangler, the `workerd` export condition selects rnn-wasm's worker entry, which imports the
// .wasm builds statically: workers refuse to compile wasm from bytes, but accept modules imported so.
//   GET /?ids=1,2,3,4  ->  {"isa":"relaxed","probs":[p0,p1,p2]}
import { init, Tensor, nn, noGrad, softmax, reshape, manualSeed } from 'rnn-wasm';

let model = null; // one per isolate, made on the first request

async function load() {
  const rt = await init();
  manualSeed(42); // stands in for a trained checkpoint: model.lstm.loadStateDict(weights) etc.
  const m = { rt, emb: new nn.Embedding(16, 8), lstm: new nn.LSTM({ inputSize: 8, hiddenSize: 16 }), head: new nn.Linear(16, 3) };
  for (const layer of [m.emb, m.lstm, m.head]) layer.eval();
  return m;
}

function classify(m, ids) {
  return noGrad(() => {
    const r = m.lstm.forward(m.emb.forward(Tensor.from(Int32Array.from(ids), [1, ids.length])));
    const probs = softmax(m.head.forward(reshape(r.h, [1, 16]))).toArray(); // last hidden state -> 3 classes
    m.rt.resetStep(); // free this request's activations
    return Array.from(probs);
  });
}

export default {
  async fetch(request) {
    model ??= load();
    const m = await model;
    const ids = (new URL(request.url).searchParams.get('ids') ?? '1,2,3,4').split(',').map(Number);
    if (!ids.every((i) => Number.isInteger(i) && i >= 0 && i < 16)) return new Response('ids must be integers in [0, 16)', { status: 400 });
    return Response.json({ isa: m.rt.isa, probs: classify(m, ids) });
  },
};
