// The text classifier from the command line in Deno, from saved weights:
//   deno run --allow-read examples/deno/classify.mjs --model DIR "some text" ["more text" ...]
// DIR is written by `rnn-wasm classify-train` or `node examples/classifier/spam.mjs --save DIR`.
import { init } from 'rnn-wasm';
import { loadClassifier, predict } from 'rnn-wasm/models';

const args = [...Deno.args];
const at = args.indexOf('--model');
if (at < 0 || at + 1 >= args.length || args.length < 3) {
  console.error('usage: deno run --allow-read examples/deno/classify.mjs --model DIR "text" ...');
  Deno.exit(2);
}
const dir = args.splice(at, 2)[1];
await init();
const { model, vocab } = loadClassifier(await Deno.readFile(`${dir}/model.safetensors`), await Deno.readTextFile(`${dir}/vocab.json`));
const probs = predict(model, vocab, args);
args.forEach((text, i) => console.log(`${model.config.labels[probs[i] >= 0.5 ? 1 : 0]}\t${probs[i].toFixed(4)}\t${text}`));
