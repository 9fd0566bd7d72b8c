// The recurrent workloads of bench/rnn.mjs in another host (Deno: _rnn_deno.mjs, a Chromium page:
// _rnn_page.html): ours, the relaxed build on 1 thread and on each count in `threads`, taking turns
// in the same rounds, and optionally onnxruntime-web (the page: at 1 thread in one page load, at 2
// in another, since its thread count is fixed per page). Host-neutral (no Node imports): `lib` is
// the package, `emit` prints a row.
import { WORKLOADS, ortRunner } from './_rnn_peers.mjs';
import { ourInfer, ourTrain, roundRobin, timeMajorModel } from './_rnn_ours.mjs';

const round = (x, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * opts: { only?: string[] (workload names), threads?: number[] (> 1), warmMs?, block?, ours? (false:
 * emit the peer's rows only) }. ortWeb: { ort, threads, exportOnnx } to run onnxruntime-web (already
 * set to `threads`) on the inference workloads, next to ours.
 */
export async function runHost(lib, host, emit, { only = null, threads = [2], warmMs = 3000, block = null, ours = true } = {}, ortWeb = null) {
  const { createRuntime, setRuntime } = lib;
  for (const name of Object.keys(WORKLOADS).filter((n) => !only || only.includes(n))) {
    const w = WORKLOADS[name];
    const train = name.includes('train');
    if (!ours && (train || !ortWeb)) continue;
    const big = w.B > 1;
    const unit = train ? 'ms/step' : 'ms';
    const contestants = [];
    for (const n of [1, ...threads.filter((t) => t > 1)]) {
      const rt = await createRuntime({ simd: 'relaxed', threads: n });
      setRuntime(rt);
      const run = train ? ourTrain(lib, rt, w) : ourInfer(lib, rt, w);
      contestants.push({ key: `relaxed@${n}`, asked: n, rt, run, before: () => setRuntime(rt) });
    }
    let peer = null;
    if (ortWeb && !train) {
      setRuntime(contestants[0].rt);
      const m = timeMajorModel(lib, ortWeb.exportOnnx, w);
      const runner = await ortRunner(ortWeb.ort, name, m.bytes, { executionProviders: ['wasm'] });
      peer = { key: `onnxruntime-web@${ortWeb.threads}`, runner, diff: m.check(await runner.outputFor(m.x)) };
      contestants.push({ key: peer.key, run: runner.run });
    }
    // The same rounds as bench/rnn.mjs: blocks of 10 runs on the small workloads, single runs on the big.
    let s;
    try {
      s = await roundRobin(contestants, big || train ? 2 : 5, big || train ? 6 : 60, block ?? (big || train ? 1 : 10), warmMs);
    } finally {
      await peer?.runner.dispose();
    }
    const one = s['relaxed@1'];
    for (const c of contestants.filter((x) => x.rt)) {
      const t = s[c.key];
      const vs = c.asked === 1 ? {} : { vs_1_thread: round(t.median / one.median, 2), vs_1_thread_min: round(t.min / one.min, 2) };
      // Fewer threads than asked (a page without isolation): the row says so and why.
      const fell = c.rt.threads === c.asked ? {} : { threads_asked: c.asked, threads_reason: c.rt.threadsReason };
      if (ours) emit({ bench: name, runtime: host, build: 'relaxed', isa: c.rt.isa, threads: c.rt.threads, unit, median: round(t.median), min: round(t.min), max: round(t.max), ...vs, ...fell });
      c.rt.close();
    }
    if (peer) {
      // As bench/rnn.mjs: speedup_relaxed = its time over ours on 1 thread, _2t over ours on 2.
      const p = s[peer.key];
      const ratios = { speedup_relaxed: round(p.median / one.median, 2), speedup_min_relaxed: round(p.min / one.min, 2) };
      for (const c of contestants.filter((x) => x.rt && x.asked > 1)) {
        ratios[`speedup_relaxed_${c.asked}t`] = round(p.median / s[c.key].median, 2);
        ratios[`speedup_min_relaxed_${c.asked}t`] = round(p.min / s[c.key].min, 2);
      }
      emit({
        bench: name, runtime: host, peer: peer.key, threads: ortWeb.threads, unit, median: round(p.median), min: round(p.min), max: round(p.max),
        ...ratios, max_abs_diff_vs_ours: peer.diff,
      });
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
