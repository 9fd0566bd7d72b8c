// The error audit: every public entry point fed bad input. Each row asserts (a) the typed error
// class, (b) that the message names the function and the argument, and (c) that afterwards a
// normal workload gives bit-identical results to a fresh run that never saw the error.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  init, Tensor, ShapeError, ValueError, StateError, FormatError, MemoryError, RnnWasmError, Rng, manualSeed,
  linear, matmul, add, sub, mul, scale, sum, mean, softmax, logSoftmax, dropout, reshape, transpose,
  concat, slice, gather, backward, tanh, crossEntropy, bceWithLogits, mse, nn, optim, data,
  readSafetensors, writeSafetensors, parseSafetensors, quantizeInt8, saveCheckpoint, loadCheckpoint, StreamState,
  type Runtime,
} from '../../src/index.js';
import { buildProbe, normalRun, sameBits, type Probe } from './probe.js';

type ErrClass = typeof ShapeError | typeof ValueError | typeof StateError | typeof FormatError | typeof MemoryError;
/** [label, error class, function named in the message, argument named in the message, the bad call]. */
type Row = [string, ErrClass, string | RegExp, string | RegExp, (p: Probe) => unknown];

let rt: Runtime;
let reference: Float32Array[];
beforeAll(async () => {
  rt = await init();
  reference = normalRun(buildProbe(rt));
});

const f = (shape: number[], fill = 0.5) => Tensor.full(shape, fill, { runtime: rt });
const ints = (v: number[], shape = [v.length]) => Tensor.from(v, shape, { dtype: 'int32', runtime: rt });
const x3 = (B: number, T: number, I: number) => f([B, T, I], 0.1);

const TENSOR: Row[] = [
  ['Tensor.from: too few values', ShapeError, 'Tensor.from', 'data', () => Tensor.from([1, 2, 3], [2, 2])],
  ['Tensor.from: negative dim', ShapeError, 'Tensor.from', 'shape', () => Tensor.from([], [-1])],
  ['Tensor.from: fractional dim', ShapeError, 'Tensor.from', 'shape', () => Tensor.from([1, 2], [2.5])],
  ['Tensor.from: NaN dim', ShapeError, 'Tensor.from', 'shape', () => Tensor.from([1], [NaN])],
  ['Tensor.from: typo in option', ValueError, 'Tensor.from', 'dtyp', () => Tensor.from([1], [1], { dtyp: 'int32' } as never)],
  ['Tensor.from: fractional int32', ValueError, 'Tensor.from', 'data', () => Tensor.from([1.5], [1], { dtype: 'int32' })],
  ['Tensor.from: unknown dtype', ValueError, 'Tensor.from', 'dtype', () => Tensor.from([1], [1], { dtype: 'float64' as never })],
  ['Tensor.zeros: unknown arena', ValueError, /Tensor\.(zeros|empty)/, 'arena', () => Tensor.zeros([2], { arena: 'gpu' as never })],
  ['Tensor.full: fractional dim', ShapeError, /Tensor\.(full|empty)/, 'shape', () => Tensor.full([1.5], 0)],
  ['Tensor.from: int32 past 2^31', ValueError, 'Tensor.from', 'data', () => Tensor.from([2 ** 31], [1], { dtype: 'int32' })],
  ['Tensor.from: a string', ValueError, 'Tensor.from', 'data', () => Tensor.from('abc' as never, [3])],
  ['Tensor.from: null', ValueError, 'Tensor.from', 'data', () => Tensor.from(null as never)],
  ['Tensor.from: non-numbers', ValueError, 'Tensor.from', 'data', () => Tensor.from([1, '2', 3] as never, [3])],
  ['Tensor.from: runtime not a Runtime', ValueError, /Tensor\.(from|empty)/, 'runtime', () => Tensor.from([1], [1], { runtime: {} as never })],
  ['Tensor.zeros: past the memory ceiling', MemoryError, 'Tensor [1000000, 1000000]', 'out of wasm memory', () => Tensor.zeros([1e6, 1e6])],
  ['Tensor.item: two elements', ShapeError, 'Tensor.item', 'tensor', () => f([2]).item()],
  ['Tensor.view: wrong size', ShapeError, 'Tensor.view', 'shape', () => f([2, 3]).view([4, 2])],
];

