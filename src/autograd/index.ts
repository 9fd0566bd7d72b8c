// The autograd layer's public surface: tape control and the differentiable ops.
export { noGrad, isGradEnabled, setDebugNonFinite, tapeLength, clearTape, needsGrad } from './tape.js';
export { backward } from './backward.js';
export { track } from './records.js';
export type { BackwardContext } from './tape.js';
export type { OpRecord, Reduction } from './records.js';
export { linear, matmul, add, sub, mul, scale, sum, mean, tanh, sigmoid, relu, softmax, logSoftmax, dropout } from './ops.js';
export type { ReduceOptions } from './ops.js';
export { reshape, transpose, concat, slice, gather } from './shape_ops.js';
export { conv1d, conv1dGeometry } from './conv.js';
export type { Conv1dOptions, Conv1dPadding, Conv1dGeometry } from './conv.js';
