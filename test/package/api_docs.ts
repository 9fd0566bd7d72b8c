// Lists the public exports of the package entries (through `export *` and into `export * as ns`
// namespaces) and which of them lack a doc comment or an `@example` in it: what the API reference
// (`npm run docs`, typedoc) shows for each name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export interface ExportDoc { name: string; file: string; documented: boolean; example: boolean }

/**
 * The package's TypeScript entries: src/api.ts (the shared API) and, for every subpath in
 * package.json `exports`, the source of each `types` file it names (dist/types/X.d.ts -> src/X.ts).
 */
export function packageEntries(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  const entries = new Set(['src/api.ts']);
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      const m = /^\.\/dist\/types\/(.+)\.d\.ts$/.exec(v);
      if (m) entries.add(`src/${m[1]}.ts`);
    } else if (v && typeof v === 'object') {
      for (const x of Object.values(v)) visit(x);
    }
  };
  visit(pkg.exports);
  return [...entries].map((e) => join(root, e));
}

/** Every export reachable from `entries`, by public name (`nn.LSTM` for a namespace member). */
export function exportDocs(entries: string[]): ExportDoc[] {
  const program = ts.createProgram(entries, {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true, noEmit: true, skipLibCheck: true, types: ['node'], lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  });
  const checker = program.getTypeChecker();
  const found = new Map<string, ExportDoc>();
  const walk = (module: ts.Symbol, prefix: string): void => {
    for (const e of checker.getExportsOfModule(module)) {
      const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
      const name = prefix + e.name;
      if (found.has(name)) continue;
      const decl = target.declarations?.[0];
      // `export * as nn from './nn/index.js'`: the namespace's members are public names too.
      if (decl && ts.isSourceFile(decl)) {
        found.set(name, { name, file: decl.fileName, documented: true, example: true });
        walk(target, `${name}.`);
        continue;
      }
      const doc = ts.displayPartsToString(target.getDocumentationComment(checker)).trim();
      const tags = target.getJsDocTags(checker);
      found.set(name, {
        name, file: decl?.getSourceFile().fileName ?? '?',
        documented: doc.length > 0, example: tags.some((t) => t.name === 'example' && ts.displayPartsToString(t.text).trim().length > 0),
      });
    }
  };
  for (const f of entries) {
    const sf = program.getSourceFile(f);
    if (!sf) throw new Error(`api_docs: ${f} is not in the program`);
    const sym = checker.getSymbolAtLocation(sf);
    if (sym) walk(sym, '');
  }
  return [...found.values()];
}
