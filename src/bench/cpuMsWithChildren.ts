import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times: 100 on Linux (USER_HZ), whatever the kernel's own tick rate. */
const USER_HZ = 100;

/**
 * CPU time used so far, in ms, by this process and by its child processes that have exited: a sweep's worker
 * processes (they are waited for before `runSweep` returns). `process.cpuUsage()` counts only this process. NaN
 * where /proc is missing (not Linux): a figure that cannot be had is not reported as this process's alone.
 *
 * @example const before = cpuMsWithChildren(); await runSweep(plan, { workers: 2 }); const used = cpuMsWithChildren() - before;
 */
export function cpuMsWithChildren(): number {
  const own = process.cpuUsage();
  return (own.user + own.system) / 1000 + childrenCpuMs();
}

function childrenCpuMs(): number {
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return Number.NaN;
  }
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis): cutime and
  // cstime are the 16th and 17th fields of the line, the 14th and 15th after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / USER_HZ;
}
