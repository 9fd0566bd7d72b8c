# Generates the ONNX test fixtures (run with Debian's python3-onnx: /usr/bin/python3):
#  - test/fixtures/onnx/conformance.json: ONNX's own backend conformance cases for LSTM, GRU and
#    RNN (onnx/backend/test/case/node/{lstm,gru,rnn}.py), each a model plus its inputs and outputs;
#  - test/fixtures/onnx/sweep.json: models over the recurrent attributes (directions, layouts,
#    activations with alpha/beta, clip, input_forget, linear_before_reset, sequence_lens,
#    initial states, peepholes, output subsets) with inputs; test/onnx compares them with
#    onnxruntime-node, so the tests themselves need no Python.
import base64, json, os, sys
import numpy as np
import onnx
from onnx import helper, TensorProto
import onnx.backend.test.case.node as nodecases
from onnx.backend.test.case.node import lstm, gru, rnn

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'onnx')

def arr(a):
    a = np.asarray(a)
    dt = {np.dtype('float32'): 'float32', np.dtype('int32'): 'int32', np.dtype('int64'): 'int64'}[a.dtype]
    return {'dtype': dt, 'shape': list(a.shape), 'data': a.flatten().tolist()}

def conformance():
    np.random.seed(0)
    for mod, cls in ((lstm, 'LSTM'), (gru, 'GRU'), (rnn, 'RNN')):
        c = getattr(mod, cls)
        for name in dir(c):
            if name.startswith('export'):
                getattr(c, name)()
    cases, seen = [], set()
    for tc in nodecases._NodeTestCases:
        if tc.name in seen:  # each class's export() also runs its export_* methods
            continue
        seen.add(tc.name)
        model = tc.model
        (inputs, outputs) = tc.data_sets[0]
        ins = [i.name for i in model.graph.input]
        outs = [o.name for o in model.graph.output]
        cases.append({
            'name': tc.name,
            'model': base64.b64encode(model.SerializeToString()).decode(),
            'inputs': {n: arr(a) for n, a in zip(ins, inputs)},
            'outputs': {n: arr(a) for n, a in zip(outs, outputs)},
            'rtol': tc.rtol, 'atol': tc.atol,
        })
    return cases

def rec_model(op, opset, T, B, I, H, D, attrs, inputs_present, outputs_present, layout=0, seed=0):
    rng = np.random.RandomState(seed)
    G = {'LSTM': 4, 'GRU': 3, 'RNN': 1}[op] * H
    X = rng.randn(*( (T, B, I) if layout == 0 else (B, T, I) )).astype(np.float32)
    vals = {
        'X': X,
        'W': (rng.randn(D, G, I) * 0.5).astype(np.float32),
        'R': (rng.randn(D, G, H) * 0.5).astype(np.float32),
        'B': (rng.randn(D, 2 * G) * 0.3).astype(np.float32),
        'sequence_lens': rng.randint(1, T + 1, size=B).astype(np.int32),
        'initial_h': (rng.randn(*((D, B, H) if layout == 0 else (B, D, H))) * 0.5).astype(np.float32),
        'initial_c': (rng.randn(*((D, B, H) if layout == 0 else (B, D, H))) * 0.5).astype(np.float32),
        'P': (rng.randn(D, 3 * H) * 0.3).astype(np.float32),
    }
    order = ['X', 'W', 'R', 'B', 'sequence_lens', 'initial_h', 'initial_c', 'P'][: {'LSTM': 8, 'GRU': 6, 'RNN': 6}[op]]
    node_in = [n if n in inputs_present else '' for n in order]
    while node_in and node_in[-1] == '':
        node_in.pop()
    out_names = ['Y', 'Y_h', 'Y_c'][: 3 if op == 'LSTM' else 2]
    node_out = [n if n in outputs_present else '' for n in out_names]
    while node_out and node_out[-1] == '':
        node_out.pop()
    node = helper.make_node(op, node_in, node_out, hidden_size=H, layout=layout, **attrs) if opset >= 14 else helper.make_node(op, node_in, node_out, hidden_size=H, **attrs)
    def vi(n, a):
        return helper.make_tensor_value_info(n, TensorProto.INT32 if a.dtype == np.int32 else TensorProto.FLOAT, list(a.shape))
    graph_inputs = [vi(n, vals[n]) for n in node_in if n]
    graph_outputs = [helper.make_tensor_value_info(n, TensorProto.FLOAT, ['?'] * (4 if n == 'Y' else 3)) for n in node_out if n]
    g = helper.make_graph([node], 'rec', graph_inputs, graph_outputs)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid('', opset)])
    m.ir_version = 7
    return m, {n: vals[n] for n in node_in if n}

