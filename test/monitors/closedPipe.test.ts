import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.ts';
import { runCli } from './runCli.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'mast-lint-dogfood');

/** Run the CLI with its stdout closed before it writes (as `… | head` does once it has enough); exit code and stderr. */
function withClosedStdout(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed stdout pipe', () => {
  it('ends eval monitors --verbose and monitor quietly, without an EPIPE stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'troupe-pipe-'));
    await runCli('import', 'ag2', join(fixtures, 'raw_ag2_records.json'), '--gold', join(fixtures, 'gold_labels.json'), '--out', dir);
    const evalRun = await withClosedStdout('eval', 'monitors', '--transcripts', dir, '--labels', join(dir, 'labels.json'), '--verbose');
    expect(evalRun.stderr).not.toMatch(/EPIPE|Unhandled|at /);
    expect(evalRun.code).toBe(0);
    const monitorRun = await withClosedStdout('monitor', join(import.meta.dirname, '..', 'golden', 'relay-synthetic.jsonl'));
    expect(monitorRun.stderr).not.toMatch(/EPIPE|Unhandled|at /);
    expect(monitorRun.code).toBe(0);
  });

  it('ends any command quietly: help, show, verify', async () => {
    const run = join(import.meta.dirname, '..', 'golden', 'relay-synthetic.jsonl');
    for (const args of [['--help'], ['help', 'sweep'], ['show', run], ['verify', run]]) {
      const { code, stderr } = await withClosedStdout(...args);
      expect(stderr, args.join(' ')).not.toMatch(/EPIPE|Unhandled|at /);
      expect(code, args.join(' ')).toBe(0);
    }
  });
});