const OPS: Row[] = [
  ['linear: x last dim', ShapeError, 'linear', 'x', () => linear(f([2, 3]), f([4, 5]))],
  ['linear: w rank 1', ShapeError, 'linear', 'w', () => linear(f([2, 3]), f([3]))],
  ['linear: b size', ShapeError, 'linear', 'b', () => linear(f([2, 3]), f([4, 3]), f([5]))],
  ['linear: int32 x', ValueError, 'linear', 'x', () => linear(ints([1, 2, 3], [1, 3]), f([4, 3]))],
  ['linear: x not a tensor', ValueError, 'linear', 'x', () => linear([1, 2] as never, f([4, 2]))],
  ['matmul: inner dims', ShapeError, 'matmul', 'b', () => matmul(f([2, 3]), f([4, 2]))],
  ['matmul: rank 1', ShapeError, 'matmul', 'a', () => matmul(f([3]), f([3, 2]))],
  ['add: no broadcast', ShapeError, 'add', 'b', () => add(f([2, 3]), f([2]))],
  ['sub: int32', ValueError, 'sub', 'a', () => sub(ints([1, 2]), f([2]))],
  ['mul: no broadcast', ShapeError, 'mul', 'b', () => mul(f([2, 3]), f([3, 3]))],
  ['scale: NaN', ValueError, 'scale', 'alpha', () => scale(f([2]), NaN)],
  ['scale: Infinity', ValueError, 'scale', 'alpha', () => scale(f([2]), Infinity)],
  ['sum: dim out of range', ValueError, 'sum', 'dim', () => sum(f([2, 3]), { dim: 2 })],
  ['sum: fractional dim', ValueError, 'sum', 'dim', () => sum(f([2, 3]), { dim: 0.5 })],
  ['mean: typo in option', ValueError, 'mean', 'keepdim', () => mean(f([2, 3]), { keepdim: true } as never)],
  ['softmax: not the last dim', ValueError, 'softmax', 'dim', () => softmax(f([2, 3]), 0)],
  ['logSoftmax: scalar', ShapeError, 'logSoftmax', 'x', () => logSoftmax(f([]))],
  ['dropout: p above 1', ValueError, 'dropout', 'p', () => dropout(f([4]), 1.5)],
  ['dropout: p NaN', ValueError, 'dropout', 'p', () => dropout(f([4]), NaN)],
  ['dropout: rng not an Rng', ValueError, 'dropout', 'rng', () => dropout(f([4]), 0.5, { rng: 7 as never })],
  ['dropout: typo in option', ValueError, 'dropout', 'train', () => dropout(f([4]), 0.5, { train: true } as never)],
  ['reshape: wrong size', ShapeError, 'reshape', 'shape', () => reshape(f([2, 3]), [4, 2])],
  ['reshape: two -1', ShapeError, 'reshape', 'shape', () => reshape(f([2, 3]), [-1, -1])],
  ['transpose: rank 1', ShapeError, 'transpose', 'x', () => transpose(f([3]))],
  ['concat: empty', ValueError, 'concat', 'xs', () => concat([])],
  ['concat: mismatched dims', ShapeError, 'concat', 'xs[1]', () => concat([f([2, 3]), f([3, 2])], 0)],
  ['slice: past the end', ValueError, 'slice', /start|end/, () => slice(f([4, 2]), 0, 1, 9)],
  ['slice: fractional start', ValueError, 'slice', /start|end/, () => slice(f([4, 2]), 0, 0.5)],
  ['gather: id past the table', ValueError, 'gather', 'ids', () => gather(f([5, 2]), ints([0, 5]))],
  ['gather: negative id', ValueError, 'gather', 'ids', () => gather(f([5, 2]), ints([-1]))],
  ['gather: float ids', ValueError, 'gather', 'ids', () => gather(f([5, 2]), f([2]))],
  ['backward: loss not a scalar', ValueError, 'backward', 'loss', () => backward(tanh(f([2])))],
  ['backward: loss without grad', StateError, 'backward', 'loss', () => backward(sum(f([2])))],
  ['crossEntropy: target past C', ValueError, 'crossEntropy', 'targets', () => crossEntropy(f([2, 3]), ints([0, 3]))],
  ['crossEntropy: targets shape', ShapeError, 'crossEntropy', 'targets', () => crossEntropy(f([2, 3]), ints([0, 1, 2]))],
  ['crossEntropy: float targets', ValueError, 'crossEntropy', 'targets', () => crossEntropy(f([2, 3]), f([2]))],
  ['crossEntropy: reduction', ValueError, 'crossEntropy', 'reduction', () => crossEntropy(f([2, 3]), ints([0, 1]), { reduction: 'avg' as never })],
  ['crossEntropy: ignoreIndex NaN', ValueError, 'crossEntropy', 'ignoreIndex', () => crossEntropy(f([2, 3]), ints([0, 1]), { ignoreIndex: NaN })],
  ['bceWithLogits: targets shape', ShapeError, 'bceWithLogits', 'targets', () => bceWithLogits(f([2, 3]), f([3, 2]))],
  ['mse: target shape', ShapeError, 'mse', 'target', () => mse(f([2]), f([3]))],
  ['mse: typo in option', ValueError, 'mse', 'reduce', () => mse(f([2]), f([2]), { reduce: 'sum' } as never)],
];

