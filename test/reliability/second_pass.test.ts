// Issue 18's reproductions, one per class and per "also make these right" item: each is now a
// typed error that changes nothing (or, where the issue asks for it, a refusal of what was
// silently accepted). The walk (walk.test.ts) covers the same classes over every entry point.
import { beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createRuntime, init, loadCheckpoint, manualSeed, MemoryError, nn, optim, parseSafetensors, readSafetensors, Rng, RnnWasmError,
  saveCheckpoint, ShapeError, StateError, StreamState, Tensor, ValueError, writeSafetensors, FormatError, sum, mul, type Runtime,
} from '../../src/index.js';
import { CharLM, TextClassifier } from '../../src/models/index.js';
import { defaultRng } from '../../src/util/rng.js';
import { cli, tempDir } from '../cli/run.js';

let rt: Runtime;
beforeAll(async () => {
  rt = await init();
});

const thrown = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('no error was thrown');
};

describe('class 1: validate, then allocate, then draw, then commit', () => {
  it('a Linear that does not fit moves no generator and keeps no memory', async () => {
    const small = await createRuntime({ maxMemoryBytes: 8 << 20 });
    manualSeed(77);
    const clean = new nn.Linear(3, 3, { runtime: small }).weight.toArray();
    manualSeed(77);
    const before = small.memoryStats();
    const e = thrown(() => new nn.Linear(2048, 2048, { runtime: small }));
    expect(e).toBeInstanceOf(MemoryError);
    expect(e.message).toMatch(/^Linear: out of wasm memory/);
    expect(small.memoryStats()).toEqual(before);
    expect(new nn.Linear(3, 3, { runtime: small }).weight.toArray()).toEqual(clean);
  });

  it('an LSTM too large for a 32 MiB cap leaves nothing behind: a layer that fit before still fits', async () => {
    const capped = await createRuntime({ maxMemoryBytes: 32 << 20 });
    const state = defaultRng.getState();
    expect(() => new nn.LSTM({ inputSize: 1024, hiddenSize: 1024, runtime: capped })).toThrow(MemoryError);
    expect(defaultRng.getState()).toEqual(state);
    expect(capped.memoryStats().paramsBytes).toBe(0);
    // 12 MiB of parameters fits the cap again, as it did before the failed layer.
    expect(() => new nn.LSTM({ inputSize: 512, hiddenSize: 512, numLayers: 2, runtime: capped })).not.toThrow();
  });

  it('hiddenSize 100000 is a MemoryError before a single number is drawn', () => {
    const state = defaultRng.getState();
    expect(() => new nn.LSTM({ inputSize: 6, hiddenSize: 100000 })).toThrow(MemoryError);
    expect(defaultRng.getState()).toEqual(state);
  });

  it('loadStateDict with a BigInt64Array for one parameter changes no parameter', () => {
    const m = new nn.Linear(2, 2);
    const w = m.weight.toArray();
    const e = thrown(() => m.loadStateDict({ weight: { shape: [2, 2], data: new Float32Array(4) }, bias: { shape: [2], data: new BigInt64Array(2) as never } }));
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toMatch(/^Module\.loadStateDict: dict value 'bias' must hold numbers/);
    expect(m.weight.toArray()).toEqual(w);
  });

  it('loadCheckpoint with rngs { default: 42 } is refused before anything is loaded', () => {
    const m = new nn.Linear(2, 2);
    const opt = new optim.Adam(m.parameters());
    const bytes = saveCheckpoint({ model: m, optimizer: opt });
    const other = new nn.Linear(2, 2);
    const w = other.weight.toArray();
    const o2 = new optim.Adam(other.parameters());
    const e = thrown(() => loadCheckpoint(bytes, { model: other, optimizer: o2, rngs: { default: 42 as never } }));
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toMatch(/^loadCheckpoint: rngs\['default'\] must be an Rng/);
    expect(other.weight.toArray()).toEqual(w);
    expect(o2.stateOf(other.weight)).toEqual({});
  });

  it('a checkpoint refused for a renamed module adds no optimizer buffers', () => {
    const a = new nn.Sequential(new nn.Linear(2, 2));
    const opt = new optim.Adam(a.parameters());
    const bytes = saveCheckpoint({ model: a, optimizer: opt });
    const b = new nn.Linear(2, 2);
    const ob = new optim.Adam(b.parameters());
    expect(() => loadCheckpoint(bytes, { model: b, optimizer: ob })).toThrow(RnnWasmError);
    expect(ob.stateOf(b.weight)).toEqual({});
  });
});

