// Plans: the first run for an input signature (dtypes, shapes, the values of small integer inputs)
// evaluates the whole graph and records only the nodes whose results depend on the float data of
// the inputs; everything else (shape arithmetic, If conditions on shapes or `sr`, constant
// subgraphs, weight layouts) becomes a constant of the plan. Later runs with that signature replay
// the recorded steps. A value whose shape may change between runs (the output of an If on data)
// makes every Shape/Size of it a step too, so a plan never freezes something that can change.
import type { Arena } from '../runtime/heap.js';
import type { Runtime } from '../runtime/runtime.js';
import { FormatError } from '../errors.js';
import { ALWAYS_RUN, OPS, type Graph, type OpFn } from './prepare.js';
import type { OnnxNode } from './proto_read.js';
import { reshaped } from './ops_shape.js';
import { devVal, newTensor, read, type Ctx, type Int8Options, type Val } from './values.js';

/** Inputs (by index) that set the output shape of these ops when their data is dynamic. */
const SHAPE_ARGS: Record<string, number[]> = {
  Reshape: [1], Expand: [1], ConstantOfShape: [0], Slice: [1, 2, 3, 4], Pad: [1, 3], Unsqueeze: [1], Squeeze: [1], ReduceMean: [1],
};

export interface Arenas {
  rt: Runtime;
  run: Arena;
  plan: Arena;
  model: Arena;
  opset: number;
  /** Set on an int8 model (nn.quantizeDynamic): recurrent ops with constant weights run int8. */
  int8?: Int8Options | null;
}

interface OpStep { kind: 'op'; op: OpFn; ctx: Ctx; ins: number[]; outs: number[]; shapeDyn: boolean }
/** A reshape of its one dynamic input (Squeeze, Unsqueeze, Reshape, Identity with fixed shapes). */
interface ViewStep { kind: 'view'; in: number; out: number; shape: number[]; ctx: Ctx }
/** Data movement of its one dynamic input through a fixed index map (-1: the fill value). */
interface GatherStep { kind: 'gather'; in: number; out: number; shape: number[]; map: Int32Array; fill: number; ctx: Ctx }
interface IfStep { kind: 'if'; node: OnnxNode; branches: [Graph, Graph]; cond: number; scope: Map<string, number>; outs: number[] }
type Step = OpStep | ViewStep | GatherStep | IfStep;

export interface Plan {
  slots: (Val | null)[];
  inputSlots: number[];
  outputSlots: number[];
  steps: Step[];
  arena: Arena;
}

/** Name → value, looking outward through the enclosing graphs' scopes. */
class Scope {
  readonly vals = new Map<string, Val>();
  constructor(readonly parent: Scope | null, readonly consts: Map<string, Val>) {}
  get(name: string): Val | undefined {
    return this.vals.get(name) ?? this.consts.get(name) ?? this.parent?.get(name);
  }
}

interface Recorder {
  steps: Step[];
  slots: (Val | null)[];
  slotOf: Map<Val, number>;
  shapeDyn: Set<Val>;
}

function slot(r: Recorder, v: Val): number {
  let s = r.slotOf.get(v);
  if (s === undefined) {
    s = r.slots.length;
    r.slots.push(v.dyn ? null : v);
    r.slotOf.set(v, s);
  }
  return s;
}

function ctxOf(a: Arenas, node: OnnxNode, dyn: boolean): Ctx {
  return { rt: a.rt, node, dyn, runArena: a.run, planArena: a.plan, modelArena: a.model, opset: a.opset, int8: a.int8 ?? null };
}

