import { Option, type Command } from 'commander';
import { listAll, type CliContext } from '../context';
import { CliError, EXIT, UsageError } from '../errors';
import { boolean, examples, timeoutOption } from '../help';
import { deleteEach } from './delete-each';
import type { Field, Row } from '../output';
import { generatedStatementName, SETTLED, Statements, type Statement } from './statement-api';

const LIST_FIELDS: Field[] = [
  { key: 'creation_date', title: 'Creation Date' },
  { key: 'name', title: 'Name' },
  { key: 'statement', title: 'Statement' },
  { key: 'compute_pool', title: 'Compute Pool' },
  { key: 'status', title: 'Status' },
  { key: 'status_detail', title: 'Status Detail' },
];

const DESCRIBE_FIELDS: Field[] = [
  ...LIST_FIELDS,
  { key: 'principal', title: 'Principal' },
  { key: 'properties', title: 'Properties' },
  { key: 'latest_offsets', title: 'Latest Offsets' },
  { key: 'latest_offsets_timestamp', title: 'Latest Offsets Timestamp' },
];

export function statementRow(s: Statement): Row {
  return {
    creation_date: s.metadata.created_at ?? null,
    name: s.name,
    statement: s.spec.statement,
    compute_pool: s.spec.compute_pool_id,
    status: s.status.phase,
    status_detail: s.status.detail ?? null,
    principal: s.spec.principal,
    properties: s.spec.properties,
    latest_offsets: s.status.latest_offsets ?? null,
    latest_offsets_timestamp: s.status.latest_offsets_timestamp ?? null,
  };
}

const PHASES = ['pending', 'running', 'completed', 'deleting', 'failing', 'failed', 'stopping', 'stopped', 'degraded'];

