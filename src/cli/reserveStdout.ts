/** The real stdout's write while it is reserved, else null. */
let reserved: ((text: string) => void) | null = null;

/**
 * Keep stdout for the command's result — a table, or JSON a script parses — while code that is not troupe's runs
 * in this process (a world's, experiment's or module's `console.log`): until the returned function is called, what
 * is written to `process.stdout` goes to stderr, as a sweep worker's output does. The command writes its result
 * with `printResult`.
 *
 * @example const restore = reserveStdout(); try { …; printResult(JSON.stringify(summary)); } finally { restore(); }
 */
export function reserveStdout(): () => void {
  const original = process.stdout.write;
  reserved = original.bind(process.stdout) as (text: string) => void;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  return () => {
    process.stdout.write = original;
    reserved = null;
  };
}

/** Write the command's result to stdout, reserved or not. */
export function printResult(text: string): void {
  if (reserved) reserved(text);
  else process.stdout.write(text);
}
