import { Option, type Command } from 'commander';
import type { Schemas } from '#client';
import { listAll, type CliContext, type Session } from '../context';
import { UsageError } from '../errors';
import { examples, integer } from '../help';
import type { Field, Row } from '../output';
import { deleteEach } from './delete-each';

type Subscription = Schemas['NotificationSubscription'];
type EventType = Schemas['NotificationEventType'];

const EVENT_TYPES: readonly EventType[] = [
  'STATEMENT_FAILED',
  'STATEMENT_DEGRADED',
  'STATEMENT_PENDING_STUCK',
  'COMPUTE_POOL_AT_MAX_CFU',
  'STATEMENT_DEAD_LETTERS',
  'CFU_BUDGET_CROSSED',
];

const FIELDS: Field[] = [
  { key: 'id', title: 'ID' },
  { key: 'name', title: 'Name' },
  { key: 'environment', title: 'Environment' },
  { key: 'url', title: 'URL' },
  { key: 'event_types', title: 'Event Types' },
  { key: 'format', title: 'Format' },
  { key: 'pending_minutes', title: 'Pending Minutes' },
  { key: 'pool_at_max_minutes', title: 'Pool At Max Minutes' },
  { key: 'dead_letter_window_minutes', title: 'Dead Letter Window Minutes' },
  { key: 'cfu_budget', title: 'CFU Budget' },
  { key: 'created_at', title: 'Created At' },
];
/** Only in the creation response: the signing secret. */
const WITH_SECRET: Field[] = [...FIELDS, { key: 'secret', title: 'Secret' }];

function row(sub: Subscription, human: boolean): Row {
  return {
    id: sub.id,
    name: sub.spec.display_name,
    environment: sub.spec.environment.id,
    url: sub.spec.url,
    event_types: human ? (sub.spec.event_types ?? []).join(',') : (sub.spec.event_types ?? []),
    format: sub.spec.format,
    pending_minutes: sub.spec.pending_minutes,
    pool_at_max_minutes: sub.spec.pool_at_max_minutes,
    dead_letter_window_minutes: sub.spec.dead_letter_window_minutes,
    cfu_budget: human ? budgetText(sub.spec.cfu_budget) : sub.spec.cfu_budget,
    created_at: sub.metadata.created_at ?? null,
    secret: sub.spec.secret ?? null,
  };
}

/** `1000 CFU-minutes/month at 80,100%` (of pool lfcp-…). */
function budgetText(budget: Subscription['spec']['cfu_budget']): string | null {
  if (!budget) return null;
  const at = (budget.thresholds_percent ?? [100]).join(',');
  const pool = budget.compute_pool_id ? ` of ${budget.compute_pool_id}` : '';
  return `${budget.cfu_minutes} CFU-minutes/month${pool} at ${at}%`;
}

function percents(value: string): number[] {
  const parts = value.split(',').map((p) => p.trim().replace(/%$/, ''));
  if (parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 1000)) {
    throw new UsageError(
      `--budget-thresholds takes percents from 1 to 1000, comma-separated (e.g. 50,80,100), not "${value}".`,
    );
  }
  return [...new Set(parts.map(Number))];
}

function eventTypes(value: string): EventType[] {
  const types = value.split(',').map((t) => t.trim().toUpperCase()) as EventType[];
  const unknown = types.filter((t) => !EVENT_TYPES.includes(t));
  if (unknown.length || types.length === 0) {
    throw new UsageError(`Unknown event type "${unknown.join(', ')}": use ${EVENT_TYPES.join(', ')}.`);
  }
  return [...new Set(types)];
}

interface SpecOptions {
  url?: string;
  eventTypes?: EventType[];
  name?: string;
  format?: 'json' | 'slack';
  pendingMinutes?: number;
  poolAtMaxMinutes?: number;
  deadLetterWindowMinutes?: number;
  budgetCfuMinutes?: number;
  budgetThresholds?: number[];
  budgetComputePool?: string;
  /** `--no-budget` (update): remove the budget. */
  budget?: boolean;
  environment?: string;
}

/** The budget the flags give: null to remove it, undefined when no budget flag was passed. */
function budgetSpec(opts: SpecOptions) {
  if (opts.budget === false) return null;
  if (opts.budgetCfuMinutes === undefined) {
    if (opts.budgetThresholds || opts.budgetComputePool) {
      throw new UsageError('--budget-thresholds and --budget-compute-pool need --budget-cfu-minutes.');
    }
    return undefined;
  }
  return {
    cfu_minutes: opts.budgetCfuMinutes,
    ...(opts.budgetThresholds ? { thresholds_percent: opts.budgetThresholds } : {}),
    ...(opts.budgetComputePool ? { compute_pool_id: opts.budgetComputePool } : {}),
  };
}

