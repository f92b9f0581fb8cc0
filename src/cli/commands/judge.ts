import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Command, Option } from '@commander-js/extra-typings';
import { parseOrExplain, UserError } from '../../core/errors.ts';
import { formatScoreTable } from '../../monitors/eval/formatEvalReport.ts';
import { formatAgreement, JudgeBreaker, type JudgeInput, judgeAgreement, judgeInput, JudgeRecord, judgeRecordOf, loadJudgeInput, scoreJudged, scoreJudgedTraces, type JudgedFile } from '../../monitors/judge/index.ts';
import { isJudgeRecordName } from '../../monitors/judge/judgeRecordName.ts';
import { LabelsSchema, type Labels } from '../../transcript/mastLabels.ts';
import { TRANSCRIPT_FORMAT } from '../../transcript/TranscriptSchema.ts';
import { readJsonFile } from '../../transcript/readJsonFile.ts';
import { FlagTally, flagText } from '../../monitors/offline/flagText.ts';
import { intOption, numberOption } from '../parseOptions.ts';
import { applyModelLimits } from '../runRequest.ts';
import { judgePolicy } from '../judgePolicy.ts';
import type { Policy } from '../../policies/Policy.ts';

const HELP = `
Each message an agent sent goes to the judge model with the speaker's role card and goal and the --history
messages before it; the model answers whether the message is a role flip, a flake reply, part of a loop or drift
(the failure modes of the built-in monitors), and why. Each failure it marks is a flag named judge.role-flip,
judge.flake, judge.loop or judge.drift (severity warning, the judge's explanation, the message as evidence).

Every call, with all its attempts (retries, re-asks of an unparseable reply), is kept in a judge record beside the
judged file (or in --out): <name>.judge-<fingerprint>.jsonl, the fingerprint naming the judge's model, server and
settings. Judging again reads the verdicts from it — no call, the same flags; a pass cut short (Ctrl-C, a spent
--max-requests budget, failed calls) goes on where it stopped. --offline never calls the model.

--score (run files of synthetic agents): precision, recall and F1 of the judge against the runs' ground-truth
labels, by the rule of \`troupe eval monitors\`, next to the monitors that watched the same runs online.
--agreement (any run files, a live model's too): per failure kind, the messages both flagged, only the judge, only
the monitors, neither, and Cohen's kappa. --labels FILE (transcripts): trace-level scores against labels.

The model comes from --model or TROUPE_MODEL, the server from --base-url or OPENAI_BASE_URL, the key from the
variable --api-key-env names (default OPENAI_API_KEY; not needed for a local server).`;

