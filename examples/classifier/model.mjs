// The text classifier shared by the spam example, the edge worker and the Deno script:
// Embedding -> bidirectional LSTM -> Dense(relu) -> Dense(sigmoid) over lower-cased word ids.
// Parameter names match `rnn-wasm classify-train`, so models from the CLI load here too.
import { Tensor, nn, relu, sigmoid, reshape, slice, concat, noGrad, data, parseSafetensors, getRuntime } from 'rnn-wasm';

export class TextClassifier extends nn.Module {
  /** config: { vocabSize, embedDim, hiddenSize, denseSize, maxLen, labels: [negative, positive] } */
  constructor(config) {
    super();
    this.config = config;
    const { vocabSize: V, embedDim: E, hiddenSize: H, denseSize: F } = config;
    this.embed = this.registerModule('embed', new nn.Embedding(V, E, { paddingIdx: 0 }));
    this.lstm = this.registerModule('lstm', new nn.LSTM({ inputSize: E, hiddenSize: H, bidirectional: true }));
    this.dense = this.registerModule('dense', new nn.Linear(2 * H, F));
    this.out = this.registerModule('out', new nn.Linear(F, 1));
  }

  /** ids (B, T) int32 tensor and each row's length -> logits (B, 1). */
  forward(ids, lengths) {
    const [B] = ids.shape;
    const H = this.config.hiddenSize;
    const { h } = this.lstm.forward(this.embed.forward(ids), { lengths }); // (2, B, H): both directions' final states
    const both = concat([reshape(slice(h, 0, 0, 1), [B, H]), reshape(slice(h, 0, 1, 2), [B, H])], 1);
    return this.out.forward(relu(this.dense.forward(both)));
  }
}

/** Word ids of a text, cut to maxLen tokens (at least one id: an empty text is one <unk>). */
export function encode(vocab, text, maxLen) {
  const ids = vocab.encode(text.toLowerCase());
  return ids.length === 0 ? Int32Array.of(vocab.unkId) : ids.subarray(0, maxLen);
}

/** Probability of the positive label for each text. */
export function predict(model, vocab, texts, batch = 64) {
  const probs = new Float32Array(texts.length);
  model.eval();
  noGrad(() => {
    for (let s = 0; s < texts.length; s += batch) {
      const pb = data.padBatch(texts.slice(s, s + batch).map((t) => encode(vocab, t, model.config.maxLen)), { padId: vocab.padId });
      probs.set(sigmoid(model.forward(Tensor.from(pb.ids, pb.shape, { dtype: 'int32' }), pb.lengths)).data(), s);
      getRuntime().resetStep();
    }
  });
  return probs;
}

/** A classifier from saved bytes: model.safetensors (config in its metadata) and vocab.json text. */
export function loadClassifier(safetensorsBytes, vocabJson) {
  const parsed = parseSafetensors(new Uint8Array(safetensorsBytes));
  const model = new TextClassifier(JSON.parse(parsed.metadata.config));
  model.loadStateDict(Object.fromEntries(parsed.tensors.map((t) => [t.name, t])));
  return { model, vocab: data.Vocab.fromJSON(vocabJson) };
}
