import { readFileSync } from 'node:fs';
import { Command } from '@commander-js/extra-typings';
import { UserError } from '../../core/errors.ts';
import type { AgentSpecInput } from '../../core/specs.ts';
import { formatReplay, replayRun, type ReplayOptions } from '../../record/replayRun.ts';
import { readAgentsFile } from '../runRequest.ts';
import { tuneHeap } from '../tuneHeap.ts';

/**
 * `troupe replay <run.jsonl>`: re-execute a recorded run with model replies
 * served from the recording and confirm every event and the hash chain are
 * identical (exit 0), or print the first divergent event, the events before
 * it and the likely cause (exit 1). Never calls a live model.
 */
export function replayCommand() {
  return new Command('replay')
    .description('Re-run a recorded run with model replies served from the recording; confirm it is byte-identical, or show the first divergent event and its likely cause.')
    .argument('<run>', 'a run file (runs/<id>.jsonl)')
    .option('--world <path>', 'replay against this world module instead of the recorded world (a changed copy of it: same world id)')
    .option('--agents <file>', 'replay against these agent specs, e.g. edited role cards: a JSON array of specs or {"agents": [...]}, as run --agents takes')
    .option('--current-agents', 'replay against the world’s current default agents (keeping the recorded policies)')
    .option('--json', 'print the report as one JSON object')
    .action(async (file, flags) => {
      tuneHeap();
      const options: { -readonly [K in keyof ReplayOptions]: ReplayOptions[K] } = {};
      if (flags.world) options.world = flags.world;
      if (flags.agents) options.agents = agentsFile(flags.agents);
      else if (flags.currentAgents) options.agents = 'current';
      const report = await replayRun(file, options);
      process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : formatReplay(report));
      if (!report.ok) process.exitCode = 1;
    });
}

/**
 * `run --agents`'s reader, whose messages say which spec and field is wrong.
 * For a file of the wrong shape altogether (an object without an `agents`
 * list) it would only say "expected array, received undefined": that case
 * is told in words instead.
 */
function agentsFile(file: string): AgentSpecInput[] {
  try {
    return readAgentsFile(file);
  } catch (error) {
    const shape = error instanceof UserError ? wrongShape(file) : null;
    throw shape ? new UserError(shape) : error;
  }
}

/** Why the file's JSON is neither an array nor `{ "agents": [...] }`, or null when it is one of them (or unreadable). */
function wrongShape(file: string): string | null {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  if (Array.isArray(data) || Array.isArray((data as { agents?: unknown } | null)?.agents)) return null;
  const keys = data !== null && typeof data === 'object' ? Object.keys(data) : null;
  const given =
    keys === null
      ? `${data === null ? 'null' : `a ${typeof data}`}`
      : keys.includes('agents')
        ? `an object whose "agents" is not a list`
        : `an object with ${keys.length ? `keys ${keys.map((k) => JSON.stringify(k)).join(', ')}` : 'no keys'} and no "agents" list`;
  return `Agents file ${file} holds ${given}: expected a JSON array of agent specs, or an object {"agents": [...]} holding one (as run --agents takes).`;
}
