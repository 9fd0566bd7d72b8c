// Node and Deno: `node --experimental-wasm-relaxed-simd cli.mjs` / `deno run cli.mjs`.
import { runAll } from './conformance.mjs';

const host = typeof Deno !== 'undefined' ? 'deno' : 'node';
console.log(JSON.stringify(await runAll(host)));
