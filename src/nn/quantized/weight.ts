// An int8 weight matrix in wasm memory, in the layout the int8 kernels read (assembly/int8/):
// codes (N, kp) i8, rows zero-padded to kp = K rounded up to 16, a float32 scale per row (the
// same value in every row when quantized per tensor, PyTorch's default) and the i32 row sums of
// the codes (the zero-point correction of the 7-bit activation codes). Lives in the params arena,
// as long as the runtime: quantized modules are made once and kept.
// Activations are quantized per row (per step and batch row) into the step arena by quantizeActs.
import { ValueError } from '../../errors.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { Tensor } from '../../tensor/tensor.js';
import { int8Mode } from './kernels.js';

/** Columns rounded up to the kernels' 16-byte blocks. */
export const padK = (K: number): number => (K + 15) & ~15;

export class QWeight {
  readonly rt: Runtime;
  readonly N: number;
  readonly K: number;
  readonly kp: number;
  readonly perTensor: boolean;
  /** Byte offsets in rt's params arena: codes (N, kp) i8, scale (N) f32, rowsum (N) i32. */
  readonly codes: number;
  readonly scale: number;
  readonly rowsum: number;
  /** The kernels' mode for this runtime (kernels.ts) and, in mode 2, the codes as i16 (N, kp). */
  private readonly mode: 0 | 1 | 2 | 3;
  private readonly wide: number;
  /** qs8_gemm's scratch. */
  private readonly ws: number;

  private constructor(rt: Runtime, N: number, K: number, perTensor: boolean) {
    this.rt = rt;
    this.N = N;
    this.K = K;
    this.kp = padK(K);
    this.perTensor = perTensor;
    this.codes = rt.params.alloc(N * this.kp);
    this.scale = rt.params.alloc(N * 4);
    this.rowsum = rt.params.alloc(N * 4);
    this.mode = int8Mode(rt);
    this.wide = this.mode === 2 ? rt.params.alloc(N * this.kp * 2) : 0;
    this.ws = rt.params.alloc(rt.k.qs8_gemm_ws_bytes());
  }

  /** Mode 2: the i16 copy of the codes the plain-SIMD kernels read (made once, after every change). */
  private widen(): void {
    if (this.wide) new Int16Array(this.rt.memory.buffer, this.wide, this.N * this.kp).set(new Int8Array(this.rt.memory.buffer, this.codes, this.N * this.kp));
  }

  /** Quantizes a float32 (N, K) tensor (q = round(w / s), s = max|w| / 127 per row or per tensor). */
  static fromTensor(w: Tensor, perTensor: boolean): QWeight {
    if (w.shape.length !== 2 || w.dtype !== 'float32') throw new ValueError(`quantizeDynamic: weight must be a float32 matrix, got ${w.dtype} [${w.shape}]`);
    const [N, K] = w.shape;
    const q = new QWeight(w.runtime, N, K, perTensor);
    w.runtime.k.qs8_quantize_weights(q.codes, q.scale, q.rowsum, w.ptr, N, K, q.kp, perTensor ? 1 : 0);
    q.widen();
    return q;
  }

  /** Replaces the codes (N, K) and scales (N) (loading); the caller has checked the sizes. */
  assign(codes: Int8Array, scale: Float32Array): void {
    const dst = new Int8Array(this.rt.memory.buffer, this.codes, this.N * this.kp);
    const sums = new Int32Array(this.N);
    dst.fill(0);
    for (let n = 0; n < this.N; n++) {
      let s = 0;
      for (let k = 0; k < this.K; k++) {
        const v = Math.max(-127, codes[n * this.K + k]); // -128 is outside the symmetric range
        dst[n * this.kp + k] = v;
        s += v;
      }
      sums[n] = s;
    }
    this.rt.f32(this.scale, this.N).set(scale);
    this.rt.i32(this.rowsum, this.N).set(sums);
    this.widen();
  }

  /** Codes (N, K) and scales (N) on the host, for saving. */
  toHost(): { codes: Int8Array; scale: Float32Array } {
    const all = new Int8Array(this.rt.memory.buffer, this.codes, this.N * this.kp);
    const codes = new Int8Array(this.N * this.K);
    for (let n = 0; n < this.N; n++) codes.set(all.subarray(n * this.kp, n * this.kp + this.K), n * this.K);
    return { codes, scale: this.rt.f32(this.scale, this.N).slice() };
  }

  /** The weights as float32 (q · s), (N, K): what the int8 model computes with. */
  dequantized(): Float32Array {
    const { codes, scale } = this.toHost();
    const out = new Float32Array(this.N * this.K);
    for (let n = 0; n < this.N; n++) for (let k = 0; k < this.K; k++) out[n * this.K + k] = codes[n * this.K + k] * scale[n];
    return out;
  }

  /** The kernels' operands: the codes in the layout `mode` reads (assembly/int8/gemm.ts), row sums, scales, qs8_gemm's scratch. */
  kernelArgs(): { w: number; rowsum: number; scale: number; mode: 0 | 1 | 2 | 3; ws: number } {
    return { w: this.mode === 2 ? this.wide : this.codes, rowsum: this.rowsum, scale: this.scale, mode: this.mode, ws: this.ws };
  }

  /**
   * y (M, rows) [+]= dequant(x codes (M, kp) · W[row0 .. row0+rows)ᵀ) [+ bias] with y rows ldy floats
   * apart. bias/y are byte offsets (bias 0 = none).
   */
  product(M: number, x: QActs, y: number, ldy: number, bias: number, accumulate: boolean, row0 = 0, rows = this.N): void {
    const k = this.rt.k;
    const w = this.mode === 2 ? this.wide + row0 * this.kp * 2 : this.codes + row0 * this.kp;
    const rs = this.rowsum + row0 * 4;
    const sc = this.scale + row0 * 4;
    if (M === 1) k.qs8_gemv(rows, this.kp, x.codes, x.params, w, rs, sc, y, bias, accumulate ? 1 : 0, this.mode);
    else k.qs8_gemm(M, rows, this.kp, x.codes, x.params, w, rs, sc, y, ldy, bias, accumulate ? 1 : 0, this.mode, this.ws);
  }
}

/** Activation codes in the step arena: codes (rows, kp) u7, params (rows, 2) [scale, zero point]. */
export interface QActs {
  codes: number;
  params: number;
}

/** Room for `rows` rows of K activations. */
export function allocActs(rt: Runtime, rows: number, K: number): QActs {
  return { codes: rt.step.alloc(rows * padK(K)), params: rt.step.alloc(rows * 8) };
}

/** Quantizes `rows` float rows of K values (lds floats apart, at byte offset src) into `into`. */
export function quantizeActs(rt: Runtime, into: QActs, src: number, lds: number, rows: number, K: number): QActs {
  rt.k.qs8_quantize_act(into.codes, into.params, src, lds, rows, K, padK(K));
  return into;
}
