import { Option, type Command } from 'commander';
import type { Schemas } from '#client';
import { UsageError } from '../errors';
import { listAll, type CliContext, type Session } from '../context';
import { examples, integer, timeoutOption } from '../help';
import { deleteEach } from './delete-each';
import type { Field, Row } from '../output';
import { waitForPhase } from '../wait';

const FIELDS: Field[] = [
  { key: 'is_current', title: 'Current' },
  { key: 'id', title: 'ID' },
  { key: 'name', title: 'Name' },
  { key: 'environment', title: 'Environment' },
  { key: 'current_cfu', title: 'Current CFU' },
  { key: 'max_cfu', title: 'Max CFU' },
  { key: 'cloud', title: 'Cloud' },
  { key: 'region', title: 'Region' },
  { key: 'default_pool', title: 'Default Pool' },
  { key: 'status', title: 'Status' },
];

const MAX_CFU = [5, 10, 20, 30, 40, 50] as const;
type MaxCfu = (typeof MAX_CFU)[number];

function row(pool: Schemas['ComputePool'], current?: string): Row {
  return {
    is_current: pool.id === current,
    id: pool.id,
    name: pool.spec.display_name,
    environment: pool.spec.environment?.id ?? null,
    current_cfu: pool.status.current_cfu,
    max_cfu: pool.spec.max_cfu,
    cloud: pool.spec.cloud,
    region: pool.spec.region,
    default_pool: pool.spec.default_pool,
    status: pool.status.phase,
  };
}

const maxCfuOption = () =>
  new Option('--max-cfu <cfu>', `the pool's CFU budget: ${MAX_CFU.join(', ')}`).argParser(integer('--max-cfu'));

function getPool(s: Session, id: string, environment: string) {
  return s.call(s.client.GET('/fcpm/v2/compute-pools/{id}', { params: { path: { id }, query: { environment } } }));
}

/** The pool named by the argument, else the context's; a usage error when neither is set. */
function poolIdOrUsage(s: Session, id: string | undefined): string {
  const chosen = s.computePoolId(id);
  if (!chosen) {
    throw new UsageError('No compute pool: pass its id or choose one with `cflink flink compute-pool use <lfcp-id>`.');
  }
  return chosen;
}

