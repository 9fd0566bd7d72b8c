// The programs bench/coldstart.mjs times, as source text (each runs in a fresh process, page or
// isolate), for two workloads: 'lstm' (nn.LSTM I=64, H=64 over T=16 steps, B=1) and, while the
// package does not export nn.LSTM, 'matmul' (x[1,64] . W[64,256], one LSTM input projection).
// Each program ends with `r` = { sinceStart, fromImport, ... }; performance.now() counts from
// the process or page start (timeOrigin).

export const WORKLOADS = {
  lstm: 'nn.LSTM I=64 H=64, T=16, B=1: first output',
  matmul: 'matmul 1x64 . 64x256 (package does not export nn.LSTM yet)',
};

const rnnBody = {
  lstm: `const { init, Tensor, nn, noGrad } = mod;
const rt = await init();
const lstm = new nn.LSTM({ inputSize: 64, hiddenSize: 64 }).eval();
const x = Tensor.from(new Float32Array(16 * 64).fill(0.5), [1, 16, 64]);
const y = noGrad(() => lstm.forward(x).output.toArray()[0]);`,
  matmul: `const { init, Tensor, matmul } = mod;
const rt = await init();
const x = Tensor.from(new Float32Array(64).fill(0.5), [1, 64]);
const w = Tensor.from(new Float32Array(64 * 256).fill(0.25), [64, 256]);
const y = matmul(x, w).toArray()[0];`,
};

/** rnn-wasm, imported from `entry` (dist/index.js, or dist/worker.js in workerd). */
export const rnnProgram = (workload, entry) => `const t0 = performance.now();
const mod = await import(${JSON.stringify(entry)});
${rnnBody[workload]}
const r = { sinceStart: performance.now(), fromImport: performance.now() - t0, isa: rt.isa, y };
`;

export const emptyProgram = 'const r = { sinceStart: performance.now() };\n';

/** onnxruntime-web in Node (its `node` export), one thread, on model.onnx from onnxModel(). */
export const ortProgram = (workload) => `const t0 = performance.now();
const ort = await import('onnxruntime-web');
const { readFileSync } = await import('node:fs');
ort.env.wasm.numThreads = 1;
const s = await ort.InferenceSession.create(readFileSync(new URL('./model.onnx', import.meta.url)));
const dims = ${JSON.stringify(workload === 'lstm' ? [16, 1, 64] : [1, 64])};
const out = await s.run({ x: new ort.Tensor('float32', new Float32Array(dims.reduce((a, b) => a * b)).fill(0.5), dims) });
const r = { sinceStart: performance.now(), fromImport: performance.now() - t0, y: out.y.data[0] };
`;

/** @tensorflow/tfjs-backend-wasm in Node; the LSTM is tfjs-core's basicLSTMCell over 16 steps. */
export const tfProgram = (workload) => `const t0 = performance.now();
const tf = await import('@tensorflow/tfjs-core');
await import('@tensorflow/tfjs-backend-wasm');
await tf.setBackend('wasm');
let y;
if (${JSON.stringify(workload)} === 'lstm') {
  const kernel = tf.fill([128, 256], 0.01);
  const bias = tf.zeros([256]);
  const x = tf.fill([1, 64], 0.5);
  let c = tf.zeros([1, 64]);
  let h = tf.zeros([1, 64]);
  for (let t = 0; t < 16; t++) [c, h] = tf.basicLSTMCell(tf.scalar(1), kernel, bias, x, c, h);
  y = (await h.data())[0];
} else {
  const x = tf.fill([1, 64], 0.5);
  const w = tf.fill([64, 256], 0.25);
  y = (await tf.matMul(x, w).data())[0];
}
const r = { sinceStart: performance.now(), fromImport: performance.now() - t0, y };
`;

/**
 * A minimal ONNX ModelProto (protobuf, hand-encoded; opset 17) with input x and output y:
 * 'matmul': y[1,256] = MatMul(x[1,64], w[64,256]); 'lstm': y = LSTM(x[16,1,64], hidden_size 64).
 */
export function onnxModel(workload) {
  const varint = (n) => { const o = []; do { o.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0)); n = Math.floor(n / 128); } while (n); return o; };
  const cat = (...p) => Buffer.concat(p.map((x) => Buffer.from(x)));
  const int = (f, v) => cat(varint(f << 3), varint(v));
  const bytes = (f, b) => cat(varint((f << 3) | 2), varint(b.length), b);
  const str = (f, s) => bytes(f, Buffer.from(s));
  const msg = (f, ...parts) => bytes(f, cat(...parts));
  const dimsOf = (dims) => msg(2, ...dims.map((d) => msg(1, int(1, d)))); // TensorShapeProto
  const valueInfo = (f, name, dims) => msg(f, str(1, name), msg(2, msg(1, int(1, 1), dimsOf(dims))));
  // TensorProto: dims, data_type FLOAT, name, raw_data.
  const init = (name, dims, v) => msg(5, ...dims.map((d) => int(1, d)), int(2, 1), str(8, name),
    bytes(9, new Uint8Array(new Float32Array(dims.reduce((a, b) => a * b)).fill(v).buffer)));
  const graph = workload === 'lstm'
    ? cat(
      // NodeProto LSTM(x, W, R, B) -> y, attribute hidden_size (AttributeProto type INT = 2)
      msg(1, str(1, 'x'), str(1, 'W'), str(1, 'R'), str(1, 'B'), str(2, 'y'), str(4, 'LSTM'), msg(5, str(1, 'hidden_size'), int(3, 64), int(20, 2))),
      str(2, 'g'),
      init('W', [1, 256, 64], 0.01), init('R', [1, 256, 64], 0.01), init('B', [1, 512], 0),
      valueInfo(11, 'x', [16, 1, 64]), valueInfo(12, 'y', [16, 1, 1, 64]),
    )
    : cat(
      msg(1, str(1, 'x'), str(1, 'w'), str(2, 'y'), str(4, 'MatMul')),
      str(2, 'g'),
      init('w', [64, 256], 0.25),
      valueInfo(11, 'x', [1, 64]), valueInfo(12, 'y', [1, 256]),
    );
  return cat(int(1, 8), msg(8, str(1, ''), int(2, 17)), msg(7, graph)); // ir_version 8, opset 17
}
