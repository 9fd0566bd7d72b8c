// The house rules (STYLE.md), checked on the source tree: imports only go down the layers, src/
// has no import cycle, and no source file passes 400 lines without a stated reason. No exceptions
// list: a file that breaks a rule is fixed, or the rule is changed here, in the open.
//
// The layers, lowest first. A file may import files of its own group and of lower layers only.
//   0 base      src/errors.ts, src/util/
//   1 runtime   src/runtime/
//   2 tensor    src/tensor/
//   3 autograd  src/autograd/
//   4 nn | optim | data   three groups on one layer: none imports another, not even `import type`
//                          (a strict rule: the current code needs no exception, and type-only
//                          imports are how layers start to lean on each other)
//   5 io        src/io/
//   6 onnx      src/onnx/
//   7 models    src/models/
//   8 entries   the files directly in src/ (index, node, worker, api, ...)
//   9 cli       src/cli/
// Every import counts: `import type`, `export ... from`, side-effect imports and literal import().
// Size: a .ts file in src/ or assembly/ (generated *.gen.ts aside: they are build output) over 400
// lines must say why in its opening comment, on a line containing `size:`.
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');
const MAX_LINES = 400;

const LAYERS: [group: string, layer: number][] = [
  ['base', 0], ['runtime', 1], ['tensor', 2], ['autograd', 3], ['nn', 4], ['optim', 4], ['data', 4],
  ['io', 5], ['onnx', 6], ['models', 7], ['entries', 8], ['cli', 9],
];
const LAYER = new Map(LAYERS);

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const rel = (file: string): string => relative(ROOT, file).split(sep).join('/');

/** The group of a file under src/ ('base', 'nn', 'entries', ...), or null when it has none. */
function groupOf(file: string): string | null {
  const parts = relative(SRC, file).split(sep);
  if (parts.length === 1) return parts[0] === 'errors.ts' ? 'base' : 'entries';
  if (parts[0] === 'util') return 'base';
  return LAYER.has(parts[0]) && parts[0] !== 'base' && parts[0] !== 'entries' ? parts[0] : null;
}

/** Relative source specifiers a file imports (static, type-only, re-exports, side effects, import()). */
export function importsOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specs = [
    ...code.matchAll(/^\s*(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/gm),
    ...code.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]);
  // Assets (the worker entry's `./wasm/*.wasm`, resolved in dist/) are not source files.
  return specs.filter((s) => s.startsWith('.') && (/\.(js|ts)$/.test(s) || !/\.\w+$/.test(s.split('/').pop()!)));
}

/** The file an import names: `x.js` is `x.ts` (or `x.d.ts`), a directory is its index.ts. */
function resolveImport(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  const stem = base.replace(/\.js$/, '');
  for (const c of [`${stem}.ts`, `${stem}.d.ts`, base, join(base, 'index.ts')]) if (existsSync(c) && statSync(c).isFile()) return c;
  return null;
}

const srcFiles = walk(SRC).filter((f) => f.endsWith('.ts'));
const graph = new Map<string, string[]>(
  srcFiles.map((f) => [f, importsOf(readFileSync(f, 'utf8')).map((s) => resolveImport(f, s) ?? `${rel(f)}: unresolved '${s}'`)]),
);

/**
 * Import cycles: one per strongly connected component (Tarjan), as a shortest path from its first
 * file back to itself, and the component's other files.
 */
export function findCycles(g: Map<string, string[]>): { path: string[]; others: string[] }[] {
  let index = 0;
  const idx = new Map<string, number>(), low = new Map<string, number>(), onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: { path: string[]; others: string[] }[] = [];
  const strong = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      const self = (g.get(v) ?? []).includes(v);
      if (comp.length > 1 || self) {
        const path = cyclePath(g, new Set(comp), [...comp].sort()[0]);
        cycles.push({ path, others: comp.filter((f) => !path.includes(f)).sort() });
      }
    }
  };
  for (const v of [...g.keys()].sort()) if (!idx.has(v)) strong(v);
  return cycles;
}

/** A shortest path from `start` back to itself inside one component (breadth first). */
function cyclePath(g: Map<string, string[]>, comp: Set<string>, start: string): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of g.get(v) ?? []) {
      if (!comp.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = prev.get(u)!) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

describe('house rules', () => {
  it('every src/ file belongs to a layer, and every relative import resolves', () => {
    const bad = srcFiles.filter((f) => groupOf(f) === null).map(rel);
    for (const targets of graph.values()) bad.push(...targets.filter((t) => t.includes(': unresolved ')));
    expect(bad).toEqual([]);
  });

  it('imports only go down the layers (nn, optim and data never import each other)', () => {
    const upward: string[] = [];
    for (const [from, targets] of graph) {
      const gf = groupOf(from);
      for (const to of targets) {
        const gt = groupOf(to);
        if (!gf || !gt || gf === gt) continue;
        if (LAYER.get(gt)! >= LAYER.get(gf)!) upward.push(`${rel(from)} (${gf}) -> ${rel(to)} (${gt})`);
      }
    }
    expect(upward.sort()).toEqual([]);
  });

  it('src/ has no import cycle', () => {
    const shown = findCycles(graph).map((c) => c.path.map(rel).join(' -> ') + (c.others.length ? ` (same tangle: ${c.others.map(rel).join(', ')})` : ''));
    expect(shown).toEqual([]);
  });

  it(`no source file passes ${MAX_LINES} lines without a 'size:' reason in its opening comment`, () => {
    const files = [...srcFiles, ...walk(join(ROOT, 'assembly')).filter((f) => f.endsWith('.ts'))].filter((f) => !f.endsWith('.gen.ts'));
    const long = files.flatMap((f) => {
      const lines = readFileSync(f, 'utf8').split('\n');
      const n = lines.length - (lines[lines.length - 1] === '' ? 1 : 0);
      if (n <= MAX_LINES) return [];
      const opening: string[] = [];
      for (const l of lines) {
        if (!/^\s*(\/\/|\/\*|\*)/.test(l)) break;
        opening.push(l);
      }
      return opening.some((l) => /\bsize:/.test(l)) ? [] : [`${rel(f)}: ${n} lines, no 'size:' line in its opening comment`];
    });
    expect(long).toEqual([]);
  });
});

describe('the checks themselves (they can fail)', () => {
  it('importsOf sees every kind of import, and only relative ones', () => {
    const text = [
      "import { a } from './a.js';", "import type { B } from '../b.js';", "export * from './c.js';",
      "export { d } from './d.js';", "import './e.js';", "const f = await import('./f.js');",
      "import { readFile } from 'node:fs';", "// import { g } from './g.js';", "import w from './wasm/simd.wasm';",
      'import {\n  h,\n  i,\n} from "./h.js";',
    ].join('\n');
    expect(importsOf(text).sort()).toEqual(['../b.js', './a.js', './c.js', './d.js', './e.js', './f.js', './h.js']);
  });

  it('findCycles reports a cycle as a path and ignores acyclic graphs', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a', 'd']], ['d', []], ['e', ['e']]]);
    expect(findCycles(g)).toEqual([{ path: ['a', 'b', 'c', 'a'], others: [] }, { path: ['e', 'e'], others: [] }]);
    const tangle = new Map([['a', ['b', 'c']], ['b', ['a']], ['c', ['a']]]);
    expect(findCycles(tangle)).toEqual([{ path: ['a', 'b', 'a'], others: ['c'] }]);
    expect(findCycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });
});
