// The API reference: every public export has a doc comment with an `@example`, and
// `npm run docs` (typedoc) builds the HTML from them.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runProcess } from '../runtimes/launch.mjs';
import { exportDocs, packageEntries } from './api_docs.js';

describe('API reference', () => {
  it('the check finds an undocumented export and a doc comment without @example, in namespaces too', () => {
    const docs = exportDocs([join(root, 'test/fixtures/docs/entry.ts')]);
    const brief = docs.map((d) => `${d.name}:${d.documented ? 'doc' : '-'}:${d.example ? 'ex' : '-'}`).sort();
    expect(brief).toEqual(['Undocumented:-:-', 'documented:doc:ex', 'inner.Bare:-:-', 'inner.InnerOptions:doc:-', 'inner:doc:ex', 'noExample:doc:-']);
  });

  it('reads the entries from package.json exports', () => {
    const entries = packageEntries(root).map((f) => f.slice(root.length).replace(/^\//, ''));
    expect(entries).toEqual(expect.arrayContaining(['src/api.ts', 'src/index.ts', 'src/node.ts', 'src/worker.ts']));
  });

  it('every public export has a doc comment with an @example', () => {
    const docs = exportDocs(packageEntries(root));
    expect(docs.length).toBeGreaterThan(100);
    const rel = (f: string) => f.slice(root.length).replace(/^\//, '');
    expect(docs.filter((d) => !d.documented).map((d) => `${d.name} (${rel(d.file)})`), 'undocumented exports').toEqual([]);
    expect(docs.filter((d) => !d.example).map((d) => `${d.name} (${rel(d.file)})`), 'doc comments without @example').toEqual([]);
  });

  it('npm run docs (typedoc) writes the HTML reference', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rnn-docs-'));
    try {
      const r = await runProcess(process.execPath, [join(root, 'node_modules/typedoc/bin/typedoc'), '--out', out, '--logLevel', 'Error'], { cwd: root, timeoutMs: 120_000 });
      expect(r.code, r.out + r.err).toBe(0);
      expect(existsSync(join(out, 'index.html'))).toBe(true);
      const lstm = readFileSync(join(out, 'classes/nn.LSTM.html'), 'utf8');
      expect(lstm).toContain('<h4 class="tsd-anchor-link" id="example">');
      // The guides the README links to are pages of the reference.
      for (const g of ['cli', 'models', 'forecasting', 'training', 'weights', 'hosts', 'threads', 'reliability']) expect(existsSync(join(out, `documents/${g}.html`)), g).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
