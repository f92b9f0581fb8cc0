import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { troupe } from '../helpers/cli.ts';

const root = join(import.meta.dirname, '..', '..');

/**
 * The modules a fresh process loads when it imports `entry` (through tsx, as the CLI and sweep workers do), and then
 * runs `then` with the module as `m`.
 */
function modulesLoadedBy(entry: string, then = ''): string[] {
  const tsx = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'esm', 'api', 'index.mjs')).href;
  const script = `
    const { register } = await import(${JSON.stringify(tsx)});
    const urls = [];
    register({ onImport: (url) => urls.push(url) });
    const m = await import(${JSON.stringify(pathToFileURL(join(root, entry)).href)});
    ${then}
    console.log(JSON.stringify(urls));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as string[];
}

const sdk = (urls: string[]) => urls.filter((u) => u.includes('/node_modules/openai/'));

// The openai SDK is ~190 modules (and zod's JSON-schema helpers with it): loading it costs every command about a
// third of a second. Only runs of a live model and the LLM judge need it, and they import it when they start.
describe('start-up', () => {
  it('the CLI loads no openai SDK module until a command needs one', () => {
    // Every command's module, as for `troupe --help`.
    const urls = modulesLoadedBy('src/cli/program.ts', "await m.buildProgram(['node', 'troupe']);");
    expect(urls.length).toBeGreaterThan(100); // the hook saw the graph
    expect(sdk(urls)).toEqual([]);
  });

  it('a command loads its own modules, not every command\'s', () => {
    const all = modulesLoadedBy('src/cli/program.ts', "await m.buildProgram(['node', 'troupe']);");
    const runs = modulesLoadedBy('src/cli/program.ts', "await m.buildProgram(['node', 'troupe', 'runs']);");
    expect(runs.some((u) => u.endsWith('/commands/runs.ts'))).toBe(true);
    expect(runs.some((u) => u.endsWith('/commands/run.ts') || u.endsWith('/commands/sweep.ts'))).toBe(false);
    expect(runs.length).toBeLessThan(all.length * 0.6);
  });

  it('a sweep worker running synthetic runs loads no openai SDK module either', () => {
    expect(sdk(modulesLoadedBy('src/experiment/executeRun.ts'))).toEqual([]);
  });

  it('troupe --version prints the version and the run-file format it writes', async () => {
    const { code, stdout } = await troupe('--version');
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^troupe \d+\.\d+\.\d+ \(writes troupe\.run\/\d+ files; Node v\d+/);
  });
});
