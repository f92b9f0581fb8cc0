import { verifyRun, type VerifyProblemKind } from '../../record/verifyRun.ts';

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
 * Warnings about a run file read as far as it goes (edited or damaged, unsealed, torn, converted to CRLF, data after
 * the seal), for stderr: `done` says what was done with what was read ("monitored", "shown"). The file's hash chain
 * is checked here (as `troupe verify` does, at disk speed): reading an event does not hash it, and an edited message
 * would otherwise be shown, monitored or judged as if recorded.
 *
 * @example for (const w of readWarnings(file, state, 'shown')) process.stderr.write(`troupe: ${w}\n`)
 */
export function readWarnings(file: string, r: ReadState, done: string): string[] {
  const lines: string[] = integrityWarnings(file, done);
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

/** Problems the other warnings already tell (or that are no damage: a run cut short is only unsealed). */
const TOLD: ReadonlySet<VerifyProblemKind> = new Set(['after-seal', 'line-endings']);

/** A warning when the file's chain or seal says it was changed after it was recorded. */
function integrityWarnings(file: string, done: string): string[] {
  const damage = verifyRun(file).problems.filter((p) => !TOLD.has(p.kind));
  if (damage.length === 0) return [];
  const more = damage.length > 1 ? ` (and ${damage.length - 1} more problem${damage.length > 2 ? 's' : ''})` : '';
  return [`warning: ${file} does not verify: ${damage[0]!.message.replace(/\.$/, '')}${more} — ${done} as it is, which may not be what was recorded; \`troupe verify ${file}\` tells more.`];
}
