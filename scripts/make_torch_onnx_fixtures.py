# Generates test/fixtures/onnx/torch/: models exported by torch.onnx.export (PyTorch 1.13, run with
# Debian's /usr/bin/python3) from the golden module set (../shared/golden/*.json: same modules,
# same weights, same inputs), plus time-major variants, dynamic axes run at a second shape, and
# the benchmark's W2 LSTM (B 1, T 128, I 64, H 256). Each case is one .onnx file; cases.json holds
# the feeds and PyTorch's float32 outputs (base64 little-endian) for test/onnx/torch_export.test.ts,
# so the tests need no Python.
import base64, io, json, os, sys, warnings
import numpy as np
import torch
import onnx
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

warnings.filterwarnings('ignore')
HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, '..', '..', '..', 'shared', 'golden')
if not os.path.isdir(GOLDEN):
    GOLDEN = '/work/shared/golden'
OUT = os.path.join(HERE, '..', 'test', 'fixtures', 'onnx', 'torch')
torch.set_num_threads(1)


def enc(a):
    a = np.ascontiguousarray(a)
    dt = {np.dtype('float32'): 'float32', np.dtype('int64'): 'int64', np.dtype('int32'): 'int32'}[a.dtype]
    return {'dtype': dt, 'shape': list(a.shape), 'b64': base64.b64encode(a.astype(a.dtype.newbyteorder('<')).tobytes()).decode()}


def t(g):
    """A golden tensor as a torch tensor (float32 exactly; int32 -> int64 as torch wants)."""
    a = np.array(g['data'], dtype=np.float32 if g['dtype'] == 'float32' else np.int64).reshape(g['shape'])
    return torch.from_numpy(a)


def golden(name):
    with open(os.path.join(GOLDEN, name + '.json')) as f:
        return json.load(f)


class Rec(torch.nn.Module):
    """One recurrent module with optional initial state and optional packing, as users write it."""

    def __init__(self, cell, I, H, L, bidir, bias=True, nonlinearity='tanh', batch_first=True, packed=False, init=False, enforce_sorted=True):
        super().__init__()
        kw = dict(num_layers=L, bidirectional=bidir, bias=bias, batch_first=batch_first)
        if cell == 'rnn':
            self.rnn = torch.nn.RNN(I, H, nonlinearity=nonlinearity, **kw)
        else:
            self.rnn = (torch.nn.LSTM if cell == 'lstm' else torch.nn.GRU)(I, H, **kw)
        self.cell, self.bf, self.packed, self.init, self.enforce_sorted = cell, batch_first, packed, init, enforce_sorted

    def forward(self, x, *rest):
        rest = list(rest)
        lengths = rest.pop(0) if self.packed else None
        state = None
        if self.init:
            state = (rest[0], rest[1]) if self.cell == 'lstm' else rest[0]
        if self.packed:
            T = x.shape[1] if self.bf else x.shape[0]
            p = pack_padded_sequence(x, lengths, batch_first=self.bf, enforce_sorted=self.enforce_sorted)
            o, s = self.rnn(p, state)
            y, _ = pad_packed_sequence(o, batch_first=self.bf, total_length=T)
        else:
            y, s = self.rnn(x, state)
        return (y, s[0], s[1]) if self.cell == 'lstm' else (y, s)


class Classifier(torch.nn.Module):
    """Golden case 10: Embedding -> BiLSTM -> concat(h_n fwd, h_n bwd) -> Linear."""

    def __init__(self, V, E, H, C):
        super().__init__()
        self.embedding = torch.nn.Embedding(V, E)
        self.lstm = torch.nn.LSTM(E, H, batch_first=True, bidirectional=True)
        self.linear = torch.nn.Linear(2 * H, C)

    def forward(self, tokens):
        y, (h, c) = self.lstm(self.embedding(tokens))
        return self.linear(torch.cat([h[0], h[1]], dim=1))


class CharLM(torch.nn.Module):
    """Golden case 11: Embedding -> LSTM -> Linear at every step."""

    def __init__(self, V, E, H):
        super().__init__()
        self.embedding = torch.nn.Embedding(V, E)
        self.lstm = torch.nn.LSTM(E, H, batch_first=True)
        self.linear = torch.nn.Linear(H, V)

    def forward(self, tokens):
        y, (h, c) = self.lstm(self.embedding(tokens))
        return self.linear(y), h, c


def load_params(module, params, prefix=''):
    sd = module.state_dict()
    with torch.no_grad():
        for k, v in params.items():
            assert tuple(sd[prefix + k].shape) == tuple(v['shape']), k
            sd[prefix + k].copy_(t(v))
    missing = set(sd) - {prefix + k for k in params}
    assert not missing, missing


