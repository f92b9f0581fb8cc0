import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { evalCommand } from '../../src/cli/commands/eval.ts';
import { importCommand } from '../../src/cli/commands/import.ts';
import { monitorCommand } from '../../src/cli/commands/monitor.ts';
import { UserError } from '../../src/core/errors.ts';
import '../../src/policies/synthetic/index.ts';
import { readRun } from '../../src/record/readRun.ts';
import { runWorld } from '../../src/runner/index.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'mast-lint-dogfood');

/** Run the monitor/eval/import commands in-process and capture what they print. */
async function cli(...args: string[]): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const program = new Command('troupe').exitOverride();
  for (const c of [monitorCommand(), evalCommand(), importCommand()]) program.addCommand(c.exitOverride());
  await program.parseAsync(['node', 'troupe', ...args]);
  vi.restoreAllMocks();
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('the monitor, eval and import commands', () => {
  it('imports AG2 traces with MAST labels and scores role-flip against FM-1.2 from the files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'troupe-ag2-'));
    // The gold labels of other traces label none of these: refused before anything is written.
    await expect(cli('import', 'ag2', join(fixtures, 'raw_ag2_records.json'), '--gold', join(fixtures, 'gold_labels_batch2.json'), '--out', dir)).rejects.toThrow(/it labels none of the 8 traces in .*raw_ag2_records\.json/);
    expect(readdirSync(dir)).toEqual([]);
    expect(await cli('import', 'ag2', join(fixtures, 'raw_ag2_records.json'), '--gold', join(fixtures, 'gold_labels.json'), '--out', dir)).toMatch(/wrote 8 transcripts .*\(8 of 8 labelled\)/);
    expect(readdirSync(dir).filter((f) => f !== 'labels.json')).toHaveLength(8);
    await cli('import', 'ag2', join(fixtures, 'raw_ag2_records_batch2.json'), '--gold', join(fixtures, 'gold_labels_batch2.json'), '--out', dir);
    const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as Record<string, string[]>;
    expect(Object.keys(labels)).toHaveLength(16);

    const report = JSON.parse(await cli('eval', 'monitors', '--transcripts', dir, '--labels', join(dir, 'labels.json'), '--json'));
    expect(Object.keys(report.monitors['role-flip']).sort()).toEqual(['f1', 'falsePerKTurns', 'latencyTurns', 'precision', 'recall']);
    expect(report.monitors['role-flip'].f1).toBeGreaterThanOrEqual(0.8);
    expect(report.traces.scored).toBe(16);

    const flags = JSON.parse(await cli('monitor', join(dir, 'rate-limiter.json'), '--monitors', 'role-flip', '--json'));
    expect(flags[0]).toMatchObject({ monitor: 'role-flip', agent: 'Planner', span: { start: 1, end: 1 } });
    expect(Object.keys(flags[0]).sort()).toEqual(['agent', 'evidence', 'explanation', 'monitor', 'score', 'severity', 'span', 'type']);
  });

  it('prints flags as text with a per-monitor summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'troupe-t-'));
    const file = join(dir, 't.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'troupe.transcript/1',
        id: 't',
        agents: [{ id: 'user', role: 'instructs the assistant' }, { id: 'assistant', role: 'solves what the user asks' }],
        messages: [
          { from: 'user', content: 'Instruction: list three fruits.\nInput: None' },
          { from: 'assistant', content: '' },
        ],
      }),
    );
    const out = await cli('monitor', file);
    expect(out).toMatch(/warning|critical/);
    expect(out).toContain('flake-reply');
    expect(out).toMatch(/msg 1 .*empty reply/);
    expect(out).toMatch(/^1 flag: flake-reply assistant ×1$/m);
  });

  it('re-monitors a recorded run file offline into exactly the flags the run recorded online', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'troupe-run-'));
    let total = 0;
    for (const [world, seed] of [['camel-roleplay', 11], ['relay', 12]] as const) {
      const result = await runWorld({ config: { world, seed }, out: dir });
      const recorded = readRun(result.file!).events.flatMap((e) => (e.type === 'flag' ? [(({ seq: _s, tick: _t, ...f }) => f)(e)] : []));
      const offline = JSON.parse(await cli('monitor', result.file!, '--json'));
      expect(offline).toEqual(recorded);
      total += recorded.length;
    }
    expect(total).toBeGreaterThan(0);
  });

  it('rejects an unknown monitor name with a UserError', async () => {
    await expect(cli('monitor', 'x.json', '--monitors', 'nope')).rejects.toThrow(UserError);
    await expect(cli('monitor', 'x.json', '--monitors', 'nope')).rejects.toThrow(/unknown monitor 'nope'/);
    await expect(cli('eval', 'monitors', '--transcripts', 'x')).rejects.toThrow(/--transcripts and --labels go together/);
  });

  it('scores the synthetic corpus with --json in the documented shape', async () => {
    const report = JSON.parse(await cli('eval', 'monitors', '--runs', '8', '--seed', '2', '--json'));
    expect(Object.keys(report.monitors)).toEqual(['role-flip', 'flake-reply', 'infinite-loop', 'drift', 'camel-rules']);
    expect(report.corpus).toMatchObject({ runs: 8, cleanRuns: 4 });
  }, 60_000);
});
