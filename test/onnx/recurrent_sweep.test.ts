// The recurrent attributes ONNX's conformance cases leave out (directions, sequence_lens, initial
// states, peepholes, activations with alpha/beta, clip, input_forget, linear_before_reset, output
// subsets, opset 7 and 14), each model run by rnn-wasm and by onnxruntime-node.
import { compareWithOrt } from './compare_ort.js';

compareWithOrt('LSTM/GRU/RNN attribute sweep against onnxruntime-node', 'sweep.json');
