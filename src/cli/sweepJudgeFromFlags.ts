import { UserError } from '../core/errors.ts';
import type { Experiment, SweepJudge } from '../experiment/index.ts';
import { judgePolicy } from './judgePolicy.ts';
import { kebab } from './parseOptions.ts';

const JUDGE_FLAGS = { model: '--judge-model', baseUrl: '--judge-base-url', apiKeyEnv: '--judge-api-key-env', temperature: '--judge-temperature' };

/** The flags of `troupe sweep` that shape its judge. */
export interface JudgeFlags {
  judgeModel?: string;
  judgeBaseUrl?: string;
  judgeApiKeyEnv?: string;
  judgeTemperature?: number;
  judgeHistory?: number;
  judgeOutput?: 'json_schema' | 'prompt';
  concurrency?: number;
  progress: boolean;
}

/** The sweep's LLM judge: the experiment's `judge` with the --judge-* flags over it, or null for none. */
export async function sweepJudgeFromFlags(experiment: Experiment, flags: JudgeFlags): Promise<SweepJudge | null> {
  const file = experiment.judge;
  if (flags.judgeModel === undefined && !file) {
    const given = (['judgeBaseUrl', 'judgeApiKeyEnv', 'judgeTemperature', 'judgeHistory', 'judgeOutput'] as const).filter((k) => flags[k] !== undefined);
    if (given.length) throw new UserError(`troupe sweep: --${given.map(kebab).join(', --')} ${given.length === 1 ? 'goes' : 'go'} with --judge-model.`);
    return null;
  }
  if (!experiment.metrics.includes('flags')) throw new UserError(`troupe sweep: the judge's findings are reported as flags, and experiment "${experiment.name}" reports no flags: add "flags" to its metrics.`);
  const model = { model: flags.judgeModel ?? file?.model, baseUrl: flags.judgeBaseUrl ?? file?.baseUrl ?? undefined, apiKeyEnv: flags.judgeApiKeyEnv ?? file?.apiKeyEnv ?? undefined };
  const { policy, model: name } = await judgePolicy({ ...model, temperature: flags.judgeTemperature ?? file?.temperature ?? 0, output: flags.judgeOutput ?? file?.output ?? 'json_schema' }, 'troupe sweep', JUDGE_FLAGS);
  const progress = (done: number, total: number, incomplete: number) => {
    if (done === total || done % 100 === 0) process.stderr.write(`troupe: judged ${done}/${total} runs${incomplete ? ` (${incomplete} with messages left without a verdict)` : ''}\n`);
  };
  return { policy, model: name, history: flags.judgeHistory ?? file?.history ?? 8, inFlight: flags.concurrency ?? 8, ...(flags.progress && { onRun: progress }) };
}
