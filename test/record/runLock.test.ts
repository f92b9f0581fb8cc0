import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { adHocExperiment, planSweep, runSweep } from '../../src/experiment/index.ts';
import { parseArms } from '../../src/mitigations/index.ts';
import { clearLockOf, RunLock, runWriter } from '../../src/record/RunLock.ts';
import { isSealed } from '../../src/record/runTail.ts';
import { verifyRun } from '../../src/record/verifyRun.ts';
import { forkRun } from '../../src/record/forkRun.ts';
import { runWorld } from '../../src/runner/index.ts';
import { cliPath, startTroupe, troupe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runs.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A real process that stays alive until killed. */
function liveProcess(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('a run file has one writer at a time', () => {
  it('refuses a second lock while the first is held, and gives it up on release', () => {
    const file = join(tempDir(), 'r.jsonl');
    const lock = RunLock.acquire(file);
    expect(readFileSync(`${file}.lock`, 'utf8')).toMatch(new RegExp(`^${process.pid} 0 \\d+\n$`));
    expect(runWriter(file)).toEqual({ pid: process.pid, thread: 0 });
    expect(() => RunLock.acquire(file)).toThrow(UserError);
    expect(() => RunLock.acquire(file)).toThrow(`${file} is being written by this process`);
    lock.release();
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(runWriter(file)).toBeNull();
    RunLock.acquire(file).release();
    // Only the run file's lock, never a draft, is left behind.
    expect(readdirSync(join(file, '..'))).toEqual([]);
  });

  it('takes over a lock whose process is gone, and refuses one whose process lives', async () => {
    const file = join(tempDir(), 'r.jsonl');
    writeFileSync(`${file}.lock`, `${deadPid()} 0\n`);
    expect(runWriter(file)).toBeNull();
    RunLock.acquire(file).release();

    const live = liveProcess();
    writeFileSync(`${file}.lock`, `${live.pid} 0\n`);
    expect(runWriter(file)).toEqual({ pid: live.pid, thread: 0 });
    expect(() => RunLock.acquire(file)).toThrow(`${file} is being written by process ${live.pid}`);

    // A lock whose pid now belongs to another process (pid reuse: a reboot, the next container's pid 1) is stale:
    // the lock's process started at another time than the one holding the pid now.
    const lock = RunLock.acquire(join(file, '..', 'mine.jsonl'));
    const [pid, thread, start] = readFileSync(`${lock.path}`, 'utf8').trim().split(' ').map(Number);
    lock.release();
    expect([pid, thread, start! > 0]).toEqual([process.pid, 0, true]);
    writeFileSync(`${file}.lock`, `${live.pid} 0 ${start}\n`);
    expect(runWriter(file)).toBeNull();
    writeFileSync(`${file}.lock`, `${process.pid} 3 ${start! - 1}\n`);
    expect(runWriter(file)).toBeNull();
    writeFileSync(`${file}.lock`, `${process.pid} 3 ${start}\n`);
    expect(runWriter(file)).toEqual({ pid: process.pid, thread: 3 });
  });

  it('keeps a resume (and a second run of the same config) off a run that is still going; once killed it resumes', async () => {
    const out = tempDir();
    // Long enough (~0.5 s of events) that it is caught early, at its first written batch.
    const args = ['run', 'relay', '--param', 'jobs=100000', '--max-turns', '2500', '--out', out];
    const writer = spawn(process.execPath, [cliPath, ...args], { stdio: 'ignore' });
    children.push(writer);
    const exited = new Promise<void>((resolve) => writer.on('exit', () => resolve()));
    let file: string | undefined;
    for (let i = 0; !file || statSync(file).size < 20_000; i++) {
      if (i > 3000) throw new Error('the run never got going');
      const name = existsSync(out) ? readdirSync(out).find((f) => f.endsWith('.jsonl')) : undefined;
      file = name && join(out, name);
      await sleep(2);
    }
    // Frozen mid-run: alive and holding its lock for as long as the checks below take.
    writer.kill('SIGSTOP');

    const resume = await troupe('resume', file);
    expect(resume.code).not.toBe(0);
    expect(resume.stderr).toContain(`is being written by process ${writer.pid}`);
    expect(resume.stderr).not.toMatch(/\n\s+at /);
    const again = await troupe(...args);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain(`is being written by process ${writer.pid}`);
    expect((await troupe('runs', '--dir', out)).stdout).toMatch(/\brunning\b/);

    writer.kill('SIGKILL');
    await exited;
    // Neither refused command touched the file: what the killed writer left is an intact prefix.
    expect(verifyRun(file).status).toBe('unsealed');
    expect(existsSync(`${file}.lock`)).toBe(true);
    expect((await troupe('runs', '--dir', out)).stdout).toMatch(/\bunsealed\b/);
    const resumed = await troupe('resume', file);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(verifyRun(file).status).toBe('sealed');
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('stops a sweep before it runs anything when another process is writing into its folder', async () => {
    const out = tempDir();
    const plan = await planSweep(adHocExperiment({ world: 'camel-roleplay', arms: parseArms('none'), seeds: '1..3' }), out);
    const busy = plan.runs[1]!.file;
    const live = liveProcess();
    mkdirSync(plan.dir, { recursive: true });
    writeFileSync(`${busy}.lock`, `${live.pid} 1\n`);
    await expect(runSweep(plan, { workers: 0 })).rejects.toThrow(`${plan.dir} is in use: process ${live.pid} is writing ${busy}`);
    expect(existsSync(plan.dir) ? readdirSync(plan.dir).filter((f) => f.endsWith('.jsonl')) : []).toEqual([]);

    live.kill('SIGKILL');
    await new Promise((resolve) => live.on('exit', resolve));
    const outcome = await runSweep(plan, { workers: 0 });
    expect(outcome.ran).toBe(3);
    expect(readdirSync(plan.dir).filter((f) => f.endsWith('.lock'))).toEqual([]);
  });

  it('refuses a second sweep into a folder a sweep is filling, even of other seeds; an interrupted sweep lets go', async () => {
    const out = tempDir();
    const sweep = (seeds: string) => ['sweep', '--world', 'camel-roleplay', '--arms', 'none', '--seeds', seeds, '--out', out, '--workers', '0', '--no-progress'];
    const first = startTroupe(...sweep('1..5000'));
    children.push(first.child);
    const lockIn = () => readdirSync(out, { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('sweep.lock'));
    while (!lockIn()) await sleep(50);
    const dir = join(out, lockIn()!, '..');
    const second = await troupe(...sweep('9000'));
    expect(second.stderr).toBe(`troupe: ${dir} is in use: process ${first.child.pid} is sweeping into it. Wait for that sweep to finish, or use another --out.\n`);
    expect(second.code).toBe(1);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(130);
    expect(lockIn()).toBeUndefined();
    const again = await troupe(...sweep('9000'), '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).runs).toMatchObject({ planned: 1 });
  });

  it('takes a writer killed but not yet reaped by its parent (a zombie) for gone', async () => {
    // `sh` starts a child that exits shortly, then becomes `sleep`, which never reaps it: a zombie while it sleeps.
    // (The child outlives the exec: one that ended before it could be reaped by the shell.)
    const parent = spawn('sh', ['-c', 'sleep 0.3 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(parent);
    const pid = Number(await new Promise<string>((resolve) => parent.stdout!.once('data', (d) => resolve(String(d)))));
    let state = '';
    for (let i = 0; i < 200 && state !== 'Z'; i++, await sleep(20)) state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[0]!;
    expect(state).toBe('Z');
    const file = join(tempDir(), 'r.jsonl');
    writeFileSync(`${file}.lock`, `${pid} 0\n`);
    expect(runWriter(file)).toBeNull();
    RunLock.acquire(file).release();
  });

  it("does not remove, on release, a lock another writer put in its place (one that took it for stale)", () => {
    const file = join(tempDir(), 'r.jsonl');
    const lock = RunLock.acquire(file);
    const other = liveProcess();
    writeFileSync(`${file}.lock`, `${other.pid} 0\n`);
    lock.release();
    expect(runWriter(file)).toEqual({ pid: other.pid, thread: 0 });
  });

  it('refuses a directory where the lock goes, without touching it', () => {
    const file = join(tempDir(), 'r.jsonl');
    mkdirSync(`${file}.lock`);
    expect(() => RunLock.acquire(file)).toThrow(`${file}.lock is a directory where ${file}'s lock goes: remove it.`);
    expect(statSync(`${file}.lock`).isDirectory()).toBe(true);
  });

  it("removes a dead writer's lock left next to a sealed run when the sweep runs again, and keeps a live one", async () => {
    const plan = await planSweep(adHocExperiment({ world: 'camel-roleplay', arms: parseArms('none'), seeds: '1..3' }), tempDir());
    await runSweep(plan, { workers: 0 });
    // As if killed between the seal and the lock's removal; the live one stands for a writer we must not disturb.
    const [stale, kept] = [plan.runs[0]!.file, plan.runs[1]!.file];
    writeFileSync(`${stale}.lock`, `${deadPid()} 1\n`);
    const live = liveProcess();
    writeFileSync(`${kept}.lock`, `${live.pid} 1\n`);
    const again = await runSweep(plan, { workers: 0 });
    expect(again).toMatchObject({ ran: 0, skipped: 3 });
    expect(existsSync(`${stale}.lock`)).toBe(false);
    expect(existsSync(`${kept}.lock`)).toBe(true);
  });

  it('clears the locks of sweep workers stopped mid-run, and runs their runs again in the next sweep', async () => {
    // Unit: only a lock naming the writer given is removed.
    const file = join(tempDir(), 'r.jsonl');
    writeFileSync(`${file}.lock`, `${process.pid} 12345\n`);
    expect(runWriter(file)).toEqual({ pid: process.pid, thread: 12345 });
    clearLockOf(file, { pid: process.pid, thread: 54321 });
    clearLockOf(file, { pid: process.pid + 1, thread: 12345 });
    expect(runWriter(file)).not.toBeNull();
    clearLockOf(file, { pid: process.pid, thread: 12345 });
    expect(existsSync(`${file}.lock`)).toBe(false);

    // A sweep on two workers in which one run cannot be written: the others are cut short mid-run.
    const plan = await planSweep(adHocExperiment({ world: 'camel-roleplay', arms: parseArms('none,placebo'), seeds: '1..6' }), tempDir());
    const blocked = plan.runs[3]!.file;
    mkdirSync(blocked, { recursive: true });
    await expect(runSweep(plan, { workers: 2 })).rejects.toThrow(`Cannot write the run file ${blocked}`);
    expect(readdirSync(plan.dir).filter((f) => f.endsWith('.lock'))).toEqual([]);
    rmdirSync(blocked);
    const sealedBefore = plan.runs.filter((r) => isSealed(r.file)).length;
    const again = await runSweep(plan, { workers: 2 });
    expect([again.ran, again.skipped]).toEqual([12 - sealedBefore, sealedBefore]);
    expect(plan.runs.every((r) => isSealed(r.file))).toBe(true);
  });

  it('refuses a fork whose child file another process is writing, and leaves that file alone', async () => {
    const out = tempDir();
    const parent = (await runWorld({ config: { world: 'relay', seed: 2, maxTurns: 20 }, out })).file!;
    const child = await forkRun(parent, { at: 'turn:5', seed: 9, out });
    const before = readFileSync(child.file!, 'utf8');
    const live = liveProcess();
    writeFileSync(`${child.file}.lock`, `${live.pid} 0\n`);
    await expect(forkRun(parent, { at: 'turn:5', seed: 9, out })).rejects.toThrow(`${child.file} is being written by process ${live.pid}`);
    expect(readFileSync(child.file!, 'utf8')).toBe(before);
  });
});
