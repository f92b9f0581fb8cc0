let planned = false;

/**
 * End the process on purpose, with `code` (an interrupt handled, stdout's reader gone): `onEarlyExit` then knows
 * the exit was troupe's own and says nothing about it.
 *
 * @example exitAsPlanned(130)
 */
export function exitAsPlanned(code: number): never {
  planned = true;
  process.exit(code);
}

/** Whether `exitAsPlanned` is ending the process. */
export function exitWasPlanned(): boolean {
  return planned;
}
