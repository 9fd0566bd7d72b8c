// Import-time work on a decoded model: every op checked against the supported set (one error
// listing all the others), Constant nodes and initializers decoded, each graph's nodes sorted so
// that producers come first (cycles and names nobody produces are errors), the outer-scope names
// each If branch reads, and the glue whose inputs are all constants folded into constants.
import { FormatError } from '../errors.js';
import { attrFloat, attrFloats, attrGraph, attrInt, attrInts, attrTensor, has } from './attrs.js';
import { INDEX_OPS } from './ops_index.js';
import { MATH_OPS } from './ops_math.js';
import { recurrentAttrs, RECURRENT_OPS } from './ops_recurrent.js';
import { SHAPE_OPS } from './ops_shape.js';
import type { OnnxGraph, OnnxModel, OnnxNode, OnnxValueInfo } from './proto_read.js';
import { decodeTensor, hostVal, NeedsRuntime, sizeOf, type Ctx, type ExternalData, type Val } from './values.js';

export type OpFn = (c: Ctx, ins: (Val | null)[]) => Val[];
export const OPS: ReadonlyMap<string, OpFn> = new Map([...SHAPE_OPS, ...INDEX_OPS, ...MATH_OPS, ...RECURRENT_OPS]);
const SUPPORTED = new Set([...OPS.keys(), 'Constant', 'If']);
/** Ops that always run per call: their outputs live in the run arena (the recurrent op's scan workspaces). */
export const ALWAYS_RUN = new Set(RECURRENT_OPS.keys());

export interface Graph {
  nodes: OnnxNode[]; // producers first
  consts: Map<string, Val>;
  inputs: OnnxValueInfo[]; // graph inputs without an initializer
  outputs: string[];
  /** Names read from enclosing graphs (for If branches). */
  free: Set<string>;
  /** Subgraphs of If nodes: node → [then, else]. */
  branches: Map<OnnxNode, [Graph, Graph]>;
}

export interface Imported {
  graph: Graph;
  opset: number;
  outputInfo: OnnxValueInfo[];
}

function ctxFor(node: OnnxNode, opset: number): Ctx {
  return { rt: null, node, dyn: false, runArena: null, planArena: null, modelArena: null, opset };
}

