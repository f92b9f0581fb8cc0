import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { TRANSCRIPT_FORMAT } from '../../src/transcript/index.ts';
import { runCli } from './runCli.ts';

afterEach(() => vi.restoreAllMocks());

const lines = readFileSync(join(import.meta.dirname, '..', 'golden', 'relay-synthetic.jsonl'), 'utf8').split('\n').slice(0, -1);

function write(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'troupe-in-')), name);
  writeFileSync(path, text);
  return path;
}

const transcript = {
  format: TRANSCRIPT_FORMAT,
  id: 't',
  agents: [{ id: 'user', role: 'instructs the assistant' }, { id: 'assistant', role: 'solves what the user asks' }],
  messages: [
    { from: 'user', content: 'Instruction: list three fruits.\nInput: None' },
    { from: 'assistant', content: '' },
  ],
};

describe('troupe monitor says what it was given', () => {
  it('warns that a header-only run file is unsealed and that it read 0 events', async () => {
    const { out, err } = await runCli('monitor', write('run.jsonl', `${lines[0]}\n`));
    expect(out).toBe('0 flags\n');
    expect(err).toMatch(/warning: .*run\.jsonl is unsealed .*monitored the 0 events/);
  });

  it('warns about a torn last line, counting the complete events before it', async () => {
    const { err } = await runCli('monitor', write('run.jsonl', `${lines.slice(0, 21).join('\n')}\n${lines[21]!.slice(0, 30)}`));
    expect(err).toMatch(/warning: .*run\.jsonl ends in a torn line .*monitored the 20 events before it/);
  });

  it('says nothing about a sealed run file', async () => {
    const { err } = await runCli('monitor', write('run.jsonl', `${lines.join('\n')}\n`));
    expect(err).toBe('');
  });

  it('warns about a run file converted to Windows line endings, and flags it as the original', async () => {
    const original = await runCli('monitor', write('run.jsonl', `${lines.join('\n')}\n`));
    const converted = await runCli('monitor', write('run.jsonl', `${lines.join('\r\n')}\r\n`));
    expect(converted.err).toMatch(/^troupe: warning: .*run\.jsonl: the file has Windows \(CRLF\) line endings: .*dos2unix.* — monitored as it is; `troupe verify` will call it damaged\.\n$/);
    expect(converted.out).toBe(original.out);
  });

  it('recognises a run file by its header line, whatever its name', async () => {
    const { out } = await runCli('monitor', write('run.log', `${lines.join('\n')}\n`));
    expect(out).toMatch(/seq \d+/);
  });

  it('accepts a JSON transcript that starts with a UTF-8 byte-order mark', async () => {
    const { out } = await runCli('monitor', write('t.json', `\uFEFF${JSON.stringify(transcript)}`));
    expect(out).toMatch(/^1 flag: flake-reply assistant ×1$/m);
  });

  it('names transcript evidence positions as message indices in --json (seq kept as the same index)', async () => {
    const [flag] = JSON.parse((await runCli('monitor', write('t.json', JSON.stringify(transcript)), '--json')).out);
    expect(flag.span).toEqual({ start: 1, end: 1 });
    expect(flag.evidence[0]).toMatchObject({ message: 1, seq: 1 });
  });

  it.each([
    ['drift.threshold=-5', /parameter 'threshold' of monitor 'drift' must be a number in \[0, 1\], got -5/],
    ['drift.threshold=1e9', /must be a number in \[0, 1\], got 1000000000/],
    ['infinite-loop.rearm=0', /parameter 'rearm' of monitor 'infinite-loop' must be a whole number ≥ 1, got 0/],
    ['flake-reply.maxSubstance=2.5', /must be a whole number ≥ 0, got 2\.5/],
    ['camel-rules.maxMessages=-1', /must be a whole number ≥ 1/],
  ])('refuses --param %s, naming the range', async (param, message) => {
    const file = write('t.json', JSON.stringify(transcript));
    await expect(runCli('monitor', file, '--param', param)).rejects.toThrow(UserError);
    await expect(runCli('monitor', file, '--param', param)).rejects.toThrow(message);
    await expect(runCli('eval', 'monitors', '--runs', '2', '--param', param)).rejects.toThrow(message);
  });

  it('checks a threshold even of a monitor that is not enabled', async () => {
    const file = write('t.json', JSON.stringify(transcript));
    await expect(runCli('monitor', file, '--monitors', 'role-flip', '--param', 'drift.treshold=0.1')).rejects.toThrow(/unknown parameter 'treshold' for monitor 'drift'/);
    await expect(runCli('monitor', file, '--monitors', 'role-flip', '--param', 'drift.threshold=2')).rejects.toThrow(/must be a number in \[0, 1\]/);
  });
});
