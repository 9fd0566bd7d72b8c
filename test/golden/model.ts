// Golden handler for kind "model" (README 5.2): nn.Embedding → nn.LSTM (bi for the classifier)
// → nn.Linear → crossEntropy (mean for the classifier, sum for the char-LM), through the public
// API and the tape; checks activations, loss and every parameter gradient.
import { concat, crossEntropy, nn, reshape, slice, type Runtime, type Tensor } from '../../src/index.js';
import { toTensor, type Comparator, type GoldenCase, type GoldenTensor } from './common.js';

export interface CharModel {
  embedding: nn.Embedding;
  lstm: nn.LSTM;
  linear: nn.Linear;
  named: () => [string, Tensor][];
}

/** The fixture's model with its parameters loaded by their PyTorch names. */
export function buildModel(c: GoldenCase, rt: Runtime): CharModel {
  const cf = c.config as { hidden_size: number; num_layers?: number; bidirectional?: boolean };
  const params = c.params as Record<string, GoldenTensor>;
  const [V, E] = params['embedding.weight'].shape;
  const [O, F] = params['linear.weight'].shape;
  const embedding = new nn.Embedding(V, E, { runtime: rt });
  const lstm = new nn.LSTM({ inputSize: E, hiddenSize: cf.hidden_size, numLayers: cf.num_layers ?? 1, bidirectional: cf.bidirectional ?? false, runtime: rt });
  const linear = new nn.Linear(F, O, { runtime: rt });
  const named = (): [string, Tensor][] => [
    ...embedding.namedParameters('embedding.'), ...lstm.namedParameters('lstm.'), ...linear.namedParameters('linear.'),
  ];
  const m = { embedding, lstm, linear, named };
  for (const [n, p] of named()) p.data().set(params[n].data);
  return m;
}

export function modelCase(c: GoldenCase, rt: Runtime, cmp: Comparator): void {
  const cf = c.config as Record<string, never>;
  const m = buildModel(c, rt);
  const inp = c.inputs as Record<string, GoldenTensor>;
  const out = c.outputs as Record<string, GoldenTensor>;
  const tokens = toTensor(rt, inp.tokens);
  const targets = toTensor(rt, inp.targets);
  const embedded = m.embedding.forward(tokens);
  const r = m.lstm.forward(embedded);
  cmp.check('outputs.lstm_output', r.output.toArray(), out.lstm_output);
  cmp.check('outputs.h_n', r.h.toArray(), out.h_n);
  cmp.check('outputs.c_n', r.c.toArray(), out.c_n);
  let logits: Tensor;
  let loss: Tensor;
  if (cf.model === 'classifier') {
    const [B, T] = tokens.shape;
    const H = cf.hidden_size as number;
    // features = [output[:, T-1, 0:H], output[:, 0, H:2H]]
    const fwd = slice(slice(r.output, 1, T - 1, T), 2, 0, H);
    const bwd = slice(slice(r.output, 1, 0, 1), 2, H, 2 * H);
    const features = reshape(concat([fwd, bwd], 2), [B, 2 * H]);
    cmp.check('outputs.embedded', embedded.toArray(), out.embedded);
    cmp.check('outputs.features', features.toArray(), out.features);
    logits = m.linear.forward(features);
    loss = crossEntropy(logits, targets); // mean over the batch
  } else {
    logits = m.linear.forward(r.output);
    loss = crossEntropy(logits, targets, { reduction: 'sum' });
  }
  cmp.check('outputs.logits', logits.toArray(), out.logits);
  cmp.check('loss.value', loss.item(), (c.loss as { value: number }).value);
  loss.backward();
  const grads = c.grads as Record<string, GoldenTensor>;
  for (const [n, p] of m.named()) cmp.check(`grads.${n}`, p.grad!.toArray(), grads[n]);
}