const MODULES: Row[] = [
  ['Linear: inFeatures 0', ValueError, 'Linear', 'inFeatures', () => new nn.Linear(0, 3)],
  ['Linear: outFeatures NaN', ValueError, 'Linear', 'outFeatures', () => new nn.Linear(3, NaN)],
  ['Linear: fractional size', ValueError, 'Linear', 'inFeatures', () => new nn.Linear(2.5, 3)],
  ['Linear: typo in option', ValueError, 'Linear', 'bais', () => new nn.Linear(2, 3, { bais: false } as never)],
  ['Linear: rng not an Rng', ValueError, 'Linear', 'rng', () => new nn.Linear(2, 3, { rng: 42 as never })],
  ['Embedding: runtime not a Runtime', ValueError, 'Embedding', 'runtime', () => new nn.Embedding(2, 3, { runtime: 'wasm' as never })],
  ['Dropout: rng not an Rng', ValueError, 'Dropout', 'rng', () => new nn.Dropout(0.5, { rng: Math.random as never })],
  ['LSTM: rng not an Rng', ValueError, 'LSTM', 'rng', () => new nn.LSTM({ inputSize: 3, hiddenSize: 4, rng: { uniform: () => 0 } as never })],
  ['GRUCell: runtime not a Runtime', ValueError, 'GRUCell', 'runtime', () => new nn.GRUCell({ inputSize: 3, hiddenSize: 4, runtime: {} as never })],
  ['Linear.forward: wrong features', ShapeError, /linear/i, 'x', (p) => p.head.forward(f([2, 5, 7]))],
  ['Embedding: negative size', ValueError, 'Embedding', 'numEmbeddings', () => new nn.Embedding(-1, 3)],
  ['Embedding: paddingIdx past the table', ValueError, 'Embedding', 'paddingIdx', () => new nn.Embedding(5, 3, { paddingIdx: 7 })],
  ['Embedding.forward: id past the table', ValueError, /Embedding\.forward|gather/, 'ids', (p) => p.emb.forward(ints([1, 11], [1, 2]))],
  ['Embedding.forward: float ids', ValueError, /Embedding\.forward|gather/, 'ids', (p) => p.emb.forward(f([1, 2]))],
  ['Dropout: p NaN', ValueError, 'Dropout', 'p', () => new nn.Dropout(NaN)],
  ['Dropout: typo in option', ValueError, 'Dropout', 'seed', () => new nn.Dropout(0.5, { seed: 1 } as never)],
  ['Sequential: not a module', ValueError, 'Sequential', 'argument 1', (p) => new nn.Sequential(p.head, 'relu' as never)],
  ['loadStateDict: missing, extra and misshaped keys', ShapeError, 'Module.loadStateDict', /weight_hh_l1.*bias_hh_l1[\s\S]*extra\.w[\s\S]*weight_ih_l0 \(expected \[32, 6\]/, (p) => {
    const d: Record<string, { shape: number[]; data: Float32Array }> = {};
    for (const [n, t] of p.lstm.namedParameters()) d[n] = { shape: t.shape.slice(), data: t.toArray() as Float32Array };
    delete d.weight_hh_l1;
    delete d.bias_hh_l1;
    d['extra.w'] = { shape: [1], data: new Float32Array(1) };
    d.weight_ih_l0 = { shape: [6, 32], data: new Float32Array(192) };
    for (const v of Object.values(d)) v.data.fill(9); // would corrupt the model if anything were copied
    p.lstm.loadStateDict(d);
  }],
  ['loadStateDict: a stale tensor value', StateError, 'Module.loadStateDict', 'dict', (p) => {
    const d = p.head.stateDict();
    const copy = { weight: Tensor.from(d.weight.toArray(), d.weight.shape), bias: Tensor.from(d.bias.toArray(), d.bias.shape) };
    copy.weight.data().fill(9);
    p.rt.resetStep(); // both copies are stale now
    p.head.loadStateDict({ ...copy, weight: { shape: [11, 8], data: new Float32Array(88).fill(9) } });
  }],
  ['loadStateDict: non-numbers', ValueError, 'Module.loadStateDict', 'dict', (p) => p.head.loadStateDict({ weight: { shape: [11, 8], data: new Array(88).fill(1) }, bias: { shape: [11], data: new Array(11).fill('x') } })],
  ['loadStateDict: typo in option', ValueError, 'Module.loadStateDict', 'strct', (p) => p.lstm.loadStateDict({}, { strct: false } as never)],
  ['LSTM: inputSize 0', ValueError, 'LSTM', 'inputSize', () => new nn.LSTM({ inputSize: 0, hiddenSize: 4 })],
  ['LSTM: hiddenSize fractional', ValueError, 'LSTM', 'hiddenSize', () => new nn.LSTM({ inputSize: 3, hiddenSize: 4.5 })],
  ['LSTM: numLayers negative', ValueError, 'LSTM', 'numLayers', () => new nn.LSTM({ inputSize: 3, hiddenSize: 4, numLayers: -1 })],
  ['LSTM: dropout NaN', ValueError, 'LSTM', 'dropout', () => new nn.LSTM({ inputSize: 3, hiddenSize: 4, dropout: NaN })],
  ['LSTM: dropout 1', ValueError, 'LSTM', 'dropout', () => new nn.LSTM({ inputSize: 3, hiddenSize: 4, dropout: 1 })],
  ['LSTM: forgetBias NaN', ValueError, 'LSTM', 'forgetBias', () => new nn.LSTM({ inputSize: 3, hiddenSize: 4, forgetBias: NaN })],
  ['LSTM: forgetBias without bias', ValueError, 'LSTM', 'forgetBias', () => new nn.LSTM({ inputSize: 3, hiddenSize: 4, forgetBias: 1, bias: false })],
  ['LSTM: bidirectional not boolean', ValueError, 'LSTM', 'bidirectional', () => new nn.LSTM({ inputSize: 3, hiddenSize: 4, bidirectional: 'yes' as never })],
  ['LSTM: typo in option', ValueError, 'LSTM', 'hidden_size', () => new nn.LSTM({ inputSize: 3, hiddenSize: 4, hidden_size: 4 } as never)],
  ['LSTM: gateActivation', ValueError, 'LSTM', 'gateActivation', () => new nn.LSTM({ inputSize: 3, hiddenSize: 4, gateActivation: 'relu' } as never)],
  ['RNN: nonlinearity', ValueError, 'RNN', 'nonlinearity', () => new nn.RNN({ inputSize: 3, hiddenSize: 4, nonlinearity: 'sigmoid' as never })],
  ['GRU: gateActivation', ValueError, 'GRU', 'gateActivation', () => new nn.GRU({ inputSize: 3, hiddenSize: 4, gateActivation: 'relu' } as never)],
  ['GRU: resetAfter not boolean', ValueError, 'GRU', 'resetAfter', () => new nn.GRU({ inputSize: 3, hiddenSize: 4, resetAfter: 'no' as never })],
  ['LSTM.forward: input size', ShapeError, 'LSTM.forward', /x must be \[B, T, 6\], got \[2, 5, 32\]/, (p) => p.lstm.forward(x3(2, 5, 32))],
  ['LSTM.forward: rank 2', ShapeError, 'LSTM.forward', 'x', (p) => p.lstm.forward(f([5, 6]))],
  ['LSTM.forward: int32 x', ValueError, 'LSTM.forward', 'x', (p) => p.lstm.forward(ints([1, 2, 3, 4, 5, 6], [1, 1, 6]))],
  ['LSTM.forward: h0 shape', ShapeError, 'LSTM.forward', 'h0', (p) => p.lstm.forward(x3(2, 5, 6), { h0: f([1, 2, 8]) })],
  ['LSTM.forward: c0 shape', ShapeError, 'LSTM.forward', 'c0', (p) => p.lstm.forward(x3(2, 5, 6), { c0: f([2, 2, 9]) })],
  ['LSTM.forward: length 0', ValueError, 'LSTM.forward', 'lengths[1]', (p) => p.lstm.forward(x3(2, 5, 6), { lengths: [5, 0] })],
  ['LSTM.forward: negative length', ValueError, 'LSTM.forward', 'lengths[0]', (p) => p.lstm.forward(x3(2, 5, 6), { lengths: [-1, 5] })],
  ['LSTM.forward: fractional length', ValueError, 'LSTM.forward', 'lengths[0]', (p) => p.lstm.forward(x3(2, 5, 6), { lengths: [2.5, 5] })],
  ['LSTM.forward: length past T', ValueError, 'LSTM.forward', 'lengths[1]', (p) => p.lstm.forward(x3(2, 5, 6), { lengths: [5, 6] })],
  ['LSTM.forward: NaN length', ValueError, 'LSTM.forward', 'lengths[0]', (p) => p.lstm.forward(x3(2, 5, 6), { lengths: [NaN, 5] })],
  ['LSTM.forward: lengths count', ShapeError, 'LSTM.forward', 'lengths', (p) => p.lstm.forward(x3(2, 5, 6), { lengths: [5] })],
  ['LSTM.forward: typo in option', ValueError, 'LSTM.forward', 'length', (p) => p.lstm.forward(x3(2, 5, 6), { length: [5, 5] } as never)],
  ['LSTM.forward: sequence', ValueError, 'LSTM.forward', 'sequence', (p) => p.lstm.forward(x3(2, 5, 6), { sequence: 'gate' as never })],
  ['LSTM.step: frame shape', ShapeError, 'LSTM.step', 'x', (p) => p.lstm.step(f([2, 7]))],
  ['LSTM.step: state of another batch', ShapeError, 'LSTM.step', 'state', (p) => p.lstm.step(f([2, 6]), p.lstm.initialState(3))],
  ['LSTM.step: state of another model', StateError, 'LSTM.step', 'state', (p) => p.lstm.step(f([2, 6]), new nn.LSTM({ inputSize: 6, hiddenSize: 8, rng: new Rng(1) }).initialState(2))],
  ['LSTM.step: not a state', ValueError, 'LSTM.step', 'state', (p) => p.lstm.step(f([2, 6]), { h: f([2, 2, 8]) } as never)],
  ['LSTM.forward: h0 not a tensor', ValueError, 'LSTM.forward', 'h0', (p) => p.lstm.forward(x3(2, 5, 6), { h0: [[0]] as never })],
  ['LSTM.initialState: B 0', ValueError, 'LSTM.initialState', 'B', (p) => p.lstm.initialState(0)],
  ['GRUCell.forward: x shape', ShapeError, 'GRUCell.forward', 'x', (p) => p.cell.forward(f([2, 5]))],
  ['GRUCell.forward: state.h shape', ShapeError, 'GRUCell.forward', 'state.h', (p) => p.cell.forward(f([2, 6]), { h: f([3, 5]) })],
  ['GRUCell.forward: extra state key', ValueError, 'GRUCell.forward', "'c'", (p) => p.cell.forward(f([2, 6]), { h: f([2, 5]), c: f([2, 5]) } as never)],
  ['GRUCell.zeroState: B fractional', ValueError, 'GRUCell.zeroState', 'B', (p) => p.cell.zeroState(1.5)],
];

const OPTIM: Row[] = [
  ['SGD: lr NaN', ValueError, 'SGD', 'lr', (p) => new optim.SGD(p.params, { lr: NaN })],
  ['SGD: lr negative', ValueError, 'SGD', 'lr', (p) => new optim.SGD(p.params, { lr: -1 })],
  ['SGD: momentum Infinity', ValueError, 'SGD', 'momentum', (p) => new optim.SGD(p.params, { momentum: Infinity })],
  ['SGD: typo in option', ValueError, 'SGD', 'learningRate', (p) => new optim.SGD(p.params, { learningRate: 0.1 } as never)],
  ['SGD: nesterov a string', ValueError, 'SGD', 'nesterov', (p) => new optim.SGD(p.params, { momentum: 0.9, nesterov: 'false' as never })],
  ['Adam: skipNonFinite a string', ValueError, 'Adam', 'skipNonFinite', (p) => new optim.Adam(p.params, { skipNonFinite: 'yes' as never })],
  ['RMSprop: centered a number', ValueError, 'RMSprop', 'centered', (p) => new optim.RMSprop(p.params, { centered: 1 as never })],
  ['SGD: nesterov without momentum', ValueError, 'SGD', 'nesterov', (p) => new optim.SGD(p.params, { nesterov: true })],
  ['Adam: beta2 above 1', ValueError, 'Adam', 'betas[1]', (p) => new optim.Adam(p.params, { betas: [0.9, 1.5] })],
  ['Adam: eps NaN', ValueError, 'Adam', 'eps', (p) => new optim.Adam(p.params, { eps: NaN })],
  ['Adam: empty params', ValueError, 'Adam', 'params', () => new optim.Adam([])],
  ['Adam: params hold a number', ValueError, 'Adam', 'params[1]', (p) => new optim.Adam([p.params[0], 3 as never])],
  ['AdamW: weightDecay negative', ValueError, 'AdamW', 'weightDecay', (p) => new optim.AdamW(p.params, { weightDecay: -1 })],
  ['RMSprop: alpha NaN', ValueError, 'RMSprop', 'alpha', (p) => new optim.RMSprop(p.params, { alpha: NaN })],
  ['clipGradNorm: NaN', ValueError, 'clipGradNorm', 'maxNorm', (p) => optim.clipGradNorm(p.params, NaN)],
  ['clipGradValue: negative', ValueError, 'clipGradValue', 'clipValue', (p) => optim.clipGradValue(p.params, -1)],
  ['StepLR: stepSize 0', ValueError, 'StepLR', 'stepSize', (p) => new optim.StepLR(p.opt, { stepSize: 0 })],
  ['StepLR: gamma NaN', ValueError, 'StepLR', 'gamma', (p) => new optim.StepLR(p.opt, { stepSize: 1, gamma: NaN })],
  ['CosineAnnealingLR: tMax fractional', ValueError, 'CosineAnnealingLR', 'tMax', (p) => new optim.CosineAnnealingLR(p.opt, { tMax: 1.5 })],
  ['Optimizer.loadStateDict: another kind', ValueError, 'Adam.loadStateDict', 'state', (p) => p.opt.loadStateDict(new optim.SGD(p.params).stateDict())],
  ['Rng.setState: bad words', ValueError, 'Rng.setState', 'state', () => new Rng(1).setState({ s: [1, 2, 3], spare: null } as never)],
  ['Rng: seed NaN', ValueError, 'Rng', 'seed', () => new Rng(NaN)],
  ['Rng: seed fractional', ValueError, 'Rng', 'seed', () => new Rng(1.5)],
  ['manualSeed: Infinity', ValueError, /manualSeed|Rng/, 'seed', () => manualSeed(Infinity)],
];

const DATA: Row[] = [
  ['Vocab: no specials', ValueError, 'Vocab', 'tokens', () => new data.Vocab(['a', 'b'], 'char')],
  ['Vocab: level', ValueError, 'Vocab', 'level', () => new data.Vocab(['<pad>', '<unk>', '<eos>'], 'byte' as never)],
  ['Vocab.fromText: minFreq 0', ValueError, 'Vocab.fromText', 'minFreq', () => data.Vocab.fromText('abc', { minFreq: 0 })],
  ['Vocab.fromText: level', ValueError, 'Vocab.fromText', 'level', () => data.Vocab.fromText('abc', { level: 'byte' as never })],
  ['Vocab.fromText: typo in option', ValueError, 'Vocab.fromText', 'maxsize', () => data.Vocab.fromText('abc', { maxsize: 5 } as never)],
  ['Vocab.decode: id past the vocabulary', ValueError, 'Vocab.decode', 'ids[1]', () => data.Vocab.fromText('abc').decode([3, 99])],
  ['Vocab.decode: fractional id', ValueError, 'Vocab.decode', 'ids[0]', () => data.Vocab.fromText('abc').decode([1.5])],
  ['Vocab.encode: not a string', ValueError, 'Vocab.encode', 'text', () => data.Vocab.fromText('abc').encode(42 as never)],
  ['Vocab.fromJSON: garbage', FormatError, 'Vocab.fromJSON', 'JSON', () => data.Vocab.fromJSON('{"format":')],
  ['padBatch: empty', ValueError, 'padBatch', 'seqs', () => data.padBatch([], { padId: 0 })],
  ['padBatch: no options', ValueError, 'padBatch', 'padId', () => data.padBatch([[1]], undefined as never)],
  ['padBatch: fractional padId', ValueError, 'padBatch', 'padId', () => data.padBatch([[1]], { padId: 0.5 })],
  ['padBatch: fractional id', ValueError, 'padBatch', 'seqs[1]', () => data.padBatch([[1, 2], [3.5]], { padId: 0 })],
  ['padBatch: too long', ValueError, 'padBatch', 'maxLen', () => data.padBatch([[1, 2, 3]], { padId: 0, maxLen: 2 })],
  ['padBatch: typo in option', ValueError, 'padBatch', 'pad', () => data.padBatch([[1]], { padId: 0, pad: 1 } as never)],
  ['oneHot: size 0', ValueError, 'oneHot', 'size', () => data.oneHot([0], 0)],
  ['oneHot: id past size', ValueError, 'oneHot', 'ids[0]', () => data.oneHot([3], 3)],
  ['lmChunks: batchSize 0', ValueError, 'lmChunks', 'batchSize', () => [...data.lmChunks([1, 2, 3, 4], 0, 2)]],
  ['lmChunks: fractional id', ValueError, 'lmChunks', 'ids', () => [...data.lmChunks([1, 2, 3.5, 4], 1, 2)]],
  ['lengthBuckets: batchSize 0', ValueError, 'lengthBuckets', 'batchSize', () => data.lengthBuckets([3, 1, 2], 0, 1)],
  ['lengthBuckets: negative length', ValueError, 'lengthBuckets', 'lengths[1]', () => data.lengthBuckets([3, -1, 2], 2, 1)],
  ['lengthBuckets: lengths null', ValueError, 'lengthBuckets', 'lengths', () => data.lengthBuckets(null as never, 2, 1)],
  ['lengthBuckets: fractional seed', ValueError, 'lengthBuckets', 'seed', () => data.lengthBuckets([1, 2], 2, 0.5)],
  ['lengthBuckets: typo in option', ValueError, 'lengthBuckets', 'windw', () => data.lengthBuckets([1, 2], 2, 1, { windw: 3 } as never)],
  ['shuffledIndices: negative n', ValueError, 'shuffledIndices', 'n', () => data.shuffledIndices(-1, 1)],
  ['shuffledIndices: fractional seed', ValueError, 'shuffledIndices', 'seed', () => data.shuffledIndices(4, 1.5)],
];

const IO: Row[] = [
  ['readSafetensors: not bytes', ValueError, 'readSafetensors', 'bytes', () => readSafetensors([1, 2] as never)],
  ['readSafetensors: garbage', FormatError, 'readSafetensors', 'header', () => readSafetensors(new Uint8Array([4, 0, 0, 0, 0, 0, 0, 0, 0x5b, 0x5d, 0x20, 0x20]))],
  ['readSafetensors: typo in option', ValueError, 'readSafetensors', 'arenas', () => readSafetensors(new Uint8Array(8), { arenas: 'params' } as never)],
  ['parseSafetensors: truncated', FormatError, 'parseSafetensors', 'header length', () => parseSafetensors(new Uint8Array(3))],
  ['writeSafetensors: data length', ValueError, 'writeSafetensors', "'w'", () => writeSafetensors({ w: { shape: [2], data: new Float32Array(3) } })],
  ['writeSafetensors: metadata value', ValueError, 'writeSafetensors', "metadata['k']", () => writeSafetensors({}, { k: 1 as never })],
  ['quantizeInt8: typo in option', ValueError, 'quantizeInt8', 'filters', () => quantizeInt8({}, {}, { filters: () => true } as never)],
  ['quantizeInt8: non-finite weight', ValueError, 'quantizeInt8', 'row 1', () => quantizeInt8({ w: { shape: [2, 2], data: Float32Array.of(1, 2, NaN, 4) } })],
  ['saveCheckpoint: typo in option', ValueError, 'saveCheckpoint', 'optimiser', (p) => saveCheckpoint({ model: p.lstm, optimiser: p.opt } as never)],
  ['loadCheckpoint: not a checkpoint', FormatError, 'loadCheckpoint', 'format', (p) => loadCheckpoint(writeSafetensors({}), { model: p.lstm })],
  ['loadCheckpoint: another model', ValueError, /loadCheckpoint|loadStateDict/, 'missing keys', (p) => loadCheckpoint(saveCheckpoint({ model: p.head }), { model: p.lstm })],
  ['StreamState.fromBytes: plain safetensors', FormatError, 'StreamState.fromBytes', 'format', () => StreamState.fromBytes(writeSafetensors({}))],
];

const TABLES: [string, Row[]][] = [['Tensor', TENSOR], ['ops and losses', OPS], ['nn', MODULES], ['optim', OPTIM], ['data', DATA], ['io', IO]];

function includes(msg: string, want: string | RegExp): boolean {
  return typeof want === 'string' ? msg.includes(want) : want.test(msg);
}

for (const [group, rows] of TABLES) {
  describe(`bad input to ${group}`, () => {
    for (const [label, Err, fn, arg, call] of rows) {
      it(label, () => {
        const p = buildProbe(rt);
        let err: unknown = null;
        try {
          call(p);
        } catch (e) {
          err = e;
        }
        expect(err, 'no error was thrown').not.toBeNull();
        expect(err, String(err)).toBeInstanceOf(Err);
        expect(err).toBeInstanceOf(RnnWasmError);
        const msg = (err as Error).message;
        expect(includes(msg, fn), `message does not name the function ${fn}: ${msg}`).toBe(true);
        expect(includes(msg, arg), `message does not name the argument ${arg}: ${msg}`).toBe(true);
        // (c) the model, its parameters, the default generator and the runtime are unchanged.
        expect(sameBits(normalRun(p), reference), 'a normal run after the error differs from a fresh run').toBe(true);
      });
    }
  });
}

describe('init', () => {
  it('rejects bad options with typed errors and keeps the default runtime', async () => {
    const cases: [unknown, ErrClass, string][] = [
      [{ simdd: 'simd' }, ValueError, "unknown option 'simdd'"],
      [{ simd: 'avx' }, ValueError, 'simd'],
      [{ maxMemoryBytes: NaN }, ValueError, 'maxMemoryBytes'],
      [{ maxMemoryBytes: 1e20 }, ValueError, 'maxMemoryBytes'],
      [{ maxMemoryBytes: -5 }, ValueError, 'maxMemoryBytes'],
      [42, ValueError, 'init'],
      [new Uint8Array([0, 1, 2]), ValueError, 'init'],
    ];
    for (const [arg, Err, msg] of cases) {
      const e = await init(arg as never).then(() => null, (x: unknown) => x);
      expect(e, JSON.stringify(arg)).toBeInstanceOf(Err);
      expect((e as Error).message).toContain(msg);
      expect((e as Error).message).toContain('init');
    }
    expect(await init()).toBe(rt);
    expect(sameBits(normalRun(buildProbe(rt)), reference)).toBe(true);
  });
});