def to_time_major(a):
    return a.transpose(0, 1).contiguous()


cases = []


def export(name, module, feed_sets, input_names, output_names, opset, dynamic=None, desc='', ref_sets=None):
    """Exports `module` with the first feed set; stores PyTorch's outputs for every feed set (or
    for `ref_sets` when given)."""
    module.eval()
    f = io.BytesIO()
    args = tuple(feed_sets[0][n] for n in input_names)
    torch.onnx.export(module, args, f, input_names=input_names, output_names=output_names,
                      opset_version=opset, dynamic_axes=dynamic, do_constant_folding=True)
    data = f.getvalue()
    m = onnx.load_from_string(data)
    onnx.checker.check_model(m)
    with open(os.path.join(OUT, name + '.onnx'), 'wb') as fh:
        fh.write(data)
    runs = []
    for feeds in (ref_sets or feed_sets):
        with torch.no_grad():
            outs = module(*(feeds[n] for n in input_names))
        outs = outs if isinstance(outs, tuple) else (outs,)
        runs.append({'inputs': {n: enc(feeds[n].numpy()) for n in input_names},
                     'outputs': {n: enc(o.numpy()) for n, o in zip(output_names, outs)}})
    cases.append({'name': name, 'file': name + '.onnx', 'opset': opset, 'description': desc,
                  'ops': sorted({n.op_type for n in m.graph.node}), 'runs': runs})
    print(f'{name}: {len(data)} bytes, opset {opset}, {len(runs)} run(s), ops {cases[-1]["ops"]}')


