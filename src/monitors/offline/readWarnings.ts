/** What reading a run file found, as `RunFileEvents` reports it once read. */
export interface ReadState {
  readonly seal: unknown;
  readonly torn: boolean;
  readonly afterSeal: number | null;
  readonly lineEndings: string | null;
  /** Event lines read. */
  readonly events: number;
}

/**
 * Warnings about a run file read as far as it goes (unsealed, torn, converted to CRLF, data after the seal), for
 * stderr: `done` says what was done with what was read ("monitored", "shown").
 *
 * @example for (const w of readWarnings(file, state, 'shown')) process.stderr.write(`troupe: ${w}\n`)
 */
export function readWarnings(file: string, r: ReadState, done: string): string[] {
  const lines: string[] = [];
  const events = `${r.events} event${r.events === 1 ? '' : 's'}`;
  if (r.torn) {
    const unsealed = r.seal ? '' : '; the run is unsealed';
    lines.push(`warning: ${file} ends in a torn line (a write cut short by a crash), which was dropped${unsealed} — ${done} the ${events} before it.`);
  } else if (!r.seal) lines.push(`warning: ${file} is unsealed (the run was killed, crashed or is still running) — ${done} the ${events} it holds so far.`);
  // The text is read as it is (a \r is whitespace to the monitors), but a converted file no longer verifies.
  if (r.lineEndings !== null) lines.push(`warning: ${file}: ${r.lineEndings.replace(/\.$/, '')} — ${done} as it is; \`troupe verify\` will call it damaged.`);
  if (r.afterSeal !== null) lines.push(`warning: ${file} has data after its seal (line ${r.afterSeal}), which was not read — ${done} the sealed run's ${events}; \`troupe verify ${file}\` tells more.`);
  return lines;
}
