// Export of feed-forward modules: a Sequential (nested ones flattened) or a single layer of
// Embedding (Gather), Linear (Gemm on 2-D input, MatMul + Add otherwise), Conv1d (Conv),
// ReLU/Tanh/Sigmoid/Softmax, and Dropout (inference: nothing).
import { ValueError } from '../errors.js';
import { ReLU, Sigmoid, Softmax, Tanh } from '../nn/activation.js';
import { Conv1d } from '../nn/conv.js';
import { Dropout } from '../nn/dropout.js';
import { Embedding } from '../nn/embedding.js';
import { Linear } from '../nn/linear.js';
import type { Module } from '../nn/module.js';
import { Sequential } from '../nn/sequential.js';
import { conv1dGeometry } from '../autograd/conv_geometry.js';
import type { GraphBuilder } from './graph.js';
import { attr, DT_FLOAT, DT_INT64, type AttrValue, type Dim } from './proto_write.js';

const LEAVES = [Embedding, Linear, Conv1d, ReLU, Tanh, Sigmoid, Softmax, Dropout] as const;

/** The layers in execution order, nested Sequentials expanded; throws listing what cannot be exported. */
export function flattenLayers(m: Module): Module[] {
  const out: Module[] = [];
  const bad: string[] = [];
  const walk = (x: Module, path: string): void => {
    if (x instanceof Sequential) x.layers.forEach((c, i) => walk(c, path ? `${path}.${i}` : String(i)));
    else if (LEAVES.some((C) => x instanceof C)) out.push(x);
    else bad.push(`${path || '(root)'}: ${x?.constructor?.name ?? typeof x}`);
  };
  walk(m, '');
  if (bad.length) {
    throw new ValueError(`exportOnnx: cannot export ${bad.join(', ')} (supported: LSTM, GRU, RNN, or Sequential/single layers of Embedding, Linear, Conv1d, ReLU, Tanh, Sigmoid, Softmax, Dropout)`);
  }
  return out;
}

const f32 = (t: { toArray(): Float32Array | Int32Array }): Float32Array => t.toArray() as Float32Array;

/** Adds input 'input' and output 'output' computing the layers in order. */
export function exportLayers(g: GraphBuilder, layers: readonly Module[], dims: readonly Dim[]): void {
  const active = layers.filter((l) => !(l instanceof Dropout));
  const ids = active[0] instanceof Embedding;
  active.forEach((l, i) => {
    if (i > 0 && l instanceof Embedding) throw new ValueError(`exportOnnx: an Embedding must be the first layer (it reads token ids), found at layer ${i}`);
  });
  let x = g.input('input', ids ? DT_INT64 : DT_FLOAT, dims);
  let shape = dims.slice();
  const outName = g.reserve('output');
  if (active.length === 0) g.node('Identity', [x], [outName]);
  active.forEach((layer, i) => {
    const target = i === active.length - 1 ? outName : `x${i + 1}`;
    const unary = (op: string, attrs: [string, AttrValue][] = []): string => g.node(op, [x], [target], attrs)[0];
    const where = `layer ${i} (${layer.constructor.name})`;
    if (layer instanceof Embedding) {
      x = g.node('Gather', [g.init('embedding_weight', layer.weight.shape, f32(layer.weight)), x], [target], [['axis', attr.int(0)]])[0];
      shape = [...shape, layer.embeddingDim];
    } else if (layer instanceof Linear) {
      const I = layer.inFeatures, O = layer.outFeatures;
      if (shape.length < 1 || shape[shape.length - 1] !== I) throw new ValueError(`exportOnnx: ${where} needs [..., ${I}], got [${shape.join(', ')}]`);
      const b = layer.bias ? g.init(`linear${i}_bias`, [O], f32(layer.bias)) : '';
      if (shape.length === 2) {
        const w = g.init(`linear${i}_weight`, [O, I], f32(layer.weight)); // (O, I), transB
        x = g.node('Gemm', [x, w, b], [target], [['transB', attr.int(1)]])[0];
      } else {
        const w = layer.weight.toArray() as Float32Array, wt = new Float32Array(I * O); // (I, O) for MatMul
        for (let o = 0; o < O; o++) for (let k = 0; k < I; k++) wt[k * O + o] = w[o * I + k];
        const mm = g.node('MatMul', [x, g.init(`linear${i}_weight_t`, [I, O], wt)], [b ? `matmul${i}` : target])[0];
        x = b ? g.node('Add', [mm, b], [target])[0] : mm;
      }
      shape = [...shape.slice(0, -1), O];
    } else if (layer instanceof Conv1d) {
      if (shape.length !== 3 || shape[1] !== layer.inChannels) throw new ValueError(`exportOnnx: ${where} needs [B, ${layer.inChannels}, L], got [${shape.join(', ')}]`);
      const L = shape[2];
      const geo = conv1dGeometry([1, layer.inChannels, typeof L === 'number' ? L : 1 << 20], layer.weight.shape,
        { stride: layer.stride, padding: layer.padding, dilation: layer.dilation, groups: layer.groups });
      const ins = [x, g.init(`conv${i}_weight`, layer.weight.shape, f32(layer.weight))];
      if (layer.bias) ins.push(g.init(`conv${i}_bias`, [layer.outChannels], f32(layer.bias)));
      x = g.node('Conv', ins, [target], [
        ['dilations', attr.ints([layer.dilation])], ['group', attr.int(layer.groups)], ['kernel_shape', attr.ints([layer.kernelSize])],
        ['pads', attr.ints([geo.padL, geo.padR])], ['strides', attr.ints([layer.stride])],
      ])[0];
      shape = [shape[0], layer.outChannels, typeof L === 'number' ? geo.Lout : g.symbol(`${L}_conv`)];
    } else if (layer instanceof Softmax) {
      x = unary('Softmax', [['axis', attr.int(shape.length - 1)]]); // the last axis: the same under opset < 13's 2-D coercion
    } else {
      x = unary(layer instanceof ReLU ? 'Relu' : layer instanceof Tanh ? 'Tanh' : 'Sigmoid');
    }
  });
  g.output(outName, DT_FLOAT, shape);
}
