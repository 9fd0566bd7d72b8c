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
import onnx.numpy_helper
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
        add(f'{op}_T1_bidir_B3', op, T=1, B=3, D=2, attrs={'direction': 'bidirectional'}, ins=full, seed=7)
        add(f'{op}_T1_reverse_nobias', op, T=1, B=2, attrs={'direction': 'reverse'}, ins=('X', 'W', 'R', '', '', 'initial_h'), seed=8)
        add(f'{op}_clip', op, attrs={'clip': 0.7, 'direction': 'bidirectional'}, D=2, seed=2)
    # activations with alpha/beta
    add('LSTM_hardsigmoid', 'LSTM', attrs={'activations': ['HardSigmoid', 'Tanh', 'Tanh']})
    add('LSTM_acts_alpha', 'LSTM', attrs={'activations': ['HardSigmoid', 'LeakyRelu', 'ScaledTanh'], 'activation_alpha': [0.3, 0.05, 0.9], 'activation_beta': [0.4, 1.1]})
    add('LSTM_acts_bidir_mixed', 'LSTM', D=2, attrs={'direction': 'bidirectional', 'activations': ['Sigmoid', 'Tanh', 'Tanh', 'Sigmoid', 'Softsign', 'Elu'], 'activation_alpha': [0.8]})
    add('LSTM_input_forget', 'LSTM', attrs={'input_forget': 1}, ins=full)
    add('LSTM_peepholes', 'LSTM', ins=full + ('P',), D=2, attrs={'direction': 'bidirectional'}, seed=3)
    add('LSTM_peepholes_hard', 'LSTM', ins=full + ('P',), attrs={'activations': ['HardSigmoid', 'Tanh', 'Tanh']}, seed=4)
    add('LSTM_peepholes_T1', 'LSTM', T=1, B=2, ins=full + ('P',), seed=9)
    add('GRU_lbr1_T1', 'GRU', T=1, B=2, attrs={'linear_before_reset': 1}, ins=full, seed=10)
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

