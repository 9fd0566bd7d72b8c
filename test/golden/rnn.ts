// Golden handler for kind "rnn" (README 5.1): builds nn.RNN/LSTM/GRU, loads the PyTorch state
// dict by name, runs forward with h0/c0/lengths, backpropagates
// loss = Σ output⊙R_output + Σ h_n⊙R_h_n (+ Σ c_n⊙R_c_n) through the tape, and checks outputs,
// final states, the loss and every gradient.
import { add, mul, nn, sum, type Runtime, type Tensor } from '../../src/index.js';
import { toTensor, type Comparator, type GoldenCase, type GoldenTensor } from './common.js';

/** Σ a⊙r, as tape ops (r is a constant). */
export const dot = (rt: Runtime, a: Tensor, r: GoldenTensor): Tensor => sum(mul(a, toTensor(rt, r)));

export function rnnCase(c: GoldenCase, rt: Runtime, cmp: Comparator): void {
  const cf = c.config as Record<string, never>;
  const base = {
    inputSize: cf.input_size, hiddenSize: cf.hidden_size, numLayers: cf.num_layers, bidirectional: cf.bidirectional,
    bias: cf.bias, dropout: cf.dropout, batchFirst: cf.batch_first, runtime: rt,
  };
  const cell = cf.cell as string;
  const m = cell === 'lstm' ? new nn.LSTM({ ...base, peephole: !!cf.peephole })
    : cell === 'gru' ? new nn.GRU(base) : new nn.RNN({ ...base, nonlinearity: cf.nonlinearity });
  m.loadStateDict(c.params as Record<string, GoldenTensor>);
  const inp = c.inputs as Record<string, GoldenTensor>;
  const out = c.outputs as Record<string, GoldenTensor>;
  const loss = c.loss as Record<string, GoldenTensor> & { value: number };
  const x = toTensor(rt, inp.x, { requiresGrad: true });
  const h0 = inp.h0 ? toTensor(rt, inp.h0, { requiresGrad: true }) : null;
  const c0 = inp.c0 ? toTensor(rt, inp.c0, { requiresGrad: true }) : null;
  const lengths = inp.lengths ? inp.lengths.data : null;
  const r = m instanceof nn.LSTM ? m.forward(x, { h0, c0, lengths }) : m.forward(x, { h0, lengths });
  cmp.check('outputs.output', r.output.toArray(), out.output);
  cmp.check('outputs.h_n', r.h.toArray(), out.h_n);
  let l = add(dot(rt, r.output, loss.R_output), dot(rt, r.h, loss.R_h_n));
  if (r.c) {
    cmp.check('outputs.c_n', r.c.toArray(), out.c_n);
    l = add(l, dot(rt, r.c, loss.R_c_n));
  }
  cmp.check('loss.value', l.item(), loss.value);
  l.backward();
  const grads = c.grads as Record<string, GoldenTensor>;
  cmp.check('grads.x', x.grad!.toArray(), grads.x);
  if (h0) cmp.check('grads.h0', h0.grad!.toArray(), grads.h0);
  if (c0) cmp.check('grads.c0', c0.grad!.toArray(), grads.c0);
  const names = m.namedParameters().map(([n]) => n);
  if (names.join() !== Object.keys(c.params as object).join()) throw new Error(`parameter names/order differ: ${names.join()} vs ${Object.keys(c.params as object).join()}`);
  for (const [n, p] of m.namedParameters()) cmp.check(`grads.${n}`, p.grad!.toArray(), grads[n]);
}
