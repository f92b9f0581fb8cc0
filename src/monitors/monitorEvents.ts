import type { RunEvent } from '../core/events.ts';
import { createMonitorSet, type MonitorConfigInput } from './createMonitorSet.ts';
import type { FlagInput } from './defineMonitor.ts';

/**
 * Monitor a recorded run or converted transcript offline: the same code as
 * online, over events in seq order. Flags already in the log are ignored.
 *
 * @example monitorEvents(readRun('runs/abc.jsonl').events, { enabled: ['drift'] })
 */
export function monitorEvents(events: Iterable<RunEvent>, config: MonitorConfigInput = {}): FlagInput[] {
  const set = createMonitorSet(config);
  const flags: FlagInput[] = [];
  for (const e of events) for (const f of set.onEvent(e)) flags.push(f);
  return flags;
}