def glue():
    # One small graph per glue op (and attribute variant), run by test/onnx/ops.test.ts with
    # rnn-wasm and onnxruntime-node. Inputs named in `feeds` are fed; the rest are initializers.
    F, I64 = TensorProto.FLOAT, TensorProto.INT64
    rng = np.random.RandomState(7)
    cases = []
    def add(name, nodes, feeds, inits=None, opset=17, outputs=('y',)):
        inits = inits or {}
        def vi(n, a):
            return helper.make_tensor_value_info(n, {np.float32: F, np.int64: I64, np.bool_: TensorProto.BOOL}[a.dtype.type], list(a.shape))
        g = helper.make_graph(nodes, name, [vi(n, a) for n, a in feeds.items()],
                              [helper.make_tensor_value_info(o, F, None) for o in outputs],
                              initializer=[onnx.numpy_helper.from_array(a, n) for n, a in inits.items()])
        m = helper.make_model(g, opset_imports=[helper.make_opsetid('', opset)])
        m.ir_version = 8
        cases.append({'name': name, 'model': base64.b64encode(m.SerializeToString()).decode(), 'inputs': {n: arr(a) for n, a in feeds.items()}})
    r = lambda *s: rng.randn(*s).astype(np.float32)
    i64 = lambda *v: np.array(v, dtype=np.int64)
    N = helper.make_node
    x = r(2, 3, 5)
    for op in ('Add', 'Sub', 'Mul', 'Div'):
        add(op + '_same', [N(op, ['x', 'b'], ['y'])], {'x': x, 'b': r(2, 3, 5)})
        add(op + '_bcast', [N(op, ['x', 'b'], ['y'])], {'x': x}, {'b': r(3, 1)})
        add(op + '_scalar', [N(op, ['x', 'b'], ['y'])], {'x': x}, {'b': np.array(1.7, np.float32)})
    add('Pow_2', [N('Pow', ['x', 'b'], ['y'])], {'x': x}, {'b': np.array(2.0, np.float32)})
    add('Pow_general', [N('Pow', ['a', 'b'], ['y'])], {'a': np.abs(x) + 0.1}, {'b': np.array(1.3, np.float32)})
    for op in ('Sqrt', 'Log'):
        add(op, [N(op, ['a'], ['y'])], {'a': np.abs(x) + 0.1})
    for op in ('Neg', 'Relu', 'Sigmoid', 'Tanh'):
        add(op, [N(op, ['x'], ['y'])], {'x': x * 3})
    add('Softmax_last', [N('Softmax', ['x'], ['y'])], {'x': x})
    add('Softmax_axis1', [N('Softmax', ['x'], ['y'], axis=1)], {'x': x})
    add('Softmax_opset11', [N('Softmax', ['x'], ['y'], axis=1)], {'x': x}, opset=11)
    add('ReduceMean_axes', [N('ReduceMean', ['x'], ['y'], axes=[0, 2], keepdims=1)], {'x': x})
    add('ReduceMean_all', [N('ReduceMean', ['x'], ['y'], keepdims=0)], {'x': x})
    add('ReduceMean_opset18', [N('ReduceMean', ['x', 'ax'], ['y'], keepdims=0)], {'x': x}, {'ax': i64(-1)}, opset=18)
    add('MatMul_2d', [N('MatMul', ['a', 'b'], ['y'])], {'a': r(4, 6)}, {'b': r(6, 5)})
    add('MatMul_batched', [N('MatMul', ['a', 'b'], ['y'])], {'a': r(2, 3, 4, 6)}, {'b': r(3, 6, 5)})
    add('MatMul_shared', [N('MatMul', ['a', 'b'], ['y'])], {'a': r(2, 3, 6)}, {'b': r(6, 5)})
    add('MatMul_vec', [N('MatMul', ['a', 'b'], ['y'])], {'a': r(6)}, {'b': r(2, 6, 5)})
    add('Gemm_bias', [N('Gemm', ['a', 'b', 'c'], ['y'], transB=1)], {'a': r(4, 6)}, {'b': r(5, 6), 'c': r(5)})
    add('Gemm_alpha_beta', [N('Gemm', ['a', 'b', 'c'], ['y'], transA=1, alpha=0.5, beta=2.0)], {'a': r(6, 4)}, {'b': r(6, 5), 'c': r(4, 1)})
    add('Conv_basic', [N('Conv', ['x', 'w', 'b'], ['y'])], {'x': r(2, 3, 11)}, {'w': r(4, 3, 3), 'b': r(4)})
    add('Conv_stride_pad_dil', [N('Conv', ['x', 'w', 'b'], ['y'], strides=[2], pads=[3, 1], dilations=[2])], {'x': r(1, 4, 17)}, {'w': r(6, 4, 3), 'b': r(6)})
    add('Conv_groups', [N('Conv', ['x', 'w'], ['y'], group=2, pads=[1, 1])], {'x': r(1, 4, 9)}, {'w': r(6, 2, 3)})
    add('Conv_depthwise_same', [N('Conv', ['x', 'w', 'b'], ['y'], group=4, auto_pad='SAME_UPPER', kernel_shape=[4])], {'x': r(1, 4, 9)}, {'w': r(4, 1, 4), 'b': r(4)})
    add('Transpose', [N('Transpose', ['x'], ['y'], perm=[2, 0, 1])], {'x': x})
    add('Slice_steps', [N('Slice', ['x', 's', 'e', 'a', 'st'], ['y'])], {'x': x}, {'s': i64(4, 0), 'e': i64(-100, 9223372036854775807), 'a': i64(2, 1), 'st': i64(-2, 2)})
    add('Slice_opset9', [N('Slice', ['x'], ['y'], starts=[1], ends=[3], axes=[2])], {'x': x}, opset=9)
    add('Concat_Gather', [N('Gather', ['x', 'i'], ['g'], axis=2), N('Concat', ['g', 'x'], ['y'], axis=2)], {'x': x}, {'i': i64(4, 0, -1)})
    add('Pad_constant', [N('Pad', ['x', 'p', 'v'], ['y'])], {'x': x}, {'p': i64(0, 1, 2, 0, 0, 3), 'v': np.array(0.5, np.float32)})
    add('Pad_reflect', [N('Pad', ['x', 'p'], ['y'], mode='reflect')], {'x': x}, {'p': i64(0, 0, 3, 0, 0, 2)})
    add('Pad_edge', [N('Pad', ['x', 'p'], ['y'], mode='edge')], {'x': x}, {'p': i64(0, 2, 1, 0, 1, 2)})
    add('Expand', [N('Expand', ['a', 's'], ['y'])], {'a': r(3, 1)}, {'s': i64(2, 3, 4)})
    add('Shape_Reshape', [N('Shape', ['x'], ['s'], start=1), N('ReduceMean', ['x'], ['m'], axes=[0], keepdims=0), N('Reshape', ['m', 's'], ['y'])], {'x': x})
    add('Reshape_neg', [N('Reshape', ['x', 's'], ['y'])], {'x': x}, {'s': i64(0, -1)})
    add('Squeeze_Unsqueeze', [N('Unsqueeze', ['x', 'a'], ['u']), N('Squeeze', ['u', 'a'], ['y'])], {'x': x}, {'a': i64(1, -1)})
    add('ConstantOfShape_Size_Cast', [N('Size', ['x'], ['n']), N('Unsqueeze', ['n', 'z'], ['n1']), N('ConstantOfShape', ['n1'], ['c'], value=helper.make_tensor('v', F, [1], [2.5])),
        N('Reshape', ['x', 'm1'], ['xf']), N('Mul', ['xf', 'c'], ['y'])], {'x': x}, {'z': i64(0), 'm1': i64(-1)})
    add('Cast_Equal_Not_If', [N('ReduceMean', ['x'], ['m'], keepdims=0), N('Cast', ['x'], ['xi'], to=TensorProto.INT64),
        N('Shape', ['x'], ['s']), N('Gather', ['s', 'zero'], ['s0']), N('Equal', ['s0', 'two'], ['eq']), N('Not', ['eq'], ['ne']),
        N('If', ['ne'], ['y'], then_branch=helper.make_graph([N('Neg', ['x'], ['t'])], 't', [], [helper.make_tensor_value_info('t', F, None)]),
          else_branch=helper.make_graph([N('Sigmoid', ['x'], ['e'])], 'e', [], [helper.make_tensor_value_info('e', F, None)]))],
        {'x': x}, {'zero': i64(0), 'two': i64(2)})
    add('If_on_data', [N('ReduceMean', ['x'], ['m'], keepdims=0), N('Constant', [], ['zf'], value=helper.make_tensor('zf', F, [], [0.0])),
        N('Cast', ['m'], ['mb'], to=TensorProto.BOOL),
        N('If', ['mb'], ['y'], then_branch=helper.make_graph([N('Tanh', ['x'], ['t'])], 't', [], [helper.make_tensor_value_info('t', F, None)]),
          else_branch=helper.make_graph([N('Relu', ['x'], ['e'])], 'e', [], [helper.make_tensor_value_info('e', F, None)]))], {'x': x})
    add('Identity_multi_out', [N('Identity', ['x'], ['y']), N('Relu', ['x'], ['z'])], {'x': x}, outputs=('y', 'z'))
    return cases

