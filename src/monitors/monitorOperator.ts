import type { OperatorFunction } from 'rxjs';
// Deep imports, as in Bus.ts: the entry point would load all of rxjs.
import { defer } from 'rxjs/internal/observable/defer';
import { concatMap } from 'rxjs/internal/operators/concatMap';
import type { RunEvent } from '../core/events.ts';
import { createMonitorSet, type MonitorConfigInput } from './createMonitorSet.ts';
import type { FlagInput } from './defineMonitor.ts';

/**
 * The monitors as an rxjs operator: run events in, flags out, in order. Each
 * subscription gets its own monitor state, so the operator can be reused.
 *
 * @example bus.events$.pipe(monitorOperator({ enabled: null, params: {} })).subscribe((f) => bus.publish(f));
 */
export function monitorOperator(config: MonitorConfigInput = {}): OperatorFunction<RunEvent, FlagInput> {
  // Validate eagerly so a bad config fails where the operator is built, not on the first event.
  createMonitorSet(config);
  return (source) =>
    defer(() => {
      const set = createMonitorSet(config);
      return source.pipe(concatMap((e) => set.onEvent(e)));
    });
}