/** Evaluates `g` in `scope`; records dynamic nodes when `rec` is given. Returns the graph's outputs. */
function evalGraph(a: Arenas, g: Graph, scope: Scope, rec: Recorder | null, depth: number): Val[] {
  if (depth > 64) throw new FormatError('importOnnx: If branches nest too deep');
  const sd = (v: Val | null): boolean => !!v && !!rec && rec.shapeDyn.has(v);
  for (const n of g.nodes) {
    const ins = n.inputs.map((name) => {
      if (name === '') return null;
      const v = scope.get(name);
      if (!v) throw new FormatError(`importOnnx: node '${n.name}' reads '${name}', which has no value`);
      return v;
    });
    let outs: Val[];
    if (n.opType === 'If') {
      const cond = ins[0];
      if (!cond || cond.host === null && cond.dev === null) throw new FormatError(`importOnnx: If node '${n.name}' has no condition`);
      const branches = branchesOf(g, n);
      const v = cond.host ? cond.host[0] : a.rt.f32(cond.dev!.ptr, 1)[0];
      const chosen = branches[v ? 0 : 1];
      if (cond.dyn && rec) {
        // A condition on data: the step picks the branch each run and interprets it.
        const names = new Set([...branches[0].free, ...branches[1].free]);
        const sc = new Map<string, number>();
        for (const name of names) {
          const fv = scope.get(name);
          if (fv) sc.set(name, slot(rec, fv));
        }
        outs = evalGraph(a, chosen, new Scope(scope, chosen.consts), null, depth + 1).map((o) => ({ ...o, dyn: true }));
        for (const o of outs) rec.shapeDyn.add(o);
        rec.steps.push({ kind: 'if', node: n, branches, cond: slot(rec, cond), scope: sc, outs: outs.map((o) => slot(rec, o)) });
      } else {
        outs = evalGraph(a, chosen, new Scope(scope, chosen.consts), rec, depth + 1);
      }
    } else {
      const op = OPS.get(n.opType)!;
      const shapeOnly = n.opType === 'Shape' || n.opType === 'Size';
      const shapeDyn = ins.some(sd) || (SHAPE_ARGS[n.opType] ?? []).some((i) => ins[i]?.dyn);
      // Interpreting (no recorder: an If on data) computes everything into the run arena.
      const dyn = !rec || (shapeOnly ? sd(ins[0]) : ALWAYS_RUN.has(n.opType) || ins.some((v) => !!v && v.dyn));
      const ctx = ctxOf(a, n, dyn);
      outs = op(ctx, ins).map((o) => (dyn && !o.dyn ? { ...o, dyn: true, cache: undefined } : o));
      if (shapeDyn && rec) for (const o of outs) rec.shapeDyn.add(o);
      if (dyn && rec) rec.steps.push(movementStep(a, n, op, ctx, ins, outs, shapeDyn, rec) ?? { kind: 'op', op, ctx, ins: ins.map((v) => (v ? slot(rec, v) : -1)), outs: outs.map((o) => slot(rec, o)), shapeDyn });
    }
    n.outputs.forEach((name, k) => {
      if (name !== '' && outs[k]) scope.vals.set(name, outs[k]);
    });
  }
  return g.outputs.map((name) => {
    const v = scope.get(name);
    if (!v) throw new FormatError(`importOnnx: graph output '${name}' has no value`);
    return v;
  });
}

const VIEWS = new Set(['Squeeze', 'Unsqueeze', 'Reshape', 'Identity']);
const MOVES = new Set(['Slice', 'Pad', 'Transpose', 'Expand', 'Gather']);

/**
 * Data movement whose only dynamic input is its float data (input 0) does the same thing every
 * run of a plan: it becomes a reshape, or a gather through an index map found once by running the
 * op on the element indices of its input. Replay then skips the op's argument handling.
 */
