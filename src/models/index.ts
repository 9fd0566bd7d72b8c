// rnn-wasm/models: reusable models built on the public API (like torchvision.models or
// keras.applications): the character language model and its truncated-BPTT trainer, the BiLSTM
// text classifier, their model files, and SVG pictures of training. A separate entry, so the
// inference entry stays small; its bundle imports the rest from 'rnn-wasm' (one runtime).
export { CharLM, CELLS, CHAR_LM_KIND, carryState, checkConfig, newCharModel, lossOn, bitsPerChar, drawFrom, sampleIds, sampleText } from './char_lm.js';
export type { CellName, CharLMConfig, CarriedState, SampleOptions } from './char_lm.js';
export { CharTrainer, splitText, activations } from './char_trainer.js';
export type { TrainConfig, Position } from './char_trainer.js';
export {
  TextClassifier, TEXT_CLASSIFIER_KIND, loadClassifier, encodeText, metrics, predict, fit, buildVocab, newClassifier,
} from './text_classifier.js';
export type { ClassifierConfig, Example, Metrics, FitOptions } from './text_classifier.js';
export { modelFile, readModelFile, restoreTraining } from './saved.js';
export type { Weights } from './saved.js';
export { lossCurveSvg, heatmapSvg, heatColor, smooth } from './svg.js';
export type { Series } from './svg.js';
