// Fused gru gate kernels (forward step and backward), owned by the recurrent-layers work.
export function gru_kernels_pending(): i32 {
  return 0;
}