function unsupported(g: OnnxGraph, found: Map<string, string[]>): void {
  for (const n of g.nodes) {
    const known = (n.domain === '' || n.domain === 'ai.onnx') && SUPPORTED.has(n.opType);
    if (!known) {
      const key = n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.${n.opType}` : n.opType;
      const list = found.get(key) ?? [];
      list.push(n.name || `(unnamed, output '${n.outputs[0] ?? ''}')`);
      found.set(key, list);
    }
    for (const a of n.attrs) {
      if (a.g) unsupported(a.g, found);
      for (const sg of a.graphs) unsupported(sg, found);
    }
  }
}

function constantValue(n: OnnxNode, ext: ExternalData | undefined): Val {
  const where = `Constant node '${n.name}'`;
  const t = attrTensor(n, 'value');
  if (t) return decodeTensor(t, where, ext);
  if (has(n, 'value_float')) return hostVal('float32', [], Float32Array.of(attrFloat(n, 'value_float', 0)));
  if (has(n, 'value_floats')) { const f = attrFloats(n, 'value_floats')!; return hostVal('float32', [f.length], Float32Array.from(f)); }
  if (has(n, 'value_int')) return hostVal('int64', [], Float64Array.of(attrInt(n, 'value_int', 0)));
  if (has(n, 'value_ints')) { const f = attrInts(n, 'value_ints')!; return hostVal('int64', [f.length], Float64Array.from(f)); }
  throw new FormatError(`importOnnx: ${where} has no supported value (value, value_float(s), value_int(s)); sparse and string constants are not supported`);
}

interface Budget { left: number }

function buildGraph(g: OnnxGraph, outer: ReadonlySet<string>, ext: ExternalData | undefined, opset: number): Graph {
  const consts = new Map<string, Val>();
  for (const t of g.initializers) {
    if (!t.name) throw new FormatError('importOnnx: an initializer has no name');
    const v = decodeTensor(t, `initializer '${t.name}'`, ext);
    v.model = true;
    consts.set(t.name, v);
  }
  const inputs = g.inputs.filter((i) => !consts.has(i.name));
  const known = new Set<string>([...consts.keys(), ...inputs.map((i) => i.name)]);
  const visible = new Set<string>([...outer, ...known]);
  const producer = new Map<string, OnnxNode>();
  for (const n of g.nodes) {
    for (const o of n.outputs) {
      if (o === '') continue;
      if (producer.has(o) || known.has(o)) throw new FormatError(`importOnnx: value '${o}' is produced twice (node '${n.name}')`);
      producer.set(o, n);
      visible.add(o);
    }
  }
  // Subgraphs first: their free names are dependencies of the If node.
  const branches = new Map<OnnxNode, [Graph, Graph]>();
  const deps = new Map<OnnxNode, string[]>();
  for (const n of g.nodes) {
    const d = n.inputs.filter((i) => i !== '');
    if (n.opType === 'If') {
      const th = attrGraph(n, 'then_branch'), el = attrGraph(n, 'else_branch');
      if (!th || !el) throw new FormatError(`importOnnx: If node '${n.name}' needs then_branch and else_branch graphs`);
      const pair: [Graph, Graph] = [buildGraph(th, visible, ext, opset), buildGraph(el, visible, ext, opset)];
      for (const b of pair) {
        if (b.outputs.length !== n.outputs.length) throw new FormatError(`importOnnx: If node '${n.name}': a branch has ${b.outputs.length} outputs, the node ${n.outputs.length}`);
        d.push(...b.free);
      }
      branches.set(n, pair);
    }
    if (RECURRENT_OPS.has(n.opType)) recurrentAttrs(ctxFor(n, opset), n.opType as 'LSTM');
    deps.set(n, d);
  }
  // Kahn's sort over producers inside this graph.
  const free = new Set<string>();
  const waiting = new Map<OnnxNode, number>();
  const users = new Map<OnnxNode, OnnxNode[]>();
  const ready: OnnxNode[] = [];
  for (const n of g.nodes) {
    let count = 0;
    for (const name of deps.get(n)!) {
      const p = producer.get(name);
      if (p) {
        count++;
        const u = users.get(p) ?? [];
        u.push(n);
        users.set(p, u);
      } else if (!known.has(name)) {
        if (!outer.has(name)) throw new FormatError(`importOnnx: node '${n.name}' (${n.opType}) reads '${name}', which no node, input or initializer provides`);
        free.add(name);
      }
    }
    waiting.set(n, count);
    if (count === 0) ready.push(n);
  }
  const sorted: OnnxNode[] = [];
  while (ready.length) {
    const n = ready.shift()!;
    sorted.push(n);
    for (const u of users.get(n) ?? []) {
      const left = waiting.get(u)! - 1;
      waiting.set(u, left);
      if (left === 0) ready.push(u);
    }
  }
  if (sorted.length !== g.nodes.length) {
    const stuck = g.nodes.filter((n) => waiting.get(n)! > 0).slice(0, 8).map((n) => `'${n.name}'`);
    throw new FormatError(`importOnnx: the graph has a cycle (nodes ${stuck.join(', ')} wait on each other)`);
  }
  for (const o of g.outputs) {
    if (!producer.has(o.name) && !known.has(o.name)) {
      if (!outer.has(o.name)) throw new FormatError(`importOnnx: graph output '${o.name}' is not produced by any node`);
      free.add(o.name);
    }
  }
  return { nodes: sorted, consts, inputs, outputs: g.outputs.map((o) => o.name), free, branches };
}

/**
 * Folds Constant nodes, and glue ops whose inputs are all constants, into constants (no runtime
 * needed; ops that need one are kept). Branches are folded when their If node is reached, so they
 * see the constants of the enclosing graphs.
 */
function fold(g: Graph, ext: ExternalData | undefined, opset: number, budget: Budget, outer: (name: string) => Val | undefined): void {
  const lookup = (name: string): Val | undefined => g.consts.get(name) ?? (g.free.has(name) ? outer(name) : undefined);
  const kept: OnnxNode[] = [];
  for (const n of g.nodes) {
    if (n.opType === 'Constant') {
      const v = constantValue(n, ext);
      v.model = true;
      if (n.outputs[0]) g.consts.set(n.outputs[0], v);
      continue;
    }
    if (n.opType === 'If') {
      for (const b of g.branches.get(n)!) fold(b, ext, opset, budget, (name) => g.consts.get(name) ?? outer(name));
      kept.push(n);
      continue;
    }
    const op = OPS.get(n.opType);
    const ins = n.inputs.map((i) => (i === '' ? null : lookup(i) ?? null));
    if (op && !ALWAYS_RUN.has(n.opType) && n.inputs.every((i, k) => i === '' || ins[k]) && budget.left > 0) {
      try {
        const outs = op(ctxFor(n, opset), ins);
        const size = outs.reduce((s, v) => s + sizeOf(v.shape), 0);
        if (size <= budget.left) {
          budget.left -= size;
          outs.forEach((v, k) => {
            if (n.outputs[k]) g.consts.set(n.outputs[k], { ...v, model: true, dyn: false, cache: undefined });
          });
          continue;
        }
      } catch (e) {
        if (!(e instanceof NeedsRuntime)) throw e;
      }
    }
    kept.push(n);
  }
  g.nodes = kept;
}

/** Checks, sorts and folds a decoded model. `bytes` bounds how much folding may produce. */
export function prepare(m: OnnxModel, bytes: number, ext: ExternalData | undefined): Imported {
  const found = new Map<string, string[]>();
  unsupported(m.graph, found);
  if (found.size) {
    const list = [...found].map(([op, names]) => `${op} (${names.slice(0, 5).join(', ')}${names.length > 5 ? `, +${names.length - 5} more` : ''})`);
    throw new FormatError(`importOnnx: unsupported operators: ${list.join('; ')}`);
  }
  const def = m.opsets.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  const opset = def ? def.version : 0;
  if (!(opset >= 7 && opset <= 22)) throw new FormatError(`importOnnx: the default-domain opset is ${opset || 'missing'}; opsets 7 to 22 are supported`);
  const budget = { left: bytes * 8 + (1 << 20) };
  const graph = buildGraph(m.graph, new Set(), ext, opset);
  fold(graph, ext, opset, budget, () => undefined);
  for (const i of graph.inputs) if (!i.name) throw new FormatError('importOnnx: a graph input has no name');
  return { graph, opset, outputInfo: m.graph.outputs };
}
