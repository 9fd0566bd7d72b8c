// Bundles the VAD worker into examples/vad/out/ for workerd (run `npm run build` first: the
// worker uses the package's dist/onnx-worker.js):
//   node examples/vad/build.mjs [--port 8788] [--model silero_vad_v5.onnx]
//   node_modules/.bin/workerd serve examples/vad/out/config.capnp
//   curl --data-binary @speech.wav http://127.0.0.1:8788/
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const port = Number(arg('--port', 8788));
const out = arg('--out', join(here, 'out'));
const model = arg('--model', join(root, 'node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx'));
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'worker.js')],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  platform: 'neutral',
  minify: true,
  conditions: ['workerd', 'worker', 'browser'],
  external: ['./silero_vad_v5.onnx'],
  outfile: join(out, 'worker.js'),
  logLevel: 'error',
  plugins: [{
    // The onnx entry's workerd build imports its three wasm builds; workers load them as modules.
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
copyFileSync(model, join(out, 'silero_vad_v5.onnx'));
writeFileSync(join(out, 'config.capnp'), readFileSync(join(here, 'config.capnp'), 'utf8').replace('127.0.0.1:8788', `127.0.0.1:${port}`));
const gz = (f) => gzipSync(readFileSync(join(out, f)), { level: 9 }).length;
const files = ['worker.js', 'rnn-relaxed.wasm', 'rnn-simd.wasm', 'rnn-scalar.wasm'];
console.log(`built ${out}/: ${files.map((f) => `${f} ${statSync(join(out, f)).size} B (${gz(f)} gzip)`).join(', ')}, silero_vad_v5.onnx, config.capnp`);
