// Streaming step API: stepping frame by frame (with the state through bytes and arena resets)
// gives the outputs of running the whole sequence; foreign or malformed states are refused.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FormatError, RnnWasmError, getRuntime, noGrad, Rng, setRuntime, ShapeError, StateError, Tensor, ValueError, writeSafetensors } from '../../src/index.js';
import { GRU, LSTM, RNN, StreamState } from '../../src/nn/recurrent/index.js';
import { ISAS, randomArray, runtimeFor } from '../helpers.js';

type Model = LSTM | GRU | RNN;

/** Column t of a (B, T, H) batch-first or (T, B, H) time-major sequence, as (B, H). */
function frame(seq: Float32Array, B: number, T: number, H: number, t: number, batchFirst: boolean): Float32Array {
  const out = new Float32Array(B * H);
  for (let b = 0; b < B; b++) {
    const row = batchFirst ? b * T + t : t * B + b;
    out.set(seq.subarray(row * H, (row + 1) * H), b * H);
  }
  return out;
}

function checkStepping(model: Model, B: number, T: number, viaBytes: boolean): number {
  const I = model.inputSize;
  const H = model.hiddenSize;
  const bf = model.batchFirst;
  const xs = randomArray(B * T * I, 7 + T);
  const x = Tensor.from(xs, bf ? [B, T, I] : [T, B, I]);
  const whole = noGrad(() => model.forward(x));
  const wantOut = whole.output.toArray() as Float32Array;
  const wantH = whole.h.toArray();
  const wantC = whole.c?.toArray();
  let state = model.initialState(B);
  let worst = 0;
  for (let t = 0; t < T; t++) {
    getRuntime().resetStep(); // the state lives in host memory: it survives the reset
    const r = model.step(Tensor.from(frame(xs, B, T, I, t, bf), [B, I]), state);
    expect(r.output.shape).toEqual([B, H]);
    const want = frame(wantOut, B, T, H, t, bf);
    const got = r.output.toArray();
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
    state = viaBytes ? StreamState.fromBytes(r.state.toBytes()) : r.state;
  }
  const finals: [ArrayLike<number>, ArrayLike<number>][] = [[state.tensors.h.data, wantH]];
  if (wantC) finals.push([state.tensors.c.data, wantC]);
  for (const [got, want] of finals) for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  return worst;
}

describe.each(ISAS)('model.step (%s build)', (isa) => {
  beforeAll(async () => {
    setRuntime(await runtimeFor(isa));
  });

  const makers: [string, () => Model][] = [
    ['LSTM 2 layers', () => new LSTM({ inputSize: 5, hiddenSize: 7, numLayers: 2, rng: new Rng(1) })],
    ['LSTM peephole, time-major', () => new LSTM({ inputSize: 3, hiddenSize: 9, peephole: true, batchFirst: false, rng: new Rng(2) })],
    ['GRU 3 layers', () => new GRU({ inputSize: 4, hiddenSize: 6, numLayers: 3, rng: new Rng(3) })],
    ['GRU reset-before (Keras form)', () => new GRU({ inputSize: 5, hiddenSize: 4, resetAfter: false, rng: new Rng(5) })],
    ['RNN relu', () => new RNN({ inputSize: 6, hiddenSize: 5, nonlinearity: 'relu', rng: new Rng(4) })],
  ];
  for (const [name, make] of makers) {
    it(`${name}: stepping equals the whole sequence (B = 1 and 3, state through bytes)`, () => {
      const m = make().eval();
      // The scalar build sums every product in one order: bit for bit. The SIMD GEMM picks its
      // kernel by row count (a step has B rows, the sequence T*B), each with its own summation
      // order, so the last bits may differ there.
      for (const [B, T, viaBytes] of [[3, 6, true], [1, 5, false]] as const) {
        const worst = checkStepping(m, B, T, viaBytes);
        if (isa === 'none') expect(worst, `B = ${B}, scalar build: bit for bit`).toBe(0);
        else expect(worst, `B = ${B}`).toBeLessThan(1e-6);
      }
    });
  }

  it('refuses bidirectional models, foreign states and wrong frames with typed errors', () => {
    const bi = new LSTM({ inputSize: 3, hiddenSize: 4, bidirectional: true });
    expect(() => bi.step(Tensor.zeros([1, 3]))).toThrow(ValueError);
    expect(() => bi.initialState(2)).toThrow(/bidirectional LSTM cannot run frame by frame/);
    const lstm = new LSTM({ inputSize: 3, hiddenSize: 4 });
    const gru = new GRU({ inputSize: 3, hiddenSize: 4 });
    const wider = new LSTM({ inputSize: 3, hiddenSize: 5 });
    const s = lstm.initialState(2);
    expect(() => gru.step(Tensor.zeros([2, 3]), s)).toThrow(StateError);
    expect(() => wider.step(Tensor.zeros([2, 3]), s)).toThrow(/state was made by another model \(LSTM\(lstm, I=3, H=4/);
    expect(() => lstm.step(Tensor.zeros([3, 3]), s)).toThrow(ShapeError);
    expect(() => lstm.step(Tensor.zeros([2, 1, 3]), s)).toThrow(/x must be \[B, 3\] \(one frame\), got \[2, 1, 3\]/);
    expect(() => lstm.step(Tensor.zeros([2, 3]), { h: Tensor.zeros([1, 2, 4]) } as never)).toThrow(ValueError);
    expect(() => lstm.initialState(0)).toThrow(ValueError);
    // The same architecture loads the same state (e.g. a model reloaded from its weights).
    const twin = new LSTM({ inputSize: 3, hiddenSize: 4 });
    expect(twin.step(Tensor.zeros([2, 3]), StreamState.fromBytes(s.toBytes())).state.batch).toBe(2);
  });

  it('StreamState.fromBytes rejects other files and tampered tensors', () => {
    const other = writeSafetensors({ h: Tensor.zeros([1, 1, 4]) }, { format: 'pt' });
    expect(() => StreamState.fromBytes(other)).toThrow(FormatError);
    expect(() => StreamState.fromBytes(new Uint8Array(20))).toThrow(FormatError);
    const lstm = new LSTM({ inputSize: 3, hiddenSize: 4 });
    const s = lstm.initialState(2);
    const bad = new StreamState(s.signature, 2, { h: { shape: [1, 2, 3], data: new Float32Array(6) }, c: s.tensors.c as never });
    expect(() => lstm.step(Tensor.zeros([2, 3]), StreamState.fromBytes(bad.toBytes()))).toThrow(/state tensor 'h' must be \[1, 2, 4\], got \[1, 2, 3\]/);
    // A state is a value: stepping does not change it.
    const before = Array.from(s.tensors.h.data);
    lstm.step(Tensor.full([2, 3], 1), s);
    expect(Array.from(s.tensors.h.data)).toEqual(before);
  });

  it('StreamState.fromBytes + step fail only with typed errors on corrupted bytes (fuzz)', () => {
    const lstm = new LSTM({ inputSize: 3, hiddenSize: 4, numLayers: 2 });
    const bytes = lstm.step(Tensor.full([2, 3], 0.5)).state.toBytes();
    fc.assert(fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 }), (at, v) => {
      const b = bytes.slice();
      b[at] = v;
      try {
        lstm.step(Tensor.full([2, 3], 0.5), StreamState.fromBytes(b));
      } catch (e) {
        expect(e).toBeInstanceOf(RnnWasmError);
      }
    }), { numRuns: 500 });
  });
});
