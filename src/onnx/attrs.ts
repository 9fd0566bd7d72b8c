// Typed access to a node's attributes: a wrong attribute type is a FormatError naming the node.
import { FormatError } from '../errors.js';
import type { OnnxAttribute, OnnxNode } from './proto_read.js';

// AttributeProto.AttributeType
export const A_FLOAT = 1, A_INT = 2, A_STRING = 3, A_TENSOR = 4, A_GRAPH = 5, A_FLOATS = 6, A_INTS = 7, A_STRINGS = 8;

const text = new TextDecoder();

function get(n: OnnxNode, name: string, type: number): OnnxAttribute | null {
  for (const a of n.attrs) {
    if (a.name !== name) continue;
    // Old exporters leave `type` unset (0): accept the field that is present.
    if (a.type !== 0 && a.type !== type) {
      throw new FormatError(`importOnnx: ${n.opType} node '${n.name}': attribute '${name}' has type ${a.type}, expected ${type}`);
    }
    return a;
  }
  return null;
}

export const has = (n: OnnxNode, name: string): boolean => n.attrs.some((a) => a.name === name);
export const attrInt = (n: OnnxNode, name: string, def: number): number => get(n, name, A_INT)?.i ?? def;
export const attrFloat = (n: OnnxNode, name: string, def: number): number => get(n, name, A_FLOAT)?.f ?? def;
export const attrInts = (n: OnnxNode, name: string): number[] | null => get(n, name, A_INTS)?.ints ?? null;
export const attrFloats = (n: OnnxNode, name: string): number[] | null => get(n, name, A_FLOATS)?.floats ?? null;
export function attrString(n: OnnxNode, name: string, def: string): string {
  const a = get(n, name, A_STRING);
  return a?.s ? text.decode(a.s) : def;
}
export function attrStrings(n: OnnxNode, name: string): string[] | null {
  const a = get(n, name, A_STRINGS);
  return a ? a.strings.map((s) => text.decode(s)) : null;
}
export const attrTensor = (n: OnnxNode, name: string) => get(n, name, A_TENSOR)?.t ?? null;
export const attrGraph = (n: OnnxNode, name: string) => get(n, name, A_GRAPH)?.g ?? null;
