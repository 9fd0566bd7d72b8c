// Bundles the worker with a trained classifier into examples/edge-worker/out/ for workerd
// (run `npm run build` first: the worker uses the package's dist/worker.js):
//   node examples/edge-worker/build.mjs --model DIR [--port 8787]
//   node_modules/.bin/workerd serve examples/edge-worker/out/config.capnp
// DIR is written by `rnn-wasm classify-train` or `node examples/classifier/spam.mjs --save DIR`.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const modelDir = arg('--model', null);
const port = Number(arg('--port', 8787));
const out = arg('--out', join(here, 'out'));
if (!modelDir || !existsSync(join(modelDir, 'model.safetensors'))) {
  console.error('usage: node examples/edge-worker/build.mjs --model DIR   (DIR holds model.safetensors and vocab.json)');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'worker.js')],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  platform: 'neutral',
  conditions: ['workerd', 'worker', 'browser'],
  external: ['./model.safetensors', './vocab.json.txt'],
  outfile: join(out, 'worker.js'),
  logLevel: 'error',
  plugins: [{
    // rnn-wasm's worker entry imports its three wasm builds; workers load them as modules
    // (compiled WebAssembly.Module), so keep the imports and copy the files next to the bundle.
    name: 'wasm-modules',
    setup(b) {
      b.onResolve({ filter: /\.wasm$/ }, (args) => {
        const file = join(args.resolveDir, args.path);
        const name = `rnn-${basename(file)}`;
        copyFileSync(file, join(out, name));
        return { path: `./${name}`, external: true };
      });
    },
  }],
});
copyFileSync(join(modelDir, 'model.safetensors'), join(out, 'model.safetensors'));
copyFileSync(join(modelDir, 'vocab.json'), join(out, 'vocab.json.txt'));
// The workerd config that ships with the example, with the port filled in.
const config = readFileSync(join(here, 'config.capnp'), 'utf8').replace('127.0.0.1:8787', `127.0.0.1:${port}`);
writeFileSync(join(out, 'config.capnp'), config);
console.log(`built ${out}/ (worker.js, rnn-{relaxed,simd,scalar}.wasm, model.safetensors, vocab.json.txt, config.capnp); serve with:\n  node_modules/.bin/workerd serve ${join(out, 'config.capnp')}`);
