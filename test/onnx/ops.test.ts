// Every glue op (and its attribute variants: broadcasting, axes, opsets, pads modes, Conv
// strides/pads/dilations/groups/auto_pad, If on shapes and on data) run by rnn-wasm and by
// onnxruntime-node on the same inputs.
import { compareWithOrt } from './compare_ort.js';

compareWithOrt('glue ops against onnxruntime-node', 'ops.json');
