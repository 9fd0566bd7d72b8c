// The training progress display: a one-line bar redrawn in place on a terminal, and plain
// log lines (at most one every `plainEvery` updates, plus the last) when output is a file or CI.

/** Where the CLI writes: stdout/stderr of the process, or a buffer in tests. */
export interface Sink {
  write(text: string): void;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressFields {
  step: number;
  total: number;
  loss: number;
  /** Bits per character of the training loss. */
  bpc: number;
  charsPerSec: number;
  /** Seconds left at the current rate. */
  eta: number;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function formatRate(n: number): string {
  return n >= 10000 ? `${(n / 1000).toFixed(1)}k` : n.toFixed(0);
}

export function describe(f: ProgressFields): string {
  return `step ${f.step}/${f.total}  loss ${f.loss.toFixed(3)}  bpc ${f.bpc.toFixed(3)}  ${formatRate(f.charsPerSec)} char/s  eta ${formatDuration(f.eta)}`;
}

export class Progress {
  private readonly out: Sink;
  private readonly plainEvery: number;
  private drawn = false;
  private count = 0;

  constructor(out: Sink, opts: { plainEvery?: number } = {}) {
    this.out = out;
    this.plainEvery = Math.max(1, opts.plainEvery ?? 10);
  }

  get tty(): boolean {
    return !!this.out.isTTY;
  }

  update(f: ProgressFields): void {
    this.count++;
    const text = describe(f);
    if (this.tty) {
      const width = Math.max(10, Math.min(30, (this.out.columns ?? 80) - text.length - 4));
      const filled = Math.round((width * f.step) / Math.max(1, f.total));
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      this.out.write(`\r\x1b[2K${bar} ${text}`);
      this.drawn = true;
    } else if (this.count % this.plainEvery === 0 || f.step === f.total) {
      this.out.write(text + '\n');
    }
  }

  /** Prints a message above the bar (the bar is redrawn on the next update). */
  log(text: string): void {
    if (this.tty && this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
    this.out.write(text.endsWith('\n') ? text : text + '\n');
  }

  /** Ends the bar's line. */
  done(): void {
    if (this.tty && this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}
