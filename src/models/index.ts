// rnn-wasm/models: reusable models built on the public API (like torchvision.models or
// keras.applications): the character language model and its truncated-BPTT trainer, the BiLSTM
// text classifier, the forecaster with its baselines and metrics, their model files, and SVG
// pictures of training and forecasts. A separate entry, so the inference entry stays small; its
// bundle imports the rest from 'rnn-wasm' (one runtime).
export { CharLM, CELLS, CHAR_LM_KIND, carryState, checkConfig, newCharModel, lossOn, bitsPerChar } from './char_lm.js';
export type { CellName, CharLMConfig, CarriedState } from './char_lm.js';
export { drawFrom, sampleIds, sampleText } from './char_sample.js';
export type { SampleOptions } from './char_sample.js';
export { CharTrainer, splitText, activations } from './char_trainer.js';
export type { TrainConfig, Position } from './char_trainer.js';
export {
  TextClassifier, TEXT_CLASSIFIER_KIND, loadClassifier, encodeText, metrics, predict, trainClassifier, buildVocab, newClassifier,
} from './text_classifier.js';
export type { ClassifierConfig, Example, Metrics, ClassifierTrainOptions } from './text_classifier.js';
export { modelFile, readModelFile, restoreTraining } from './saved.js';
export type { Weights } from './saved.js';
export { lossCurveSvg, heatmapSvg, heatColor, smooth } from './svg.js';
export type { Series } from './svg.js';
// The forecaster: model, training, baselines and metrics, chart.
export { Forecaster } from './forecaster.js';
export type { ForecasterConfig, ForecastCell, ForecastMode } from './forecaster.js';
export { ForecastModel } from './forecast_model.js';
export type { Intervals, Prepared, ForecastResult } from './forecast_model.js';
export { trainForecaster, seasonalNaiveWindows, windowMetrics } from './forecast_train.js';
export type { TrainForecasterOptions, TrainedForecaster, ForecastMetrics } from './forecast_train.js';
export {
  naiveForecast, seasonalNaiveForecast, mae, rmse, smape, mase, seasonalNaiveScale, coverage, autocorrelation, inferSeason, rollingOrigin,
} from './forecast_metrics.js';
export type { RollingResult } from './forecast_metrics.js';
export { forecastSvg } from './forecast_chart.js';
export type { ForecastChart } from './forecast_chart.js';
