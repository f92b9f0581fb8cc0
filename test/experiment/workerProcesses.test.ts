import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { procStatFields } from '../../src/core/procStat.ts';
import { isSealed } from '../../src/experiment/index.ts';
import { cliPath, startTroupe, troupe } from '../helpers/cli.ts';
import { researcherDir, tempDir } from '../helpers/runs.ts';

// Sweep workers are processes of their own (runJobs.ts). These tests kill real ones.
const sweep = (out: string) => ['sweep', '--world', 'camel-roleplay', '--arms', 'none,placebo', '--seeds', '1..150', '--out', out, '--workers', '2', '--no-progress', '--json'];

/** Run files sealed so far under `out`. */
function sealed(out: string): number {
  const dirs = readdirSync(out);
  if (dirs.length === 0) return 0;
  const dir = join(out, dirs[0]!);
  return readdirSync(dir).filter((f) => f.endsWith('.jsonl') && isSealed(join(dir, f))).length;
}

/**
 * The pids of `parent`'s sweep workers (Linux: a process's parent is the 4th field of /proc/PID/stat). tsx's
 * esbuild service is a child process too.
 */
function workersOf(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const worker = readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('sweepWorker.mjs');
      if (worker && Number(procStatFields(Number(entry))?.[1]) === parent) pids.push(Number(entry));
    } catch {
      // Gone since the listing.
    }
  }
  return pids;
}

/**
 * A researcher's folder holding `<kind>.ts`, a notes-only mitigation whose `create` is `create` (source text, with
 * `writeFileSync` at hand): a module's code to run inside the sweep.
 */
