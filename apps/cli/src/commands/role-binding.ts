import { Option, type Command } from 'commander';
import type { Schemas } from '#client';
import { listAll, type CliContext, type Session } from '../context';
import { CliError, EXIT, UsageError } from '../errors';
import { confirm, examples } from '../help';
import type { Field, Row } from '../output';
import { scopeCrn } from './role-binding-scope';

const FIELDS: Field[] = [
  { key: 'id', title: 'ID' },
  { key: 'principal', title: 'Principal' },
  { key: 'role', title: 'Role' },
  { key: 'crn_pattern', title: 'CRN Pattern' },
];

const row = (rb: Schemas['RoleBinding']): Row => ({
  id: rb.id,
  principal: rb.principal,
  role: rb.role_name,
  crn_pattern: rb.crn_pattern,
});

interface ScopeOpts {
  environment?: string;
  flinkRegion?: string;
  computePool?: string;
  kafkaCluster?: string;
  resource?: string;
  prefix?: boolean;
  crnPattern?: string;
}

function scopeOptions(cmd: Command): Command {
  return cmd
    .option('--environment <env-id>', 'scope: an environment')
    .option('--flink-region <cloud.region>', 'scope: a Flink region of the environment, e.g. aws.us-east-1')
    .option('--compute-pool <id>', 'scope: a compute pool of the environment')
    .option('--kafka-cluster <lkc-id>', "scope: the environment's Kafka cluster (with --resource)")
    .option('--resource <Type:name>', 'scope: Topic:<name>, Group:<name> or ServiceAccount:<sa-id>')
    .option('--prefix', 'the --resource name is a prefix')
    .option('--crn-pattern <crn>', 'scope: this CRN pattern as it is');
}

async function crnOf(s: Session, opts: ScopeOpts): Promise<string> {
  let computePoolCrn: string | undefined;
  if (opts.computePool) {
    if (!opts.environment) throw new UsageError('--compute-pool needs --environment.');
    const pool = await s.call(
      s.client.GET('/fcpm/v2/compute-pools/{id}', {
        params: { path: { id: opts.computePool }, query: { environment: opts.environment } },
      }),
    );
    computePoolCrn = pool.metadata.resource_name;
  }
  const org = await s.org();
  return scopeCrn(org.metadata.resource_name ?? `crn://confluent.cloud/organization=${org.id}`, {
    ...opts,
    computePoolCrn,
  });
}

function list(s: Session, crn_pattern: string, principal?: string, role_name?: string) {
  return listAll((page_token) =>
    s.call(
      s.client.GET('/iam/v2/role-bindings', {
        params: { query: { crn_pattern, principal, role_name, page_size: 100, page_token } },
      }),
    ),
  );
}

export function registerRoleBindingCommands(iam: Command, ctx: CliContext): void {
  const rbac = iam.command('rbac').description('Role-based access control.');
  const rb = rbac.command('role-binding').description('Manage role bindings.');

  examples(
    scopeOptions(
      rb
        .command('list')
        .description('List the role bindings that overlap a scope (default: the whole organization).')
        .option('--principal <User:id>', 'only this principal, e.g. User:sa-a1b2c3')
        .option('--role <role>', 'only this role'),
    ).action(async (opts: ScopeOpts & { principal?: string; role?: string }, cmd: Command) => {
      const s = ctx.session(cmd);
      ctx.printer(cmd).list(FIELDS, (await list(s, await crnOf(s, opts), opts.principal, opts.role)).map(row));
    }),
    [
      'cflink iam rbac role-binding list',
      'cflink iam rbac role-binding list --principal User:sa-a1b2c3 -o json',
      'cflink iam rbac role-binding list --environment env-a1b2c3 --role FlinkDeveloper',
    ],
  );

  examples(
    scopeOptions(
      rb
        .command('create')
        .description('Bind a role to a principal on a scope.')
        .requiredOption('--role <role>', 'e.g. FlinkDeveloper, EnvironmentAdmin, DeveloperWrite')
        .requiredOption('--principal <User:id>', 'e.g. User:sa-a1b2c3'),
    ).action(async (opts: ScopeOpts & { principal: string; role: string }, cmd: Command) => {
      const s = ctx.session(cmd);
      const created = await s.call(
        s.client.POST('/iam/v2/role-bindings', {
          body: {
            principal: opts.principal,
            role_name: opts.role as Schemas['RoleName'],
            crn_pattern: await crnOf(s, opts),
          },
        }),
      );
      ctx.printer(cmd).item(FIELDS, row(created));
    }),
    [
      'cflink iam rbac role-binding create --principal User:sa-a1b2c3 --role FlinkDeveloper --environment env-a1b2c3',
      'cflink iam rbac role-binding create --principal User:sa-a1b2c3 --role FlinkDeveloper \\',
      '    --environment env-a1b2c3 --compute-pool lfcp-d4e5f6',
      'cflink iam rbac role-binding create --principal User:sa-a1b2c3 --role DeveloperWrite \\',
      '    --environment env-a1b2c3 --kafka-cluster lkc-a1b2c3 --resource Topic:big_orders',
    ],
  );

  examples(
    scopeOptions(
      rb
        .command('delete [id]')
        .description('Delete a role binding, by id or by its role, principal and scope.')
        .option('--role <role>', 'the role of the binding to delete')
        .option('--principal <User:id>', 'the principal of the binding to delete')
        .addOption(new Option('--force', 'do not ask for confirmation')),
    ).action(
      async (
        id: string | undefined,
        opts: ScopeOpts & { principal?: string; role?: string; force?: boolean },
        cmd: Command,
      ) => {
        const s = ctx.session(cmd);
        if (!id) {
          if (!opts.role || !opts.principal)
            throw new UsageError('Pass the binding id, or --role, --principal and its scope.');
          const crn = await crnOf(s, opts);
          const match = (await list(s, crn, opts.principal, opts.role)).find((b) => b.crn_pattern === crn);
          if (!match) throw new CliError(`No ${opts.role} binding of ${opts.principal} on ${crn}.`, EXIT.NOT_FOUND);
          id = match.id;
        }
        await confirm(ctx.runtime, `Delete role binding ${id}?`, opts.force);
        const deleted = await s.call(s.client.DELETE('/iam/v2/role-bindings/{id}', { params: { path: { id } } }));
        ctx.printer(cmd).message(`Deleted role binding "${id}".`, row(deleted));
      },
    ),
    [
      'cflink iam rbac role-binding delete rb-a1b2c3 --force',
      'cflink iam rbac role-binding delete --principal User:sa-a1b2c3 --role FlinkDeveloper --environment env-a1b2c3 --force',
    ],
  );
}
