// Deno side of test/assembly/int8/gemm.test.ts: runs the int8 kernel checks on the relaxed and SIMD
// builds (build/rnn-*.wasm) with every path, the relaxed dot product included, and prints JSON.
import { checkInt8 } from './cases.mjs';

const out = {};
for (const isa of ['relaxed', 'simd', 'scalar']) {
  const bytes = await Deno.readFile(new URL(`../../../build/rnn-${isa}.wasm`, import.meta.url));
  const memory = new WebAssembly.Memory({ initial: 64 });
  const { instance } = await WebAssembly.instantiate(bytes, { env: { memory } });
  const k = instance.exports;
  let top = (k.heap_base() + 15) & ~15;
  const alloc = (n) => {
    const p = top;
    top += (n + 15) & ~15;
    if (top > memory.buffer.byteLength) memory.grow(Math.ceil((top - memory.buffer.byteLength) / 65536));
    return p;
  };
  // Twice: the second pass runs after the engine has had time to tier the kernels up.
  const fails = [...checkInt8({ k, memory, alloc }), ...checkInt8({ k, memory, alloc })];
  out[isa] = { built: k.build_isa(), fails: fails.slice(0, 20), failCount: fails.length };
}
console.log(JSON.stringify(out));