function folderWithMitigation(kind: string, create: string): string {
  const dir = researcherDir();
  const src = join(import.meta.dirname, '..', '..', 'src', 'index.ts');
  writeFileSync(
    join(dir, `${kind}.ts`),
    `import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { defineMitigation } from '${src}';
export default defineMitigation({ kind: '${kind}', summary: '${kind}', notesOnly: true, schema: z.object({}).strict(), create: ${create} });
`,
  );
  return dir;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(what: string, done: () => boolean, ms = 30_000): Promise<void> {
  for (let waited = 0; !done(); waited += 25) {
    if (waited > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('sweep worker processes', () => {
  it('end when the sweep\'s process is killed, and the sweep run again finishes every run', async () => {
    const out = tempDir();
    const { child, exited } = startTroupe(...sweep(out));
    await until('five sealed runs', () => sealed(out) >= 5);
    const workers = workersOf(child.pid!);
    expect(workers).toHaveLength(2);
    child.kill('SIGKILL');
    expect(await exited).toBeNull();
    // No worker goes on running (or writing run files) without the sweep.
    await until('the workers to exit', () => workers.every((pid) => !alive(pid)), 10_000);
    const before = sealed(out);
    expect(before).toBeLessThan(300);

    const again = await troupe(...sweep(out));
    expect(again.code, again.stderr).toBe(0);
    const summary = JSON.parse(again.stdout) as { runs: { ran: number; skipped: number } };
    expect(summary.runs.skipped).toBe(before);
    expect(summary.runs.ran).toBe(300 - before);
    expect(readdirSync(join(out, readdirSync(out)[0]!)).filter((f) => f.endsWith('.lock'))).toEqual([]);
  });

  it('a worker killed from outside stops the sweep with a plain message, and the sweep run again finishes', async () => {
    const out = tempDir();
    const { child, stderr, exited } = startTroupe(...sweep(out));
    await until('five sealed runs', () => sealed(out) >= 5);
    const [victim] = workersOf(child.pid!);
    process.kill(victim!, 'SIGKILL');
    expect(await exited).toBe(1);
    expect(stderr()).toContain(`sweep worker process ${victim} was killed (SIGKILL) before the sweep was done, running `);
    expect(stderr()).not.toContain('internal error');

    const again = await troupe(...sweep(out));
    expect(again.code, again.stderr).toBe(0);
    const summary = JSON.parse(again.stdout) as { runs: { ran: number; skipped: number } };
    expect(summary.runs.ran + summary.runs.skipped).toBe(300);
  });

  it('a Ctrl-C (SIGINT to the whole process group, workers included) reports the interrupt, not the workers\' end', async () => {
    const out = tempDir();
    // A process group of its own, as a terminal's foreground job is.
    const child = spawn(process.execPath, [cliPath, ...sweep(out)], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    await until('five sealed runs', () => sealed(out) >= 5);
    const workers = workersOf(child.pid!);
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/^troupe: interrupted \(SIGINT\)\.\n {2}The runs already sealed are kept: run the same sweep again/);
    expect(stderr).not.toContain('was killed');
    await until('the workers to exit', () => workers.every((pid) => !alive(pid)), 10_000);
  });

  it('run with the sweep\'s node flags, and what a module logs goes to stderr (on the main thread, and in troupe run, too): stdout stays JSON', () => {
    const dir = folderWithMitigation('chatty', `(_p, api) => { console.log('chatty: seed ' + api.config.seed + ' ' + process.execArgv.join(' ')); return () => {}; }`);
    // On workers or on the main thread alike.
    for (const workers of ['2', '0']) {
      // A raised heap limit, say: a run must not have less of it, or other flags, on a worker than on the main thread.
      // The inspector stays the sweep's: workers on its port would fail to bind it, and say so.
      const inspect = `--inspect=127.0.0.1:${40_000 + (process.pid % 20_000)}`;
      const args = ['--max-old-space-size=3000', inspect, cliPath, 'sweep', '--world', 'relay', '--arms', 'none,./chatty.ts', '--seeds', '1..3', '--max-turns', '4', '--out', `out-${workers}`, '--workers', workers, '--json'];
      const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { runs: { ran: number } }).runs.ran).toBe(6);
      // Two workers also compile without inlining (sweepWorkers.ts).
      const flags = workers === '2' ? '--max-old-space-size=3000 --no-turbo-inlining' : `--max-old-space-size=3000 ${inspect}`;
      expect(r.stderr.match(/^chatty: seed \d.*$/gm)?.sort()).toEqual([1, 2, 3].map((seed) => `chatty: seed ${seed} ${flags}`));
      expect(r.stderr).not.toContain('address already in use');
    }
    // `troupe run` keeps its stdout for its result the same way; help stays on stdout.
    const run = spawnSync(process.execPath, [cliPath, 'run', 'relay', '--seed', '1', '--max-turns', '4', '--mitigation', './chatty.ts', '--out', 'out-run', '--json'], { cwd: dir, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { runId: string }).runId).toMatch(/^[0-9a-f]{16}$/);
    expect(run.stderr).toMatch(/^chatty: seed 1/m);
    expect(spawnSync(process.execPath, [cliPath, 'run', '--help'], { encoding: 'utf8' }).stdout).toMatch(/^Usage: troupe run /);
  });

  it('end at once when the sweep\'s process is stopped while they are busy in a run\'s code (SIGTERM, SIGKILL)', async () => {
    // A module that spins, never awaiting, in seed 1's run: the worker's JavaScript hears no signal and no end of
    // its IPC channel.
    const dir = folderWithMitigation(
      'spin',
      `(_p, api) => (e) => {
        if (e.type !== 'turn.start' || e.turn !== 2 || api.config.seed !== 1) return;
        writeFileSync('spinning', String(process.pid));
        for (;;);
      }`,
    );
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      const marker = join(dir, 'spinning');
      const child = spawn(process.execPath, [cliPath, 'sweep', '--world', 'relay', '--arms', './spin.ts', '--seeds', '1..4', '--out', `out-${signal}`, '--workers', '2', '--no-progress'], { cwd: dir, stdio: 'ignore' });
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      await until('a worker to spin', () => existsSync(marker));
      const spinner = Number(readFileSync(marker, 'utf8'));
      child.kill(signal);
      await exited;
      try {
        await until(`the spinning worker to end after ${signal}`, () => !alive(spinner), 3_000);
      } finally {
        // Not left spinning on this machine if it failed to end.
        if (alive(spinner)) process.kill(spinner, 'SIGKILL');
      }
      // Stopped by its sweep (SIGTERM), it leaves no lock; killed with it (SIGKILL), stale ones the next sweep takes.
      const locks = readdirSync(join(dir, `out-${signal}`), { recursive: true }).filter((f) => String(f).endsWith('.jsonl.lock'));
      if (signal === 'SIGTERM') expect(locks).toEqual([]);
      else expect(locks.length).toBeGreaterThan(0);
      rmSync(marker);
    }
  });

  it('a module calling process.exit() ends the sweep with a message naming it as the likely cause, on a worker or not', () => {
    const dir = folderWithMitigation('quit', `(_p, api) => (e) => { if (e.type === 'turn.start' && e.turn === 2 && api.config.seed === 2) process.exit(0); }`);
    for (const workers of ['0', '2']) {
      const out = `out-${workers}`;
      const args = [cliPath, 'sweep', '--world', 'relay', '--arms', './quit.ts', '--seeds', '1..3', '--max-turns', '4', '--out', out, '--workers', workers, '--no-progress'];
      const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(1);
      if (workers === '0') expect(r.stderr).toContain('troupe: the process exited (code 0) before `troupe sweep` was done: did a world or module call process.exit()?');
      else expect(r.stderr).toMatch(/^troupe: sweep worker process \d+ exited \(code 0; did a world or module call process\.exit\(\), or throw outside a run\?\) before the sweep was done, running (.* and )?[0-9a-f]{16} \(arm \.\/quit\.ts, relay, seed 2\)/m);
      expect(r.stderr).not.toContain('internal error');
      // Nothing left locked: the sweep's folder and its runs are free for the next sweep.
      expect(readdirSync(join(dir, out), { recursive: true }).filter((f) => String(f).endsWith('.lock'))).toEqual([]);
    }
  });

  it('a module throwing outside a run (in a timer) is reported in a few lines naming its file, not kilobytes of data: URL', () => {
    // In a folder without "type": "module", where tsx loads the module apart and its frames are data: URLs.
    const dir = folderWithMitigation('late', `(_p, api) => { if (api.config.seed === 2) setTimeout(() => { throw new Error('late boom'); }, 1); return () => {}; }`);
    const args = [cliPath, 'sweep', '--world', 'relay', '--arms', './late.ts', '--seeds', '1..3', '--max-turns', '4', '--out', 'out', '--workers', '2', '--no-progress'];
    const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^troupe: sweep worker process \\d+: uncaught Error: late boom\n {4}at \\S+ \\(${join(dir, 'late.ts').replace(/[.]/g, '\\.')}\\)\n`));
    expect(r.stderr).toMatch(/exited \(code 1; did a world or module call process\.exit\(\), or throw outside a run\?\) before the sweep was done, running .*seed 2\)/);
    expect(r.stderr).not.toContain('data:');
    expect(r.stderr.length).toBeLessThan(2_000);
  });
});
