// Download size: bytes and gzip bytes of each wasm build and each entry's JS in dist/, the total an
// inference user loads, and the same for onnxruntime-web and @tensorflow/tfjs-backend-wasm.
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { emit } from './_stats.mjs';

const root = new URL('../', import.meta.url);
const dist = new URL('dist/', root);
const nm = new URL('node_modules/', root);

function measure(url) {
  const buf = readFileSync(url);
  return { bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
}

/** Files loaded separately: sizes add up, each gzipped on its own (as transferred). */
function total(urls) {
  return urls.map(measure).reduce((a, b) => ({ bytes: a.bytes + b.bytes, gzip: a.gzip + b.gzip }), { bytes: 0, gzip: 0 });
}

export default async function size() {
  const chunks = readdirSync(new URL('chunks/', dist));
  const chunkOf = (build) => new URL(`chunks/${chunks.find((c) => c.startsWith(`wasm-${build}.gen-`))}`, dist);
  for (const build of ['relaxed', 'simd', 'scalar']) {
    emit({ bench: 'size', artifact: `wasm-${build}`, file: `dist/wasm/${build}.wasm`, ...measure(new URL(`wasm/${build}.wasm`, dist)) });
    emit({ bench: 'size', artifact: `chunk-${build}`, file: `dist/chunks/${chunkOf(build).pathname.split('/').pop()}`, ...measure(chunkOf(build)) });
  }
  // The entry plus the shared chunks it imports statically, transitively (esbuild's split-out code).
  const closure = (entry) => {
    const files = [];
    const visit = (url) => {
      if (files.some((u) => u.href === url.href)) return;
      files.push(url);
      for (const m of readFileSync(url, 'utf8').matchAll(/(?:^|;)\s*import[^;(]*?"(\.\.?\/(?:chunks\/)?chunk-[\w-]+\.js)"/g)) visit(new URL(m[1], url));
    };
    visit(new URL(entry, dist));
    return files;
  };
  const entryJs = closure('index.js');
  emit({ bench: 'size', artifact: 'default-entry-js', files: entryJs.map((u) => u.pathname.split('/dist/')[1]), ...total(entryJs) });
  emit({ bench: 'size', artifact: 'worker-entry-js', file: 'dist/worker.js', ...measure(new URL('worker.js', dist)) });
  // The default entry imports only the chunk of the build it picks: relaxed in Deno, Chromium,
  // workerd (and Node with --experimental-wasm-relaxed-simd), simd in plain Node 20.
  emit({ bench: 'size', artifact: 'inference-entry', build: 'relaxed', ...total([...entryJs, chunkOf('relaxed')]) });
  emit({ bench: 'size', artifact: 'inference-entry', build: 'simd', ...total([...entryJs, chunkOf('simd')]) });
  // rnn-wasm/onnx: its entry and the core chunks it shares (what an ONNX page that takes init from
  // 'rnn-wasm/onnx' loads besides the wasm).
  const onnxJs = closure('onnx/index.js');
  emit({ bench: 'size', artifact: 'onnx-entry-js', files: onnxJs.map((u) => u.pathname.split('/dist/')[1]), ...total(onnxJs) });
  emit({ bench: 'size', artifact: 'onnx-inference-entry', build: 'relaxed', ...total([...onnxJs, chunkOf('relaxed')]) });
  // A page that imports both 'rnn-wasm' and 'rnn-wasm/onnx' (shared chunks counted once): it also
  // loads the core's training code, which an ONNX page that takes init from 'rnn-wasm/onnx' does not.
  const bothJs = [...entryJs, ...onnxJs.filter((u) => !entryJs.some((e) => e.href === u.href))];
  emit({ bench: 'size', artifact: 'core-and-onnx-inference-entry', build: 'relaxed', ...total([...bothJs, chunkOf('relaxed')]) });
  emit({ bench: 'size', artifact: 'worker-inference-entry', build: 'relaxed+simd+scalar', ...total([new URL('worker.js', dist), ...['relaxed', 'simd', 'scalar'].map((b) => new URL(`wasm/${b}.wasm`, dist))]) });

  // Peers, as an inference user in a browser loads them (minified ESM + the SIMD wasm).
  const ort = new URL('onnxruntime-web/dist/', nm);
  const peers = {
    'onnxruntime-web': {
      'js (ort.wasm.bundle.min.mjs, wasm EP with its glue)': [new URL('ort.wasm.bundle.min.mjs', ort)],
      'wasm (ort-wasm-simd-threaded.wasm)': [new URL('ort-wasm-simd-threaded.wasm', ort)],
    },
    '@tensorflow/tfjs-backend-wasm': {
      'js (tfjs-core + tfjs-backend-wasm, fesm.min)': [
        new URL('@tensorflow/tfjs-core/dist/tf-core.fesm.min.js', nm),
        new URL('@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.fesm.min.js', nm),
      ],
      'js (tfjs-layers, fesm.min; needed for an LSTM layer)': [new URL('@tensorflow/tfjs-layers/dist/tf-layers.fesm.min.js', nm)],
      'wasm (tfjs-backend-wasm-simd.wasm)': [new URL('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', nm)],
    },
  };
  for (const [peer, parts] of Object.entries(peers)) {
    for (const [artifact, urls] of Object.entries(parts)) emit({ bench: 'size', peer, artifact, ...total(urls) });
    emit({ bench: 'size', peer, artifact: 'inference-entry', ...total(Object.values(parts).flat()) });
  }
}
