import { Command, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { runCommand } from './commands/run.ts';
import { worldsCommand } from './commands/worlds.ts';
import { benchCommand } from './commands/bench.ts';
import { sweepCommand } from './commands/sweep.ts';
import { replayCommand } from './commands/replay.ts';
import { verifyCommand } from './commands/verify.ts';
import { forkCommand } from './commands/fork.ts';
import { resumeCommand } from './commands/resume.ts';
import { runsCommand } from './commands/runs.ts';
import { showCommand } from './commands/show.ts';
import { monitorCommand } from './commands/monitor.ts';
import { judgeCommand } from './commands/judge.ts';
import { evalCommand } from './commands/eval.ts';
import { importCommand } from './commands/import.ts';
import { serveMockCommand } from './commands/serveMock.ts';
import { PROJECT } from '../core/project.ts';
import { RUN_FORMAT, RUN_FORMAT_VERSION } from '../record/runFile.ts';

/** The `troupe` command tree. Each subcommand lives in its own file under commands/. */
export function buildProgram(): Command {
  const program = new Command('troupe')
    .description('troupe: a deterministic multi-agent cooperation simulator — state-machine agents with explicit goals and roles, failure monitors, mitigations, byte-identical replay.')
    // What a methods section or a bug report needs: the version, and the run-file format it writes.
    .version(`${PROJECT.name} ${PROJECT.version} (writes ${RUN_FORMAT}/${RUN_FORMAT_VERSION} files; Node ${process.version})`, '-V, --version', 'print the version and the run-file format it writes')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s.startsWith('error: ') ? `troupe: ${s.slice(7)}` : s) });
  const commands = [runCommand(), worldsCommand(), benchCommand(), sweepCommand(), replayCommand(), verifyCommand(), forkCommand(), resumeCommand(), runsCommand(), showCommand(), monitorCommand(), judgeCommand(), evalCommand(), importCommand(), serveMockCommand()];
  for (const command of commands) program.addCommand(inherit(command, program));
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
