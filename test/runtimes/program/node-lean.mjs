// Node: after the first result, report which costly Node internals loading rnn-wasm pulled in.
// (Touching the `Response` global loads undici and compiles its HTTP parser: ~50 ms cold start.)
import { init, Tensor, matmul } from 'rnn-wasm';

await init();
matmul(Tensor.from([1, 2], [1, 2]), Tensor.from([3, 4], [2, 1])).toArray();
console.log(JSON.stringify(process.moduleLoadList.filter((m) => /undici|fetch|node:fs|internal\/fs\/promises/.test(m))));
