// Keras / TensorFlow.js "layers-model" import, format side: validates model.json and the weight
// shards, and turns each supported layer into a spec with weights already in PyTorch's layout
// (weights [out, in], gate order i,f,g,o for LSTM and r,z,n for GRU, two bias vectors).
// Building rnn-wasm modules from the specs lives in keras_model.ts.
import { FormatError } from '../errors.js';

export type KerasActivation = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax' | 'hard_sigmoid';
export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave';

export interface Weight {
  shape: number[];
  data: Float32Array;
}

export type KerasLayerSpec =
  | { kind: 'embedding'; name: string; inputDim: number; outputDim: number; params: Record<string, Weight> }
  | { kind: 'dense'; name: string; units: number; inputDim: number; activation: KerasActivation; params: Record<string, Weight> }
  | {
      kind: 'recurrent';
      name: string;
      cell: 'rnn' | 'lstm' | 'gru';
      inputSize: number;
      units: number;
      activation: KerasActivation;
      recurrentActivation: KerasActivation;
      bias: boolean;
      resetAfter: boolean;
      returnSequences: boolean;
      goBackwards: boolean;
      bidirectional: MergeMode | null;
      /** PyTorch names: weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0 (+ _reverse). */
      params: Record<string, Weight>;
    }
  | { kind: 'dropout'; name: string; rate: number }
  | { kind: 'activation'; name: string; activation: KerasActivation };

const MAX_JSON_DEPTH = 64;
const MAX_LAYERS = 10_000;

function fail(msg: string): never {
  throw new FormatError(`importKeras: ${msg}`);
}

function obj(x: unknown, what: string): Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) fail(`${what} must be an object`);
  return x as Record<string, unknown>;
}

function depth(x: unknown, d = 0): number {
  if (d > MAX_JSON_DEPTH) return d;
  if (typeof x !== 'object' || x === null) return d;
  let m = d;
  for (const v of Object.values(x)) {
    m = Math.max(m, depth(v, d + 1));
    if (m > MAX_JSON_DEPTH) break;
  }
  return m;
}

function posInt(x: unknown, what: string): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 1 || x > 1 << 24) fail(`${what} must be a positive integer, got ${JSON.stringify(x)?.slice(0, 40)}`);
  return x;
}

const ACTS: Record<string, KerasActivation> = {
  linear: 'linear', relu: 'relu', sigmoid: 'sigmoid', tanh: 'tanh', softmax: 'softmax',
  hard_sigmoid: 'hard_sigmoid', hardSigmoid: 'hard_sigmoid',
};
function act(x: unknown, what: string, dflt: KerasActivation): KerasActivation {
  if (x === undefined || x === null) return dflt;
  if (typeof x !== 'string' || !(x in ACTS)) fail(`${what}: activation ${JSON.stringify(x)?.slice(0, 40)} is not supported (${Object.keys(ACTS).join(', ')})`);
  return ACTS[x];
}

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
}

/**
 * Reads the weight specs over one concatenated buffer (shards joined in manifest order), as
 * TensorFlow.js lays them out. Every size is checked against the buffer before reading.
 */
export function readWeights(specs: unknown, buffer: Uint8Array): Map<string, Weight> {
  if (!Array.isArray(specs)) fail('weightSpecs must be an array');
  const out = new Map<string, Weight>();
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let at = 0;
  specs.forEach((s, i) => {
    const spec = obj(s, `weight spec ${i}`);
    const name = spec.name;
    if (typeof name !== 'string') fail(`weight spec ${i}: name must be a string`);
    if (spec.quantization !== undefined) fail(`weight '${name}': quantized weights are not supported`);
    if (spec.dtype !== 'float32') fail(`weight '${name}': dtype ${JSON.stringify(spec.dtype)} is not supported (float32 only)`);
    const shape = spec.shape;
    if (!Array.isArray(shape) || shape.length > 8 || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(`weight '${name}': shape must be an array of non-negative integers`);
    }
    const n = (shape as number[]).reduce((a, b) => a * b, 1);
    if (at + n * 4 > buffer.length) fail(`weight '${name}': needs ${n * 4} bytes at offset ${at}, the weight data has ${buffer.length}`);
    const data = new Float32Array(n);
    for (let k = 0; k < n; k++) data[k] = view.getFloat32(at + 4 * k, true);
    at += n * 4;
    if (out.has(name)) fail(`weight '${name}' appears twice`);
    out.set(name, { shape: (shape as number[]).slice(), data });
  });
  if (at !== buffer.length) fail(`the weight data has ${buffer.length - at} bytes that no weight spec covers`);
  return out;
}