def sweep():
    cases = []
    def add(name, op, opset=14, T=5, B=3, I=4, H=6, D=1, attrs=None, ins=('X', 'W', 'R', 'B'), outs=('Y', 'Y_h', 'Y_c'), layout=0, seed=0):
        m, feeds = rec_model(op, opset, T, B, I, H, D, attrs or {}, set(ins), set(outs), layout, seed)
        onnx.checker.check_model(m)
        cases.append({'name': name, 'model': base64.b64encode(m.SerializeToString()).decode(), 'inputs': {n: arr(a) for n, a in feeds.items()}})
    full = ('X', 'W', 'R', 'B', 'sequence_lens', 'initial_h', 'initial_c')
    for op in ('LSTM', 'GRU', 'RNN'):
        for direction in ('forward', 'reverse', 'bidirectional'):
            D = 2 if direction == 'bidirectional' else 1
            add(f'{op}_{direction}', op, D=D, attrs={'direction': direction})
            add(f'{op}_{direction}_lens_states', op, D=D, attrs={'direction': direction}, ins=full, seed=1)
        add(f'{op}_no_bias', op, ins=('X', 'W', 'R'))
        add(f'{op}_only_Y_h', op, outs=('Y_h',))
        add(f'{op}_only_Y', op, outs=('Y',), opset=7)
        add(f'{op}_T1_B1', op, T=1, B=1, ins=('X', 'W', 'R', 'B', '', 'initial_h', 'initial_c'))
        add(f'{op}_clip', op, attrs={'clip': 0.7, 'direction': 'bidirectional'}, D=2, seed=2)
    # activations with alpha/beta
    add('LSTM_hardsigmoid', 'LSTM', attrs={'activations': ['HardSigmoid', 'Tanh', 'Tanh']})
    add('LSTM_acts_alpha', 'LSTM', attrs={'activations': ['HardSigmoid', 'LeakyRelu', 'ScaledTanh'], 'activation_alpha': [0.3, 0.05, 0.9], 'activation_beta': [0.4, 1.1]})
    add('LSTM_acts_bidir_mixed', 'LSTM', D=2, attrs={'direction': 'bidirectional', 'activations': ['Sigmoid', 'Tanh', 'Tanh', 'Sigmoid', 'Softsign', 'Elu'], 'activation_alpha': [0.8]})
    add('LSTM_input_forget', 'LSTM', attrs={'input_forget': 1}, ins=full)
    add('LSTM_peepholes', 'LSTM', ins=full + ('P',), D=2, attrs={'direction': 'bidirectional'}, seed=3)
    add('LSTM_peepholes_hard', 'LSTM', ins=full + ('P',), attrs={'activations': ['HardSigmoid', 'Tanh', 'Tanh']}, seed=4)
    add('GRU_lbr1', 'GRU', attrs={'linear_before_reset': 1, 'direction': 'bidirectional'}, ins=full, D=2, seed=5)
    add('GRU_lbr1_reverse', 'GRU', attrs={'linear_before_reset': 1, 'direction': 'reverse'}, ins=full, seed=6)
    add('GRU_hardsigmoid', 'GRU', attrs={'activations': ['HardSigmoid', 'Tanh']}, ins=full)
    add('GRU_acts', 'GRU', attrs={'activations': ['Sigmoid', 'Softplus'], 'linear_before_reset': 1})
    add('GRU_acts_affine', 'GRU', attrs={'activations': ['HardSigmoid', 'Affine'], 'activation_alpha': [0.25, 0.7], 'activation_beta': [0.45, 0.1]})
    add('RNN_relu', 'RNN', attrs={'activations': ['Relu']}, ins=full, D=1)
    add('RNN_relu_bidir', 'RNN', attrs={'activations': ['Relu', 'Relu'], 'direction': 'bidirectional'}, D=2, ins=full)
    add('RNN_thresholded', 'RNN', attrs={'activations': ['ThresholdedRelu'], 'activation_alpha': [0.2]})
    add('RNN_sigmoid', 'RNN', attrs={'activations': ['Sigmoid']}, ins=full)
    return cases

if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    c = conformance()
    json.dump(c, open(os.path.join(OUT, 'conformance.json'), 'w'))
    s = sweep()
    json.dump(s, open(os.path.join(OUT, 'sweep.json'), 'w'))
    print(len(c), 'conformance cases:', ', '.join(x['name'] for x in c))
    print(len(s), 'sweep cases')
