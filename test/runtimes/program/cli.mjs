// Node, Deno and Bun: `node --experimental-wasm-relaxed-simd cli.mjs` / `deno run cli.mjs` / `bun cli.mjs`.
import { runAll } from './conformance.mjs';

const host = typeof Deno !== 'undefined' ? 'deno' : typeof Bun !== 'undefined' ? 'bun' : 'node';
console.log(JSON.stringify(await runAll(host)));
