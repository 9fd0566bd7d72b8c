// Speech segments of a WAV file (16 kHz mono 16-bit), streamed in 20 ms chunks as a microphone would:
//   node examples/vad/node.mjs [file.wav] [--model silero_vad_v5.onnx]
import { readFile } from 'node:fs/promises';
import { init } from 'rnn-wasm';
import { StreamingVad, readWav } from './vad.mjs';

const args = process.argv.slice(2);
const at = args.indexOf('--model');
const modelPath = at >= 0 ? args.splice(at, 2)[1] : new URL('../../node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx', import.meta.url);
const wav = args[0] ?? new URL('../../test/fixtures/onnx/speech16k.wav', import.meta.url);

await init();
const vad = new StreamingVad(new Uint8Array(await readFile(modelPath)));
const audio = readWav(new Uint8Array(await readFile(wav)));
const segments = [];
for (let i = 0; i < audio.length; i += 320) segments.push(...vad.push(audio.subarray(i, i + 320)));
segments.push(...vad.flush());
for (const s of segments) console.log(`speech\t${s.startMs}\t${s.endMs}`);
console.log(`frames\t${vad.probabilities.length}`);