describe('class 2: typed errors instead of raw JavaScript ones', () => {
  it.each([
    ['Tensor.from(d, s, null)', () => Tensor.from([1], [1], null as never), /^Tensor\.from: options must be an object, got null/],
    ['new optim.Adam(params, null)', () => new optim.Adam(new nn.Linear(2, 2).parameters(), null as never), /^Adam: options must be an object/],
    ['new nn.Linear(2, 2, null)', () => new nn.Linear(2, 2, null as never), /^Linear: options must be an object/],
    ['linear.forward(undefined)', () => new nn.Linear(2, 2).forward(undefined as never), /^Linear\.forward: x must be a Tensor, got undefined/],
    ['reshape(t, 6)', () => nn.Module && Tensor.zeros([6]).view(6 as never), /^Tensor\.view: shape must be an array/],
    ['a BigInt64Array as data', () => Tensor.from(new BigInt64Array(2) as never, [2]), /^Tensor\.from: data must be an array or a typed array of numbers/],
    ['a scheduler where an optimizer goes', () => new optim.StepLR(new optim.StepLR(new optim.SGD(new nn.Linear(2, 2).parameters()), { stepSize: 1 }) as never, { stepSize: 1 }), /^StepLR: optimizer must be an Optimizer/],
  ])('%s', (_label, fn, re) => {
    const e = thrown(fn);
    expect(e).toBeInstanceOf(RnnWasmError);
    expect(e.message).toMatch(re);
  });
});

describe('class 3: names from files are never object keys', () => {
  it('a safetensors tensor named __proto__ is a tensor like any other', () => {
    const bytes = writeSafetensors({ ['__proto__']: { shape: [1], data: Float32Array.of(3) }, a: { shape: [1], data: Float32Array.of(1) } } as never);
    const { tensors } = readSafetensors(bytes);
    expect(Object.keys(tensors).sort()).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(tensors)).toBe(null);
    expect(parseSafetensors(bytes).tensors.map((t) => t.name).sort()).toEqual(['__proto__', 'a']);
  });

  it('a strict load refuses a __proto__ key it does not expect', () => {
    const m = new nn.Linear(1, 1);
    const dict = JSON.parse('{"weight": {"shape": [1, 1], "data": [1]}, "bias": {"shape": [1], "data": [0]}, "__proto__": {"shape": [1], "data": [0]}}');
    expect(() => m.loadStateDict(dict)).toThrow(/unexpected keys: __proto__/);
  });
});

describe('class 4: silent acceptance', () => {
  it('a ragged nested array is refused, however deep the raggedness', () => {
    expect(() => Tensor.from([[1, 2, 3], [4, [5, 6]]] as never)).toThrow(/^Tensor\.from: nested array is ragged: data\[1\] must be an array of 3, got an array of 2/);
    expect(() => Tensor.from([[1, 2], [3, [4]]] as never)).toThrow(/data\[1\]\[1\] is an array, expected a number/);
    expect(() => Tensor.from([[1, 2], [3]] as never)).toThrow(ShapeError);
  });

  it("bias: 'false' is refused by Linear as by the recurrent layers", () => {
    expect(() => new nn.Linear(8, 4, { bias: 'false' as never })).toThrow(/^Linear: bias must be a boolean/);
    expect(() => new nn.LSTM({ inputSize: 2, hiddenSize: 2, bias: 'false' as never })).toThrow(/^LSTM: bias must be a boolean/);
  });
});