/** `troupe judge <files…>`: annotate recorded conversations with an LLM judge. */
export function judgeCommand() {
  return new Command('judge')
    .description('Judge every agent message of run files or transcripts with an LLM (role flip, flake, loop, drift); calls are recorded and reused.')
    .argument('<files...>', 'run files (runs/<id>.jsonl) or transcripts (troupe.transcript/1 JSON)')
    .option('--model <name>', 'the judge model (default $TROUPE_MODEL)')
    .option('--base-url <url>', 'its server (default $OPENAI_BASE_URL, else OpenAI)')
    .option('--api-key-env <var>', 'environment variable holding the API key (default OPENAI_API_KEY)')
    .option('--temperature <t>', 'sampling temperature', numberOption('--temperature'), 0)
    .addOption(new Option('--output <mode>', 'how the verdict is asked for: json_schema (response_format) or prompt (for servers without structured output)').choices(['json_schema', 'prompt'] as const).default('json_schema' as const))
    .option('--history <n>', 'messages before the judged one shown to the judge', intOption('--history', 0, 200), 8)
    .option('--agent <id>', 'judge only this agent\'s messages (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--concurrency <n>', 'judge calls in flight at once', intOption('--concurrency', 1), 4)
    .option('--max-requests <n>', 'request budget (every attempt counts); when spent, the pass stops and says what is left', intOption('--max-requests', 1))
    .option('--max-tokens <n>', 'token budget; when spent, the pass stops and says what is left', intOption('--max-tokens', 1))
    .option('--offline', 'only the verdicts already recorded; a message without one is an error')
    .option('--out <dir>', 'folder of the judge records (default: beside each judged file)')
    .option('--score', "score the judge against synthetic runs' ground truth, next to the runs' own monitors")
    .option('--agreement', "run files: message by message, where the judge and the runs' own monitors agree per failure kind (both, one, neither; Cohen's kappa) — for runs without ground truth, such as a live model's")
    .option('--labels <file>', 'score the judge on the transcripts against trace-level labels ({ "<transcript id>": ["role-flip", …] }, as for eval monitors), next to the built-in monitors')
    .option('--json', 'print one JSON object: per file its flags and counts (and the scores with --score)')
    .addHelpText('after', HELP)
    .action(async (files, flags) => {
      const { policy, model } = await judgePolicy(flags, 'troupe judge', { model: '--model', baseUrl: '--base-url', apiKeyEnv: '--api-key-env', temperature: '--temperature' }, flags.offline === true);
      if (flags.out !== undefined && existsSync(flags.out) && !statSync(flags.out).isDirectory()) throw new UserError(`--out ${flags.out} is a file: give the folder for the judge records.`);
      await applyModelLimits({ concurrency: flags.concurrency, maxRequests: flags.maxRequests, maxTokens: flags.maxTokens });
      // Everything is read and checked before any call is made: a bad file, agent or labels file must not come to
      // light after a pass of paid calls.
      if (flags.score && flags.agent) throw new UserError('--score needs every agent\'s messages judged (the ground truth labels them all): drop --agent.');
      const labels = flags.labels === undefined ? null : parseOrExplain(LabelsSchema, readJsonFile(flags.labels), `Labels ${flags.labels}`);
      const inputs = readInputs(files, { policy, history: flags.history, outDir: flags.out ?? null, agents: flags.agent ?? [], labels: flags.labels });
      if (inputs.length === 0) throw new UserError('troupe judge: nothing to judge among the files given (see the notes above).');
      // One for every file: a server refusing the key, or down, stops the whole command, not one file at a time.
      const breaker = new JudgeBreaker();
      const judged: JudgedFile[] = [];
      for (const input of inputs) {
        const file = input.file;
        const progress = (done: number, total: number) => {
          if (done === total || done % 25 === 0) process.stderr.write(`troupe: ${file}: asked the judge about ${done} of ${total} messages\n`);
        };
        const one = await judgeInput(input, {
          policy,
          model,
          history: flags.history,
          agents: flags.agent ?? null,
          offline: flags.offline === true,
          inFlight: flags.concurrency,
          outDir: flags.out ?? null,
          breaker,
          onAsked: progress,
        });
        judged.push(one);
        if (!flags.json) printFile(one, inputs.length > 1);
        for (const w of one.warnings) process.stderr.write(`troupe: ${w}\n`);
        process.stderr.write(`troupe: ${one.messages} messages of ${file}: ${one.reused} verdicts read from ${one.record}, ${one.asked} asked now${one.failed.length ? `, ${one.failed.length} without a verdict` : ''}.\n`);
        // Why calling stopped comes first: past the fifth failure it would be cut off, and "judge again" is no advice
        // while the server is down or the budget spent.
        if (one.failed.length && breaker.stopped !== null) process.stderr.write(`troupe: the judge stopped calling: ${breaker.stopped}.\n`);
        for (const f of one.failed.slice(0, 5)) process.stderr.write(`troupe: no verdict for ${f.at}: ${f.error}\n`);
        if (one.failed.length > 5) process.stderr.write(`troupe: … and ${one.failed.length - 5} more; ${breaker.stopped === null ? 'judge again to ask for them' : 'judge again once that is mended'}.\n`);
        if (one.failed.length) process.exitCode = 1;
      }
      report(judged, { ...flags, labels });
    });
}

/** Every file read and checked — its agents, its judge record — before the first call; labels and records skipped. */
function readInputs(files: readonly string[], o: { policy: Policy; history: number; outDir: string | null; agents: readonly string[]; labels: string | undefined }): JudgeInput[] {
  return files.flatMap((file) => {
    const skip = skipReason(file, o.labels);
    if (skip) {
      process.stderr.write(`troupe: skipped ${file}: ${skip}.\n`);
      return [];
    }
    const input = loadJudgeInput(file);
    for (const id of o.agents) if (!input.agents.includes(id)) throw new UserError(`--agent ${id}: ${file} has no such agent (its agents: ${input.agents.join(', ')}).`);
    // A damaged record (edited, another judge's) is refused now, not after other files' calls.
    const { path, header } = judgeRecordOf(input, o);
    JudgeRecord.read(path, header);
    return [input];
  });
}

