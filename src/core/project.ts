import { readFileSync } from 'node:fs';

/** troupe's name and version, from its package.json: run headers record them, `troupe --version` prints them. */
export const PROJECT = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { readonly name: string; readonly version: string };
