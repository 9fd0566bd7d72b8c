// Fused lstm gate kernels (forward step and backward), owned by the recurrent-layers work.
export function lstm_kernels_pending(): i32 {
  return 0;
}
