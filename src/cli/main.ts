// The `rnn-wasm` program: picks the command, parses its options, runs it, and turns every
// failure into one line `rnn-wasm: error: ...` with exit code 2 (usage) or 1 (runtime).
import { init, RnnWasmError } from '../node.js';
import { UsageError, helpText, parseArgs, type CommandSpec, type ParsedArgs } from './args.js';
import { CLASSIFY, CLASSIFY_TRAIN, classify, classifyTrain } from './classify.js';
import type { CliContext } from './io.js';
import { EVAL, SAMPLE, evaluate, sample } from './lm_commands.js';
import { FORECAST, FORECAST_EVAL, FORECAST_TRAIN, forecast, forecastEval, forecastTrain } from './forecast.js';
import { TRAIN, train } from './train.js';

export type { CliContext } from './io.js';

const COMMANDS: Record<string, { spec: CommandSpec; run: (a: ParsedArgs, ctx: CliContext) => Promise<void> }> = {
  train: { spec: TRAIN, run: train },
  sample: { spec: SAMPLE, run: sample },
  eval: { spec: EVAL, run: evaluate },
  'classify-train': { spec: CLASSIFY_TRAIN, run: classifyTrain },
  classify: { spec: CLASSIFY, run: classify },
  'forecast-train': { spec: FORECAST_TRAIN, run: forecastTrain },
  forecast: { spec: FORECAST, run: forecast },
  'forecast-eval': { spec: FORECAST_EVAL, run: forecastEval },
};

export function usage(): string {
  const rows = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(16)}${c.spec.summary}`);
  return [
    'usage: rnn-wasm <command> [options]', '', 'Recurrent neural networks in WebAssembly: train and use small text models.', '',
    'commands:', ...rows, '', 'Run `rnn-wasm <command> --help` for the options of a command.',
  ].join('\n') + '\n';
}

/** Runs the program on argv (without node and the script path); resolves to the exit code. */
export async function main(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      ctx.out.write(usage());
      return name === undefined ? 2 : 0;
    }
    const cmd = COMMANDS[name];
    if (!cmd) throw new UsageError(`unknown command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')})`);
    const args = parseArgs(cmd.spec, rest);
    if (args.help) {
      ctx.out.write(helpText(cmd.spec));
      return 0;
    }
    await init();
    await cmd.run(args, ctx);
    return 0;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    ctx.err.write(`rnn-wasm: error: ${msg.split('\n')[0]}\n`);
    if (e instanceof UsageError) return 2;
    if (!(e instanceof RnnWasmError) && process.env.RNN_WASM_DEBUG) ctx.err.write(String((e as Error).stack) + '\n');
    return 1;
  }
}

/** Entry for the bin script: process streams and exit code. */
export async function run(): Promise<void> {
  const ctx: CliContext = {
    out: { write: (s) => void process.stdout.write(s), isTTY: !!process.stdout.isTTY, columns: process.stdout.columns },
    err: { write: (s) => void process.stderr.write(s) },
    now: () => performance.now(),
  };
  process.exitCode = await main(process.argv.slice(2), ctx);
}
