import type { Command } from 'commander';
import type { CliContext } from '../context';
import { CliError, EXIT } from '../errors';
import { examples } from '../help';
import { SqlShell } from './shell';

export function registerShellCommand(flink: Command, ctx: CliContext): void {
  examples(
    flink
      .command('shell')
      .description('Interactive SQL shell: statements end with ;, query results show as a live table.')
      .option('--environment <env-id>', 'environment (default: the current one)')
      .option('--compute-pool <id>', 'compute pool (default: the current one, else the default pool)')
      .option('--service-account <id>', 'run statements as this service account')
      .option('--database <name>', 'the database (Kafka cluster) unqualified table names resolve in')
      .action(
        async (
          opts: { environment?: string; computePool?: string; serviceAccount?: string; database?: string },
          cmd: Command,
        ) => {
          const session = ctx.session(cmd);
          const shell = new SqlShell(ctx, session, {
            environmentId: session.environmentId(opts.environment),
            computePool: session.computePoolId(opts.computePool),
            serviceAccount: opts.serviceAccount,
            database: opts.database,
          });
          await shell.run();
          // Fed by a script (no terminal), any failed statement makes the exit code 1.
          if (!ctx.runtime.stdin.isTTY && shell.failures > 0) {
            throw new CliError(`${shell.failures} statement${shell.failures > 1 ? 's' : ''} failed.`, EXIT.API);
          }
        },
      ),
    [
      'cflink flink shell --compute-pool lfcp-a1b2c3',
      "cflink> SET 'client.statement-name' = 'peek';",
      'cflink> SELECT * FROM examples.marketplace.orders;     -- live table; q or Ctrl-C stops it',
      'cflink> USE CATALOG dev; USE cluster_0; SHOW TABLES;',
      "echo 'SHOW TABLES;' | cflink flink shell             # without a terminal: plain changelog lines",
    ],
  );
}
