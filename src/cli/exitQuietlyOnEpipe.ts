import { exitAsPlanned } from './plannedExit.ts';

const handled = new WeakSet<NodeJS.WriteStream>();

/**
 * End the process quietly (exit 0) when stdout's reader goes away, as in
 * `troupe eval monitors --verbose | head`: the reader has all it wanted, so a
 * closed pipe is not an error. Without this, Node reports the EPIPE as an
 * unhandled 'error' event with a stack trace. Other stdout errors still throw.
 * Installing it twice on a stream adds nothing.
 *
 * @example exitQuietlyOnEpipe(); for (const line of lines) process.stdout.write(line);
 */
export function exitQuietlyOnEpipe(stream: NodeJS.WriteStream = process.stdout): void {
  if (handled.has(stream)) return;
  handled.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') exitAsPlanned(0);
    throw error;
  });
}
