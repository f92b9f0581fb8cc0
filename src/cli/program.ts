import { Command, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { PROJECT } from '../core/project.ts';
import { RUN_FORMAT, RUN_FORMAT_VERSION } from '../record/runFile.ts';
import { printResult } from './reserveStdout.ts';

/**
 * The commands, in the order help lists them, each loaded when asked for: a command's module pulls in all the code
 * it runs, and loading every one of them cost each start about a third of a second more than loading the one named.
 */
const COMMANDS: Record<string, () => Promise<CommandUnknownOpts>> = {
  run: async () => (await import('./commands/run.ts')).runCommand(),
  worlds: async () => (await import('./commands/worlds.ts')).worldsCommand(),
  bench: async () => (await import('./commands/bench.ts')).benchCommand(),
  sweep: async () => (await import('./commands/sweep.ts')).sweepCommand(),
  replay: async () => (await import('./commands/replay.ts')).replayCommand(),
  verify: async () => (await import('./commands/verify.ts')).verifyCommand(),
  fork: async () => (await import('./commands/fork.ts')).forkCommand(),
  resume: async () => (await import('./commands/resume.ts')).resumeCommand(),
  runs: async () => (await import('./commands/runs.ts')).runsCommand(),
  show: async () => (await import('./commands/show.ts')).showCommand(),
  monitor: async () => (await import('./commands/monitor.ts')).monitorCommand(),
  judge: async () => (await import('./commands/judge.ts')).judgeCommand(),
  eval: async () => (await import('./commands/eval.ts')).evalCommand(),
  import: async () => (await import('./commands/import.ts')).importCommand(),
  'serve-mock': async () => (await import('./commands/serveMock.ts')).serveMockCommand(),
};

/**
 * The `troupe` command tree for `argv`. Each subcommand lives in its own file under commands/; only the one `argv`
 * names is loaded (none for `--version`; all of them for anything else: `--help`, `help`, a mistyped name, which
 * commander then answers with the list or a suggestion).
 */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('troupe')
    .description('troupe: a deterministic multi-agent cooperation simulator — state-machine agents with explicit goals and roles, failure monitors, mitigations, byte-identical replay.')
    // What a methods section or a bug report needs: the version, and the run-file format it writes.
    .version(`${PROJECT.name} ${PROJECT.version} (writes ${RUN_FORMAT}/${RUN_FORMAT_VERSION} files; Node ${process.version})`, '-V, --version', 'print the version and the run-file format it writes')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    // Help is the command's result: on stdout even while stdout is kept from worlds' and modules' logging.
    .configureOutput({ writeOut: printResult, writeErr: (s) => process.stderr.write(s.startsWith('error: ') ? `troupe: ${s.slice(7)}` : s) });
  const named = argv[2];
  // `--version` needs none of them.
  const wanted = named === '--version' || named === '-V' ? [] : named !== undefined && Object.hasOwn(COMMANDS, named) ? [COMMANDS[named]!] : Object.values(COMMANDS);
  for (const command of await Promise.all(wanted.map((load) => load()))) program.addCommand(inherit(command, program));
  return program as unknown as Command;
}

/**
 * `command` and its own subcommands (`eval monitors`, `import ag2`) with `parent`'s settings (error prefix, exit
 * override): a command made on its own and added later does not inherit them by itself.
 */
function inherit<C extends CommandUnknownOpts>(command: C, parent: CommandUnknownOpts): C {
  command.copyInheritedSettings(parent);
  for (const sub of command.commands) inherit(sub, command);
  return command;
}