function spec(opts: SpecOptions) {
  return {
    ...(opts.url ? { url: opts.url } : {}),
    ...(opts.eventTypes ? { event_types: opts.eventTypes } : {}),
    ...(opts.name ? { display_name: opts.name } : {}),
    ...(opts.format ? { format: opts.format.toUpperCase() as 'JSON' | 'SLACK' } : {}),
    ...(opts.pendingMinutes ? { pending_minutes: opts.pendingMinutes } : {}),
    ...(opts.poolAtMaxMinutes ? { pool_at_max_minutes: opts.poolAtMaxMinutes } : {}),
    ...(opts.deadLetterWindowMinutes ? { dead_letter_window_minutes: opts.deadLetterWindowMinutes } : {}),
  };
}

const envOption = () => new Option('--environment <env-id>', 'environment (default: the current one)');
const specOptions = (command: Command, required: boolean) => {
  const url = new Option('--url <url>', 'webhook URL (https://)');
  const types = new Option('--event-types <types>', `comma-separated: ${EVENT_TYPES.join(', ')}`).argParser(eventTypes);
  if (required) {
    url.makeOptionMandatory();
    types.makeOptionMandatory();
  }
  return command
    .addOption(url)
    .addOption(types)
    .option('--name <name>', 'display name')
    .addOption(new Option('--format <format>', 'payload: cflink JSON or a Slack message').choices(['json', 'slack']))
    .option(
      '--pending-minutes <n>',
      'STATEMENT_PENDING_STUCK after this many minutes (default 10)',
      integer('--pending-minutes'),
    )
    .option(
      '--pool-at-max-minutes <n>',
      'COMPUTE_POOL_AT_MAX_CFU after this many minutes (default 10)',
      integer('--pool-at-max-minutes'),
    )
    .option(
      '--dead-letter-window-minutes <n>',
      'STATEMENT_DEAD_LETTERS at most once per statement per window of this many minutes (default 60)',
      integer('--dead-letter-window-minutes'),
    )
    .option(
      '--budget-cfu-minutes <n>',
      'CFU_BUDGET_CROSSED: CFU-minutes per calendar month (UTC) of the environment',
      integer('--budget-cfu-minutes'),
    )
    .option('--budget-thresholds <percents>', 'percents of the budget to notify at (default 100)', percents)
    .option('--budget-compute-pool <pool-id>', 'budget one compute pool instead of the whole environment')
    .addOption(envOption());
};

const query = (s: Session, environment: string | undefined) => ({ environment: s.environmentId(environment) });

