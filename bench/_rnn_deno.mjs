// Deno: `deno run bench/_rnn_deno.mjs '<options JSON>'` (bench/rnn-deno.mjs starts it): the
// recurrent workloads on the built package (dist/), one JSON line per row.
import * as lib from '../dist/index.js';
import { runHost } from './_rnn_host.mjs';

await runHost(lib, 'deno', (row) => console.log(JSON.stringify(row)), JSON.parse(Deno.args[0] ?? '{}'));
