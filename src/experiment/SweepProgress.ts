import { wallClockMs } from '../determinism/clock.ts';

/** Where progress goes: a stream with an optional TTY flag (stderr in the CLI). */
export interface ProgressSink {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** Plain-line mode prints at most every this many ms (and at 25 / 50 / 75 %). */
const PLAIN_EVERY_MS = 10_000;
/** TTY mode redraws at most every this many ms. */
const TTY_EVERY_MS = 100;
const BAR = 28;

/**
 * Progress of a sweep on stderr: a redrawn bar on a TTY, plain periodic lines
 * otherwise (logs, CI). Wall time is used for rates and pacing only, never in
 * anything recorded.
 *
 * @example const p = new SweepProgress(process.stderr, 1000, 200); … p.tick(); … p.finish();
 */
export class SweepProgress {
  private done = 0;
  private readonly started = wallClockMs();
  private lastDraw = this.started;
  private quarter = 0;

  private readonly total: number;

  /** `planned` runs, of which `skipped` are already recorded; the rest run on `workers` threads (0: this one). */
  constructor(
    private readonly sink: ProgressSink | null,
    planned: number,
    skipped: number,
    workers: number,
  ) {
    this.total = planned - skipped;
    const where = workers <= 0 ? 'this thread' : `${workers} worker${workers > 1 ? 's' : ''}`;
    this.write(`sweep: ${planned} runs planned, ${skipped} already recorded (skipped), ${this.total} to run on ${where}\n`);
  }

  /** One more run finished. */
  tick(): void {
    this.done++;
    const now = wallClockMs();
    if (this.sink?.isTTY) {
      if (now - this.lastDraw >= TTY_EVERY_MS || this.done === this.total) {
        this.lastDraw = now;
        this.write(`\r${this.line(now)}\u001b[K`);
      }
      return;
    }
    const quarter = Math.floor((4 * this.done) / Math.max(1, this.total));
    if (now - this.lastDraw >= PLAIN_EVERY_MS || (quarter > this.quarter && quarter < 4)) {
      this.lastDraw = now;
      this.quarter = quarter;
      this.write(`${this.line(now)}\n`);
    }
  }

  /** The sweep is over: a last line with the totals. */
  finish(): void {
    const now = wallClockMs();
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    this.write(`${this.sink?.isTTY ? '\r\u001b[K' : ''}sweep: ${this.done} runs in ${seconds.toFixed(1)} s (${rate.toFixed(1)} runs/s)\n`);
  }

  private line(now: number): string {
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    const share = this.total ? this.done / this.total : 1;
    const eta = rate > 0 ? Math.ceil((this.total - this.done) / rate) : null;
    const filled = Math.round(share * BAR);
    const bar = this.sink?.isTTY ? `[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ` : '';
    return `${bar}${this.done}/${this.total} runs (${Math.round(share * 100)}%) · ${rate.toFixed(1)} runs/s${eta === null ? '' : ` · eta ${eta} s`}`;
  }

  private write(text: string): void {
    this.sink?.write(text);
  }
}
