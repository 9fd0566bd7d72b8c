// Command-line option parsing from a declared table: --name value, --name=value, boolean flags,
// typed values checked against ranges, and the --help text generated from the same table.
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type OptType = 'string' | 'int' | 'number' | 'flag';

export interface OptSpec {
  type: OptType;
  help: string;
  default?: string | number | boolean;
  /** Inclusive lower bound for numbers; values must be above it when minOpen. */
  min?: number;
  minOpen?: boolean;
  max?: number;
  /** Allowed values of a string option. */
  choices?: readonly string[];
  /** Placeholder in the help text (FILE, N, ...). */
  meta?: string;
}

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, OptSpec>;
  /** Extra lines after the option list (examples). */
  epilog?: string;
}

export type ParsedArgs = Record<string, string | number | boolean | undefined>;

function convert(cmd: string, name: string, spec: OptSpec, raw: string): string | number {
  if (spec.type === 'string') {
    if (spec.choices && !spec.choices.includes(raw)) {
      throw new UsageError(`${cmd}: --${name} must be one of ${spec.choices.join(', ')}, got '${raw}'`);
    }
    return raw;
  }
  const v = Number(raw);
  const kind = spec.type === 'int' ? 'an integer' : 'a number';
  if (raw.trim() === '' || !Number.isFinite(v) || (spec.type === 'int' && !Number.isInteger(v))) {
    throw new UsageError(`${cmd}: --${name} must be ${kind}, got '${raw}'`);
  }
  const lo = spec.min;
  if (lo !== undefined && (spec.minOpen ? v <= lo : v < lo)) {
    throw new UsageError(`${cmd}: --${name} must be ${spec.minOpen ? '>' : '>='} ${lo}, got ${raw}`);
  }
  if (spec.max !== undefined && v > spec.max) throw new UsageError(`${cmd}: --${name} must be <= ${spec.max}, got ${raw}`);
  return v;
}

/** The option names each parse result got from the command line (not from defaults). */
const givenNames = new WeakMap<ParsedArgs, Set<string>>();

/** Whether `--name` was on the command line (false when the value is the default). */
export function wasGiven(args: ParsedArgs, name: string): boolean {
  return givenNames.get(args)?.has(name) ?? false;
}

/** Parses argv (after the command name). Unknown options, missing values and stray words are errors. */
export function parseArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const out: ParsedArgs = {};
  const given = new Set<string>();
  givenNames.set(out, given);
  const cmd = spec.name;
  for (const [name, s] of Object.entries(spec.options)) if (s.default !== undefined) out[name] = s.default;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      out.help = true;
      continue;
    }
    if (!a.startsWith('--')) throw new UsageError(`${cmd}: unexpected argument '${a}' (options start with --; see rnn-wasm ${cmd} --help)`);
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    const s = spec.options[name];
    if (!s) throw new UsageError(`${cmd}: unknown option --${name} (see rnn-wasm ${cmd} --help)`);
    given.add(name);
    if (s.type === 'flag') {
      if (eq >= 0) {
        const v = a.slice(eq + 1);
        if (v !== 'true' && v !== 'false') throw new UsageError(`${cmd}: --${name} is a flag (true or false), got '${v}'`);
        out[name] = v === 'true';
      } else out[name] = true;
      continue;
    }
    let raw: string;
    if (eq >= 0) raw = a.slice(eq + 1);
    else {
      if (i + 1 >= argv.length || argv[i + 1].startsWith('--')) throw new UsageError(`${cmd}: --${name} needs a value`);
      raw = argv[++i];
    }
    out[name] = convert(cmd, name, s, raw);
  }
  return out;
}

/** The --help text of a command. */
export function helpText(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([name, s]) => {
    const left = `  --${name}${s.type === 'flag' ? '' : ` ${s.meta ?? (s.type === 'string' ? 'TEXT' : 'N')}`}`;
    const extra = s.choices ? ` (${s.choices.join(' | ')})` : '';
    const def = s.default !== undefined && s.type !== 'flag' ? ` [default: ${s.default}]` : '';
    return [left, `${s.help}${extra}${def}`];
  });
  rows.push(['  --help', 'show this help']);
  const w = Math.max(...rows.map((r) => r[0].length)) + 2;
  const lines = [`usage: ${spec.usage}`, '', spec.summary, '', 'options:', ...rows.map(([l, r]) => l.padEnd(w) + r)];
  if (spec.epilog) lines.push('', spec.epilog);
  return lines.join('\n') + '\n';
}
