/** A flag or setting's text as a whole number in [min, max], or null (digits only: no sign, exponent or spaces). */
export function integerIn(value: string, min: number, max = Number.MAX_SAFE_INTEGER): number | null {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  return n >= min && n <= max ? n : null;
}
