const DATA_URL = 'data:text/javascript,';

/** Frames kept by `shortStack`: where it was raised and how it got there, not the event loop's plumbing. */
const FRAMES = 5;

/**
 * An error as a reader wants it when it has no better report: its first line and first frames, each frame of a
 * module that tsx loaded in a namespace of its own (a .ts file outside a `"type": "module"` package) naming that
 * module's file instead of the `data:` URL that holds the whole compiled module (kilobytes per frame).
 *
 * @example process.stderr.write(`${shortStack(error)}\n`)
 */
export function shortStack(error: unknown): string {
  if (!(error instanceof Error)) return `a non-error was thrown: ${String(error)}`;
  const lines = (error.stack ?? `${error.name}: ${error.message}`).split('\n');
  const at = lines.findIndex((line) => /^\s+at /.test(line));
  const head = at < 0 ? lines : lines.slice(0, at);
  const frames = at < 0 ? [] : lines.slice(at, at + FRAMES);
  return [...head, ...frames.map(readableFrame)].join('\n');
}

/**
 * `at fn (data:text/javascript,…:3:1446)` as `at fn (/path/module.ts)`: the position is in the compiled code, not in
 * the file, so it goes too. The URL holds parentheses and colons of its own: it runs to the end of the frame.
 */
function readableFrame(frame: string): string {
  const start = frame.indexOf(DATA_URL);
  if (start < 0) return frame;
  const url = frame.slice(start).replace(/(:\d+)*\)?$/, '');
  return `${frame.slice(0, start)}${moduleOf(url)}${frame.endsWith(')') ? ')' : ''}`;
}

/** The file a tsx namespace's `data:` URL compiles: its wrapper sets `__filename` first. */
function moduleOf(url: string): string {
  let code: string;
  try {
    code = decodeURIComponent(url.slice(DATA_URL.length));
  } catch {
    return '(a module loaded by tsx)';
  }
  const file = /__filename="([^"]*)"/.exec(code)?.[1];
  return file ?? '(a module loaded by tsx)';
}
