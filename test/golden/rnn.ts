// Golden handler for kind "rnn" (README 5.1): builds nn.RNN/LSTM/GRU, loads the PyTorch state
// dict by name, runs forward with h0/c0/lengths, backpropagates
// loss = Σ output⊙R_output + Σ h_n⊙R_h_n (+ Σ c_n⊙R_c_n) through the tape, and returns every
// stored value under its fixture path ('outputs.output', 'loss.value', 'grads.weight_ih_l0', ...).
import { setRuntime, Tensor, type Runtime } from '../../src/index.js';
import { add, mul, sum } from '../../src/autograd/ops.js';
import { GRU, LSTM, RNN } from '../../src/nn/recurrent/index.js';

export type GTensor = { shape: number[]; dtype: string; data: number[] };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type GoldenCase = any;
export type Results = Record<string, ArrayLike<number> | number>;

export const tensorOf = (t: GTensor, requiresGrad = false, rt?: Runtime): Tensor =>
  Tensor.from(t.data, t.shape, { requiresGrad, runtime: rt, dtype: t.dtype === 'int32' ? 'int32' : 'float32' });

/** Σ a⊙r, as a tape op (r is a constant). */
export const dot = (a: Tensor, r: GTensor): Tensor => sum(mul(a, tensorOf(r, false, a.runtime)));

export function runRnnCase(c: GoldenCase, rt: Runtime): Results {
  setRuntime(rt);
  const cf = c.config;
  const base = {
    inputSize: cf.input_size, hiddenSize: cf.hidden_size, numLayers: cf.num_layers,
    bidirectional: cf.bidirectional, bias: cf.bias, dropout: cf.dropout, batchFirst: cf.batch_first,
  };
  const m = cf.cell === 'lstm' ? new LSTM({ ...base, peephole: !!cf.peephole })
    : cf.cell === 'gru' ? new GRU(base) : new RNN({ ...base, nonlinearity: cf.nonlinearity });
  m.loadStateDict(c.params);
  const inp = c.inputs;
  const x = tensorOf(inp.x, true);
  const h0 = inp.h0 ? tensorOf(inp.h0, true) : null;
  const c0 = inp.c0 ? tensorOf(inp.c0, true) : null;
  const lengths = inp.lengths ? inp.lengths.data : null;
  const r = cf.cell === 'lstm' ? (m as LSTM).forward(x, { h0, c0, lengths }) : (m as RNN).forward(x, { h0, lengths });
  let loss = add(dot(r.output, c.loss.R_output), dot(r.h, c.loss.R_h_n));
  if (r.c) loss = add(loss, dot(r.c, c.loss.R_c_n));
  const res: Results = {
    'outputs.output': r.output.toArray(), 'outputs.h_n': r.h.toArray(), 'loss.value': loss.item(),
  };
  if (r.c) res['outputs.c_n'] = r.c.toArray();
  loss.backward();
  res['grads.x'] = x.grad!.toArray();
  if (h0) res['grads.h0'] = h0.grad!.toArray();
  if (c0) res['grads.c0'] = c0.grad!.toArray();
  for (const [n, p] of m.namedParameters()) res[`grads.${n}`] = p.grad!.toArray();
  return res;
}
