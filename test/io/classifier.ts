// The PyTorch fixture script's Classifier as a user-defined rnn-wasm Module (shared by the io tests).
import { concat, nn, reshape, slice, type Rng, type Tensor } from '../../src/index.js';
import { LSTM } from '../../src/nn/recurrent/index.js';

/** The fixture script's Classifier: Embedding -> BiLSTM -> Linear on [h_fwd, h_bwd]. */
export class Classifier extends nn.Module {
  readonly embedding: nn.Embedding;
  readonly lstm: LSTM;
  readonly linear: nn.Linear;
  constructor(vocab = 20, emb = 8, hidden = 6, classes = 3, rng?: Rng) {
    super();
    this.embedding = this.registerModule('embedding', new nn.Embedding(vocab, emb, { rng }));
    this.lstm = this.registerModule('lstm', new LSTM({ inputSize: emb, hiddenSize: hidden, bidirectional: true, rng }));
    this.linear = this.registerModule('linear', new nn.Linear(2 * hidden, classes, { rng }));
  }
  forward(tokens: Tensor): Tensor {
    const { h } = this.lstm.forward(this.embedding.forward(tokens)); // h (2, B, H)
    const [, B, H] = h.shape;
    const last = concat([reshape(slice(h, 0, 0, 1), [B, H]), reshape(slice(h, 0, 1, 2), [B, H])], 1);
    return this.linear.forward(last);
  }
}
