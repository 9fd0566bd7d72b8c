// int8 dynamic quantization (inference): quantizeDynamic and the modules it returns.
export { quantizeDynamic, type QuantizeDynamicOptions, type Quantizable, type QuantizableModel, type QuantizeChild } from './quantize.js';
export { QuantizedLinear } from './linear.js';
export { QuantizedRecurrent, type QuantizedRecurrentConfig } from './recurrent.js';
export { QuantizedModule } from './module.js';
export { relaxedDotTrusted, int8Path, int8Mode } from './kernels.js';
