// Entry of the kernel module: every export the host calls. One source, three builds
// (scalar, SIMD, relaxed SIMD); the un-suffixed names dispatch at compile time on
// ASC_FEATURE_SIMD / ASC_FEATURE_RELAXED_SIMD, the `_ref` names are the scalar oracles.
export * from './heap';
export * from './gemm';
export * from './gemm_packed';
export * from './bench_peak';
export * from './elementwise';
export * from './activations';
export * from './reduce';
export * from './softmax';
export * from './loss';
export * from './optim';
export * from './lstm';
export * from './gru';
export * from './rnn_cell';
export * from './recurrent_rows';
export * from './autograd_kernels';
export * from './lstm_peephole';
export * from './gru_reset_before';
export * from './int8/quantize';
export * from './int8/gemm';
