// Shared scalar helpers of the recurrent gate kernels (lstm.ts, gru.ts, rnn_cell.ts): not exported.
// Step masking: lens (i32[B], or 0 for "all rows active") and the scan step s; row b is
// processed at step s only when s < lens[b] (golden README 4.4: padded steps are never processed).

// f64 then one rounding: the accuracy the golden fixtures need (tolerance 1e-4, margin ~50x).
@inline export function sigm(x: f32): f32 {
  const d = <f64>x;
  return <f32>(d >= 0 ? 1.0 / (1.0 + Math.exp(-d)) : Math.exp(d) / (1.0 + Math.exp(d)));
}
@inline export function tanh32(x: f32): f32 {
  return <f32>Math.tanh(<f64>x);
}
@inline export function rowActive(lens: usize, s: i32, b: i32): bool {
  return lens == 0 || s < load<i32>(lens + (<usize>b << 2));
}
