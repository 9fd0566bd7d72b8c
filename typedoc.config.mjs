// The API reference: `npm run docs` writes HTML into docs/api/ (gitignored) from the TSDoc comments.
// typedoc rather than api-extractor: typedoc reads the TypeScript sources and writes HTML in one
// step, and it documents `export * as nn` namespaces, the way nn, optim and data are exported;
// api-extractor works from a .d.ts rollup, needs a second tool (api-documenter) that writes Markdown
// rather than HTML, and has an open issue on `export * as ns` (microsoft/rushstack#2412).
// test/package/api_docs.test.ts fails on an export without a doc comment or without an @example.
/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'rnn-wasm',
  // Every entry (default, node, worker) re-exports src/api.ts; the default one stands for all.
  entryPoints: ['src/index.ts'],
  tsconfig: 'tsconfig.build.json',
  out: 'docs/api',
  readme: 'none',
  highlightLanguages: ['bash', 'sh', 'console', 'css', 'html', 'javascript', 'js', 'json', 'typescript', 'ts', 'tsx', 'python', 'yaml'],
  excludePrivate: true,
  excludeProtected: true,
  excludeInternal: true,
  disableSources: true,
  validation: { notExported: true, invalidLink: true, notDocumented: false },
};
