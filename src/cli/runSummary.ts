import type { RunResult } from '../runner/index.ts';

/** The JSON object `run`, `fork` and `resume` print with --json. */
export function runJson(result: RunResult) {
  return {
    runId: result.runId,
    file: result.file,
    world: result.world,
    seed: result.seed,
    turns: result.turns,
    events: result.events,
    termination: result.termination,
    finalHash: result.finalHash,
  };
}

/** A short human summary of a run. */
export function runSummary(result: RunResult): string {
  const params = Object.entries(result.config.worldParams)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
  const truths = Object.entries(result.truths).map(([k, n]) => `${k} ${n}`).join(' · ');
  const flags = Object.entries(result.flags);
  const notes = Object.entries(result.notes);
  const lines = [
    `troupe · ${result.world}${params ? ` (${params})` : ''} · seed ${result.seed} · run ${result.runId}`,
    `  turns ${result.turns} · events ${result.events} · goal progress ${result.progress.toFixed(2)}`,
    `  ended: ${result.termination.reason} — ${result.termination.detail}`,
    // Only synthetic agents inject failures: for a real model a row of zeros would read as "none happened".
    ...(result.config.agents.some((a) => a.policy.kind === 'synthetic') || Object.values(result.truths).some((n) => n > 0)
      ? [`  failures injected (synthetic ground truth): ${truths}`]
      : []),
    `  flags: ${flags.length ? flags.map(([m, n]) => `${m} ${n}`).join(' · ') : 'none'}${notes.length ? ` (and info notes: ${notes.map(([m, n]) => `${m} ${n}`).join(' · ')})` : ''}`,
    // Interventions are read from the run: a fork may add mitigations its starting config did not have.
    ...(result.config.mitigations.length || Object.keys(result.interventions).length
      ? [`  mitigations: ${Object.entries(result.interventions).map(([m, n]) => `${m} ${n}`).join(' · ') || 'none applied'}`]
      : []),
    result.file ? `  run file: ${result.file} (read it: troupe show ${result.file})` : '  run file: (not recorded)',
    result.finalHash ? `  final hash: ${result.finalHash}` : '',
  ];
  return `${lines.filter(Boolean).join('\n')}\n`;
}

/** The exit status of a command that made a run: 1 if the run ended in error (a script must see it), else 0. */
export function runExitCode(result: RunResult): number {
  return result.termination.reason === 'error' ? 1 : 0;
}
