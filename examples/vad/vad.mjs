// Streaming voice activity detection with Silero VAD v5 (an ONNX file) on rnn-wasm: feed PCM in
// chunks of any size, get speech segments. Shared by the Node, Deno and Worker examples.
//
// Silero v5 reads 512-sample frames at 16 kHz (32 ms) preceded by the last 64 samples of the
// previous frame, carries a [2, 1, 128] state between frames, and takes the sample rate `sr`.
import { importOnnx } from 'rnn-wasm/onnx';

const FRAME = 512;
const CONTEXT = 64;

export class StreamingVad {
  /**
   * modelBytes: silero_vad_v5.onnx. Speech starts at a frame with probability >= threshold and
   * ends after `redemptionFrames` frames below threshold - 0.05 (as @ricky0123/vad-web decides).
   */
  constructor(modelBytes, { threshold = 0.5, redemptionFrames = 8, sampleRate = 16000 } = {}) {
    if (sampleRate !== 16000) throw new Error('StreamingVad: this example takes 16 kHz audio');
    this.model = importOnnx(modelBytes);
    this.threshold = threshold;
    this.redemption = redemptionFrames;
    this.sr = { data: BigInt64Array.of(16000n), shape: [] };
    this.state = new Float32Array(2 * 128);
    this.window = new Float32Array(CONTEXT + FRAME); // context + the frame being filled
    this.fill = 0;
    this.frame = 0; // frames processed
    this.speechStart = -1;
    this.quiet = 0;
    this.probabilities = [];
  }

  /** Float32 samples in [-1, 1]; returns the segments that ended in this chunk: [{ startMs, endMs }]. */
  push(samples) {
    const ended = [];
    for (let i = 0; i < samples.length; ) {
      const n = Math.min(FRAME - this.fill, samples.length - i);
      this.window.set(samples.subarray(i, i + n), CONTEXT + this.fill);
      this.fill += n;
      i += n;
      if (this.fill === FRAME) {
        const seg = this.step();
        if (seg) ended.push(seg);
        this.window.copyWithin(0, FRAME, FRAME + CONTEXT); // the last 64 samples become the context
        this.fill = 0;
      }
    }
    return ended;
  }

  /** Ends the stream: the segment still open, if any. */
  flush() {
    if (this.speechStart < 0) return [];
    const seg = { startMs: this.ms(this.speechStart), endMs: this.ms(this.frame) };
    this.speechStart = -1;
    return [seg];
  }

  step() {
    const out = this.model.run({
      input: { data: this.window, shape: [1, CONTEXT + FRAME] },
      state: { data: this.state, shape: [2, 1, 128] },
      sr: this.sr,
    });
    this.state = out.stateN.data;
    const p = out.output.data[0];
    this.probabilities.push(p);
    const f = this.frame++;
    if (this.speechStart < 0) {
      if (p >= this.threshold) { this.speechStart = f; this.quiet = 0; }
      return null;
    }
    if (p < this.threshold - 0.05) {
      if (++this.quiet >= this.redemption) {
        const seg = { startMs: this.ms(this.speechStart), endMs: this.ms(f - this.quiet + 1) };
        this.speechStart = -1;
        return seg;
      }
    } else this.quiet = 0;
    return null;
  }

  ms(frame) {
    return (frame * FRAME) / 16;
  }
}

/** 16-bit PCM samples of a mono 16 kHz WAV file as floats. */
export function readWav(bytes) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== 'RIFF') throw new Error('not a WAV file');
  let p = 12, rate = 0, channels = 0, bits = 0;
  while (p + 8 <= bytes.length) {
    const id = String.fromCharCode(...bytes.subarray(p, p + 4));
    const size = dv.getUint32(p + 4, true);
    if (id === 'fmt ') { channels = dv.getUint16(p + 10, true); rate = dv.getUint32(p + 12, true); bits = dv.getUint16(p + 22, true); }
    if (id === 'data') {
      if (rate !== 16000 || channels !== 1 || bits !== 16) throw new Error(`need 16 kHz mono 16-bit PCM, got ${rate} Hz, ${channels} channels, ${bits} bits (sox in.wav -r 16000 -c 1 -b 16 out.wav)`);
      return pcm16(bytes.subarray(p + 8, p + 8 + size));
    }
    p += 8 + size + (size & 1);
  }
  throw new Error('WAV file without a data chunk');
}

/** Little-endian 16-bit PCM bytes as floats in [-1, 1). */
export function pcm16(bytes) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength >> 1);
  for (let i = 0; i < out.length; i++) out[i] = dv.getInt16(2 * i, true) / 32768;
  return out;
}
