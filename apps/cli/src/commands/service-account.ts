import type { Command } from 'commander';
import type { Schemas } from '#client';
import { listAll, type CliContext } from '../context';
import { UsageError } from '../errors';
import { examples } from '../help';
import { deleteEach } from './delete-each';
import type { Field, Row } from '../output';

const FIELDS: Field[] = [
  { key: 'id', title: 'ID' },
  { key: 'name', title: 'Name' },
  { key: 'description', title: 'Description' },
];

const row = (sa: Schemas['ServiceAccount']): Row => ({ id: sa.id, name: sa.display_name, description: sa.description });

export function registerServiceAccountCommands(iam: Command, ctx: CliContext): void {
  const sa = iam.command('service-account').alias('sa').description('Manage service accounts.');

  examples(
    sa
      .command('list')
      .description('List service accounts.')
      .option('--display-name <names>', 'only these display names (comma-separated)')
      .action(async (opts: { displayName?: string }, cmd: Command) => {
        const s = ctx.session(cmd);
        const display_name = opts.displayName?.split(',').map((n) => n.trim());
        const items = await listAll((page_token) =>
          s.call(
            s.client.GET('/iam/v2/service-accounts', {
              params: { query: { display_name, page_size: 100, page_token } },
            }),
          ),
        );
        ctx.printer(cmd).list(FIELDS, items.map(row));
      }),
    ['cflink iam service-account list', 'cflink iam service-account list --display-name orders-etl,billing -o json'],
  );

  examples(
    sa
      .command('create <name>')
      .description('Create a service account.')
      .requiredOption('--description <text>', 'what the account is for')
      .option('--resource-owner <principal-id>', 'a user or service account that gets ResourceOwner on it')
      .action(async (name: string, opts: { description: string; resourceOwner?: string }, cmd: Command) => {
        const s = ctx.session(cmd);
        const created = await s.call(
          s.client.POST('/iam/v2/service-accounts', {
            params: { query: opts.resourceOwner ? { assigned_resource_owner: opts.resourceOwner } : {} },
            body: { display_name: name, description: opts.description },
          }),
        );
        ctx.printer(cmd).item(FIELDS, row(created));
      }),
    ['cflink iam service-account create orders-etl --description "runs the orders pipeline"'],
  );

  examples(
    sa
      .command('describe <id>')
      .description('Describe a service account.')
      .action(async (id: string, _opts, cmd: Command) => {
        const s = ctx.session(cmd);
        ctx
          .printer(cmd)
          .item(FIELDS, row(await s.call(s.client.GET('/iam/v2/service-accounts/{id}', { params: { path: { id } } }))));
      }),
    ['cflink iam service-account describe sa-a1b2c3'],
  );

  examples(
    sa
      .command('update <id>')
      .description("Change a service account's description or name.")
      .option('--description <text>', 'new description')
      .option('--name <name>', 'new display name')
      .action(async (id: string, opts: { description?: string; name?: string }, cmd: Command) => {
        if (opts.description === undefined && opts.name === undefined)
          throw new UsageError('Pass --description or --name.');
        const s = ctx.session(cmd);
        const updated = await s.call(
          s.client.PATCH('/iam/v2/service-accounts/{id}', {
            params: { path: { id } },
            body: {
              ...(opts.description !== undefined ? { description: opts.description } : {}),
              ...(opts.name !== undefined ? { display_name: opts.name } : {}),
            },
          }),
        );
        ctx.printer(cmd).item(FIELDS, row(updated));
      }),
    ['cflink iam service-account update sa-a1b2c3 --description "orders pipeline (prod)"'],
  );

  examples(
    sa
      .command('delete <id...>')
      .description('Delete service accounts with their API keys and role bindings.')
      .option('--force', 'do not ask for confirmation')
      .action(async (ids: string[], opts: { force?: boolean }, cmd: Command) => {
        const s = ctx.session(cmd);
        await deleteEach(ctx, cmd, 'service account', ids, opts, async (id) => {
          await s.call(s.client.DELETE('/iam/v2/service-accounts/{id}', { params: { path: { id } } }));
        });
      }),
    ['cflink iam service-account delete sa-a1b2c3 --force'],
  );
}
