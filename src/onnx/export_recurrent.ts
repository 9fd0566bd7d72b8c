// Export of nn.LSTM / GRU / RNN as ONNX LSTM / GRU / RNN nodes, one per layer (both directions
// in one node), chained by Transpose/Reshape; batch-first models transpose their input and
// output around the time-major ONNX operators (layout 0: onnxruntime does not run layout 1).
// Legend: B batch, T time, I input, H hidden, G = gates·H, D directions, L layers.
import { ValueError } from '../errors.js';
import { GRU, LSTM, RNN } from '../nn/recurrent/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { torchToOnnxGates, type GateKind } from './gates.js';
import type { GraphBuilder } from './graph.js';
import { attr, DT_FLOAT, DT_INT32, type AttrValue, type Dim } from './proto_write.js';

export type RecurrentModule = LSTM | GRU | RNN;

export function isRecurrent(m: unknown): m is RecurrentModule {
  return m instanceof LSTM || m instanceof GRU || m instanceof RNN;
}

export interface RecurrentExportOptions {
  opset: number;
  /** Adds graph inputs h0 (and c0 for an LSTM), (L*D, B, H). */
  initialState: boolean;
  /** Adds graph input 'lengths', int32 (B): ONNX sequence_lens, our forward's `lengths`. */
  lengths: boolean;
}

