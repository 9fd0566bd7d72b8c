# Float64 reference for the Silero legacy (v4) model on test/fixtures/onnx/speech16k.wav: the graph
# evaluated in numpy float64 (a small interpreter over exactly the ops this model uses), frame by
# frame as test/onnx/silero.test.ts drives it (1536 samples, h and c carried). Writes
# test/fixtures/onnx/silero_legacy_f64.safetensors: per frame the output probability and h, c
# (rounded to float32 only when stored: 6e-8 relative, far below the float32 runs' differences).
# Run with /usr/bin/python3 (Debian's python3-onnx 1.12 and numpy); the tests never need Python.
import json
import struct
import sys
import wave

import numpy as np
import onnx
from onnx import helper, numpy_helper

# --stft-f32: instead of writing the fixture, run once more with only the STFT conv accumulated in
# float32 (its 256 products summed in order, as a float32 GEMM does) and print how far h, c and
# the output move from the float64 run: the whole float32-vs-exact gap of the state comes from there.
STFT_F32 = '--stft-f32' in sys.argv
ARGS = [a for a in sys.argv[1:] if a != '--stft-f32']
ROOT = ARGS[0] if ARGS else '.'
MODEL = f'{ROOT}/node_modules/@ricky0123/vad-web/dist/silero_vad_legacy.onnx'
WAV = f'{ROOT}/test/fixtures/onnx/speech16k.wav'
OUT = f'{ROOT}/test/fixtures/onnx/silero_legacy_f64.safetensors'


def attrs(node):
    return {a.name: (a.g if a.type == onnx.AttributeProto.GRAPH else helper.get_attribute_value(a)) for a in node.attribute}


def as64(a):
    a = np.asarray(a)
    return a.astype(np.float64) if a.dtype.kind == 'f' else a


def conv1d(x, w, b, a):
    # x (N, C, L), w (M, C/g, K): the definition, in float64
    g = a.get('group', 1)
    stride = a.get('strides', [1])[0]
    dil = a.get('dilations', [1])[0]
    pl, pr = a.get('pads', [0, 0])
    assert a.get('auto_pad', b'NOTSET') in (b'NOTSET', 'NOTSET')
    N, C, L = x.shape
    M, Cg, K = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pl, pr)))
    Lout = (L + pl + pr - dil * (K - 1) - 1) // stride + 1
    Mg = M // g
    y = np.zeros((N, M, Lout))
    for j in range(g):
        xs = xp[:, j * Cg:(j + 1) * Cg]
        cols = np.stack([xs[:, :, t * stride: t * stride + dil * (K - 1) + 1: dil] for t in range(Lout)], axis=1)  # (N, Lout, Cg, K)
        y[:, j * Mg:(j + 1) * Mg] = np.einsum('ntck,mck->nmt', cols, w[j * Mg:(j + 1) * Mg])
    if b is not None:
        y += b[None, :, None]
    return y


def conv1d_stft_f32(x, w, b, a):
    if not (w.shape[1] == 1 and w.shape[2] == 256 and b is None):
        return conv1d(x, w, b, a)
    x32, w32, s = x.astype(np.float32), w.astype(np.float32), a['strides'][0]
    Lout = (x.shape[2] - w.shape[2]) // s + 1
    acc = np.zeros((x.shape[0], w.shape[0], Lout), dtype=np.float32)
    for k in range(w.shape[2]):
        acc += x32[:, 0, None, k: k + s * (Lout - 1) + 1: s] * w32[None, :, 0, k, None]
    return acc.astype(np.float64)


def lstm(X, W, R, B, h0, c0, a):
    # ONNX gate order i, o, f, c; forward direction only (what this model uses)
    assert a.get('direction', b'forward') in (b'forward', 'forward') and a.get('layout', 0) == 0
    assert 'activations' not in a and 'clip' not in a and a.get('input_forget', 0) == 0
    H = a['hidden_size']
    sig = lambda v: 1 / (1 + np.exp(-v))
    W, R, Bb = W[0], R[0], B[0]
    h, c = h0[0].copy(), c0[0].copy()
    ys = []
    for t in range(X.shape[0]):
        z = X[t] @ W.T + h @ R.T + Bb[:4 * H] + Bb[4 * H:]
        i, o, f, g = sig(z[:, :H]), sig(z[:, H:2 * H]), sig(z[:, 2 * H:3 * H]), np.tanh(z[:, 3 * H:])
        c = f * c + i * g
        h = o * np.tanh(c)
        ys.append(h)
    return np.stack(ys)[:, None], h[None], c[None]


