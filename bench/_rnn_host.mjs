// The recurrent workloads of bench/rnn.mjs in another host (Deno: _rnn_deno.mjs, a Chromium page:
// _rnn_page.html), ours only: the relaxed build on 1 thread and on each count in `threads`, taking
// turns in the same rounds. Host-neutral (no Node imports): `lib` is the package, `emit` prints a row.
import { WORKLOADS } from './_rnn_peers.mjs';
import { ourInfer, ourTrain, roundRobin } from './_rnn_ours.mjs';

const round = (x, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** opts: { only?: string[] (workload names), threads?: number[] (> 1), warmMs?: number, block?: number }. */
export async function runHost(lib, host, emit, { only = null, threads = [2], warmMs = 3000, block = null } = {}) {
  const { createRuntime, setRuntime } = lib;
  for (const name of Object.keys(WORKLOADS).filter((n) => !only || only.includes(n))) {
    const w = WORKLOADS[name];
    const train = name.includes('train');
    const big = w.B > 1;
    const contestants = [];
    for (const n of [1, ...threads.filter((t) => t > 1)]) {
      const rt = await createRuntime({ simd: 'relaxed', threads: n });
      setRuntime(rt);
      const run = train ? ourTrain(lib, rt, w) : ourInfer(lib, rt, w);
      contestants.push({ key: `relaxed@${n}`, asked: n, rt, run, before: () => setRuntime(rt) });
    }
    // The same rounds as bench/rnn.mjs: blocks of 10 runs on the small workloads, single runs on the big.
    const s = await roundRobin(contestants, big || train ? 2 : 5, big || train ? 6 : 60, block ?? (big || train ? 1 : 10), warmMs);
    const one = s['relaxed@1'];
    for (const c of contestants) {
      const t = s[c.key];
      const vs = c.asked === 1 ? {} : { vs_1_thread: round(t.median / one.median, 2), vs_1_thread_min: round(t.min / one.min, 2) };
      // Fewer threads than asked (a page without isolation): the row says so and why.
      const fell = c.rt.threads === c.asked ? {} : { threads_asked: c.asked, threads_reason: c.rt.threadsReason };
      emit({
        bench: name, runtime: host, build: 'relaxed', isa: c.rt.isa, threads: c.rt.threads, unit: train ? 'ms/step' : 'ms',
        median: round(t.median), min: round(t.min), max: round(t.max), ...vs, ...fell,
      });
      c.rt.close();
    }
  }
}

/** runHost's options from the environment of bench/rnn.mjs: RNN_BENCH, RNN_BENCH_THREADS, RNN_BENCH_WARM_MS, RNN_BENCH_BLOCK. */
export function optionsFromEnv(env) {
  return {
    only: env.RNN_BENCH ? env.RNN_BENCH.split(',') : null,
    threads: (env.RNN_BENCH_THREADS ?? '2').split(',').map(Number).filter((n) => n > 1),
    warmMs: Number(env.RNN_BENCH_WARM_MS ?? 3000),
    block: env.RNN_BENCH_BLOCK ? Number(env.RNN_BENCH_BLOCK) : null,
  };
}
