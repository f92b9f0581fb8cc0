import type { RunEvent } from '../core/events.ts';

/** One agent message as recap and snowball restate it. */
export interface SaidLine {
  readonly from: string;
  readonly text: string;
}

/**
 * Keeps what the agents have said (world notes excluded), each message folded
 * to one line of at most `chars` characters, the latest `keep` of them.
 */
export class TranscriptLines {
  private readonly lines: SaidLine[] = [];
  constructor(
    private readonly keep: number,
    private readonly chars: number,
  ) {}

  /** Feed every event; only agents' messages are kept. */
  observe(event: RunEvent): void {
    if (event.type !== 'message' || event.from === 'world') return;
    const flat = event.content.replace(/\s+/g, ' ').trim();
    this.lines.push({ from: event.from, text: flat.length > this.chars ? `${flat.slice(0, this.chars - 1)}…` : flat });
    // Keep a little slack so that filtering by speaker still finds `keep` lines.
    if (this.lines.length > this.keep * 4) this.lines.splice(0, this.lines.length - this.keep * 4);
  }

  /** The latest `keep` lines that pass `keep`, as "- from: text" lines; empty when there are none. */
  render(filter: (line: SaidLine) => boolean = () => true): string[] {
    return this.lines
      .filter(filter)
      .slice(-this.keep)
      .map((l) => `- ${l.from}: ${l.text}`);
  }
}
