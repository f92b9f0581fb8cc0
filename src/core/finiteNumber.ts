/** A flag or setting's text as a finite number, or null (`Number` alone reads '' and '  ' as 0). */
export function finiteNumber(value: string): number | null {
  const n = Number(value);
  return value.trim() === '' || !Number.isFinite(n) ? null : n;
}
