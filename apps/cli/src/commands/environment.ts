import type { Command } from 'commander';
import type { Schemas } from '#client';
import { listAll, type CliContext } from '../context';
import { examples } from '../help';
import { deleteEach } from './delete-each';
import type { Field, Row } from '../output';

const FIELDS: Field[] = [
  { key: 'is_current', title: 'Current' },
  { key: 'id', title: 'ID' },
  { key: 'name', title: 'Name' },
  { key: 'stream_governance_package', title: 'Stream Governance Package' },
];

function row(env: Schemas['Environment'], current?: string): Row {
  return {
    is_current: env.id === current,
    id: env.id,
    name: env.display_name,
    stream_governance_package: env.stream_governance_config?.package ?? null,
  };
}

function governance(value: string | undefined) {
  return value ? { stream_governance_config: { package: value.toUpperCase() as 'ESSENTIALS' | 'ADVANCED' } } : {};
}

export function registerEnvironmentCommands(program: Command, ctx: CliContext): void {
  const env = program.command('environment').alias('env').description('Manage environments.');

  examples(
    env
      .command('list')
      .description('List environments.')
      .action(async (_opts, cmd: Command) => {
        const s = ctx.session(cmd);
        const items = await listAll((page_token) =>
          s.call(s.client.GET('/org/v2/environments', { params: { query: { page_size: 100, page_token } } })),
        );
        ctx.printer(cmd).list(
          FIELDS,
          items.map((e) => row(e, s.connection.environment)),
        );
      }),
    ['cflink environment list', 'cflink environment list -o json'],
  );

  examples(
    env
      .command('create <name>')
      .description('Create an environment.')
      .option('--governance-package <package>', 'stream governance package: essentials or advanced')
      .action(async (name: string, opts: { governancePackage?: string }, cmd: Command) => {
        const s = ctx.session(cmd);
        const created = await s.call(
          s.client.POST('/org/v2/environments', {
            body: { display_name: name, ...governance(opts.governancePackage) },
          }),
        );
        ctx.printer(cmd).item(FIELDS, row(created, s.connection.environment));
      }),
    ['cflink environment create dev', 'cflink environment create prod --governance-package advanced'],
  );

  examples(
    env
      .command('describe [id]')
      .description('Describe an environment (default: the current one).')
      .action(async (id: string | undefined, _opts, cmd: Command) => {
        const s = ctx.session(cmd);
        const found = await s.call(
          s.client.GET('/org/v2/environments/{id}', { params: { path: { id: s.environmentId(id) } } }),
        );
        ctx.printer(cmd).item(FIELDS, row(found, s.connection.environment));
      }),
    ['cflink environment describe env-a1b2c3', 'cflink environment describe -o yaml'],
  );

  examples(
    env
      .command('update [id]')
      .description('Rename an environment or change its governance package (default: the current one).')
      .option('--name <name>', 'new display name')
      .option('--governance-package <package>', 'essentials or advanced')
      .action(async (id: string | undefined, opts: { name?: string; governancePackage?: string }, cmd: Command) => {
        const s = ctx.session(cmd);
        const updated = await s.call(
          s.client.PATCH('/org/v2/environments/{id}', {
            params: { path: { id: s.environmentId(id) } },
            body: { ...(opts.name ? { display_name: opts.name } : {}), ...governance(opts.governancePackage) },
          }),
        );
        ctx.printer(cmd).item(FIELDS, row(updated, s.connection.environment));
      }),
    ['cflink environment update env-a1b2c3 --name staging'],
  );

  examples(
    env
      .command('delete <id...>')
      .description('Delete environments (refused while they hold compute pools or statements).')
      .option('--force', 'do not ask for confirmation')
      .action(async (ids: string[], opts: { force?: boolean }, cmd: Command) => {
        const s = ctx.session(cmd);
        await deleteEach(ctx, cmd, 'environment', ids, opts, async (id) => {
          await s.call(s.client.DELETE('/org/v2/environments/{id}', { params: { path: { id } } }));
        });
      }),
    ['cflink environment delete env-a1b2c3 --force'],
  );

  examples(
    env
      .command('use <id>')
      .description('Make an environment the default of the current context.')
      .action(async (id: string, _opts, cmd: Command) => {
        const s = ctx.session(cmd);
        await s.call(s.client.GET('/org/v2/environments/{id}', { params: { path: { id } } }));
        ctx.setContextDefault(s, 'environment', id);
        ctx.printer(cmd).message(`Using environment "${id}".`, { environment: id });
      }),
    ['cflink environment use env-a1b2c3'],
  );
}
