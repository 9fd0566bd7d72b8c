// Golden handler for kind "tbptt" (README 5.3): the char-LM over chunks, carrying (h, c) detached
// from one chunk to the next; per-chunk states, losses and gradients, and their sums.
import { setRuntime, Tensor, type Runtime } from '../../src/index.js';
import { gather } from '../../src/autograd/shape_ops.js';
import { linear } from '../../src/autograd/ops.js';
import { charLM, crossEntropy, gradsOf } from './model.js';
import type { GoldenCase, Results } from './rnn.js';

export function runTbpttCase(c: GoldenCase, rt: Runtime): Results {
  setRuntime(rt);
  const m = charLM(c);
  const [B, T] = c.inputs.tokens.shape as number[];
  const tok = c.inputs.tokens.data as number[];
  const tgt = c.inputs.targets.data as number[];
  const res: Results = {};
  const total: Record<string, Float64Array> = {};
  let totalLoss = 0;
  let h: Tensor | null = null;
  let cs: Tensor | null = null;
  c.chunks.forEach((ch: { t_start: number; t_end: number }, i: number) => {
    const { t_start: t0, t_end: t1 } = ch;
    const n = t1 - t0;
    const ids = new Int32Array(B * n);
    const tg = new Int32Array(B * n);
    for (let b = 0; b < B; b++) for (let t = 0; t < n; t++) { ids[b * n + t] = tok[b * T + t0 + t]; tg[b * n + t] = tgt[b * T + t0 + t]; }
    if (h) { res[`chunks.${i}.h_in`] = h.toArray(); res[`chunks.${i}.c_in`] = cs!.toArray(); }
    const r = m.lstm.forward(gather(m.emb, Tensor.from(ids, [B, n], { dtype: 'int32' })), { h0: h, c0: cs });
    const loss = crossEntropy(linear(r.output, m.w, m.b), tg, 1);
    res[`chunks.${i}.loss`] = loss.item();
    res[`chunks.${i}.h_n`] = r.h.toArray();
    res[`chunks.${i}.c_n`] = r.c.toArray();
    totalLoss += loss.item();
    loss.backward();
    for (const [k, g] of Object.entries(gradsOf(m))) {
      res[`chunks.${i}.grads.${k}`] = g;
      const acc = (total[k] ??= new Float64Array(g.length));
      for (let j = 0; j < g.length; j++) acc[j] += g[j];
    }
    // Per-chunk gradients: zero before the next chunk (the fixture sums them separately).
    m.lstm.zeroGrad();
    for (const p of [m.emb, m.w, m.b]) p.grad!.data().fill(0);
    h = r.h.detach(); // truncate: no gradient flows into earlier chunks
    cs = r.c.detach();
  });
  res['total_loss'] = totalLoss;
  for (const [k, v] of Object.entries(total)) res[`total_grads.${k}`] = v;
  return res;
}
