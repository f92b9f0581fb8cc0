import { Command } from '@commander-js/extra-typings';
import { vi } from 'vitest';
import { evalCommand } from '../../src/cli/commands/eval.ts';
import { importCommand } from '../../src/cli/commands/import.ts';
import { monitorCommand } from '../../src/cli/commands/monitor.ts';

/** Run the monitor/eval/import commands in-process; what they print on stdout and stderr. Errors are thrown. */
export async function runCli(...args: string[]): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    const program = new Command('troupe').exitOverride();
    for (const c of [monitorCommand(), evalCommand(), importCommand()]) program.addCommand(c.exitOverride());
    await program.parseAsync(['node', 'troupe', ...args]);
    return { out, err };
  } finally {
    vi.restoreAllMocks();
  }
}

/** The flags a run file recorded online, as `troupe monitor --json` prints them (no seq, tick or hash). */
export function recordedFlags(lines: readonly string[]): unknown[] {
  return lines
    .filter((l) => l.includes('"type":"flag"') && !l.startsWith('{"type":"header"'))
    .map((l) => {
      const { seq: _s, tick: _t, h: _h, ...flag } = JSON.parse(l) as Record<string, unknown>;
      return flag;
    });
}
