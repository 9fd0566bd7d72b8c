// A Cloudflare Worker (or plain workerd) using rnn-wasm. Under wrangler, the `workerd` export
// condition selects the worker entry, which imports the .wasm builds statically: workers refuse
// to compile wasm from bytes, but accept precompiled modules imported this way.
import { init, Tensor, matmul } from 'rnn-wasm';

export default {
  async fetch() {
    const rt = await init(); // the first request compiles nothing: the modules came with the script
    const y = matmul(Tensor.from([[1, 2], [3, 4]]), Tensor.from([[5, 6], [7, 8]])).toArray();
    rt.resetStep(); // free this request's tensors
    return Response.json({ isa: rt.isa, y: Array.from(y) });
  },
};
