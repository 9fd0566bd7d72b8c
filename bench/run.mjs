// Benchmark runner: `npm run bench -- NAME [NAME...]` runs bench/NAME.mjs, each printing one
// JSON object per line ({"bench","runtime","unit","median","min","max",...}).
import v8 from 'node:v8';
import { readdirSync } from 'node:fs';

// Node 20 has relaxed SIMD behind a flag; set it before any wasm is compiled.
v8.setFlagsFromString('--experimental-wasm-relaxed-simd');

const available = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs' && !f.startsWith('_'))
  .map((f) => f.slice(0, -4));
const names = process.argv.slice(2);
if (names.length === 0 || names.some((n) => !available.includes(n))) {
  console.error(`usage: npm run bench -- NAME [NAME...]   (available: ${available.join(', ')})`);
  process.exit(2);
}
for (const name of names) {
  const mod = await import(`./${name}.mjs`);
  await mod.default();
}
