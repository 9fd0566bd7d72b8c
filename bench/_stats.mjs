// Timing helpers shared by the benchmarks.

/** Runs fn `warmup` times, then `reps` timed times; returns ms per call: median, min, max. */
export function timeIt(fn, { warmup = 3, reps = 15, minMs = 0 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  let total = 0;
  while (times.length < reps || total < minMs) {
    const t0 = performance.now();
    fn();
    const dt = performance.now() - t0;
    times.push(dt);
    total += dt;
  }
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1], min: times[0], max: times[times.length - 1] };
}

/** Async variant for APIs that return promises. */
export async function timeItAsync(fn, { warmup = 3, reps = 15 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1], min: times[0], max: times[times.length - 1] };
}

export function emit(obj) {
  console.log(JSON.stringify(obj));
}

export const round = (x, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