function transpose(w: Weight): Weight {
  const [r, c] = w.shape;
  const data = new Float32Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) data[j * r + i] = w.data[i * c + j];
  return { shape: [c, r], data };
}

/** Reorders gate row blocks of a [G*H, ...] tensor: out block k = in block order[k]. */
function reorderGates(w: Weight, H: number, order: number[]): Weight {
  const rowLen = w.data.length / w.shape[0];
  const data = new Float32Array(w.data.length);
  order.forEach((src, dst) => data.set(w.data.subarray(src * H * rowLen, (src + 1) * H * rowLen), dst * H * rowLen));
  return { shape: w.shape.slice(), data };
}

// Weight names by their leading path prefixes ('a/b/kernel' under 'a' and 'a/b'), built once per
// file: scanning every name for every layer made a 10,000-layer file take ~20 s (quadratic).
const MAX_PREFIXES = 8;
const prefixIndex = new WeakMap<Map<string, Weight>, Map<string, string[]>>();
function namesUnder(weights: Map<string, Weight>, layer: string): string[] {
  let idx = prefixIndex.get(weights);
  if (!idx) {
    idx = new Map();
    for (const k of weights.keys()) {
      for (let i = k.indexOf('/'), n = 0; i > 0 && n < MAX_PREFIXES; i = k.indexOf('/', i + 1), n++) {
        const p = k.slice(0, i);
        const list = idx.get(p);
        if (list) list.push(k);
        else idx.set(p, [k]);
      }
    }
    prefixIndex.set(weights, idx);
  }
  return idx.get(layer) ?? [];
}

function take(weights: Map<string, Weight>, layer: string, suffix: string, shape: number[]): Weight {
  const hits = namesUnder(weights, layer).filter((k) => weights.has(k) && k.endsWith(`/${suffix}`));
  if (hits.length !== 1) fail(`layer '${layer}': expected one weight '${suffix}', found ${hits.length}`);
  const w = weights.get(hits[0])!;
  if (w.shape.join(',') !== shape.join(',')) fail(`weight '${hits[0]}': shape must be [${shape.join(', ')}], got [${w.shape.join(', ')}]`);
  weights.delete(hits[0]);
  return w;
}

// Keras GRU gates are z, r, h; PyTorch's are r, z, n.
const GRU_ORDER = [1, 0, 2];

function recurrentParams(weights: Map<string, Weight>, prefix: string, cell: 'rnn' | 'lstm' | 'gru', I: number, H: number, bias: boolean, resetAfter: boolean, sfx: string): Record<string, Weight> {
  const G = cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
  const fix = (w: Weight) => (cell === 'gru' ? reorderGates(w, H, GRU_ORDER) : w);
  const p: Record<string, Weight> = {
    [`weight_ih_l0${sfx}`]: fix(transpose(take(weights, prefix, 'kernel', [I, G * H]))),
    [`weight_hh_l0${sfx}`]: fix(transpose(take(weights, prefix, 'recurrent_kernel', [H, G * H]))),
  };
  if (bias) {
    const zeros = { shape: [G * H], data: new Float32Array(G * H) };
    if (cell === 'gru' && resetAfter) {
      const b = take(weights, prefix, 'bias', [2, G * H]);
      p[`bias_ih_l0${sfx}`] = fix({ shape: [G * H], data: b.data.slice(0, G * H) });
      p[`bias_hh_l0${sfx}`] = fix({ shape: [G * H], data: b.data.slice(G * H) });
    } else {
      // One Keras bias: all of it goes to bias_ih; bias_hh is zero (the sum is what counts).
      p[`bias_ih_l0${sfx}`] = fix(take(weights, prefix, 'bias', [G * H]));
      p[`bias_hh_l0${sfx}`] = zeros;
    }
  }
  return p;
}

/**
 * The layers of a functional model ('Model' / 'Functional') that is a plain chain, input to
 * output, each layer fed by exactly the one before it; anything with branches is refused.
 */
