import { basename } from 'node:path';
import { once } from 'node:events';
import { Command, InvalidArgumentError } from '@commander-js/extra-typings';
import { UserError } from '../../core/errors.ts';
import { RunFileEvents } from '../../monitors/offline/RunFileEvents.ts';
import { readWarnings } from '../../monitors/offline/readWarnings.ts';
import { conversationText } from '../../record/conversationText.ts';
import { JudgeRecord } from '../../monitors/judge/JudgeRecord.ts';
import { JUDGE_MONITORS, verdictMonitors } from '../../monitors/judge/judgeVerdict.ts';
import { judgeRequests } from '../../monitors/judge/judgeConversation.ts';
import { loadJudgeInput } from '../../monitors/judge/judgeFile.ts';

const HELP = `
First what the run ran with (mitigations, monitors, policies, caps; for a fork, its parent and what it changed),
then, in order, with each event's seq: every message (sender → addressee, its full text), the monitor flags
(severity, monitor, agent, score, the seqs they cover, the explanation, the evidence), the mitigations'
interventions (what they put into an agent's context, and why; for a role guard's block, the reply it refused),
the synthetic policy's ground-truth labels (hide them with --no-truth to read blind), actions and their results,
model errors and retries, goal progress when it changes, and how the run ended. A fork marks where its own events
begin; a turn of simultaneous speakers says so (each decided before any of their replies). Model requests, agent
states and hashes are left out: the run file holds them.

A run file that is unsealed (killed, crashed, still running) or ends in a torn line is shown as far as it goes,
ending with "not ended", and a warning on stderr.`;

/** `troupe show <run>`: a recorded run's conversation, with what watched and acted on it. */
export function showCommand() {
  return new Command('show')
    .description('Print a recorded run as a conversation: messages turn by turn, with the flags, interventions and ground-truth labels between them.')
    .argument('<run>', 'a run file (runs/<id>.jsonl)')
    .option('--turns <turns>', 'only these turns: a range 3..7, 30.. (to the end) or one turn 5', turnsOption)
    .option('--agent <id>', "only what concerns one agent: its messages, those to it or to all, and the flags, interventions and labels naming it")
    .option('--no-truth', "hide the synthetic policy's ground-truth labels (to judge the conversation blind)")
    .option('--judge <record>', 'show an LLM judge\'s verdict under each message it judged, from its record (troupe judge: <run>.judge-<fingerprint>.jsonl)')
    .addHelpText('after', HELP)
    .action(async (file, flags) => {
      const run = RunFileEvents.open(file);
      const agents = run.header.config.agents.map((a) => a.id);
      if (flags.agent !== undefined && !agents.includes(flags.agent)) {
        run.close();
        throw new UserError(`--agent: ${file} has no agent "${flags.agent}"; its agents: ${agents.join(', ')}.`);
      }
      let notes: Map<number, string[]> | undefined;
      try {
        notes = flags.judge === undefined ? undefined : judgeNotes(flags.judge, file, run.header.runId);
      } catch (error) {
        run.close();
        throw error;
      }
      const options = { truth: flags.truth, ...(flags.turns && { turns: flags.turns }), ...(flags.agent !== undefined && { agent: flags.agent }), ...(notes && { notes }) };
      for (const line of conversationText(run.header, run, options)) {
        // Wait for a slow reader (a pager) instead of holding a long run's text in memory; a reader that went away
        // (\`| head\`) ends the process here, not after the whole file is read.
        if (!process.stdout.write(`${line}\n`)) await once(process.stdout, 'drain');
      }
        for (const line of readWarnings(file, run.readState(), 'shown')) process.stderr.write(`troupe: ${line}\n`);
    });
}

/**
 * The verdicts of a judge record, as lines under the messages they judge. The record must be of this run, and a
 * verdict given to another version of its message (the run recorded again since) is marked, not shown as this one's.
 */
function judgeNotes(record: string, file: string, runId: string): Map<number, string[]> {
  const { header, entries } = JudgeRecord.inspect(record);
  if (header.judged.id !== runId) throw new UserError(`--judge: ${record} holds the verdicts on ${header.judged.file} (${header.judged.id}), not on ${basename(file)} (run ${runId}).`);
  const requests = judgeRequests(loadJudgeInput(file).events, header.settings, header.history);
  const model = String(header.settings['model']);
  const notes = new Map<number, string[]>();
  for (const [seq, entry] of entries) {
    const v = entry.verdict;
    const note =
      requests.get(seq) !== entry.request
        ? 'a verdict on another version of this message (the run was recorded again since): `troupe judge` asks again'
        : v === null
          ? 'no verdict (the call failed; `troupe judge` asks again)'
          : `${verdictMonitors(v).map((m) => JUDGE_MONITORS[m].kind).join(', ') || 'no failure'} — ${v.explanation.replace(/\s+/g, ' ').trim()}`;
    notes.set(seq, [`      judge · ${model}: ${note}`]);
  }
  return notes;
}

/** `--turns 3..7`, `--turns 30..` (to the end) or `--turns 5`. */
function turnsOption(value: string): { from: number; to: number | null } {
  const match = /^(\d+)(\.\.(\d*))?$/.exec(value.trim());
  const from = match ? Number(match[1]) : NaN;
  const to = match?.[2] === undefined ? from : match[3] === '' ? null : Number(match[3]);
  if (!match || from < 1 || (to !== null && to < from)) throw new InvalidArgumentError(`--turns: expected a range like 3..7 or 30.. (to the end), or one turn like 5 (turns count from 1), got "${value}".`);
  return { from, to };
}
