// Golden handler for kind "model" (README 5.2): Embedding → (Bi)LSTM → Linear → cross-entropy,
// built from the tape ops (gather, linear, logSoftmax) and nn.LSTM; returns outputs, loss and every
// parameter gradient under fixture paths ('outputs.logits', 'grads.lstm.weight_ih_l0', ...).
import { setRuntime, Tensor, type Runtime } from '../../src/index.js';
import { gather, concat, reshape, slice } from '../../src/autograd/shape_ops.js';
import { linear, logSoftmax, mul, scale, sum } from '../../src/autograd/ops.js';
import { LSTM } from '../../src/nn/recurrent/index.js';
import { tensorOf, type GoldenCase, type GTensor, type Results } from './rnn.js';

/** -Σ log_softmax(logits)[target] over all rows, times `alpha` (1: sum, 1/N: mean). */
export function crossEntropy(logits: Tensor, targets: ArrayLike<number>, alpha: number): Tensor {
  const C = logits.shape[logits.shape.length - 1];
  const onehot = new Float32Array(logits.size);
  for (let r = 0; r < targets.length; r++) onehot[r * C + targets[r]] = 1;
  const oh = Tensor.from(onehot, logits.shape, { runtime: logits.runtime });
  return scale(sum(mul(logSoftmax(logits), oh)), -alpha);
}

export interface CharLM {
  emb: Tensor;
  lstm: LSTM;
  w: Tensor;
  b: Tensor;
}

/** The char-LM of cases 11 and 17 from the fixture's parameters (leaf tensors + an nn.LSTM). */
export function charLM(c: GoldenCase): CharLM {
  const cf = c.config;
  const lstm = new LSTM({ inputSize: cf.embedding_dim, hiddenSize: cf.hidden_size, numLayers: cf.num_layers, bidirectional: cf.bidirectional });
  const lstmParams: Record<string, GTensor> = {};
  for (const [n, t] of Object.entries(c.params)) if (n.startsWith('lstm.')) lstmParams[n.slice(5)] = t as GTensor;
  lstm.loadStateDict(lstmParams);
  return {
    emb: tensorOf(c.params['embedding.weight'], true),
    lstm,
    w: tensorOf(c.params['linear.weight'], true),
    b: tensorOf(c.params['linear.bias'], true),
  };
}

/** Parameter gradients of a model under their fixture names. */
export function gradsOf(m: { emb: Tensor; lstm: LSTM; w: Tensor; b: Tensor }): Record<string, Float32Array> {
  const g: Record<string, Float32Array> = {
    'embedding.weight': m.emb.grad!.toArray() as Float32Array,
    'linear.weight': m.w.grad!.toArray() as Float32Array,
    'linear.bias': m.b.grad!.toArray() as Float32Array,
  };
  for (const [n, p] of m.lstm.namedParameters()) g[`lstm.${n}`] = p.grad!.toArray() as Float32Array;
  return g;
}

export function runModelCase(c: GoldenCase, rt: Runtime): Results {
  setRuntime(rt);
  const cf = c.config;
  const m = charLM(c); // same layers for the classifier, only the head differs
  const tokens = tensorOf(c.inputs.tokens, false);
  const targets = c.inputs.targets.data as number[];
  const embedded = gather(m.emb, tokens);
  const r = m.lstm.forward(embedded);
  const res: Results = {
    'outputs.lstm_output': r.output.toArray(), 'outputs.h_n': r.h.toArray(), 'outputs.c_n': r.c.toArray(),
  };
  let logits: Tensor;
  let loss: Tensor;
  if (cf.model === 'classifier') {
    const [B, T] = tokens.shape;
    const H = cf.hidden_size;
    // features = [output[:, T-1, 0:H], output[:, 0, H:2H]]
    const fwd = slice(slice(r.output, 1, T - 1, T), 2, 0, H);
    const bwd = slice(slice(r.output, 1, 0, 1), 2, H, 2 * H);
    const features = reshape(concat([fwd, bwd], 2), [B, 2 * H]);
    res['outputs.embedded'] = embedded.toArray();
    res['outputs.features'] = features.toArray();
    logits = linear(features, m.w, m.b);
    loss = crossEntropy(logits, targets, 1 / B);
  } else {
    logits = linear(r.output, m.w, m.b);
    loss = crossEntropy(logits, targets, 1);
  }
  res['outputs.logits'] = logits.toArray();
  res['loss.value'] = loss.item();
  loss.backward();
  for (const [n, g] of Object.entries(gradsOf(m))) res[`grads.${n}`] = g;
  return res;
}
