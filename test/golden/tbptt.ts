// Golden handler for kind "tbptt" (README 5.3): the char-LM over chunks, carrying (h, c) detached
// from one chunk to the next; checks per-chunk states, losses and gradients, and their sums
// (gradients accumulate across chunks without zeroing, as the fixture's total_grads).
import { crossEntropy, Tensor, type Runtime } from '../../src/index.js';
import type { Comparator, GoldenCase, GoldenTensor } from './common.js';
import { buildModel } from './model.js';

interface Chunk { t_start: number; t_end: number; h_in: GoldenTensor; c_in: GoldenTensor; h_n: GoldenTensor; c_n: GoldenTensor; loss: number; grads: Record<string, GoldenTensor> }

export function tbpttCase(c: GoldenCase, rt: Runtime, cmp: Comparator): void {
  const m = buildModel(c, rt);
  const inp = c.inputs as Record<string, GoldenTensor>;
  const [B, T] = inp.tokens.shape;
  const cut = (g: GoldenTensor, t0: number, t1: number): Tensor => {
    const n = t1 - t0;
    const v = new Int32Array(B * n);
    for (let b = 0; b < B; b++) for (let t = 0; t < n; t++) v[b * n + t] = g.data[b * T + t0 + t];
    return Tensor.from(v, [B, n], { runtime: rt, dtype: 'int32' });
  };
  let h: Tensor | null = null;
  let cs: Tensor | null = null;
  let total = 0;
  const prev = new Map<string, Float32Array>(); // accumulated grads before this chunk
  (c.chunks as Chunk[]).forEach((ch, i) => {
    if (i > 0) {
      cmp.check(`chunks[${i}].h_in`, h!.toArray(), ch.h_in);
      cmp.check(`chunks[${i}].c_in`, cs!.toArray(), ch.c_in);
    }
    const r = m.lstm.forward(m.embedding.forward(cut(inp.tokens, ch.t_start, ch.t_end)), { h0: h, c0: cs });
    const loss = crossEntropy(m.linear.forward(r.output), cut(inp.targets, ch.t_start, ch.t_end), { reduction: 'sum' });
    cmp.check(`chunks[${i}].h_n`, r.h.toArray(), ch.h_n);
    cmp.check(`chunks[${i}].c_n`, r.c.toArray(), ch.c_n);
    cmp.check(`chunks[${i}].loss`, loss.item(), ch.loss);
    total += loss.item();
    loss.backward();
    for (const [n, p] of m.named()) {
      const now = p.grad!.toArray() as Float32Array;
      const before = prev.get(n);
      cmp.check(`chunks[${i}].grads.${n}`, before ? now.map((v, j) => v - before[j]) : now, ch.grads[n]);
      prev.set(n, now);
    }
    h = r.h.detach(); // truncation: the next chunk starts from a constant state
    cs = r.c.detach();
  });
  cmp.check('total_loss', total, c.total_loss as number);
  const tg = c.total_grads as Record<string, GoldenTensor>;
  for (const [n, p] of m.named()) cmp.check(`total_grads.${n}`, p.grad!.toArray(), tg[n]);
}
