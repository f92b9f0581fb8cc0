// Runs `troupe serve-mock` on its own, as the CLI would, for serveMockCommand.test.ts.
import { serveMockCommand } from '../../../src/cli/commands/serveMock.ts';

await serveMockCommand().parseAsync(process.argv.slice(2), { from: 'user' });
