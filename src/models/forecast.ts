// The forecasting API in one place (the `forecast` namespace of the package): the model, its
// training, and the baselines and metrics it is judged by.
export { Forecaster, checkConfig } from './forecaster.js';
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
