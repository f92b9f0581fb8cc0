import { CommanderError } from '@commander-js/extra-typings';
import { UserError } from '../core/errors.ts';
import { exitQuietlyOnEpipe } from './exitQuietlyOnEpipe.ts';
import { onEarlyExit } from './onEarlyExit.ts';
import { reserveStdout } from './reserveStdout.ts';
import { beingInterrupted, onInterrupt } from './onInterrupt.ts';
import { buildProgram } from './program.ts';

/**
 * Run the CLI and return the exit code. User mistakes (bad flags, bad files,
 * unknown worlds) print one readable paragraph and exit 1 without a stack
 * trace; anything else is a bug and shows its stack.
 */
export async function main(argv: readonly string[]): Promise<number> {
  // Every command's output may be piped into `head` (help included).
  exitQuietlyOnEpipe();
  const program = await buildProgram(argv);
  // The commands that write run files close them cleanly when interrupted; serve-mock handles its own signals.
  const writes = ['run', 'fork', 'resume', 'sweep', 'judge'].includes(argv[2] ?? '');
  const stopHandling = writes ? onInterrupt(argv[2]) : null;
  const stopGuarding = writes ? onEarlyExit(argv[2]!) : null;
  // The commands that run worlds and modules keep stdout for their result: what that code prints goes to stderr.
  const restoreStdout = ['run', 'fork', 'resume', 'replay', 'sweep'].includes(argv[2] ?? '') ? reserveStdout() : null;
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    // The interrupt handler reports and exits (with 128 + the signal's number); this waits for it.
    if (beingInterrupted()) return new Promise<never>(() => {});
    if (error instanceof CommanderError) return error.exitCode;
    // By name too: a world or experiment module loaded in a namespace of its own throws its own copy of the class.
    if (error instanceof UserError || (error instanceof Error && error.name === 'UserError')) {
      process.stderr.write(`troupe: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`troupe: internal error (a bug, please report it):\n${(error as Error).stack ?? String(error)}\n`);
    return 2;
  } finally {
    stopHandling?.();
    stopGuarding?.();
    restoreStdout?.();
  }
}
