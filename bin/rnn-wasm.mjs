#!/usr/bin/env node
// The rnn-wasm command (see `rnn-wasm --help`): runs the bundled CLI in dist/cli.js.
import { setFlagsFromString } from 'node:v8';

// Node 20 keeps relaxed SIMD behind a flag; set before any wasm is compiled, it lets init()
// pick the relaxed-FMA build (other hosts have it on). Harmless where the flag is unknown.
try {
  setFlagsFromString('--experimental-wasm-relaxed-simd');
} catch {}
const { run } = await import('../dist/cli.js');
await run();
