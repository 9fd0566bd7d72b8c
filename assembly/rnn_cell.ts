// Fused rnn_cell gate kernels (forward step and backward), owned by the recurrent-layers work.
export function rnn_cell_kernels_pending(): i32 {
  return 0;
}
