/**
 * The root `cflink` program: global options, and every command group registered in one place.
 * A group is a `register…Commands(program, ctx)` function; add new groups to the list below.
 */
import { Command, Option } from 'commander';
import { CliContext } from './context';
import { examples, groupExamples } from './help';
import { OUTPUT_FORMATS } from './output';
import { registerApiKeyCommands } from './commands/api-key';
import { registerBillingCommands } from './commands/billing';
import { registerCompletionCommands } from './commands/completion';
import { registerContextCommands } from './commands/context';
import { registerEnvironmentCommands } from './commands/environment';
import { registerFlinkCommands } from './commands/flink';
import { registerIamCommands } from './commands/iam';
import { registerMetricsCommands } from './commands/metrics';
import { registerNotificationCommands } from './commands/notification';
import { registerDeclarativeCommands } from './declarative';

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('cflink')
    .description(
      'Manage cflink (Flink SQL control plane): environments, compute pools, statements, IAM, billing, metrics and notifications.',
    )
    .version('0.1.0', '--version')
    .addOption(new Option('-o, --output <format>', 'output format').choices(OUTPUT_FORMATS).default('human'))
    .option('--context <name>', 'the profile to use (default: the current one, see `cflink context list`)')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.runtime.stdout.write(s),
      writeErr: (s) => ctx.runtime.stderr.write(s),
    });
  registerContextCommands(program, ctx);
  registerEnvironmentCommands(program, ctx);
  registerFlinkCommands(program, ctx);
  registerIamCommands(program, ctx);
  registerApiKeyCommands(program, ctx);
  registerBillingCommands(program, ctx);
  registerMetricsCommands(program, ctx);
  registerNotificationCommands(program, ctx);
  registerDeclarativeCommands(program, { client: () => ctx.session(program).client });
  registerCompletionCommands(program, ctx);
  examples(program, [
    'cflink login --url http://127.0.0.1:8080 --api-key CFLINKLOCALADMIN',
    'cflink environment list',
    'cflink flink compute-pool create pool-a --cloud aws --region us-east-1 --max-cfu 10',
    'cflink flink statement create --sql "SELECT * FROM examples.marketplace.orders" --wait -o json',
    'cflink flink shell',
    'cflink plan -f stack.yaml',
  ]);
  groupExamples(program);
  return program;
}
