import { UserCodeError, UserError } from '../core/errors.ts';
import type { Refusal } from '../runner/RunPlugin.ts';
import type { MitigationDefinition } from './types.ts';
import { userCodeThrew } from '../core/userCodeThrew.ts';
import { shownValue } from '../core/shownValue.ts';

/**
 * A mitigation module's definition with its mistakes made troupe's errors, naming the module. Before a run, what
 * its `parse` (schema, `check`) or `reactsTo` throws or returns wrongly is a UserError (a UserError from a copy of
 * troupe in tsx's namespace, see importUserModule, becomes this copy's, so that troupe can label it with the arm).
 * During a run, what its `create`, handler or guards throw or return wrongly is a UserCodeError: the run ends in
 * error saying whose code it was, not as troupe's internal error.
 */
export function guardedMitigation(def: MitigationDefinition, file: string): MitigationDefinition {
  const name = `mitigation "${def.kind}" (${file})`;
  const threw = (error: unknown): UserCodeError => userCodeThrew(name, file, error);
  const beforeRun = <T>(what: string, fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof UserError) throw error;
      if (error instanceof Error && error.name === 'UserError') throw new UserError(error.message);
      throw new UserError(`${name}: ${what} threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const reactsTo = def.reactsTo;
  return {
    ...def,
    parse: (raw) => beforeRun('its parameter check', () => def.parse(raw)),
    ...(reactsTo && {
      reactsTo: (params) => {
        const monitors = beforeRun('reactsTo', () => reactsTo(params));
        if (!Array.isArray(monitors) || monitors.some((m) => typeof m !== 'string')) {
          throw new UserError(`${name}: reactsTo returned ${shownValue(monitors)}; expected a list of monitor names.`);
        }
        return monitors;
      },
    }),
    create: (params, api) => {
      const guard: typeof api.guard = (check) =>
        api.guard((agent, act) => {
          let refusal: unknown;
          try {
            refusal = check(agent, act);
          } catch (error) {
            throw threw(error);
          }
          if (refusal === null || isRefusal(refusal)) return refusal;
          throw new UserCodeError(`${name}: a guard returned ${shownValue(refusal)}; expected null or a refusal { by: "${def.kind}", reason: "…" }.`);
        });
      let handler: unknown;
      try {
        handler = def.create(params, { ...api, guard });
      } catch (error) {
        throw threw(error);
      }
      if (handler === null || handler === undefined) return null;
      if (typeof handler !== 'function') throw new UserCodeError(`${name}: create() returned ${shownValue(handler)}; expected a handler function (or null).`);
      const run = handler as (event: unknown) => void;
      return (event) => {
        try {
          run(event);
        } catch (error) {
          throw threw(error);
        }
      };
    },
  };
}

function isRefusal(value: unknown): value is Refusal {
  const r = value as Partial<Refusal> | null;
  return typeof r === 'object' && r !== null && typeof r.by === 'string' && typeof r.reason === 'string' && r.reason.length > 0;
}

/** A value as a message shows it: JSON, cut short. */
