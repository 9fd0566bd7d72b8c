// Gate orders, mapped in one place. PyTorch stacks gate blocks in weight_ih/weight_hh/biases as
// LSTM i, f, g, o and GRU r, z, n; ONNX's W/R/B use LSTM i, o, f, c and GRU z, r, h (and its
// peephole P is i, o, f).
export type GateKind = 'lstm' | 'gru' | 'rnn';

/** ONNX gate block j holds PyTorch gate block TORCH_OF_ONNX[kind][j]. */
export const TORCH_OF_ONNX: Readonly<Record<GateKind, readonly number[]>> = {
  lstm: [0, 3, 1, 2], // i, o, f, c <- i, f, g, o
  gru: [1, 0, 2], // z, r, h <- r, z, n
  rnn: [0],
};

/** Rows regrouped: src is (gates·H, cols) in PyTorch order, the result is in ONNX order. */
export function torchToOnnxGates(kind: GateKind, src: Float32Array, H: number, cols: number): Float32Array {
  const perm = TORCH_OF_ONNX[kind];
  const block = H * cols;
  const out = new Float32Array(src.length);
  perm.forEach((from, to) => out.set(src.subarray(from * block, (from + 1) * block), to * block));
  return out;
}
