import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/runs.ts';
import { troupeHere } from './inProcessCli.ts';

describe('the CLI run in-process', () => {
  it('takes its SIGINT and SIGTERM handlers away when the command is done', async () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    for (let i = 0; i < 3; i++) expect((await troupeHere('run', 'relay', '--max-turns', '2', '--out', tempDir())).code).toBe(0);
    expect(await troupeHere('run', 'no-such-world')).toMatchObject({ code: 1 });
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });
});
