import { everyMs, wallClockMs } from '../determinism/clock.ts';

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
 * otherwise (logs, CI): every 10 s, whether or not a run finished meanwhile,
 * and at each quarter. Wall time is used for rates and pacing only, never in
 * anything recorded. `finish` (or `stop`, on failure) ends the timer.
 *
 * @example const p = new SweepProgress(process.stderr, 1000, 200, 2); … p.tick(); … p.finish();
 */
export class SweepProgress {
  private done = 0;
  private readonly started = wallClockMs();
  private lastDraw = this.started;
  private quarter = 0;
  private readonly stopTimer: () => void;

  private readonly total: number;
  private stopped = false;

  /** `planned` runs, of which `skipped` are already recorded; the rest run on `workers` worker processes (0: this thread), or where `workers` says. */
  constructor(
    private readonly sink: ProgressSink | null,
    planned: number,
    skipped: number,
    workers: number | string,
    /** Plain-line pacing (tests shorten it). */
    private readonly plainEveryMs = PLAIN_EVERY_MS,
  ) {
    this.total = planned - skipped;
    const where = typeof workers === 'string' ? workers : workers <= 0 ? 'this thread' : `${workers} worker${workers > 1 ? 's' : ''}`;
    this.write(`sweep: ${planned} runs planned, ${skipped} already recorded (skipped), ${this.total} to run on ${where}\n`);
    // Between runs too: the clock and the rate move on while a long run computes.
    this.stopTimer = sink && this.total > 0 ? everyMs(sink.isTTY ? 1000 : plainEveryMs, () => this.draw(false)) : () => {};
  }

  /** One more run finished (drawn unless the sweep has already failed and stopped its lines). */
  tick(): void {
    this.done++;
    if (!this.stopped) this.draw(true);
  }

  private draw(ranOne: boolean): void {
    const now = wallClockMs();
    if (this.sink?.isTTY) {
      if (now - this.lastDraw >= TTY_EVERY_MS || this.done === this.total) {
        this.lastDraw = now;
        this.write(`\r${this.line(now)}\u001b[K`);
      }
      return;
    }
    const quarter = Math.floor((4 * this.done) / Math.max(1, this.total));
    // A timer call lands just short of its period after the last line as often as just past it.
    if (now - this.lastDraw >= this.plainEveryMs * (ranOne ? 1 : 0.99) || (quarter > this.quarter && quarter < 4)) {
      this.lastDraw = now;
      this.quarter = quarter;
      this.write(`${this.line(now)}\n`);
    }
  }

  /** Stop the periodic lines without a last one (the sweep failed). */
  stop(): void {
    this.stopped = true;
    this.stopTimer();
  }

  /** The sweep is over: a last line with the totals. */
  finish(): void {
    this.stopTimer();
    const now = wallClockMs();
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    this.write(`${this.sink?.isTTY ? '\r\u001b[K' : ''}sweep: ${this.done} runs in ${seconds.toFixed(1)} s (${rateText(rate)})\n`);
  }

  private line(now: number): string {
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    const share = this.total ? this.done / this.total : 1;
    const eta = rate > 0 ? Math.ceil((this.total - this.done) / rate) : null;
    const filled = Math.round(share * BAR);
    const bar = this.sink?.isTTY ? `[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ` : '';
    return `${bar}${this.done}/${this.total} runs (${Math.round(share * 100)}%) · ${Math.round(seconds)} s · ${rateText(rate)}${eta === null ? '' : ` · eta ${eta} s`}`;
  }

  private write(text: string): void {
    this.sink?.write(text);
  }
}

/** Runs per second, or per minute when fewer than one a second finishes (long runs read "0.0 runs/s" otherwise). */
function rateText(perSecond: number): string {
  return perSecond >= 1 || perSecond === 0 ? `${perSecond.toFixed(1)} runs/s` : `${(perSecond * 60).toFixed(1)} runs/min`;
}
