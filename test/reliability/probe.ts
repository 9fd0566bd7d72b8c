// A small seeded model and a fixed "normal" workload over it, used to show that an error leaves
// the model, its parameters, the default generator and the runtime as they were: run the
// workload after the error and compare it bit for bit with a run that never saw the error.
import {
  crossEntropy, dropout, manualSeed, nn, noGrad, optim, Tensor, type Runtime,
} from '../../src/index.js';

export interface Probe {
  rt: Runtime;
  emb: InstanceType<typeof nn.Embedding>;
  lstm: InstanceType<typeof nn.LSTM>;
  head: InstanceType<typeof nn.Linear>;
  cell: InstanceType<typeof nn.GRUCell>;
  opt: InstanceType<typeof optim.Adam>;
  params: Tensor[];
}

export const SEED = 1234;
const TOKENS = [
  [1, 4, 2, 9, 3, 7, 0, 5, 5, 8],
  [6, 2, 2, 10, 1, 3, 4, 9, 0, 7],
];
const TARGETS = [
  [4, 2, 9, 3, 1, 0, 5, 5, 8, 2],
  [2, 2, 10, 1, 6, 4, 9, 0, 7, 3],
];

/** Reseeds the default generator and builds Embedding(11, 6) -> LSTM(6, 8, 2 layers, dropout) -> Linear(8, 11). */
export function buildProbe(rt: Runtime): Probe {
  manualSeed(SEED);
  const emb = new nn.Embedding(11, 6, { runtime: rt });
  const lstm = new nn.LSTM({ inputSize: 6, hiddenSize: 8, numLayers: 2, dropout: 0.3, runtime: rt });
  const head = new nn.Linear(8, 11, { runtime: rt });
  const cell = new nn.GRUCell({ inputSize: 6, hiddenSize: 5, runtime: rt });
  const params = [...emb.parameters(), ...lstm.parameters(), ...head.parameters(), ...cell.parameters()];
  const opt = new optim.Adam(params, { lr: 0.01 });
  return { rt, emb, lstm, head, cell, opt, params };
}

/**
 * Two training steps (dropout masks from the default generator, padded lengths, Adam), a
 * streaming step and a cell step; returns every loss, parameter and output, copied.
 */
export function normalRun(p: Probe): Float32Array[] {
  const { rt } = p;
  const out: Float32Array[] = [];
  for (let s = 0; s < 2; s++) {
    const ids = Tensor.from(TOKENS[s], [2, 5], { dtype: 'int32', runtime: rt });
    const tg = Tensor.from(TARGETS[s], [2, 5], { dtype: 'int32', runtime: rt });
    const x = dropout(p.emb.forward(ids), 0.25);
    const r = p.lstm.forward(x, { lengths: [5, 3] });
    const h = p.cell.forward(x.view([10, 6]) as Tensor).h;
    const loss = crossEntropy(p.head.forward(r.output), tg);
    out.push(Float32Array.of(loss.item()), h.toArray() as Float32Array);
    p.opt.zeroGrad();
    loss.backward();
    p.opt.step();
  }
  for (const t of p.params) out.push(t.toArray() as Float32Array);
  noGrad(() => {
    const x = Tensor.from([0.5, -1, 0.25, 2, 0, 1, -0.5, 0.75, 1.5, -2, 0.1, 0.3], [2, 6], { runtime: rt });
    const a = p.lstm.step(x);
    const b = p.lstm.step(x, a.state);
    out.push(a.output.toArray() as Float32Array, b.output.toArray() as Float32Array, b.state.tensors.c.data.slice());
  });
  rt.resetStep();
  return out;
}

/** True when both lists hold the same bytes (NaN-safe, -0 distinct from 0). */
export function sameBits(a: readonly Float32Array[], b: readonly Float32Array[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = new Uint8Array(a[i].buffer, a[i].byteOffset, a[i].byteLength);
    const y = new Uint8Array(b[i].buffer, b[i].byteOffset, b[i].byteLength);
    if (x.length !== y.length) return false;
    for (let j = 0; j < x.length; j++) if (x[j] !== y[j]) return false;
  }
  return true;
}

/** FNV-1a over the bytes of each array, as 8 hex digits. */
export function digest(arrays: readonly ArrayLike<number>[]): string {
  let h = 0x811c9dc5;
  for (const a of arrays) {
    const f = a instanceof Float32Array ? a : Float32Array.from(a);
    const bytes = new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
