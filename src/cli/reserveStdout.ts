/** The command's own stdout, reserved by `reserveStdout`. */
export interface ReservedStdout {
  /** Write the command's result to the real stdout. */
  write(text: string): void;
  /** Give stdout back to everyone (the command is done). */
  restore(): void;
}

/**
 * Keep stdout for the command's result — a table, or JSON a script parses — while code that is not troupe's runs
 * in this process: until `restore`, what is written to `process.stdout` (a world's, experiment's or module's
 * `console.log`) goes to stderr, as a sweep worker's output does. Only `write` reaches stdout.
 *
 * @example const stdout = reserveStdout(); try { …; stdout.write(JSON.stringify(summary)); } finally { stdout.restore(); }
 */
export function reserveStdout(): ReservedStdout {
  const original = process.stdout.write;
  const write = original.bind(process.stdout);
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  return {
    write: (text) => void write(text),
    restore: () => {
      process.stdout.write = original;
    },
  };
}