describe('also make these right', () => {
  it('Embedding.forward names itself, not gather', () => {
    const e = new nn.Embedding(50, 2);
    expect(() => e.forward(Tensor.from(Int32Array.of(50), [1]))).toThrow(/^Embedding\.forward: ids must lie in \[0, 50\)/);
  });

  it('a stale tensor error names the function and the argument', () => {
    const t = Tensor.zeros([2]);
    rt.resetStep();
    expect(() => mul(t, t)).toThrow(/^mul: a \[2\] is stale/);
  });

  it('backward a second time on a freed graph is an error', () => {
    const w = Tensor.from([1, 2], [2], { arena: 'params', requiresGrad: true });
    const loss = sum(mul(w, w));
    loss.backward();
    expect(() => loss.backward()).toThrow(StateError);
    rt.resetStep();
  });

  it('Rng.setState refuses the all-zero state; Tensor.full a non-number', () => {
    expect(() => new Rng(1).setState({ s: [0, 0, 0, 0], spare: null })).toThrow(/all zero/);
    expect(() => Tensor.full([2], 'x' as never)).toThrow(/^Tensor\.full: value must be a number/);
  });

  it('saveCheckpoint({ model, rngs: 42 }) is an error', () => {
    expect(() => saveCheckpoint({ model: new nn.Linear(1, 1), rngs: 42 as never })).toThrow(/^saveCheckpoint: rngs must be an object/);
  });

  it('optimizer.step() with no gradients advances no count', () => {
    const m = new nn.Linear(2, 2);
    const opt = new optim.Adam(m.parameters());
    opt.step();
    expect(opt.stepCount).toBe(0);
    expect(opt.stepOf(m.weight)).toBe(0);
  });

  it('NaN in loaded weights, checkpoints and stream states is refused by name (allowNonFinite lets it in)', () => {
    const m = new nn.Linear(1, 1);
    const bad = { weight: { shape: [1, 1], data: [NaN] }, bias: { shape: [1], data: [0] } };
    expect(() => m.loadStateDict(bad)).toThrow(/dict value 'weight' holds NaN/);
    m.loadStateDict(bad, { allowNonFinite: true });
    expect(Number.isNaN(m.weight.toArray()[0])).toBe(true);
    const ck = saveCheckpoint({ model: m });
    expect(() => loadCheckpoint(ck, { model: new nn.Linear(1, 1) })).toThrow(/^loadCheckpoint: dict value 'weight' holds NaN/);
    const lstm = new nn.LSTM({ inputSize: 2, hiddenSize: 2 });
    const st = lstm.initialState(1);
    const withNaN = new StreamState(st.signature, 1, { h: { shape: [1, 1, 2], data: Float32Array.of(NaN, 0) }, c: { shape: [1, 1, 2], data: new Float32Array(2) } });
    expect(() => StreamState.fromBytes(withNaN.toBytes())).toThrow(/^StreamState\.fromBytes: tensor 'h' holds NaN/);
    expect(StreamState.fromBytes(withNaN.toBytes(), { allowNonFinite: true }).batch).toBe(1);
  });
});

describe('class 5: the CLI checks a model directory before building anything', () => {
  async function lmDir(): Promise<string> {
    const dir = join(tempDir(), 'm');
    expect((await cli(['train', '--steps', '1', '--hidden', '8', '--seq-len', '8', '--batch', '2', '--out', dir, '--quiet'])).code).toBe(0);
    return dir;
  }

  it('a config that says hiddenSize 100000 is one line naming the file', async () => {
    const dir = await lmDir();
    const parsed = parseSafetensors(new Uint8Array(readFileSync(join(dir, 'model.safetensors'))));
    const cfg = JSON.parse(parsed.metadata!.config);
    const tensors = Object.fromEntries(parsed.tensors.map((t) => [t.name, { shape: t.shape, data: t.data }]));
    for (const hidden of [100000, 3000]) {
      writeFileSync(join(dir, 'model.safetensors'), writeSafetensors(tensors as never, { kind: 'char-lm', config: JSON.stringify({ ...cfg, hiddenSize: hidden }) }));
      const r = await cli(['sample', '--model', dir]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(new RegExp(`^rnn-wasm: error: \\S+model\\.safetensors: (config hiddenSize must be an integer|the config says 'rnn\\.weight_ih_l0' is)`));
      expect(r.err.split('\n').length).toBe(2);
    }
  });

  it('labels: null in a classifier config is one line naming the file', () => {
    const m = new TextClassifier({ vocabSize: 5, embedDim: 2, hiddenSize: 2, denseSize: 2, maxLen: 4, labels: ['a', 'b'] });
    const parsed = parseSafetensors(m.save());
    const tensors = Object.fromEntries(parsed.tensors.map((t) => [t.name, { shape: t.shape, data: t.data }]));
    const bytes = writeSafetensors(tensors as never, { kind: 'text-classifier', config: JSON.stringify({ ...m.config, labels: null }) });
    expect(() => TextClassifier.load(bytes, { source: 'dir/model.safetensors' })).toThrow(/^dir\/model\.safetensors: config: labels must be two different strings, got null/);
    expect(() => CharLM.load(bytes, { source: 'x' })).toThrow(FormatError);
  });

  it('--out and --report are checked before training starts', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    let r = await cli(['train', '--steps', '1', '--hidden', '8', '--out', join(dir, 'file'), '--quiet']);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/--out \S+file is a file, not a directory/);
    expect(r.out).not.toMatch(/training/);
    mkdirSync(join(dir, 'ro'));
    chmodSync(join(dir, 'ro'), 0o500);
    r = await cli(['train', '--steps', '1', '--hidden', '8', '--out', join(dir, 'm'), '--report', join(dir, 'ro', 'r.html'), '--quiet']);
    chmodSync(join(dir, 'ro'), 0o700);
    if (process.getuid?.() !== 0) {
      expect(r.code).not.toBe(0);
      expect(r.err).toMatch(/--report \S+r\.html: \S+ro is not writable/);
    }
  });
});
