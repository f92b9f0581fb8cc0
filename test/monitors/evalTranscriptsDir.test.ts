import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { runCli } from './runCli.ts';

afterEach(() => vi.restoreAllMocks());

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'mast-lint-dogfood');

/** A folder as `import ag2 --gold` leaves it: 8 transcripts and labels.json. */
async function imported(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-evaldir-'));
  await runCli('import', 'ag2', join(fixtures, 'raw_ag2_records.json'), '--gold', join(fixtures, 'gold_labels.json'), '--out', dir);
  return dir;
}

function labelsFile(labels: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'troupe-labels-')), 'my-labels.json');
  writeFileSync(path, JSON.stringify(labels));
  return path;
}

describe('eval monitors --transcripts DIR --labels FILE', () => {
  it('leaves out the labels.json that import wrote into DIR, when the labels given are another file', async () => {
    const dir = await imported();
    const copy = labelsFile({});
    copyFileSync(join(dir, 'labels.json'), copy);
    const report = JSON.parse((await runCli('eval', 'monitors', '--transcripts', dir, '--labels', copy, '--json')).out);
    expect(report.traces.scored).toBe(8);
  });

  it('skips another JSON file that is not a transcript, naming it and why', async () => {
    const dir = await imported();
    writeFileSync(join(dir, 'notes.json'), JSON.stringify({ comment: 'run on Tuesday' }));
    const { out, err } = await runCli('eval', 'monitors', '--transcripts', dir, '--labels', join(dir, 'labels.json'));
    expect(out).toMatch(/^8 labelled transcripts/);
    expect(err).toMatch(/skipped notes\.json in .*: not a transcript: it has no "format" field, expected "troupe\.transcript\/1"/);
  });

  it('refuses an unknown label kind, naming the file, the transcript and the known kinds', async () => {
    const dir = await imported();
    const bad = labelsFile({ 'rate-limiter': ['role-flp'] });
    const run = runCli('eval', 'monitors', '--transcripts', dir, '--labels', bad);
    await expect(run).rejects.toThrow(UserError);
    await expect(runCli('eval', 'monitors', '--transcripts', dir, '--labels', bad)).rejects.toThrow(
      /Labels .*my-labels\.json failed validation:[\s\S]*transcript "rate-limiter": unknown failure kind "role-flp"; known kinds: role-flip, flake-reply, infinite-loop, drift/,
    );
  });

  it('refuses labels that match none of the transcripts instead of printing an empty table', async () => {
    const dir = await imported();
    const other = labelsFile({ 'some-other-trace': ['role-flip'] });
    await expect(runCli('eval', 'monitors', '--transcripts', dir, '--labels', other)).rejects.toThrow(
      /None of the 8 transcripts in .* has labels in .*my-labels\.json: labels are keyed by transcript id \(transcripts: cache-refactor, .*; labels: some-other-trace\)/,
    );
  });

  it('warns about labels without a transcript when some do match', async () => {
    const dir = await imported();
    const some = labelsFile({ 'rate-limiter': ['role-flip'], 'rate-limitr': [] });
    const { err } = await runCli('eval', 'monitors', '--transcripts', dir, '--labels', some);
    expect(err).toMatch(/warning: 1 label entry matches no transcript in .*: rate-limitr/);
  });

  it('refuses --monitors none, which leaves nothing to score', async () => {
    await expect(runCli('eval', 'monitors', '--monitors', 'none')).rejects.toThrow(/--monitors none leaves nothing to score/);
  });
});
