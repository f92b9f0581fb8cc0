import { Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { UserError } from '../../core/errors.ts';
import { MOCK_FAULTS, startMockServer } from '../../mock/index.ts';
import { collectKeyValue, intOption, numberOption, syntheticNumbers } from '../parseOptions.ts';

/**
 * `troupe serve-mock`: the loopback OpenAI-compatible server, for demos, tests
 * and benchmarks. Runs until interrupted.
 *
 * @example troupe serve-mock --port 8787 --latency-ms 50 --error-rate 0.1 --fail-with 429
 */
export function serveMockCommand() {
  return new Command('serve-mock')
    .description('Serve an OpenAI-compatible Chat Completions API on 127.0.0.1 that answers with the synthetic policy, with optional latency and injected failures.')
    .option('--port <n>', 'port to listen on, up to 65535 (0 = any free port)', intOption('--port', 0, 65535), 8787)
    .option('--latency-ms <ms>', 'delay before every answer', intOption('--latency-ms'), 0)
    .option('--error-rate <r>', 'share of requests that fail, 0..1 (default 1 with --fail-with, else 0)', rate)
    .addOption(new Option('--fail-with <kind>', 'failure to inject (default: a mix of 429 and 500)').choices(MOCK_FAULTS))
    .option('--retry-after-ms <ms>', 'retry-after sent with 429s', intOption('--retry-after-ms'), 1000)
    .option('--seed <n>', 'seed of replies and error injection', intOption('--seed'), 0)
    .option('--synthetic <key=value>', 'synthetic-policy parameter of the replies, repeatable (e.g. --synthetic flakeBase=0)', collectKeyValue)
    .action(async (flags) => {
      const server = await startMockServer({
        port: flags.port,
        latencyMs: flags.latencyMs,
        ...(flags.errorRate !== undefined && { errorRate: flags.errorRate }),
        failWith: flags.failWith ?? null,
        retryAfterMs: flags.retryAfterMs,
        seed: flags.seed,
        ...(flags.synthetic && { syntheticParams: syntheticNumbers(flags.synthetic) }),
      }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'EADDRINUSE') throw new UserError(`port ${flags.port} is in use: choose another with --port (0 = any free port).`);
        if (error.code === 'EACCES') throw new UserError(`port ${flags.port} needs privileges this process does not have: choose one above 1023 with --port.`);
        throw error;
      });
      process.stdout.write(
        `troupe mock server on ${server.url}\n` +
          `try: troupe run camel-roleplay --policy openai --model mock --base-url ${server.url}\n` +
          '(Ctrl-C to stop)\n',
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
      const { requests, faults } = server.stats();
      process.stdout.write(`served ${requests} chat requests, ${faults} with injected failures\n`);
    });
}

function rate(value: string): number {
  const r = numberOption('--error-rate')(value);
  if (r < 0 || r > 1) throw new InvalidArgumentError(`--error-rate must be between 0 and 1, got "${value}".`);
  return r;
}