def hostile():
    # Files that must fail at import with a FormatError whose message matches `expect`.
    F = TensorProto.FLOAT
    cases = []
    def add(name, model, expect, check=False):
        if check:
            onnx.checker.check_model(model)
        cases.append({'name': name, 'model': base64.b64encode(model.SerializeToString()).decode(), 'expect': expect})
    def model(nodes, inputs, outputs, inits=(), opset=14):
        g = helper.make_graph(nodes, 'h', inputs, outputs, initializer=list(inits))
        m = helper.make_model(g, opset_imports=[helper.make_opsetid('', opset)])
        m.ir_version = 7
        return m
    x = helper.make_tensor_value_info('x', F, [2, 3])
    y = helper.make_tensor_value_info('y', F, [2, 3])
    # a weight that declares 2^40 elements but holds 4 bytes
    big = TensorProto(); big.name = 'w'; big.data_type = F; big.dims.extend([1 << 20, 1 << 20]); big.float_data.append(1.0)
    add('huge_declared_dims', model([helper.make_node('Add', ['x', 'w'], ['y'])], [x], [y], [big]), 'declares|too many')
    raw = TensorProto(); raw.name = 'w'; raw.data_type = F; raw.dims.extend([1 << 30, 3]); raw.raw_data = b'\0' * 12
    add('huge_dims_raw', model([helper.make_node('Add', ['x', 'w'], ['y'])], [x], [y], [raw]), 'declares')
    add('cycle', model([helper.make_node('Relu', ['b'], ['a'], name='n1'), helper.make_node('Relu', ['a'], ['b'], name='n2'), helper.make_node('Add', ['x', 'b'], ['y'], name='n3')], [x], [y]), 'cycle')
    add('missing_initializer', model([helper.make_node('Add', ['x', 'w_missing'], ['y'], name='add0')], [x], [y]), "reads 'w_missing'")
    add('unsupported_ops', model([
        helper.make_node('Loop', ['', ''], ['l'], name='loop0', body=helper.make_graph([], 'b', [], [])),
        helper.make_node('Scan', ['x'], ['s'], name='scan0', num_scan_inputs=1, body=helper.make_graph([], 'b', [], [])),
        helper.make_node('Erf', ['x'], ['e1'], name='erf0'), helper.make_node('Erf', ['x'], ['y'], name='erf1')], [x], [y]), 'unsupported operators: Loop \\(loop0\\); Scan \\(scan0\\); Erf \\(erf0, erf1\\)')
    # If nested 40 deep
    inner = helper.make_graph([helper.make_node('Identity', ['x'], ['o0'])], 'g0', [], [helper.make_tensor_value_info('o0', F, [2, 3])])
    for d in range(1, 40):
        leaf = helper.make_graph([helper.make_node('Identity', ['x'], [f'e{d}'])], f'e{d}', [], [helper.make_tensor_value_info(f'e{d}', F, [2, 3])])
        inner = helper.make_graph([helper.make_node('If', ['c'], [f'o{d}'], then_branch=inner, else_branch=leaf)], f'g{d}', [], [helper.make_tensor_value_info(f'o{d}', F, [2, 3])])
    c = helper.make_tensor_value_info('c', TensorProto.BOOL, [])
    add('deep_if', model([helper.make_node('If', ['c'], ['y'], then_branch=inner, else_branch=leaf)], [x, c], [y]), 'nest deeper')
    t = TensorProto(); t.name = 'w'; t.data_type = 14; t.dims.extend([1]); t.raw_data = b'\0' * 8
    add('wrong_dtype', model([helper.make_node('Add', ['x', 'w'], ['y'])], [x], [y], [t]), 'data type 14')
    ext = TensorProto(); ext.name = 'w'; ext.data_type = F; ext.dims.extend([2, 3]); ext.data_location = TensorProto.EXTERNAL
    e1 = ext.external_data.add(); e1.key = 'location'; e1.value = 'weights.bin'
    e2 = ext.external_data.add(); e2.key = 'offset'; e2.value = '8'
    e3 = ext.external_data.add(); e3.key = 'length'; e3.value = '24'
    add('external_data', model([helper.make_node('Add', ['x', 'w'], ['y'])], [x], [y], [ext]), "external file 'weights.bin'")
    lstm_bad = model([helper.make_node('LSTM', ['x3', 'W', 'R'], ['', 'y'], hidden_size=2, direction='sideways')],
        [helper.make_tensor_value_info('x3', F, [1, 1, 2])], [y],
        [helper.make_tensor('W', F, [1, 8, 2], [0.0] * 16), helper.make_tensor('R', F, [1, 8, 2], [0.0] * 16)])
    add('lstm_bad_direction', lstm_bad, "direction 'sideways'")
    add('opset_too_old', model([helper.make_node('Relu', ['x'], ['y'])], [x], [y], opset=5), 'opsets 7 to 22')
    add('duplicate_output', model([helper.make_node('Relu', ['x'], ['y']), helper.make_node('Relu', ['x'], ['y'])], [x], [y]), 'produced twice')
    return cases

if __name__ == '__main__':
    json.dump(glue(), open(os.path.join(OUT, 'ops.json'), 'w'))
    json.dump(hostile(), open(os.path.join(OUT, 'hostile.json'), 'w'))
    os.makedirs(OUT, exist_ok=True)
    c = conformance()
    json.dump(c, open(os.path.join(OUT, 'conformance.json'), 'w'))
    s = sweep()
    json.dump(s, open(os.path.join(OUT, 'sweep.json'), 'w'))
    print(len(c), 'conformance cases:', ', '.join(x['name'] for x in c))
    print(len(s), 'sweep cases')
