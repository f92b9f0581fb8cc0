import { structuredOutput, type StructuredOutput } from '../../policies/openai/structuredOutput.ts';
import { JudgeVerdictSchema, type JudgeVerdict } from './judgeVerdict.ts';

/**
 * The verdict as structured output: `json_schema` for servers that honour `response_format`, `prompt` for others.
 * Its own file, left out of this folder's index: building it loads the openai SDK's helpers, which only a judge
 * that calls a model needs (the CLI imports the index at start, for every command).
 */
export function judgeOutput(mode: 'json_schema' | 'prompt'): StructuredOutput<JudgeVerdict> {
  return structuredOutput('verdict', JudgeVerdictSchema, { mode, maxReasks: 1 });
}
