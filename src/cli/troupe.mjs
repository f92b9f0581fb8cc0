#!/usr/bin/env node
// The `troupe` command. troupe is written in TypeScript and runs through tsx,
// so this tiny launcher registers tsx's loader and hands over to main.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
