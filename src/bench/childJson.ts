import { execFileSync } from 'node:child_process';

/**
 * Run `node <args>` in a fresh process (stderr passes through) and parse the
 * last line it prints as JSON: how the benches measure something in a
 * process of its own.
 */
export function childJson<T>(args: readonly string[]): T {
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as T;
}
