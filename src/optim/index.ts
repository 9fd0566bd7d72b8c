// The `optim` namespace: optimizers, clipping and learning-rate schedules.
export { Optimizer } from './optimizer.js';
export type { BaseOptions, OptimizerState } from './optimizer.js';
export { SGD } from './sgd.js';
export type { SGDOptions } from './sgd.js';
export { Adam, AdamW } from './adam.js';
export type { AdamOptions } from './adam.js';
export { RMSprop } from './rmsprop.js';
export type { RMSpropOptions } from './rmsprop.js';
export { clipGradNorm, clipGradValue } from './clip.js';
export { LRScheduler, StepLR, CosineAnnealingLR } from './scheduler.js';
export { fit, evaluateLoss } from './fit.js';
export type { FitOptions, History, StepInfo, EpochInfo, EarlyStoppingOptions, PlateauOptions, BatchSource, StopReason, Trainable } from './fit.js';
