// Bundles the command-line program (src/cli/main.ts -> dist/cli.js) that bin/rnn-wasm.mjs runs.
// Builds the wasm first when needed (scripts/build.mjs skips it when fresh).
//   node scripts/build_cli.mjs
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
// --ignore-annotations: package.json says sideEffects: false, which would let esbuild drop the
// default entry's setDefaultWasmProvider call when it is reached through re-exports.
execFileSync(
  join(root, 'node_modules/.bin/esbuild'),
  ['src/cli/main.ts', '--bundle', '--format=esm', '--platform=node', '--target=es2022', '--ignore-annotations', '--log-level=warning', '--outfile=dist/cli.js'],
  { cwd: root, stdio: 'inherit' },
);
