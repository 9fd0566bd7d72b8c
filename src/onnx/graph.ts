// A graph under construction for the exporter: nodes, initializers, graph inputs/outputs, and
// unique value names. Shapes travel beside values as Dim[] (numbers, or names of dynamic axes).
import type { AttrValue, Dim, GraphSpec, NodeSpec, TensorSpec, ValueInfoSpec } from './proto_write.js';

export class GraphBuilder {
  readonly nodes: NodeSpec[] = [];
  readonly initializers: TensorSpec[] = [];
  readonly inputs: ValueInfoSpec[] = [];
  readonly outputs: ValueInfoSpec[] = [];
  private readonly used = new Set<string>();
  /** Names reserved for graph outputs, not produced yet: a node output of that name takes it as is. */
  private readonly pending = new Set<string>();
  private symbols = 0;

  /** A value name not used before, from `base` ('lstm0_Y', then 'lstm0_Y_1', ...). */
  fresh(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Reserves a public output name (before the nodes that compute it are added). */
  reserve(name: string): string {
    const n = this.fresh(name);
    this.pending.add(n);
    return n;
  }

  /** A new symbolic dim for a size only known at run time (e.g. a conv's output length of a dynamic input). */
  symbol(base: string): string {
    return `${base}_${++this.symbols}`;
  }

  input(name: string, elemType: number, dims: readonly Dim[]): string {
    const n = this.fresh(name);
    this.inputs.push({ name: n, elemType, dims });
    return n;
  }

  output(name: string, elemType: number, dims: readonly Dim[]): void {
    this.outputs.push({ name, elemType, dims });
  }

  /** A weight or constant; returns its value name. */
  init(base: string, dims: readonly number[], data: Float32Array | Int32Array | BigInt64Array): string {
    const name = this.fresh(base);
    this.initializers.push({ name, dims, data });
    return name;
  }

  /** An int64 constant (shapes, axes, slice bounds). */
  ints(base: string, values: readonly number[]): string {
    return this.init(base, [values.length], BigInt64Array.from(values, (v) => BigInt(v)));
  }

  /**
   * Appends a node. Each output is a name from reserve() (a graph output keeps its public name)
   * or a base for a new name; returns the output names.
   */
  node(opType: string, inputs: readonly string[], outputs: readonly string[], attrs: [string, AttrValue][] = []): string[] {
    const outs = outputs.map((o) => (this.pending.delete(o) ? o : this.fresh(o)));
    // Trailing omitted optional inputs are dropped; inner ones stay as ''.
    const ins = inputs.slice();
    while (ins.length && ins[ins.length - 1] === '') ins.pop();
    this.nodes.push({ opType, name: this.fresh(`${opType}_${this.nodes.length}`), inputs: ins, outputs: outs, attrs: new Map(attrs) });
    return outs;
  }

  spec(name: string): GraphSpec {
    return { name, nodes: this.nodes, initializers: this.initializers, inputs: this.inputs, outputs: this.outputs };
  }
}
