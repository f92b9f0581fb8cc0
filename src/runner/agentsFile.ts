import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UserError, parseOrExplain } from '../core/errors.ts';
import { AgentSpecSchema, type AgentSpecInput } from '../core/specs.ts';
import type { WorldDefinition } from '../world/types.ts';

/** Read an agents file (`--agents`, an experiment's `agents[].file`): a JSON array of agent specs (or `{ "agents": [...] }`), validated field by field. */
export function readAgentsFile(file: string): AgentSpecInput[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code ? `Cannot read agents file ${file} (${code}).` : `Agents file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(data) ? data : (data as { agents?: unknown } | null)?.agents;
  // zod would only say "expected array, received undefined" of a file that is the wrong shape altogether.
  if (!Array.isArray(list)) throw new UserError(`Agents file ${file} holds ${shapeOf(data)}: expected a JSON array of agent specs, or an object {"agents": [...]} holding one.`);
  return parseOrExplain(z.array(AgentSpecSchema).min(1), list, `Agents file ${file}`) as AgentSpecInput[];
}

/** What a JSON value that is neither an array nor `{ "agents": [...] }` is, in words. */
function shapeOf(data: unknown): string {
  if (data === null || typeof data !== 'object') return data === null ? 'null' : `a ${typeof data}`;
  const keys = Object.keys(data);
  if (keys.includes('agents')) return 'an object whose "agents" is not a list';
  return `an object with ${keys.length ? `keys ${keys.map((k) => JSON.stringify(k)).join(', ')}` : 'no keys'} and no "agents" list`;
}

/**
 * An agents file gives the world's agents other role cards, goals and policies, not other ids: a world's code
 * addresses its agents by id (camel's instructions go to "user", relay's board names its roles), so agents it does
 * not know would run a conversation nobody in it can finish.
 */
export function sameTeam(agents: AgentSpecInput[], world: WorldDefinition, params: unknown, file: string): AgentSpecInput[] {
  const expected = world.agents(params).map((a) => a.id);
  const given = agents.map((a) => a.id);
  if (expected.length !== given.length || expected.some((id) => !given.includes(id))) {
    throw new UserError(
      `Agents file ${file} has agents ${given.join(', ')}; world "${world.id}" with these parameters has ${expected.join(', ')}. ` +
        'An agents file replaces the role cards, goals and policies of the world\'s agents and keeps their ids (a world\'s parameters may set its team, e.g. relay\'s --param team=N).',
    );
  }
  return agents;
}