/** The scores asked for (--score, --agreement, --labels), as tables or within the --json object. */
function report(judged: readonly JudgedFile[], flags: { score?: true; agreement?: true; labels: Labels | null; json?: true }): void {
  const incomplete = judged.filter((j) => j.failed.length > 0).length;
  const scored = (what: string) => {
    if (incomplete === 0) return true;
    process.stderr.write(`troupe: ${what}: not scored: ${incomplete} file${incomplete === 1 ? ' has' : 's have'} messages without a verdict (they would count as unflagged); judge again to finish.\n`);
    return false;
  };
  const scores = flags.score && scored('--score') ? scoreJudged(judged) : null;
  if (flags.score && !incomplete && !scores) {
    const unsealed = judged.filter((j) => j.labelled && !j.sealed).length;
    process.stderr.write(
      unsealed > 0
        ? `troupe: --score: the ${unsealed === 1 ? 'run' : `${unsealed} runs`} of synthetic agents among these ${unsealed === 1 ? 'is' : 'are'} unsealed (how many turns ${unsealed === 1 ? 'it' : 'they'} took is not known); nothing scored. \`troupe resume\` finishes a killed run.\n`
        : 'troupe: --score: no run file of synthetic agents among these (only they carry ground-truth labels); nothing scored.\n',
    );
  }
  const labelled = flags.labels && scored('--labels') ? scoreJudgedTraces(judged, flags.labels) : null;
  const agreement = flags.agreement && scored('--agreement') ? judgeAgreement(judged) : null;
  if (flags.agreement && !incomplete && !agreement) process.stderr.write('troupe: --agreement: no run file among these (a transcript has no online flags); nothing compared.\n');
  if (labelled && labelled.traces.scored === 0) process.stderr.write('troupe: --labels: no judged transcript has labels in the labels file; nothing scored.\n');
  if (flags.json) {
    const out = judged.map((j) => ({ file: j.file, record: j.record, messages: j.messages, reused: j.reused, asked: j.asked, failed: j.failed, flags: j.printed }));
    process.stdout.write(`${JSON.stringify({ files: out, scores, labelled: labelled && { monitors: labelled.monitors, traces: labelled.traces }, agreement })}\n`);
    return;
  }
  if (scores?.unsealed) process.stderr.write(`troupe: --score: left out ${scores.unsealed} unsealed run${scores.unsealed === 1 ? '' : 's'} (killed or still running: how many turns they took is not known).\n`);
  if (scores) {
    const eps = Object.entries(scores.episodes).map(([k, n]) => `${k} ${n}`).join(', ');
    process.stdout.write(`\nscored on ${scores.runs} run${scores.runs === 1 ? '' : 's'} of synthetic agents; truth episodes: ${eps || 'none'}\n${formatScoreTable(scores.scores)}`);
  }
  if (agreement) {
    const n = judged.filter((j) => j.trace === null).reduce((sum, j) => sum + j.verdicts.length, 0);
    process.stdout.write(`\njudge vs the runs' own monitors, message by message (${n} messages with a verdict)\n${formatAgreement(agreement)}`);
  }
  if (labelled && labelled.traces.scored > 0) {
    process.stdout.write(`\n${labelled.traces.scored} labelled transcripts, ${labelled.traces.messages} messages (trace-level scoring)\n${formatScoreTable(labelled.monitors)}`);
  }
}

function printFile(j: JudgedFile, heading: boolean): void {
  if (heading) process.stdout.write(`== ${j.file}\n`);
  const tally = new FlagTally();
  for (const f of j.printed) {
    tally.add(f);
    process.stdout.write(flagText(f, j.unit));
  }
  const missing = j.failed.length ? ` (${j.failed.length} of ${j.messages} messages without a verdict)` : '';
  process.stdout.write(`${tally.summary()}${missing}\n`);
}

/**
 * Why a file among those given is not judged: a judge record (`troupe judge runs/*.jsonl` again), the --labels file,
 * or the labels.json `troupe import` writes beside its transcripts (unless it is a transcript).
 */
function skipReason(file: string, labels: string | undefined): string | null {
  if (isJudgeRecordName(basename(file))) return 'a judge record, not a conversation';
  if (labels !== undefined && resolve(file) === resolve(labels)) return 'the labels, not a transcript';
  if (basename(file) === 'labels.json' && !isTranscriptFile(file)) return 'labels, not a transcript';
  return null;
}

function isTranscriptFile(file: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { format?: unknown }).format === TRANSCRIPT_FORMAT;
  } catch {
    return false;
  }
}