function movementStep(a: Arenas, n: OnnxNode, op: OpFn, ctx: Ctx, ins: (Val | null)[], outs: Val[], shapeDyn: boolean, rec: Recorder): Step | null {
  const x = ins[0];
  if (shapeDyn || !x || x.dtype !== 'float32' || outs.length !== 1 || ins.some((v, i) => i > 0 && v && v.dyn)) return null;
  const out = outs[0];
  if (VIEWS.has(n.opType)) return { kind: 'view', in: slot(rec, x), out: slot(rec, out), shape: out.shape.slice(), ctx };
  if (!MOVES.has(n.opType) || (n.opType === 'Pad' && a.opset < 11)) return null; // opset < 11: the pad value is an attribute
  const size = x.shape.reduce((p, d) => p * d, 1);
  const iota: Val = { dtype: 'int64', shape: x.shape, host: new Float64Array(size).map((_, i) => i), dev: null, dyn: false };
  let fill = 0;
  const args = ins.slice();
  args[0] = iota;
  if (n.opType === 'Pad') {
    // constant padding: mark padded places with -1 and remember the value
    const v = args[2];
    if (v) fill = v.host ? v.host[0] : a.rt.f32(v.dev!.ptr, 1)[0];
    args[2] = { dtype: 'int64', shape: [], host: Float64Array.of(-1), dev: null, dyn: false };
  }
  const idx = op({ ...ctx, rt: null, dyn: false }, args)[0];
  if (!idx.host || idx.shape.join() !== out.shape.join()) return null;
  return { kind: 'gather', in: slot(rec, x), out: slot(rec, out), shape: out.shape.slice(), map: Int32Array.from(idx.host), fill, ctx };
}

const branchMemo = new WeakMap<OnnxNode, [Graph, Graph]>();
function branchesOf(g: Graph, n: OnnxNode): [Graph, Graph] {
  const b = g.branches.get(n) ?? branchMemo.get(n);
  if (!b) throw new FormatError(`importOnnx: If node '${n.name}' has no branches`);
  branchMemo.set(n, b);
  return b;
}

/** First run of a signature: evaluates everything and records the plan. Returns the plan and this run's outputs. */
export function trace(a: Arenas, g: Graph, feeds: Val[]): { plan: Plan; outputs: Val[] } {
  const rec: Recorder = { steps: [], slots: [], slotOf: new Map(), shapeDyn: new Set() };
  const scope = new Scope(null, g.consts);
  const inputSlots = g.inputs.map((info, i) => {
    scope.vals.set(info.name, feeds[i]);
    const s = rec.slots.length;
    rec.slots.push(feeds[i].dyn ? null : feeds[i]);
    rec.slotOf.set(feeds[i], s);
    return s;
  });
  const outputs = evalGraph(a, g, scope, rec, 0);
  const outputSlots = outputs.map((v) => slot(rec, v));
  return { plan: { slots: rec.slots, inputSlots, outputSlots, steps: rec.steps, arena: a.plan }, outputs };
}

/** A later run of the same signature: only the recorded steps. */
export function replay(a: Arenas, plan: Plan, feeds: Val[]): Val[] {
  const vals = plan.slots.slice();
  plan.inputSlots.forEach((s, i) => (vals[s] = feeds[i]));
  for (const st of plan.steps) {
    if (st.kind === 'op') {
      const ins = st.ins.map((s) => (s < 0 ? null : vals[s]));
      const outs = st.op(st.ctx, ins);
      st.outs.forEach((s, k) => (vals[s] = outs[k]));
    } else if (st.kind === 'view') {
      vals[st.out] = reshaped(vals[st.in]!, st.shape, true);
    } else if (st.kind === 'gather') {
      const x = vals[st.in]!;
      const t = newTensor(st.ctx, st.shape);
      const n = st.map.length, map = st.map, fill = st.fill;
      const src = read(st.ctx, x), dst = a.rt.f32(t.ptr, n);
      for (let i = 0; i < n; i++) {
        const m = map[i];
        dst[i] = m >= 0 ? src[m] : fill;
      }
      vals[st.out] = devVal(t, true);
    } else {
      const cond = vals[st.cond]!;
      const v = cond.host ? cond.host[0] : a.rt.f32(cond.dev!.ptr, 1)[0];
      const chosen = st.branches[v ? 0 : 1];
      const scope = new Scope(null, chosen.consts);
      for (const [name, s] of st.scope) scope.vals.set(name, vals[s]!);
      const outs = evalGraph(a, chosen, scope, null, 1);
      st.outs.forEach((s, k) => (vals[s] = { ...outs[k], dyn: true }));
    }
  }
  return plan.outputSlots.map((s) => vals[s]!);
}
