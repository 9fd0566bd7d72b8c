// Runs ONNX bytes in onnxruntime-node (1 thread) and returns every output as { data, dims }.
import * as ort from 'onnxruntime-node';

export type Feed = { data: Float32Array | Int32Array | BigInt64Array; dims: number[] };

export async function runOrt(bytes: Uint8Array, feeds: Record<string, Feed>): Promise<Record<string, { data: Float32Array; dims: number[] }>> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const inputs: Record<string, ort.Tensor> = {};
  for (const [k, v] of Object.entries(feeds)) inputs[k] = new ort.Tensor(v.data instanceof BigInt64Array ? 'int64' : v.data instanceof Int32Array ? 'int32' : 'float32', v.data, v.dims);
  const out = await session.run(inputs);
  const res: Record<string, { data: Float32Array; dims: number[] }> = {};
  for (const [k, v] of Object.entries(out)) res[k] = { data: v.data as Float32Array, dims: [...v.dims] };
  await session.release();
  return res;
}
