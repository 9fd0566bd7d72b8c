// Entry of the kernel module: every export the host calls. One source, three builds
// (scalar, SIMD, relaxed SIMD); the un-suffixed names dispatch at compile time on
// ASC_FEATURE_SIMD / ASC_FEATURE_RELAXED_SIMD, the `_ref` names are the scalar oracles.
// Naming and folder rules: README.md. scripts/build.mjs reads the `from` lines below for the
// release entry (no `_ref`, no `bench_`, and no line marked `not in release`).
export * from './common/heap';
export * from './gemm/gemm';
export * from './gemm/gemm_packed';
export * from './gemm/bench_peak'; // not in release: the benchmark's peak loop (bench/gemm.mjs)
export * from './elementwise/elementwise';
export * from './elementwise/activations';
export * from './elementwise/exp'; // not in release: no library caller, the tests pin the exp softmax inlines
export * from './layout/rows';
export * from './layout/transpose';
export * from './layout/copy_block';
export * from './reduce/reduce';
export * from './reduce/sum_dim';
export * from './loss/softmax';
export * from './loss/cross_entropy';
export * from './optim/step';
export * from './recurrent/lstm';
export * from './recurrent/lstm_peephole';
export * from './recurrent/gru';
export * from './recurrent/gru_reset_before';
export * from './recurrent/rnn';
export * from './conv/conv1d';
export * from './int8/quantize';
export * from './int8/gemm';
export * from './int8/cells';
export * from './int8/sequence';
