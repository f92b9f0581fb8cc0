import { Option } from '@commander-js/extra-typings';
import { intOption } from './parseOptions.ts';

/**
 * The openai policy's process-wide limits as flags (`applyModelLimits` applies them): for every command that may
 * call a live model — run, fork and resume onto one.
 */
export function modelLimitOptions() {
  return [
    new Option('--concurrency <n>', 'openai policy: model calls in flight at once, shared by all agents and worlds (default 32)').argParser(intOption('--concurrency', 1)),
    new Option('--max-requests <n>', 'openai policy: request budget for the process; when spent, runs end with reason "budget"').argParser(intOption('--max-requests', 1)),
    new Option('--max-tokens <n>', 'openai policy: token budget for the process; when spent, runs end with reason "budget"').argParser(intOption('--max-tokens', 1)),
  ] as const;
}