/** `--property k=v,k2=v2` (repeatable) into statement properties. */
export function parseProperties(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of values.flatMap((v) => v.split(','))) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--property "${pair}" must look like key=value.`);
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface WaitOpts {
  environment?: string;
  wait?: boolean;
  timeout: number;
}

export function registerStatementCommands(flink: Command, ctx: CliContext): void {
  const statement = flink.command('statement').description('Manage Flink SQL statements.');
  const envOption = () => new Option('--environment <env-id>', 'environment (default: the current one)');
  const waitOptions = (cmd: Command, what: string) =>
    cmd.option('--wait', `wait until the statement ${what}, showing its phase`).addOption(timeoutOption());

  const statementsOf = async (cmd: Command, environment?: string) => {
    const s = ctx.session(cmd);
    return Statements.of(s, s.environmentId(environment));
  };

  /** After --wait: the statement's status, and on FAILED its detail and exit code 5. */
  const settle = (cmd: Command, found: Statement | undefined) => {
    if (!found) return;
    ctx.printer(cmd).item(DESCRIBE_FIELDS, statementRow(found));
    if (found.status.phase === 'FAILED') {
      throw new CliError(`Statement "${found.name}" FAILED: ${found.status.detail ?? 'no detail'}`, EXIT.FAILED);
    }
  };

  examples(
    waitOptions(
      statement
        .command('create [name]')
        .description('Submit a SQL statement (name defaults to cli-<date>-<time>-<uuid>).')
        .requiredOption('--sql <sql>', 'the SQL text')
        .option('--compute-pool <id>', 'compute pool (default: the current one, else the default pool)')
        .option('--service-account <id>', 'run as this service account (default: the caller)')
        .option('--database <name>', 'the database (Kafka cluster) unqualified table names resolve in')
        .addOption(
          new Option('--property <key=value>', 'statement property, e.g. sql.local-time-zone=UTC (repeatable)')
            .argParser(collect)
            .default([], 'none'),
        )
        .addOption(envOption()),
      'is running, completed or failed',
    ).action(
      async (
        name: string | undefined,
        opts: WaitOpts & {
          sql: string;
          computePool?: string;
          serviceAccount?: string;
          database?: string;
          property: string[];
        },
        cmd: Command,
      ) => {
        const statements = await statementsOf(cmd, opts.environment);
        const properties = parseProperties(opts.property);
        if (opts.database) properties['sql.current-database'] = opts.database;
        const pool = statements.session.computePoolId(opts.computePool);
        const created = await statements.create({
          name: name ?? generatedStatementName(),
          spec: {
            statement: opts.sql,
            ...(pool ? { compute_pool_id: pool } : {}),
            ...(opts.serviceAccount ? { principal: opts.serviceAccount } : {}),
            ...(Object.keys(properties).length ? { properties } : {}),
          },
        });
        if (!opts.wait) return ctx.printer(cmd).item(DESCRIBE_FIELDS, statementRow(created));
        settle(cmd, await statements.wait(ctx.runtime, created.name, SETTLED.create, opts.timeout));
      },
    ),
    [
      `cflink flink statement create big-orders --sql "CREATE TABLE big_orders (id STRING, price DOUBLE)" --wait`,
      `cflink flink statement create copy-big --compute-pool lfcp-a1b2c3 --wait \\`,
      `    --sql "INSERT INTO big_orders SELECT order_id, price FROM examples.marketplace.orders WHERE price > 50"`,
      `cflink flink statement create --sql "SELECT 1" --property sql.local-time-zone=UTC -o json`,
    ],
  );

  examples(
    statement
      .command('list')
      .description('List the statements of an environment.')
      .option('--compute-pool <id>', 'only statements of this pool')
      .addOption(new Option('--status <phase>', 'only statements in this phase').choices(PHASES))
      .addOption(envOption())
      .action(async (opts: { computePool?: string; status?: string; environment?: string }, cmd: Command) => {
        const statements = await statementsOf(cmd, opts.environment);
        const items = await listAll((token) => statements.list(opts.computePool, token));
        const shown = opts.status ? items.filter((s) => s.status.phase === opts.status!.toUpperCase()) : items;
        ctx.printer(cmd).list(LIST_FIELDS, shown.map(statementRow));
      }),
    ['cflink flink statement list', 'cflink flink statement list --status running -o json'],
  );

  examples(
    statement
      .command('describe <name>')
      .description('Describe a statement.')
      .addOption(envOption())
      .action(async (name: string, opts: { environment?: string }, cmd: Command) => {
        const statements = await statementsOf(cmd, opts.environment);
        ctx.printer(cmd).item(DESCRIBE_FIELDS, statementRow(await statements.get(name)));
      }),
    ['cflink flink statement describe copy-big', 'cflink flink statement describe copy-big -o yaml'],
  );

  examples(
    waitOptions(
      statement.command('stop <name>').description('Stop a statement (with a savepoint).').addOption(envOption()),
      'is stopped',
    ).action(async (name: string, opts: WaitOpts, cmd: Command) => {
      const statements = await statementsOf(cmd, opts.environment);
      await statements.setStopped(name, true);
      if (opts.wait) return settle(cmd, await statements.wait(ctx.runtime, name, SETTLED.stop, opts.timeout));
      ctx.printer(cmd).message(`Requested to stop statement "${name}".`, { name, stopped: true });
    }),
    ['cflink flink statement stop copy-big --wait'],
  );

  examples(
    waitOptions(
      statement
        .command('resume <name>')
        .description('Resume a stopped statement, optionally on another pool or as another principal.')
        .option('--compute-pool <id>', 'resume on this compute pool')
        .option('--principal <id>', 'resume as this user or service account')
        .addOption(envOption()),
      'is running again',
    ).action(async (name: string, opts: WaitOpts & { computePool?: string; principal?: string }, cmd: Command) => {
      const statements = await statementsOf(cmd, opts.environment);
      await statements.setStopped(name, false, {
        ...(opts.computePool ? { compute_pool_id: opts.computePool } : {}),
        ...(opts.principal ? { principal: opts.principal } : {}),
      });
      if (opts.wait) return settle(cmd, await statements.wait(ctx.runtime, name, SETTLED.resume, opts.timeout));
      ctx.printer(cmd).message(`Requested to resume statement "${name}".`, { name, stopped: false });
    }),
    [
      'cflink flink statement resume copy-big --wait',
      'cflink flink statement resume copy-big --compute-pool lfcp-x9y8z7',
    ],
  );

  examples(
    waitOptions(
      statement
        .command('update <name>')
        .description('Stop or resume a statement; pool and principal change only together with a resume.')
        .requiredOption('--stopped <bool>', 'true to stop, false to resume', boolean('--stopped'))
        .option('--compute-pool <id>', 'resume on this compute pool')
        .option('--principal <id>', 'resume as this user or service account')
        .addOption(envOption()),
      'settles',
    ).action(
      async (
        name: string,
        opts: WaitOpts & { stopped: boolean; computePool?: string; principal?: string },
        cmd: Command,
      ) => {
        if (opts.stopped && (opts.computePool || opts.principal)) {
          throw new UsageError('--compute-pool and --principal change only with --stopped=false (a resume).');
        }
        const statements = await statementsOf(cmd, opts.environment);
        await statements.setStopped(name, opts.stopped, {
          ...(opts.computePool ? { compute_pool_id: opts.computePool } : {}),
          ...(opts.principal ? { principal: opts.principal } : {}),
        });
        const settled = opts.stopped ? SETTLED.stop : SETTLED.resume;
        if (opts.wait) return settle(cmd, await statements.wait(ctx.runtime, name, settled, opts.timeout));
        ctx.printer(cmd).message(`Updated statement "${name}".`, { name, stopped: opts.stopped });
      },
    ),
    [
      'cflink flink statement update copy-big --stopped=true',
      'cflink flink statement update copy-big --stopped=false --principal sa-a1b2c3',
    ],
  );

  examples(
    waitOptions(
      statement
        .command('delete <name...>')
        .description('Delete statements.')
        .option('--force', 'do not ask for confirmation')
        .addOption(envOption()),
      'is gone',
    ).action(async (names: string[], opts: WaitOpts & { force?: boolean }, cmd: Command) => {
      const statements = await statementsOf(cmd, opts.environment);
      await deleteEach(ctx, cmd, 'statement', names, { force: opts.force, key: 'name' }, async (name) => {
        await statements.delete(name);
        if (!opts.wait) return `Requested to delete statement "${name}".`;
        await statements.wait(ctx.runtime, name, SETTLED.delete, opts.timeout);
      });
    }),
    ['cflink flink statement delete copy-big --force --wait'],
  );

  const exception = statement.command('exception').description('Statement exceptions.');
  examples(
    exception
      .command('list <name>')
      .description("List a statement's 10 most recent exceptions, newest first.")
      .addOption(envOption())
      .action(async (name: string, opts: { environment?: string }, cmd: Command) => {
        const statements = await statementsOf(cmd, opts.environment);
        const list = await statements.exceptions(name);
        ctx.printer(cmd).list(
          [
            { key: 'timestamp', title: 'Timestamp' },
            { key: 'name', title: 'Name' },
            { key: 'message', title: 'Message' },
          ],
          list.data.map((e) => ({ timestamp: e.timestamp ?? null, name: e.name, message: e.message })),
        );
      }),
    ['cflink flink statement exception list copy-big'],
  );
}