def run_graph(g, env):
    env = dict(env)
    for init in g.initializer:
        env[init.name] = as64(numpy_helper.to_array(init))
    for n in g.node:
        a = attrs(n)
        i = [env[x] if x else None for x in n.input]
        op = n.op_type
        if op == 'If':
            branch = a['then_branch'] if bool(np.asarray(i[0]).reshape(-1)[0]) else a['else_branch']
            sub = run_graph(branch, env)
            out = [sub[o.name] for o in branch.output]
        elif op == 'Conv':
            out = [(conv1d_stft_f32 if STFT_F32 else conv1d)(i[0], i[1], i[2] if len(i) > 2 else None, a)]
        elif op == 'LSTM':
            out = list(lstm(i[0], i[1], i[2], i[3], i[5], i[6], a))
        elif op == 'Shape':
            out = [np.array(i[0].shape[a.get('start', 0):], dtype=np.int64)]
        elif op == 'Gather':
            out = [np.take(i[0], i[1], axis=a.get('axis', 0))]
        elif op == 'Unsqueeze':
            y = i[0]
            for ax in sorted(int(v) % (y.ndim + len(i[1])) for v in np.ravel(i[1])):
                y = np.expand_dims(y, ax)
            out = [y]
        elif op == 'Squeeze':
            out = [np.squeeze(i[0], axis=tuple(int(v) for v in np.ravel(i[1]))) if len(i) > 1 and i[1] is not None else np.squeeze(i[0])]
        elif op == 'Concat':
            out = [np.concatenate([np.atleast_1d(v) for v in i], axis=a['axis'])]
        elif op == 'Reshape':
            shape = [int(s) if s != 0 else i[0].shape[k] for k, s in enumerate(i[1])]
            out = [i[0].reshape(shape)]
        elif op == 'Pad':
            pads = [int(v) for v in i[1]]
            r = len(pads) // 2
            mode = a.get('mode', b'constant')
            mode = mode.decode() if isinstance(mode, bytes) else mode
            width = [(pads[k], pads[k + r]) for k in range(r)]
            out = [np.pad(i[0], width, mode=mode) if mode != 'constant' else np.pad(i[0], width, constant_values=(i[2] if len(i) > 2 and i[2] is not None else 0))]
        elif op == 'Slice':
            y = i[0]
            starts, ends = np.ravel(i[1]), np.ravel(i[2])
            axes = np.ravel(i[3]) if len(i) > 3 and i[3] is not None else np.arange(len(starts))
            steps = np.ravel(i[4]) if len(i) > 4 and i[4] is not None else np.ones(len(starts), dtype=np.int64)
            idx = [slice(None)] * y.ndim
            for s, e, ax, st in zip(starts, ends, axes, steps):
                idx[int(ax)] = slice(int(s), int(e), int(st))  # Python clamps as ONNX does
            out = [y[tuple(idx)]]
        elif op == 'Transpose':
            out = [np.transpose(i[0], a['perm'])]
        elif op == 'ReduceMean':
            out = [np.mean(i[0], axis=tuple(a['axes']), keepdims=bool(a.get('keepdims', 1)))]
        elif op == 'ConstantOfShape':
            v = as64(numpy_helper.to_array(a['value']))
            out = [np.full([int(s) for s in i[0]], v.reshape(-1)[0], dtype=v.dtype)]
        elif op == 'Cast':
            assert a['to'] == 9  # bool
            out = [i[0].astype(bool)]
        elif op == 'Equal':
            out = [np.equal(i[0], i[1])]
        elif op == 'Identity':
            out = [i[0]]
        else:
            f = {'Add': np.add, 'Mul': np.multiply, 'Pow': np.power, 'Sqrt': np.sqrt, 'Log': np.log, 'Neg': np.negative,
                 'Relu': lambda v: np.maximum(v, 0), 'Sigmoid': lambda v: 1 / (1 + np.exp(-v))}[op]
            out = [f(*i)]
        for name, v in zip(n.output, out):
            if name:
                env[name] = v
    return env


def read_wav(path):
    with wave.open(path, 'rb') as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1 and w.getframerate() == 16000
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype='<i2')
    return pcm.astype(np.float32) / 32768  # as test/onnx/fixtures.ts readWav: float32 samples


def run_clip():
    model = onnx.load(MODEL)
    audio = read_wav(WAV)
    h = np.zeros((2, 1, 64))
    c = np.zeros((2, 1, 64))
    outs, hs, cs = [], [], []
    for off in range(0, len(audio) - 1536 + 1, 1536):
        x = audio[off:off + 1536].astype(np.float64)[None]
        env = run_graph(model.graph, {'input': x, 'sr': np.array(16000, dtype=np.int64), 'h': h, 'c': c})
        out, h, c = env['output'], env['hn'], env['cn']
        outs.append(float(np.ravel(out)[0]))
        hs.append(h.reshape(-1))
        cs.append(c.reshape(-1))
    return {'output': np.array(outs), 'hn': np.stack(hs), 'cn': np.stack(cs)}


def main():
    global STFT_F32
    if STFT_F32:
        STFT_F32 = False
        exact = run_clip()
        STFT_F32 = True
        f32 = run_clip()
        rel = lambda k: float(np.max(np.abs(f32[k] - exact[k]) / (1 + np.abs(exact[k]))))
        print(f"STFT summed in float32: h {rel('hn'):.2e}, c {rel('cn'):.2e} (max |diff|/(1+|x|)), output {float(np.max(np.abs(f32['output'] - exact['output']))):.2e}")
        return
    tensors = {k: v.astype(np.float32) for k, v in run_clip().items()}
    outs = tensors['output']
    header, blobs, off = {}, [], 0
    for name, t in tensors.items():
        b = t.tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(t.shape), 'data_offsets': [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    header['__metadata__'] = {'source': 'scripts/make_silero_f64_fixture.py', 'model': 'silero_vad_legacy.onnx (@ricky0123/vad-web 0.0.31)', 'frames': str(len(outs))}
    hj = json.dumps(header, separators=(',', ':')).encode()
    hj += b' ' * (-len(hj) % 8)
    with open(OUT, 'wb') as f:
        f.write(struct.pack('<Q', len(hj)) + hj + b''.join(blobs))
    print(f'{len(outs)} frames -> {OUT}')


if __name__ == '__main__':
    main()
