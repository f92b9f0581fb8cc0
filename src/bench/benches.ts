/**
 * The benchmarks `npm run bench` runs, by name. Each returns plain figures;
 * the bench command prints them as a table or, with --json, one JSON object.
 */
export type Bench = () => Promise<Record<string, number>>;

export const benches: Record<string, { describe: string; run: () => Promise<Bench> }> = {};
