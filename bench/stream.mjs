// Streaming inference latency: one model.step (frame in, output + next state out, state through
// bytes as a key-value store would hold it) per call, in µs, next to the same frames as part of one
// whole-sequence forward. Also the cost of StreamState.toBytes/fromBytes alone.
import { init, nn, noGrad, StreamState, Tensor, getRuntime } from '../dist/index.js';
import { emit, round, timeIt } from './_stats.mjs';

const T = 64;

export default async function () {
  await init();
  const rt = getRuntime();
  for (const [cell, I, H, L] of [['LSTM', 64, 128, 1], ['LSTM', 128, 256, 2], ['GRU', 64, 128, 1]]) {
    const model = cell === 'LSTM' ? new nn.LSTM({ inputSize: I, hiddenSize: H, numLayers: L }) : new nn.GRU({ inputSize: I, hiddenSize: H, numLayers: L });
    model.eval();
    for (const B of [1, 8]) {
      const frames = Float32Array.from({ length: B * I }, (_, i) => Math.sin(i));
      let state = model.initialState(B);
      const step = timeIt(() => {
        rt.resetStep();
        const r = model.step(Tensor.from(frames, [B, I]), state);
        state = StreamState.fromBytes(r.state.toBytes());
      }, { warmup: 500, reps: 1000 }); // µs-scale calls: long enough for V8 to finish optimizing them
      const seq = Float32Array.from({ length: B * T * I }, (_, i) => Math.sin(i));
      const whole = timeIt(() => {
        rt.resetStep();
        noGrad(() => model.forward(Tensor.from(seq, [B, T, I])));
      }, { warmup: 3, reps: 15 });
      const bytes = state.toBytes();
      const ser = timeIt(() => StreamState.fromBytes(state.toBytes()), { warmup: 20, reps: 200 });
      emit({
        bench: 'stream', runtime: 'node', isa: rt.isa, model: `${cell} ${I}->${H} x${L}`, B, unit: 'us/step',
        median: round(step.median * 1000, 1), min: round(step.min * 1000, 1),
        wholeSeqPerStep: round((whole.median * 1000) / T, 1), stateBytes: bytes.length, serializeRoundTripUs: round(ser.median * 1000, 1),
      });
    }
  }
}
