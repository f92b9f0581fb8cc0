import { procStatFields } from '../core/procStat.ts';

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
  // cutime and cstime: fields 16 and 17.
  const fields = procStatFields('self');
  return fields ? ((Number(fields[13]) + Number(fields[14])) * 1000) / USER_HZ : Number.NaN;
}
