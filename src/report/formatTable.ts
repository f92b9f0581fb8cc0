/**
 * Lay out rows of cells as aligned columns: the first column left-aligned,
 * the others right-aligned, two spaces apart.
 *
 * @example formatTable([['metric', 'none'], ['pass^1', '0.870']])
 */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
