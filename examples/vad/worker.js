// A Worker (workerd / Cloudflare Workers) that finds speech in audio:
//   POST / with 16 kHz mono 16-bit little-endian PCM (or a WAV file of it)
//   -> {"segments": [{"startMs": 480, "endMs": 896}, ...], "frames": 180}
// The whole rnn-wasm side is one bundle (rnn-wasm/onnx's workerd build) plus its wasm modules.
import modelBytes from './silero_vad_v5.onnx'; // ArrayBuffer (a data module)
import { init } from 'rnn-wasm/onnx'; // in a worker, init comes from the onnx entry (one runtime)
import { StreamingVad, pcm16, readWav } from './vad.mjs';

let ready = null; // the runtime, made on the first request (no top-level await in workers)

export default {
  async fetch(request) {
    if (request.method !== 'POST') return new Response('POST 16 kHz mono 16-bit PCM (raw or WAV)\n', { status: 400 });
    const body = new Uint8Array(await request.arrayBuffer());
    let audio;
    try {
      audio = String.fromCharCode(...body.subarray(0, 4)) === 'RIFF' ? readWav(body) : pcm16(body);
    } catch (e) {
      return new Response(`${e.message}\n`, { status: 400 });
    }
    ready ??= init();
    await ready;
    // A model per request: each stream has its own state (importing takes about a millisecond).
    const vad = new StreamingVad(new Uint8Array(modelBytes));
    const segments = [...vad.push(audio), ...vad.flush()];
    return Response.json({ segments, frames: vad.probabilities.length });
  },
};
