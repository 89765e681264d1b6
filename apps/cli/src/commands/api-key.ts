import type { Command } from 'commander';
import type { Schemas } from '#client';
import { listAll, type CliContext, type Session } from '../context';
import { UsageError } from '../errors';
import { examples } from '../help';
import { deleteEach } from './delete-each';
import type { Field, Row } from '../output';

const FIELDS: Field[] = [
  { key: 'key', title: 'Key' },
  { key: 'description', title: 'Description' },
  { key: 'owner', title: 'Owner' },
  { key: 'resource_type', title: 'Resource Type' },
  { key: 'resource', title: 'Resource' },
  { key: 'created', title: 'Created' },
];

const row = (k: Schemas['ApiKey']): Row => ({
  key: k.id,
  description: k.spec.description || k.spec.display_name,
  owner: k.spec.owner.id,
  resource_type: resourceType(k.spec.resource.id),
  resource: k.spec.resource.environment ? `${k.spec.resource.id} (${k.spec.resource.environment})` : k.spec.resource.id,
  created: k.metadata.created_at ?? null,
});

function resourceType(id: string): string {
  if (id === 'cloud') return 'cloud';
  if (id.startsWith('lkc-')) return 'kafka';
  return 'flink';
}

/** The `spec.resource` of a new key from Confluent CLI's flags. */
export function keyResource(resource: string, opts: { cloud?: string; region?: string; environment?: string }) {
  if (resource === 'cloud') return { id: 'cloud' };
  if (resource === 'flink') {
    if (!opts.cloud || !opts.region || !opts.environment) {
      throw new UsageError('A Flink API key needs --cloud, --region and --environment.');
    }
    return { id: `${opts.cloud.toLowerCase()}.${opts.region}`, environment: opts.environment };
  }
  if (resource.startsWith('lkc-')) return { id: resource };
  throw new UsageError(`--resource must be cloud, flink or a Kafka cluster id (lkc-…), not "${resource}".`);
}

/** The principal that owns the caller's own key. */
async function callerId(s: Session): Promise<string> {
  const own = await s.call(s.client.GET('/iam/v2/api-keys/{id}', { params: { path: { id: s.connection.apiKey } } }));
  return own.spec.owner.id;
}

export function registerApiKeyCommands(program: Command, ctx: CliContext): void {
  const apiKey = program.command('api-key').description('Manage API keys.');

  examples(
    apiKey
      .command('list')
      .description("List API keys (the caller's own unless it administers the organization).")
      .option('--service-account <id>', 'only keys owned by this service account (or user)')
      .option('--resource <id>', 'only keys for this resource: cloud, aws.us-east-1, lkc-…')
      .action(async (opts: { serviceAccount?: string; resource?: string }, cmd: Command) => {
        const s = ctx.session(cmd);
        const items = await listAll((page_token) =>
          s.call(
            s.client.GET('/iam/v2/api-keys', {
              params: {
                query: {
                  'spec.owner': opts.serviceAccount,
                  'spec.resource': opts.resource,
                  page_size: 100,
                  page_token,
                },
              },
            }),
          ),
        );
        ctx.printer(cmd).list(FIELDS, items.map(row));
      }),
    ['cflink api-key list', 'cflink api-key list --service-account sa-a1b2c3 -o json'],
  );

  examples(
    apiKey
      .command('create')
      .description('Create an API key; its secret is shown once.')
      .requiredOption('--resource <resource>', 'cloud (this API), flink (one Flink region) or lkc-… (Kafka clients)')
      .option('--service-account <id>', 'owner of the key (default: the caller)')
      .option('--description <text>', 'what the key is for')
      .option('--cloud <cloud>', 'Flink key: cloud, e.g. aws')
      .option('--region <region>', 'Flink key: region, e.g. us-east-1')
      .option('--environment <env-id>', 'Flink key: environment (default: the current one)')
      .action(
        async (
          opts: {
            resource: string;
            serviceAccount?: string;
            description?: string;
            cloud?: string;
            region?: string;
            environment?: string;
          },
          cmd: Command,
        ) => {
          const s = ctx.session(cmd);
          const environment = opts.resource === 'flink' ? s.environmentId(opts.environment) : undefined;
          const resource = keyResource(opts.resource, { ...opts, environment });
          const owner = opts.serviceAccount ?? (await callerId(s));
          const created = await s.call(
            s.client.POST('/iam/v2/api-keys', {
              body: {
                spec: {
                  owner: { id: owner },
                  resource,
                  ...(opts.description ? { description: opts.description } : {}),
                },
              },
            }),
          );
          ctx.printer(cmd).item(
            [
              { key: 'api_key', title: 'API Key' },
              { key: 'api_secret', title: 'API Secret' },
            ],
            { api_key: created.id, api_secret: created.spec.secret ?? null },
          );
        },
      ),
    [
      'cflink api-key create --resource cloud --service-account sa-a1b2c3 --description "CI"',
      'cflink api-key create --resource flink --cloud aws --region us-east-1 --environment env-a1b2c3',
      'cflink api-key create --resource lkc-a1b2c3 --service-account sa-a1b2c3 -o json',
    ],
  );

  examples(
    apiKey
      .command('delete <key...>')
      .description('Delete API keys; they stop authenticating at once.')
      .option('--force', 'do not ask for confirmation')
      .action(async (keys: string[], opts: { force?: boolean }, cmd: Command) => {
        const s = ctx.session(cmd);
        await deleteEach(ctx, cmd, 'API key', keys, { force: opts.force, key: 'key' }, async (id) => {
          await s.call(s.client.DELETE('/iam/v2/api-keys/{id}', { params: { path: { id } } }));
        });
      }),
    ['cflink api-key delete EGWX3S4BVNQIRBMJ --force'],
  );
}
