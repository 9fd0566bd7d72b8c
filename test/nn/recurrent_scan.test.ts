// Golden rnn cases (kind "rnn") through the raw-pointer stack (scan.ts/stack.ts), every build:
// forward outputs, final states and every gradient against PyTorch.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ISAS, runtimeFor, worstRelErr } from '../helpers.js';
import type { Runtime } from '../../src/index.js';
import { stackBackward, stackForward, type StackSpec } from '../../src/nn/recurrent/stack.js';
import type { CellKind, DirGrads, DirParams } from '../../src/nn/recurrent/scan.js';

const DIR = new URL('../../../shared/golden/', import.meta.url);
type T = { shape: number[]; data: number[] };
const cases = readdirSync(DIR).filter((f) => /^\d\d_.*\.json$/.test(f))
  .map((f) => JSON.parse(readFileSync(new URL(f, DIR), 'utf8')))
  .filter((c) => c.kind === 'rnn');

function put(rt: Runtime, data: ArrayLike<number>): number {
  const p = rt.step.alloc(data.length * 4);
  rt.f32(p, data.length).set(data);
  return p;
}
function zeros(rt: Runtime, n: number): number {
  const p = rt.step.alloc(n * 4);
  rt.k.f32_fill(p, n, 0);
  return p;
}

export function runRnnCase(rt: Runtime, c: any): Record<string, Float32Array> {
  const cf = c.config;
  const kind: CellKind = cf.cell === 'rnn' ? (cf.nonlinearity === 'relu' ? 'rnn_relu' : 'rnn_tanh') : cf.cell;
  const L = cf.num_layers, D = cf.num_directions, H = cf.hidden_size, B = cf.batch_size, Tn = cf.seq_len;
  const spec: StackSpec = { kind, peephole: !!cf.peephole, L, D, I: cf.input_size, H, batchFirst: true };
  const params: DirParams[] = [];
  const grads: DirGrads[] = [];
  const gradPtr: Record<string, number> = {};
  const names: string[] = [];
  for (let l = 0; l < L; l++) {
    for (let d = 0; d < D; d++) {
      const sfx = `_l${l}${d ? '_reverse' : ''}`;
      const get = (n: string): number => (c.params[n + sfx] ? put(rt, (c.params[n + sfx] as T).data) : 0);
      const gz = (n: string): number => {
        const t = c.params[n + sfx] as T | undefined;
        if (!t) return 0;
        names.push(n + sfx);
        return (gradPtr[n + sfx] = zeros(rt, t.data.length));
      };
      params.push({ wIh: get('weight_ih'), wHh: get('weight_hh'), bIh: get('bias_ih'), bHh: get('bias_hh'), pI: get('peephole_i'), pF: get('peephole_f'), pO: get('peephole_o') });
      grads.push({ wIh: gz('weight_ih'), wHh: gz('weight_hh'), bIh: gz('bias_ih'), bHh: gz('bias_hh'), pI: gz('peephole_i'), pF: gz('peephole_f'), pO: gz('peephole_o') });
    }
  }
  const inp = c.inputs;
  const x = put(rt, inp.x.data);
  const h0 = inp.h0 ? put(rt, inp.h0.data) : 0;
  const c0 = inp.c0 ? put(rt, inp.c0.data) : 0;
  const lens = inp.lengths ? Int32Array.from(inp.lengths.data) : null;
  const out = stackForward(rt, spec, params, { B, T: Tn, x, h0, c0, lens, dropout: 0, seed: 1 });
  const n = (t: T) => t.data.length;
  const res: Record<string, Float32Array> = {
    'outputs.output': rt.f32(out.output, n(c.outputs.output)).slice(),
    'outputs.h_n': rt.f32(out.hn, n(c.outputs.h_n)).slice(),
  };
  if (out.cn) res['outputs.c_n'] = rt.f32(out.cn, n(c.outputs.c_n)).slice();
  const dx = zeros(rt, n(inp.x));
  const dh0 = h0 ? zeros(rt, n(inp.h0)) : 0;
  const dc0 = c0 ? zeros(rt, n(inp.c0)) : 0;
  stackBackward(rt, out.ctx, put(rt, c.loss.R_output.data), put(rt, c.loss.R_h_n.data),
    c.loss.R_c_n ? put(rt, c.loss.R_c_n.data) : 0, grads, dx, dh0, dc0);
  res['grads.x'] = rt.f32(dx, n(inp.x)).slice();
  if (dh0) res['grads.h0'] = rt.f32(dh0, n(inp.h0)).slice();
  if (dc0) res['grads.c0'] = rt.f32(dc0, n(inp.c0)).slice();
  for (const nm of names) res[`grads.${nm}`] = rt.f32(gradPtr[nm], n(c.params[nm])).slice();
  return res;
}

describe.each(ISAS)('raw recurrent stack vs golden (%s)', (isa) => {
  it.each(cases.map((c) => [c.case, c]))('%s', async (_name, c) => {
    const rt = await runtimeFor(isa);
    rt.resetStep();
    const res = runRnnCase(rt, c);
    const expected: [string, T][] = [
      ...Object.entries(c.outputs).map(([k, v]) => [`outputs.${k}`, v] as [string, T]),
      ...Object.entries(c.grads).map(([k, v]) => [`grads.${k}`, v] as [string, T]),
    ];
    for (const [key, t] of expected) {
      expect(res[key], key).toBeDefined();
      const { err, index } = worstRelErr(res[key], t.data);
      expect(err, `${key} worst at ${index}`).toBeLessThanOrEqual(1e-4);
    }
  });
});