function functionalChain(cfg: Record<string, unknown>, layers: unknown[]): unknown[] {
  const ends = (k: string): string => {
    const v = cfg[k];
    if (!Array.isArray(v) || v.length !== 1 || !Array.isArray(v[0]) || typeof v[0][0] !== 'string') fail(`functional model: ${k} must name exactly one layer`);
    return v[0][0] as string;
  };
  const byName = new Map<string, Record<string, unknown>>();
  layers.forEach((l, i) => {
    const o = obj(l, `layer ${i}`);
    const name = typeof o.name === 'string' ? o.name : (obj(o.config, `layer ${i} config`).name as string);
    if (typeof name !== 'string' || byName.has(name)) fail(`functional model: layer ${i} needs a unique name`);
    byName.set(name, o);
  });
  const chain: Record<string, unknown>[] = [];
  const input = ends('input_layers');
  for (let at = ends('output_layers'); ; ) {
    const layer = byName.get(at);
    if (!layer || chain.includes(layer)) fail(`functional model: layer '${at}' is missing or part of a cycle`);
    chain.push(layer);
    if (at === input) break;
    const nodes = layer.inbound_nodes;
    if (!Array.isArray(nodes) || nodes.length !== 1 || !Array.isArray(nodes[0]) || nodes[0].length !== 1 || !Array.isArray(nodes[0][0]) || typeof nodes[0][0][0] !== 'string') {
      fail(`functional model: layer '${at}' must have exactly one input (branches and shared layers are not supported)`);
    }
    at = nodes[0][0][0] as string;
  }
  if (chain.length !== byName.size) fail(`functional model: ${byName.size - chain.length} layers are not on the input-to-output chain`);
  return chain.reverse();
}

/**
 * Parses a TensorFlow.js layers model (model.json object or text, or the artifacts of
 * `model.save(tf.io.withSaveHandler(...))`) and its weight bytes into layer specs.
 * Sequential models (and functional ones that are a plain chain) of Embedding, Dense, TimeDistributed(Dense), Activation, SimpleRNN, LSTM, GRU,
 * Bidirectional, Dropout.
 */
