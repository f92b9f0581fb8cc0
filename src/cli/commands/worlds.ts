import { Command } from '@commander-js/extra-typings';
import { canonicalJson } from '../../core/canonical.ts';
import { UserError } from '../../core/errors.ts';
import { describeWorld, type WorldDoc } from '../describeWorld.ts';
import { listWorlds, resolveWorld } from '../../world/index.ts';
import { collectKeyValue, scalar, seedOption } from '../parseOptions.ts';

const HELP = `
Without <world>: the built-in worlds, one a line (--json: an array of { id, description, maxTurns }).
With <world> (a built-in id or a path to a world module): its description, turn cap, parameters (name, type and
allowed values, default, description, from the world's zod schema) and its default agents (id, role, acts) for the
default parameters; parameters the world fills from the seed (e.g. camel's task) are resolved with --seed, as
\`troupe run --seed N\` would. --json prints the same as one object.`;

/** `troupe worlds [world]`: list the built-in worlds, or describe one. */
export function worldsCommand() {
  return new Command('worlds')
    .description('List the built-in worlds, or describe one (built-in id or module path): turn cap, parameters, default agents.')
    .argument('[world]', 'world id or path to a world module to describe')
    .option('--seed <n>', 'seed to resolve parameters left open (e.g. the task) for the default agents', seedOption(), 1)
    .option('--param <key=value>', 'world parameter for the default agents, repeatable (as troupe run takes it)', collectKeyValue)
    .option('--json', 'print JSON (one object for a world, an array for the list)')
    .addHelpText('after', HELP)
    .action(async (ref, flags, command) => {
      if (ref === undefined) {
        if (flags.param || command.getOptionValueSource('seed') === 'cli') {
          throw new UserError('--param and --seed describe the default agents of one world: give its id or path (troupe worlds <world> --seed N).');
        }
        const worlds = listWorlds();
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(worlds.map((w) => ({ id: w.id, description: w.description, maxTurns: w.maxTurns })))}\n`);
          return;
        }
        const width = Math.max(...worlds.map((w) => w.id.length));
        for (const w of worlds) process.stdout.write(`${w.id.padEnd(width)}  ${w.description}\n`);
        return;
      }
      const { world, file } = await resolveWorld(ref);
      const given = Object.fromEntries(Object.entries(flags.param ?? {}).map(([k, v]) => [k, scalar(v)]));
      const doc = describeWorld(world, file, flags.seed, given);
      process.stdout.write(flags.json ? `${JSON.stringify(doc)}\n` : formatWorld(doc, ref));
    });
}

/** The text form of a world's description. */
function formatWorld(doc: WorldDoc, ref: string): string {
  const out = [`${doc.id} — ${doc.description}`, `module     ${doc.file}`, `max turns  ${doc.maxTurns}`, ''];
  if (doc.params.length === 0) {
    out.push('parameters: none');
  } else {
    out.push(`parameters (troupe run ${ref} --param name=value):`);
    const described = doc.params.some((p) => p.description);
    const rows = doc.params.map((p) => [p.name, p.type, p.required ? '(required)' : 'default' in p ? JSON.stringify(p.default) : '(optional)', ...(described ? [p.description ?? ''] : [])]);
    out.push(...table(['name', 'type', 'default', ...(described ? ['description'] : [])], rows));
  }
  out.push('');
  if (!doc.agents || !doc.resolvedParams) {
    out.push(`default agents: unknown until ${doc.agentsError ?? 'the parameters resolve'}`);
  } else {
    // Parameters given (--param), and those the world filled from the seed (resolveParams, e.g. camel's task).
    const defaults = Object.fromEntries(doc.params.map((p) => [p.name, p.default]));
    const differ = Object.entries(doc.resolvedParams).filter(([k, v]) => !(k in defaults) || canonicalOrNull(v) !== canonicalOrNull(defaults[k]));
    const list = (entries: [string, unknown][]) => entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
    const given = differ.filter(([k]) => k in doc.given);
    const filled = differ.filter(([k]) => !(k in doc.given));
    const how = [...(given.length ? [`given ${list(given)}`] : []), ...(filled.length ? [`seed ${doc.seed} picks ${list(filled)}`] : [])];
    out.push(`default agents${how.length ? ` (${how.join('; ')})` : ''}:`);
    out.push(...table(['id', 'role', 'acts'], doc.agents.map((a) => [a.id, a.role, a.acts.join(', ')])));
  }
  return `${out.join('\n')}\n`;
}

function canonicalOrNull(value: unknown): string | null {
  try {
    return value === undefined ? null : canonicalJson(value);
  } catch {
    return null;
  }
}

/** Rows under a header, columns padded, two spaces indent. */
function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `  ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`.trimEnd();
  return [line(head), ...rows.map(line)];
}
