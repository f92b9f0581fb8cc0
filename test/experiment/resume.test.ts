import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adHocExperiment, isSealed, planSweep, runSweep, sweepExperiment, type RunRecord } from '../../src/experiment/index.ts';
import { parseArms } from '../../src/mitigations/index.ts';
import { tempDir } from '../helpers/runs.ts';

const troupe = join(import.meta.dirname, '../../src/cli/troupe.mjs');
const experiment = (seeds: string) => adHocExperiment({ world: 'camel-roleplay', arms: parseArms('none,goal-reinject:k=4'), seeds });
/** A record without where it was written, to compare sweeps in different directories. */
const outcome = ({ file: _file, ...rest }: RunRecord) => rest;

describe('a sweep is resumable', () => {
  it('skips runs whose files are already sealed and re-runs unsealed or torn ones, with the same results', async () => {
    const fresh = await runSweep(await planSweep(experiment('1..6'), tempDir()), { workers: 0 });
    expect([fresh.ran, fresh.skipped]).toEqual([12, 0]);

    const out = tempDir();
    const partial = await runSweep(await planSweep(experiment('1..3'), out), { workers: 0 });
    expect(partial.ran).toBe(6);
    const plan = await planSweep(experiment('1..6'), out);
    // A crash mid-run: one file loses its seal (the last line), another is torn mid-line.
    const unsealed = plan.runs[0]!.file;
    const text = readFileSync(unsealed, 'utf8');
    truncateSync(unsealed, text.lastIndexOf('\n', text.length - 2) + 1);
    expect(isSealed(unsealed)).toBe(false);
    const torn = plan.runs[1]!.file;
    truncateSync(torn, statSync(torn).size - 10);
    expect(isSealed(torn)).toBe(false);
    // A run that never got far: a header only.
    writeFileSync(plan.runs[11]!.file, `${readFileSync(plan.runs[2]!.file, 'utf8').split('\n')[0]}\n`);

    const resumed = await runSweep(plan, { workers: 0 });
    expect([resumed.ran, resumed.skipped]).toEqual([8, 4]);
    expect(plan.runs.every((r) => isSealed(r.file))).toBe(true);
    expect(resumed.records.map(outcome)).toEqual(fresh.records.map(outcome));
  });

  it('refuses to reuse a sealed run whose file was edited since, naming it, and runs nothing', async () => {
    const out = tempDir();
    const plan = await planSweep(experiment('1..2'), out);
    await runSweep(plan, { workers: 0 });
    // An edit inside a message: the seal is still the last line, so only the hash chain tells.
    const file = plan.runs[1]!.file;
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('"type":"message"'));
    lines[at] = lines[at]!.replace('"content":"', '"content":"Edited. ');
    writeFileSync(file, lines.join('\n'));
    expect(isSealed(file)).toBe(true);
    const before = readdirSync(out, { recursive: true }).length;
    await expect(runSweep(plan, { workers: 0 })).rejects.toThrow(
      new RegExp(`^1 of the runs already recorded in \\S+ is damaged, e\\.g\\. ${file.replace(/[.]/g, '\\.')} \\(line ${at + 1} \\(seq \\d+\\) was edited: .*\\): their figures cannot be trusted\\.`),
    );
    expect(readdirSync(out, { recursive: true }).length).toBe(before);
  });

  it('picks up after being killed mid-sweep and ends with the same results as an uninterrupted sweep', async () => {
    const out = tempDir();
    const args = [troupe, 'sweep', '--world', 'camel-roleplay', '--arms', 'none,placebo', '--seeds', '1..15', '--out', out, '--workers', '1', '--json'];
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    const sealed = () => {
      const dirs = readdirSync(out);
      return dirs.length ? readdirSync(join(out, dirs[0]!)).filter((f) => f.endsWith('.jsonl') && isSealed(join(out, dirs[0]!, f))).length : 0;
    };
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 600 && sealed() < 5; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    expect(await exited).toBeNull();
    const before = sealed();
    expect(before).toBeGreaterThanOrEqual(5);
    expect(before).toBeLessThan(30);

    const rerun = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    rerun.stdout!.on('data', (d) => (stdout += d));
    expect(await new Promise((resolve) => rerun.on('exit', resolve))).toBe(0);
    const summary = JSON.parse(stdout) as { runs: { planned: number; ran: number; skipped: number }; dir: string };
    expect(summary.runs.planned).toBe(30);
    expect(summary.runs.skipped).toBeGreaterThanOrEqual(before);
    expect(summary.runs.ran + summary.runs.skipped).toBe(30);

    // The same sweep, uninterrupted, on this thread.
    const reference = await sweepExperiment(adHocExperiment({ world: 'camel-roleplay', arms: parseArms('none,placebo'), seeds: '1..15' }), { out: tempDir(), workers: 0 });
    const csv = (file: string) => readFileSync(file, 'utf8').split('\n').map((l) => l.replace(/,[^,]*$/, ''));
    expect(csv(join(summary.dir, 'results.csv'))).toEqual(csv(reference.files.csv));
  });

  it('refuses to reuse runs recorded with other code of the world, instead of reporting them as this code’s', async () => {
    const dir = tempDir();
    const module = join(dir, 'my-relay.ts');
    writeFileSync(module, `export { relay as default } from '${join(import.meta.dirname, '../../worlds/relay.ts')}';\n`);
    const mine = () => adHocExperiment({ world: module, arms: parseArms('none'), seeds: '1..2' });
    const out = tempDir();
    expect((await runSweep(await planSweep(mine(), out), { workers: 0 })).ran).toBe(2);
    expect((await runSweep(await planSweep(mine(), out), { workers: 0 })).skipped).toBe(2);
    // The researcher edits the world; the run ids (hashes of the configs) stay the same.
    writeFileSync(module, `${readFileSync(module, 'utf8')}// changed\n`);
    const plan = await planSweep(mine(), out);
    await expect(runSweep(plan, { workers: 0 })).rejects.toThrow(/^2 of the runs already recorded in .* were made with other code of their world, mitigation or monitor modules: .*my-relay\.ts \(source hash \w{12}… recorded, \w{12}… now\)/);
    // Nothing was run over them; another folder runs afresh.
    expect(plan.runs.every((run) => isSealed(run.file))).toBe(true);
    expect((await runSweep(await planSweep(mine(), tempDir()), { workers: 0 })).ran).toBe(2);
  });
});
