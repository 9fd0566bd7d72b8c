// workerd: bundled like wrangler does (conditions workerd/worker/browser, .wasm kept as modules).
import { runAll } from './conformance.mjs';

export default {
  async fetch() {
    return Response.json(await runAll('workerd'));
  },
};
