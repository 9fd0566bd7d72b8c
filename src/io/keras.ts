// Keras / TensorFlow.js "layers-model" import, format side: validates model.json and the weight
// shards, and turns each supported layer into a spec with weights already in PyTorch's layout
// (weights [out, in], gate order i,f,g,o for LSTM and r,z,n for GRU, two bias vectors).
// Building rnn-wasm modules from the specs lives in keras_model.ts.
import { fail, obj, readWeights, recurrentParams, take, transpose, type Weight } from './keras_weights.js';

export type { Weight, WeightSpec } from './keras_weights.js';
export { readWeights } from './keras_weights.js';

export type KerasActivation = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax' | 'hard_sigmoid';
export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave';

/**
 * One layer of a parsed TensorFlow.js / Keras model, with its weights in PyTorch's layout.
 * @example
 * ```ts
 * const specs: KerasLayerSpec[] = parseKerasModel(modelJson, [shard1]);
 * console.log(specs.map((s) => s.kind)); // e.g. ['embedding', 'recurrent', 'dense']
 * ```
 */
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

// Looked up with own-key checks: 'constructor' or 'toString' from a file is not an activation.
const ACTS: Record<string, KerasActivation> = {
  linear: 'linear', relu: 'relu', sigmoid: 'sigmoid', tanh: 'tanh', softmax: 'softmax',
  hard_sigmoid: 'hard_sigmoid', hardSigmoid: 'hard_sigmoid',
};
function act(x: unknown, what: string, dflt: KerasActivation): KerasActivation {
  if (x === undefined || x === null) return dflt;
  if (typeof x !== 'string' || !Object.hasOwn(ACTS, x)) fail(`${what}: activation ${JSON.stringify(x)?.slice(0, 40)} is not supported (${Object.keys(ACTS).join(', ')})`);
  return ACTS[x];
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
 * @example
 * ```ts
 * const specs = parseKerasModel(await (await fetch('model/model.json')).json(), [new Uint8Array(await (await fetch('model/group1-shard1of1.bin')).arrayBuffer())]);
 * ```
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