def rec_case(gname, opset, batch_first=True, dynamic=False, unsorted=False):
    g = golden(gname)
    c = g['config']
    mod = Rec(c['cell'], c['input_size'], c['hidden_size'], c['num_layers'], c['bidirectional'], c['bias'],
              c['nonlinearity'] or 'tanh', batch_first, c['packed'], c['has_initial_state'], not unsorted)
    load_params(mod.rnn, g['params'])
    ins = g['inputs']
    x = t(ins['x'])
    feeds = {'x': x if batch_first else to_time_major(x)}
    names = ['x']
    if c['packed']:
        # enforce_sorted=True: the batch reordered so lengths descend; unsorted (the golden order,
        # enforce_sorted=False): the export sorts with TopK and unsorts with ScatterElements
        lengths = t(ins['lengths'])
        order = torch.arange(len(lengths)) if unsorted else torch.argsort(lengths, descending=True, stable=True)
        feeds['lengths'] = lengths[order]
        feeds['x'] = (x[order] if batch_first else to_time_major(x[order]))
        names.append('lengths')
    else:
        order = None
    if c['has_initial_state']:
        for s in (['h0', 'c0'] if c['cell'] == 'lstm' else ['h0']):
            v = t(ins[s])
            feeds[s] = v[:, order] if order is not None else v
            names.append(s)
    outs = ['output', 'h_n', 'c_n'] if c['cell'] == 'lstm' else ['output', 'h_n']
    sets = [feeds]
    dyn = None
    if dynamic:
        bdim, tdim = (0, 1) if batch_first else (1, 0)
        dyn = {'x': {bdim: 'batch', tdim: 'time'}, 'output': {bdim: 'batch', tdim: 'time'},
               'h_n': {1: 'batch'}, 'c_n': {1: 'batch'}}
        for s in ('h0', 'c0'):
            if s in feeds:
                dyn[s] = {1: 'batch'}
        if 'lengths' in feeds:
            dyn['lengths'] = {0: 'batch'}
        # a second shape: batch 2, time 9, fresh seeded values
        gen = torch.Generator().manual_seed(1234)
        B2, T2 = 2, 9
        f2 = {}
        xs = (B2, T2, c['input_size']) if batch_first else (T2, B2, c['input_size'])
        f2['x'] = torch.randn(xs, generator=gen)
        if 'lengths' in feeds:
            f2['lengths'] = torch.tensor([T2, 5], dtype=torch.int64)
        for s in ('h0', 'c0'):
            if s in feeds:
                f2[s] = torch.randn((c['num_layers'] * c['num_directions'], B2, c['hidden_size']), generator=gen) * 0.5
        sets.append(f2)
    name = gname + ('' if batch_first else '_time_major') + ('_dynamic' if dynamic else '') + ('_unsorted' if unsorted else '')
    export(name, mod, sets, names, outs, opset, dyn, g['description'])


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    # the golden recurrent modules, batch-first as in the golden files, over several opsets
    opsets = {'01_rnn_tanh': 9, '02_rnn_relu_2layer': 11, '03_lstm': 14, '04_lstm_2layer': 13, '05_bilstm': 17,
              '06_bilstm_2layer_init': 14, '07_gru': 12, '08_bigru_2layer_init': 17, '09_lstm_packed': 14,
              '15_lstm_large': 14, '16_bilstm_packed_2layer': 13, '19_gru_nobias': 11}
    for gname, opset in opsets.items():
        rec_case(gname, opset)
    # time-major (batch_first=False) and dynamic batch/time axes
    for gname in ('01_rnn_tanh', '03_lstm', '06_bilstm_2layer_init', '08_bigru_2layer_init', '09_lstm_packed'):
        rec_case(gname, 14, batch_first=False)
    for gname in ('02_rnn_relu_2layer', '04_lstm_2layer', '05_bilstm', '06_bilstm_2layer_init', '07_gru',
                  '08_bigru_2layer_init', '09_lstm_packed', '16_bilstm_packed_2layer'):
        rec_case(gname, 14 if gname != '07_gru' else 17, dynamic=True)
    for gname in ('06_bilstm_2layer_init', '08_bigru_2layer_init'):
        rec_case(gname, 11, batch_first=False, dynamic=True)
    # packed with enforce_sorted=False, the golden lengths as they are (the exporter bakes the
    # batch size into its unsort constants, so these are static)
    rec_case('09_lstm_packed', 14, unsorted=True)
    rec_case('09_lstm_packed', 11, batch_first=False, unsorted=True)
    rec_case('16_bilstm_packed_2layer', 17, unsorted=True)
    # the golden models: Embedding (Gather on int64 tokens), recurrent, Linear
    g = golden('10_model_emb_bilstm_linear_ce')
    emb = g['params']['embedding.weight']['shape']
    m = Classifier(emb[0], emb[1], g['params']['lstm.weight_hh_l0']['shape'][1], g['params']['linear.weight']['shape'][0])
    load_params(m, g['params'])
    export('10_model_emb_bilstm_linear', m, [{'tokens': t(g['inputs']['tokens'])}], ['tokens'], ['logits'], 14,
           desc=g['description'])
    g = golden('11_model_charlm')
    emb = g['params']['embedding.weight']['shape']
    m = CharLM(emb[0], emb[1], g['params']['lstm.weight_hh_l0']['shape'][1])
    load_params(m, g['params'])
    tok = t(g['inputs']['tokens'])
    tok2 = torch.randint(0, emb[0], (1, 13), generator=torch.Generator().manual_seed(5))
    export('11_model_charlm_dynamic', m, [{'tokens': tok}, {'tokens': tok2}], ['tokens'], ['logits', 'h_n', 'c_n'], 14,
           dynamic={'tokens': {0: 'batch', 1: 'time'}, 'logits': {0: 'batch', 1: 'time'}, 'h_n': {1: 'batch'}, 'c_n': {1: 'batch'}},
           desc=g['description'])
    # the benchmark's W2 LSTM (bench/_rnn_peers.mjs 'lstm-infer-b1': B 1, T 128, I 64, H 256),
    # fresh seeded weights (PyTorch's default init), batch-first, zero initial state
    torch.manual_seed(2)
    w2 = Rec('lstm', 64, 256, 1, False)
    # batch and time exported as dynamic axes, as deployed models are; the bench runs it at T 128,
    # the stored reference is at T 16 (keeps the fixture small) and B 2
    gen = torch.Generator().manual_seed(3)
    x = torch.randn(1, 128, 64, generator=gen)
    x2 = torch.randn(2, 16, 64, generator=gen)
    export('w2_lstm_i64_h256', w2, [{'x': x}], ['x'], ['output', 'h_n', 'c_n'], 14,
           dynamic={'x': {0: 'batch', 1: 'time'}, 'output': {0: 'batch', 1: 'time'}, 'h_n': {1: 'batch'}, 'c_n': {1: 'batch'}},
           desc='W2: LSTM I 64, H 256 (bench: B 1, T 128), batch-first, PyTorch default init (seed 2)', ref_sets=[{'x': x2}])
    with open(os.path.join(OUT, 'cases.json'), 'w') as fh:
        json.dump({'generator': 'scripts/make_torch_onnx_fixtures.py', 'torch': torch.__version__,
                   'onnx': onnx.__version__, 'cases': cases}, fh, indent=1)
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print(f'{len(cases)} cases, {total} bytes in {OUT}')


if __name__ == '__main__':
    main()