export function parseKerasModel(model: unknown, weightData: Uint8Array | readonly Uint8Array[]): KerasLayerSpec[] {
  let m = model;
  if (typeof m === 'string') {
    try {
      m = JSON.parse(m);
    } catch (e) {
      fail(`model.json is not valid JSON: ${(e as Error).message}`);
    }
  }
  const root = obj(m, 'model.json');
  if (depth(root) > MAX_JSON_DEPTH) fail(`model.json nests deeper than ${MAX_JSON_DEPTH} levels`);
  const topo = obj(root.modelTopology, 'modelTopology');
  const specs = root.weightSpecs ?? (Array.isArray(root.weightsManifest) ? root.weightsManifest.flatMap((g) => (obj(g, 'weightsManifest entry').weights as unknown[]) ?? []) : undefined);
  const shards = Array.isArray(weightData) ? weightData : [weightData as Uint8Array];
  if (!shards.every((s) => s instanceof Uint8Array)) fail('weight data must be a Uint8Array or an array of them (shards in manifest order)');
  const total = shards.reduce((n, s) => n + s.length, 0);
  const joined = new Uint8Array(total);
  shards.reduce((at, s) => (joined.set(s, at), at + s.length), 0);
  const modelCfg = obj(topo.model_config ?? topo, 'modelTopology');
  const cls = modelCfg.class_name;
  if (cls !== 'Sequential' && cls !== 'Model' && cls !== 'Functional') fail(`only Sequential models (or functional ones that are a plain chain) are supported, got ${JSON.stringify(cls)?.slice(0, 40)}`);
  const rawList = obj(modelCfg.config, `${cls} config`).layers;
  if (!Array.isArray(rawList) || rawList.length > MAX_LAYERS) fail(`${cls} config.layers must be an array`);
  const layersRaw = cls === 'Sequential' ? rawList : functionalChain(obj(modelCfg.config, `${cls} config`), rawList);
  const weights = readWeights(specs, joined);

  const out: KerasLayerSpec[] = [];
  let feat = 0; // feature size flowing into the next layer
  for (const [i, raw] of layersRaw.entries()) {
    const layer = obj(raw, `layer ${i}`);
    const cls = layer.class_name;
    const cfg = obj(layer.config, `layer ${i} config`);
    const name = typeof cfg.name === 'string' ? cfg.name : `layer_${i}`;
    const bis = cfg.batch_input_shape;
    if (Array.isArray(bis) && typeof bis[bis.length - 1] === 'number') feat = bis[bis.length - 1] as number;
    switch (cls) {
      case 'InputLayer':
        continue;
      case 'Dropout': {
        const rate = cfg.rate ?? 0;
        if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) fail(`${name}.rate must be a number in [0, 1), got ${JSON.stringify(rate)?.slice(0, 40)}`);
        out.push({ kind: 'dropout', name, rate });
        continue;
      }
      case 'Embedding': {
        const V = posInt(cfg.input_dim, `${name}.input_dim`);
        const E = posInt(cfg.output_dim, `${name}.output_dim`);
        if (cfg.mask_zero) fail(`${name}: mask_zero is not supported (pass lengths to the recurrent layer instead)`);
        out.push({ kind: 'embedding', name, inputDim: V, outputDim: E, params: { weight: take(weights, name, 'embeddings', [V, E]) } });
        feat = E;
        continue;
      }
      case 'Activation':
        out.push({ kind: 'activation', name, activation: act(cfg.activation, name, 'linear') });
        continue;
      case 'Dense':
      case 'TimeDistributed': {
        // TimeDistributed(Dense) is Dense on (B, T, F) (which already maps the last dim); its
        // weights carry the wrapper's name.
        const inner = cls === 'Dense' ? layer : obj(cfg.layer, `${name}.layer`);
        if (inner.class_name !== 'Dense') fail(`${name}: TimeDistributed wraps ${JSON.stringify(inner.class_name)?.slice(0, 40)}, only Dense is supported`);
        const icfg = cls === 'Dense' ? cfg : obj(inner.config, `${name}.layer.config`);
        const units = posInt(icfg.units, `${name}.units`);
        if (!feat) fail(`${name}: input size unknown (give the first layer an input shape)`);
        const params: Record<string, Weight> = { weight: transpose(take(weights, name, 'kernel', [feat, units])) };
        if (icfg.use_bias !== false) params.bias = take(weights, name, 'bias', [units]);
        out.push({ kind: 'dense', name, units, inputDim: feat, activation: act(icfg.activation, name, 'linear'), params });
        feat = units;
        continue;
      }
      case 'SimpleRNN':
      case 'LSTM':
      case 'GRU':
      case 'Bidirectional': {
        const bidir = cls === 'Bidirectional';
        const inner = bidir ? obj(cfg.layer, `${name}.layer`) : layer;
        const icls = inner.class_name;
        if (icls !== 'SimpleRNN' && icls !== 'LSTM' && icls !== 'GRU') fail(`${name}: Bidirectional wraps ${JSON.stringify(icls)?.slice(0, 40)}, expected SimpleRNN, LSTM or GRU`);
        const icfg = obj(inner.config, `${name} inner config`);
        const cell = icls === 'LSTM' ? 'lstm' : icls === 'GRU' ? 'gru' : 'rnn';
        const H = posInt(icfg.units, `${name}.units`);
        if (!feat) fail(`${name}: input size unknown (give the first layer an input shape)`);
        if (icfg.stateful) fail(`${name}: stateful layers are not supported (use model.step for streaming)`);
        if (cell === 'lstm' && icfg.use_peepholes) fail(`${name}: Keras peepholes are not supported`);
        const merge = bidir ? ((cfg.merge_mode ?? 'concat') as MergeMode) : null;
        if (bidir && !['concat', 'sum', 'mul', 'ave'].includes(merge as string)) fail(`${name}: merge_mode ${JSON.stringify(cfg.merge_mode)} is not supported`);
        const bias = icfg.use_bias !== false;
        const resetAfter = cell === 'gru' ? icfg.reset_after !== false && icfg.reset_after !== null : true;
        const innerName = typeof icfg.name === 'string' ? icfg.name : '';
        const params = bidir
          ? {
              ...recurrentParams(weights, `${name}/forward_${innerName}`, cell, feat, H, bias, resetAfter, ''),
              ...recurrentParams(weights, `${name}/backward_${innerName}`, cell, feat, H, bias, resetAfter, '_reverse'),
            }
          : recurrentParams(weights, name, cell, feat, H, bias, resetAfter, '');
        out.push({
          kind: 'recurrent', name, cell, inputSize: feat, units: H,
          activation: act(icfg.activation, name, 'tanh'),
          recurrentActivation: act(icfg.recurrent_activation, name, 'hard_sigmoid'),
          bias, resetAfter,
          returnSequences: Boolean(icfg.return_sequences),
          goBackwards: Boolean(icfg.go_backwards),
          bidirectional: merge, params,
        });
        feat = merge === 'concat' ? 2 * H : H;
        continue;
      }
      default:
        fail(`layer '${name}': class ${JSON.stringify(cls)?.slice(0, 40)} is not supported`);
    }
  }
  if (weights.size) fail(`weights not used by any layer: ${[...weights.keys()].slice(0, 5).join(', ')}`);
  return out;
}
