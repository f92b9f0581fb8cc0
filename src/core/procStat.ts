import { readFileSync } from 'node:fs';

/**
 * The fields of /proc/<pid>/stat that follow the command name, which may hold spaces and parentheses (so they are
 * counted from its closing parenthesis): field n of the line, as proc(5) numbers them from 1, is at index n − 3
 * (3: state, 4: parent pid, 16–17: CPU of waited-for children, 22: start time). Null when the process is gone or
 * there is no /proc (not Linux).
 *
 * @example const state = procStatFields(pid)?.[0] // 'Z' for a zombie
 */
export function procStatFields(pid: number | 'self'): string[] | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}