export function registerNotificationCommands(program: Command, ctx: CliContext): void {
  const notification = program
    .command('notification')
    .description('Webhook notifications of an environment: subscriptions and their delivery log.');
  const sub = notification.command('subscription').description('Manage webhook subscriptions.');
  const printSub = (cmd: Command, s: Subscription, fields = FIELDS) => {
    const printer = ctx.printer(cmd);
    printer.item(fields, row(s, printer.format === 'human'));
  };

  examples(
    specOptions(
      sub
        .command('create')
        .description(
          "Subscribe a webhook to the environment's events. The signing secret is shown once: keep it to verify X-Cflink-Signature.",
        ),
      true,
    ).action(async (opts: SpecOptions, cmd: Command) => {
      const s = ctx.session(cmd);
      const created = await s.call(
        s.client.POST('/notifications/v1/subscriptions', {
          body: {
            spec: {
              ...spec(opts),
              ...(budgetSpec(opts) ? { cfu_budget: budgetSpec(opts)! } : {}),
              url: opts.url!,
              event_types: opts.eventTypes!,
              environment: { id: s.environmentId(opts.environment) },
            },
          },
        }),
      );
      printSub(cmd, created, WITH_SECRET);
    }),
    [
      'cflink notification subscription create --url https://hooks.example.com/cflink --event-types STATEMENT_FAILED,STATEMENT_DEGRADED',
      'cflink notification subscription create --url https://hooks.slack.com/services/T0/B0/x --format slack --event-types COMPUTE_POOL_AT_MAX_CFU --pool-at-max-minutes 30',
      'cflink notification subscription create --url https://hooks.example.com/cflink --event-types STATEMENT_DEAD_LETTERS,CFU_BUDGET_CROSSED --dead-letter-window-minutes 30 --budget-cfu-minutes 100000 --budget-thresholds 80,100',
    ],
  );

  examples(
    sub
      .command('list')
      .description("List the environment's webhook subscriptions.")
      .addOption(envOption())
      .action(async (opts: { environment?: string }, cmd: Command) => {
        const s = ctx.session(cmd);
        const items = await listAll((page_token) =>
          s.call(
            s.client.GET('/notifications/v1/subscriptions', {
              params: { query: { ...query(s, opts.environment), page_size: 100, page_token } },
            }),
          ),
        );
        const printer = ctx.printer(cmd);
        printer.list(
          FIELDS.filter((f) => !f.key.endsWith('_minutes') && f.key !== 'cfu_budget'),
          items.map((i) => row(i, printer.format === 'human')),
        );
      }),
    ['cflink notification subscription list', 'cflink notification subscription list --environment env-a1b2c3 -o json'],
  );

  examples(
    sub
      .command('describe <id>')
      .description('Describe a webhook subscription (its secret is never shown again).')
      .addOption(envOption())
      .action(async (id: string, opts: { environment?: string }, cmd: Command) => {
        const s = ctx.session(cmd);
        const found = await s.call(
          s.client.GET('/notifications/v1/subscriptions/{id}', {
            params: { path: { id }, query: query(s, opts.environment) },
          }),
        );
        printSub(cmd, found);
      }),
    ['cflink notification subscription describe nsub-a1b2c3d'],
  );

  examples(
    specOptions(
      sub
        .command('update <id>')
        .description("Change a subscription's URL, events, format, thresholds or budget.")
        .option('--no-budget', 'remove the CFU-minute budget'),
      false,
    ).action(async (id: string, opts: SpecOptions, cmd: Command) => {
      const s = ctx.session(cmd);
      const budget = budgetSpec(opts);
      const changes = { ...spec(opts), ...(budget !== undefined ? { cfu_budget: budget } : {}) };
      if (Object.keys(changes).length === 0)
        throw new UsageError(
          'Nothing to change: pass --url, --event-types, --name, --format, a threshold or a budget.',
        );
      const updated = await s.call(
        s.client.PATCH('/notifications/v1/subscriptions/{id}', {
          params: { path: { id } },
          body: { spec: { ...changes, environment: { id: s.environmentId(opts.environment) } } },
        }),
      );
      printSub(cmd, updated);
    }),
    [
      'cflink notification subscription update nsub-a1b2c3d --event-types STATEMENT_FAILED,STATEMENT_PENDING_STUCK --pending-minutes 5',
      'cflink notification subscription update nsub-a1b2c3d --budget-cfu-minutes 50000 --budget-thresholds 50,90,100',
    ],
  );

  examples(
    sub
      .command('delete <id...>')
      .description('Delete subscriptions with their pending notifications and delivery logs.')
      .option('--force', 'do not ask for confirmation')
      .addOption(envOption())
      .action(async (ids: string[], opts: { force?: boolean; environment?: string }, cmd: Command) => {
        const s = ctx.session(cmd);
        const q = query(s, opts.environment);
        await deleteEach(ctx, cmd, 'subscription', ids, opts, async (id) => {
          await s.call(s.client.DELETE('/notifications/v1/subscriptions/{id}', { params: { path: { id }, query: q } }));
        });
      }),
    ['cflink notification subscription delete nsub-a1b2c3d --force'],
  );

  examples(
    sub
      .command('test <id>')
      .description(
        "Send a sample TEST notification to the subscription's webhook now; its attempts appear in the delivery log.",
      )
      .addOption(envOption())
      .action(async (id: string, opts: { environment?: string }, cmd: Command) => {
        const s = ctx.session(cmd);
        const sent = await s.call(
          s.client.POST('/notifications/v1/subscriptions/{id}/test', {
            params: { path: { id }, query: query(s, opts.environment) },
          }),
        );
        ctx
          .printer(cmd)
          .message(
            `Queued test notification ${sent.notification_id}; see \`cflink notification delivery list ${id}\`.`,
            { subscription: id, notification_id: sent.notification_id, event_type: sent.event_type },
          );
      }),
    ['cflink notification subscription test nsub-a1b2c3d'],
  );

  const delivery = notification.command('delivery').description("A subscription's delivery log.");
  examples(
    delivery
      .command('list <subscription-id>')
      .description('List delivery attempts, oldest first: HTTP status, time taken, and why an attempt failed.')
      .addOption(envOption())
      .action(async (id: string, opts: { environment?: string }, cmd: Command) => {
        const s = ctx.session(cmd);
        const items = await listAll((page_token) =>
          s.call(
            s.client.GET('/notifications/v1/subscriptions/{id}/deliveries', {
              params: { path: { id }, query: { ...query(s, opts.environment), page_size: 100, page_token } },
            }),
          ),
        );
        ctx.printer(cmd).list(
          [
            { key: 'at', title: 'At' },
            { key: 'notification_id', title: 'Notification ID' },
            { key: 'event_type', title: 'Event Type' },
            { key: 'attempt', title: 'Attempt' },
            { key: 'delivered', title: 'Delivered' },
            { key: 'status_code', title: 'Status Code' },
            { key: 'duration_ms', title: 'Duration Ms' },
            { key: 'error', title: 'Error' },
          ],
          items as unknown as Row[],
        );
      }),
    ['cflink notification delivery list nsub-a1b2c3d', 'cflink notification delivery list nsub-a1b2c3d -o json'],
  );
}
