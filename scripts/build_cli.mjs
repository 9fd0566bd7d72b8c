// Bundles the command-line program (src/cli/main.ts -> dist/cli.js) that bin/rnn-wasm.mjs runs.
// Builds the wasm first when needed (scripts/build.mjs skips it when fresh); `--no-wasm` when
// called from scripts/build.mjs itself.
//   node scripts/build_cli.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!process.argv.includes('--no-wasm')) execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
mkdirSync(join(root, 'dist'), { recursive: true });
// --ignore-annotations: package.json says sideEffects: false, which would let esbuild drop the
// Node entry's setDefaultWasmProvider call when it is reached through re-exports. The wasm is read
// from dist/wasm/ when present (after `npm run build`), else from the embedded chunks.
const tmp = join(root, `dist/cli.${process.pid}.tmp.js`);
execFileSync(
  join(root, 'node_modules/.bin/esbuild'),
  ['src/cli/main.ts', '--bundle', '--format=esm', '--platform=node', '--target=es2022', '--ignore-annotations', '--log-level=warning', `--outfile=${tmp}`],
  { cwd: root, stdio: 'inherit' },
);
renameSync(tmp, join(root, 'dist/cli.js')); // atomic: a reader never sees half a file