export function registerComputePoolCommands(flink: Command, ctx: CliContext): void {
  const pools = flink.command('compute-pool').description('Manage Flink compute pools.');
  const envOption = () => new Option('--environment <env-id>', 'environment (default: the current one)');

  examples(
    pools
      .command('list')
      .description('List the compute pools of an environment.')
      .addOption(envOption())
      .option('--region <region>', 'only pools in this region')
      .action(async (opts: { environment?: string; region?: string }, cmd: Command) => {
        const s = ctx.session(cmd);
        const environment = s.environmentId(opts.environment);
        const items = await listAll((page_token) =>
          s.call(
            s.client.GET('/fcpm/v2/compute-pools', {
              params: { query: { environment, 'spec.region': opts.region, page_size: 100, page_token } },
            }),
          ),
        );
        ctx.printer(cmd).list(
          FIELDS,
          items.map((p) => row(p, s.connection.computePool)),
        );
      }),
    ['cflink flink compute-pool list', 'cflink flink compute-pool list --environment env-a1b2c3 -o json'],
  );

  examples(
    pools
      .command('create <name>')
      .description('Create a compute pool.')
      .requiredOption('--cloud <cloud>', 'cloud provider, e.g. aws')
      .requiredOption('--region <region>', 'region, e.g. us-east-1 (see `cflink flink region list`)')
      .addOption(maxCfuOption().default(5))
      .option('--default-pool', "make it the environment's default pool")
      .addOption(envOption())
      .option('--wait', 'wait until the pool is provisioned')
      .addOption(timeoutOption())
      .action(
        async (
          name: string,
          opts: {
            cloud: string;
            region: string;
            maxCfu: number;
            defaultPool?: boolean;
            environment?: string;
            wait?: boolean;
            timeout: number;
          },
          cmd: Command,
        ) => {
          const s = ctx.session(cmd);
          const environment = s.environmentId(opts.environment);
          let pool = await s.call(
            s.client.POST('/fcpm/v2/compute-pools', {
              body: {
                spec: {
                  display_name: name,
                  cloud: opts.cloud.toUpperCase(),
                  region: opts.region,
                  max_cfu: opts.maxCfu as MaxCfu,
                  ...(opts.defaultPool ? { default_pool: true } : {}),
                  environment: { id: environment },
                },
              },
            }),
          );
          if (opts.wait) {
            pool = (await waitForPhase(ctx.runtime, {
              what: `compute pool ${pool.id}`,
              read: () => getPool(s, pool.id, environment),
              phase: (p) => p.status.phase,
              settled: (phase) => phase !== 'PROVISIONING',
              timeoutMs: opts.timeout,
            }))!;
          }
          ctx.printer(cmd).item(FIELDS, row(pool, s.connection.computePool));
        },
      ),
    [
      'cflink flink compute-pool create pool-a --cloud aws --region us-east-1 --max-cfu 10',
      'cflink flink compute-pool create pool-b --cloud aws --region us-east-1 --default-pool --wait',
    ],
  );

  examples(
    pools
      .command('describe [id]')
      .description('Describe a compute pool (default: the current one).')
      .addOption(envOption())
      .action(async (id: string | undefined, opts: { environment?: string }, cmd: Command) => {
        const s = ctx.session(cmd);
        const pool = await getPool(s, poolIdOrUsage(s, id), s.environmentId(opts.environment));
        ctx.printer(cmd).item(FIELDS, row(pool, s.connection.computePool));
      }),
    ['cflink flink compute-pool describe lfcp-a1b2c3', 'cflink flink compute-pool describe -o json'],
  );

  examples(
    pools
      .command('update [id]')
      .description('Rename a compute pool, raise its CFU budget or make it the default pool.')
      .option('--name <name>', 'new display name')
      .addOption(maxCfuOption())
      .option('--default-pool <bool>', "whether it is the environment's default pool (true or false)")
      .addOption(envOption())
      .action(
        async (
          id: string | undefined,
          opts: { name?: string; maxCfu?: number; defaultPool?: string; environment?: string },
          cmd: Command,
        ) => {
          const s = ctx.session(cmd);
          const environment = s.environmentId(opts.environment);
          const pool = await s.call(
            s.client.PATCH('/fcpm/v2/compute-pools/{id}', {
              params: { path: { id: poolIdOrUsage(s, id) } },
              body: {
                spec: {
                  environment: { id: environment },
                  ...(opts.name ? { display_name: opts.name } : {}),
                  ...(opts.maxCfu !== undefined ? { max_cfu: opts.maxCfu as MaxCfu } : {}),
                  ...(opts.defaultPool !== undefined ? { default_pool: opts.defaultPool === 'true' } : {}),
                },
              },
            }),
          );
          ctx.printer(cmd).item(FIELDS, row(pool, s.connection.computePool));
        },
      ),
    ['cflink flink compute-pool update lfcp-a1b2c3 --max-cfu 20', 'cflink flink compute-pool update --name pool-main'],
  );

  examples(
    pools
      .command('delete <id...>')
      .description('Delete compute pools; their statements are stopped, not deleted.')
      .option('--force', 'do not ask for confirmation')
      .addOption(envOption())
      .action(async (ids: string[], opts: { force?: boolean; environment?: string }, cmd: Command) => {
        const s = ctx.session(cmd);
        const environment = s.environmentId(opts.environment);
        await deleteEach(ctx, cmd, 'compute pool', ids, opts, async (id) => {
          await s.call(
            s.client.DELETE('/fcpm/v2/compute-pools/{id}', { params: { path: { id }, query: { environment } } }),
          );
          if (s.connection.computePool === id && s.connection.context) {
            ctx.setContextDefault(s, 'compute_pool', undefined);
          }
        });
      }),
    ['cflink flink compute-pool delete lfcp-a1b2c3 --force'],
  );

  examples(
    pools
      .command('use <id>')
      .description('Make a compute pool the default of the current context.')
      .addOption(envOption())
      .action(async (id: string, opts: { environment?: string }, cmd: Command) => {
        const s = ctx.session(cmd);
        await getPool(s, id, s.environmentId(opts.environment));
        ctx.setContextDefault(s, 'compute_pool', id);
        ctx.printer(cmd).message(`Using compute pool "${id}".`, { compute_pool: id });
      }),
    ['cflink flink compute-pool use lfcp-a1b2c3'],
  );
}
