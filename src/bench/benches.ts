/**
 * The benchmarks `npm run bench` runs, by name. Each returns plain figures;
 * the bench command prints them as a table or, with --json, one JSON object.
 * Modules load lazily so one bench's imports never slow another.
 */
export type Bench = () => Promise<Record<string, number>>;

export const benches: Record<string, { describe: string; run: () => Promise<Bench> }> = {
  engine: {
    describe: 'synthetic relay with recording: events/s, µs/event, ratio to a bare policy loop, peak RSS at ~1M events',
    run: async () => (await import('./benchEngine.ts')).benchEngine,
  },
  openai: {
    describe: 'openai policy vs the loopback server, L = 50 ms, C = 32, 128 worlds at once: turns/s vs the ideal C/L',
    run: async () => (await import('./benchOpenai.ts')).benchOpenai,
  },
  monitors: {
    describe: 'all default monitors, µs per message, short vs long transcript',
    run: async () => (await import('./benchMonitors.ts')).benchMonitors,
  },
  sweep: {
    describe: 'synthetic camel-roleplay sweep (monitors, recording, 3 arms): runs/s with 1 and 2 worker processes, seconds for 1,000 runs on 2, 6,000-run sweeps and their rates after warm-up',
    run: async () => (await import('./benchSweep.ts')).benchSweep,
  },
  judge: {
    describe: 'troupe judge vs the loopback server, L = 50 ms, C = 8 and 32: messages/s vs the ideal C/L, and a second pass read from the record',
    run: async () => (await import('./benchJudge.ts')).benchJudge,
  },
  cli: {
    describe: 'troupe command start-up, median of 7 fresh processes: --version, runs on an empty folder, the demo run; node -e 0 as the floor',
    run: async () => (await import('./benchCli.ts')).benchCli,
  },
  replay: {
    describe: 'synthetic relay run → replay, verify, fork at the middle: events/s vs the original run, verify MB/s, fork vs full rerun',
    run: async () => (await import('./benchReplay.ts')).benchReplay,
  },
};
