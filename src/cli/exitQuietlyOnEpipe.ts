let installed = false;

/**
 * End the process quietly (exit 0) when stdout's reader goes away, as in
 * `troupe eval monitors --verbose | head`: the reader has all it wanted, so a
 * closed pipe is not an error. Without this, Node reports the EPIPE as an
 * unhandled 'error' event with a stack trace. Other stdout errors still throw.
 *
 * @example exitQuietlyOnEpipe(); for (const line of lines) process.stdout.write(line);
 */
export function exitQuietlyOnEpipe(stream: NodeJS.WriteStream = process.stdout): void {
  if (installed) return;
  installed = true;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
