export interface Int8Env {
  k: Record<string, any>;
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  modes?: number[];
}
export const KP: (K: number) => number;
export function quantizeActJs(x: ArrayLike<number>, K: number): [Uint8Array, number, number];
export function checkInt8(env: Int8Env): string[];
export function checkWeights(env: Int8Env, quantizeRows: (w: Float32Array, rows: number, cols: number) => { q: Int8Array; scale: Float32Array }): string[];
