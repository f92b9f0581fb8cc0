import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldenCopy, troupeHere } from './inProcessCli.ts';

// A stand-in writer: a live process whose pid the lock names (as a run's recorder would while it runs).
let writer: ReturnType<typeof spawn>;
beforeAll(() => {
  writer = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120_000)'], { stdio: 'ignore' });
});
afterAll(() => {
  writer.kill();
});

/** The first 99 events of the golden run, unsealed, with its lock held by `writer`. */
function runningPrefix(): string {
  const file = goldenCopy('running.jsonl');
  writeFileSync(file, `${readFileSync(file, 'utf8').split('\n').slice(0, 100).join('\n')}\n`);
  writeFileSync(`${file}.lock`, `${writer.pid} 0\n`);
  return file;
}

// Advising `troupe resume` for a run that is still going is wrong: resume refuses it (the writer holds the lock).
describe('an unsealed file that another process is still writing', () => {
  it('verify says it is being written by that process, not that it can be resumed', async () => {
    const r = await troupeHere('verify', runningPrefix());
    expect(r.out).toContain(`unsealed — being written by process ${writer.pid}: the run is still going (99 events so far)`);
    expect(r.out).not.toContain('troupe resume');
    const json = JSON.parse((await troupeHere('verify', '--json', runningPrefix())).out) as { status: string; writer: unknown };
    expect(json).toMatchObject({ status: 'unsealed', writer: { pid: writer.pid, thread: 0 } });
  });

  it('replay says so too', async () => {
    const r = await troupeHere('replay', runningPrefix());
    expect(r.out).toContain(`it is being written by process ${writer.pid} (the run is still going)`);
    expect(r.out).not.toContain('troupe resume');
  });

  it('once its writer is gone (a stale lock), the advice to resume is back', async () => {
    const file = runningPrefix();
    writeFileSync(`${file}.lock`, `${2 ** 22 + 12345} 0\n`); // above Linux's pid_max: no such process
    expect((await troupeHere('verify', file)).out).toContain(`\`troupe resume ${file}\` continues and seals it`);
  });
});