/** Per-direction tensors stacked to (D, ...) in ONNX gate order. */
function stack(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/**
 * Adds the module's graph: input 'input' ((B, T, I) batch-first, else (T, B, I)), optional
 * 'h0'/'c0' and 'lengths'; outputs 'output' (same layout, D*H features), 'h_n' and for an LSTM 'c_n' (L*D, B, H).
 */
export function exportRecurrent(g: GraphBuilder, m: RecurrentModule, dims: readonly Dim[], o: RecurrentExportOptions): void {
  const kind: GateKind = m instanceof LSTM ? 'lstm' : m instanceof GRU ? 'gru' : 'rnn';
  const op = kind === 'lstm' ? 'LSTM' : kind === 'gru' ? 'GRU' : 'RNN';
  const params = new Map<string, Tensor>(m.namedParameters());
  const H = m.hiddenSize, L = m.numLayers, D = m.bidirectional ? 2 : 1;
  const peephole = params.has('peephole_i_l0');
  // Keras' hard_sigmoid gates (gateActivation option) are ONNX HardSigmoid(alpha 0.2, beta 0.5).
  // The flag is not public on the module; test/onnx/export.test.ts pins that this read sees it.
  const hard = (m as unknown as { hardGates?: unknown }).hardGates === true;
  if (dims.length !== 3 || dims[2] !== m.inputSize) {
    throw new ValueError(`exportOnnx: input must be [${m.batchFirst ? 'B, T' : 'T, B'}, ${m.inputSize}] for this ${op}, got [${dims.join(', ')}]`);
  }
  const [Bd, Td] = m.batchFirst ? [dims[0], dims[1]] : [dims[1], dims[0]];
  const x = g.input('input', DT_FLOAT, dims);
  const stateDims = [L * D, Bd, H];
  const h0 = o.initialState ? g.input('h0', DT_FLOAT, stateDims) : '';
  const c0 = o.initialState && kind === 'lstm' ? g.input('c0', DT_FLOAT, stateDims) : '';
  const lens = o.lengths ? g.input('lengths', DT_INT32, [Bd]) : ''; // every layer: steps past a row's length are skipped, outputs there 0
  const outName = g.reserve('output');
  const hn = g.reserve('h_n');
  const cn = kind === 'lstm' ? g.reserve('c_n') : '';

  let seq = m.batchFirst ? g.node('Transpose', [x], ['input_tm'], [['perm', attr.ints([1, 0, 2])]])[0] : x; // (T, B, I)
  const hs: string[] = [], cs: string[] = [];
  const acts = activations(kind, m, hard, D);
  for (let l = 0; l < L; l++) {
    const I = l === 0 ? m.inputSize : D * H;
    const G = (kind === 'lstm' ? 4 : kind === 'gru' ? 3 : 1) * H;
    const dir = (d: number): string => `_l${l}${d ? '_reverse' : ''}`;
    const get = (n: string): Float32Array => params.get(n)!.toArray() as Float32Array;
    const range = Array.from({ length: D }, (_, d) => d);
    const W = g.init(`W_l${l}`, [D, G, I], stack(range.map((d) => torchToOnnxGates(kind, get(`weight_ih${dir(d)}`), H, I)))); // (D, G, I)
    const R = g.init(`R_l${l}`, [D, G, H], stack(range.map((d) => torchToOnnxGates(kind, get(`weight_hh${dir(d)}`), H, H)))); // (D, G, H)
    const B = m.bias
      ? g.init(`B_l${l}`, [D, 2 * G], stack(range.flatMap((d) => [torchToOnnxGates(kind, get(`bias_ih${dir(d)}`), H, 1), torchToOnnxGates(kind, get(`bias_hh${dir(d)}`), H, 1)])))
      : ''; // (D, 2G): Wb then Rb
    const P = peephole
      ? g.init(`P_l${l}`, [D, 3 * H], stack(range.flatMap((d) => ['i', 'o', 'f'].map((q) => get(`peephole_${q}${dir(d)}`))))) // (D, 3H): i, o, f
      : '';
    const rows = (s: string, name: string): string => (s && L > 1
      ? g.node('Slice', [s, g.ints('starts', [l * D]), g.ints('ends', [(l + 1) * D]), g.ints('axes', [0])], [`${name}_l${l}`])[0]
      : s);
    const ih = rows(h0, 'h0'), ic = rows(c0, 'c0');
    const attrs: [string, AttrValue][] = [['hidden_size', attr.int(H)], ['direction', attr.string(D === 2 ? 'bidirectional' : 'forward')], ...acts];
    if (kind === 'gru') attrs.push(['linear_before_reset', attr.int((m as GRU).resetAfter ? 1 : 0)]);
    const ins = [seq, W, R, B, lens, ih];
    if (kind === 'lstm') ins.push(ic, P);
    const outs = [`${op.toLowerCase()}${l}_Y`, L === 1 ? hn : `${op.toLowerCase()}${l}_Y_h`];
    if (kind === 'lstm') outs.push(L === 1 ? cn : `${op.toLowerCase()}${l}_Y_c`);
    const [Y, Yh, Yc] = g.node(op, ins, outs, attrs); // Y (T, D, B, H), Y_h/Y_c (D, B, H)
    hs.push(Yh);
    if (Yc) cs.push(Yc);
    // (T, D, B, H) -> (T, B, D*H); the last layer of a time-major model writes 'output' here.
    const last = l === L - 1 && !m.batchFirst;
    const target = last ? outName : `seq_l${l}`;
    if (D === 1) {
      seq = o.opset >= 13
        ? g.node('Squeeze', [Y, g.ints('axes', [1])], [target])[0]
        : g.node('Squeeze', [Y], [target], [['axes', attr.ints([1])]])[0];
    } else {
      const t = g.node('Transpose', [Y], [`Y_l${l}_tbdh`], [['perm', attr.ints([0, 2, 1, 3])]])[0];
      seq = g.node('Reshape', [t, g.ints('shape', [0, 0, -1])], [target])[0];
    }
  }
  if (m.batchFirst) g.node('Transpose', [seq], [outName], [['perm', attr.ints([1, 0, 2])]]);
  if (L > 1) {
    g.node('Concat', hs, [hn], [['axis', attr.int(0)]]);
    if (kind === 'lstm') g.node('Concat', cs, [cn], [['axis', attr.int(0)]]);
  }
  g.output(outName, DT_FLOAT, m.batchFirst ? [Bd, Td, D * H] : [Td, Bd, D * H]);
  g.output(hn, DT_FLOAT, stateDims);
  if (kind === 'lstm') g.output(cn, DT_FLOAT, stateDims);
}

/** The activations attribute when it differs from ONNX's defaults (σ gates, tanh; RNN tanh). */
function activations(kind: GateKind, m: RecurrentModule, hard: boolean, D: number): [string, AttrValue][] {
  const rep = <V>(xs: V[]): V[] => Array.from({ length: D }, () => xs).flat();
  if (kind === 'rnn') return (m as RNN).nonlinearity === 'relu' ? [['activations', attr.strings(rep(['Relu']))]] : [];
  if (!hard) return [];
  const list = rep(kind === 'lstm' ? ['HardSigmoid', 'Tanh', 'Tanh'] : ['HardSigmoid', 'Tanh']);
  // activation_alpha/beta are consumed in order by the activations that take them (HardSigmoid only).
  return [
    ['activations', attr.strings(list)],
    ['activation_alpha', attr.floats(rep([0.2]))],
    ['activation_beta', attr.floats(rep([0.5]))],
  ];
}
