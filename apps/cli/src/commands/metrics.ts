import { Option, type Command } from 'commander';
import type { Schemas } from '#client';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { examples, integer } from '../help';
import type { Field, Row } from '../output';

const PREFIX = 'io.confluent.flink/';
const METRICS: readonly Schemas['QueryableMetric'][] = [
  'io.confluent.flink/statement_utilization/current_cfus',
  'io.confluent.flink/compute_pool_utilization/current_cfus',
  'io.confluent.flink/compute_pool_utilization/cfu_limit',
  'io.confluent.flink/compute_pool_utilization/cfu_minutes_consumed',
  'io.confluent.flink/num_records_in',
  'io.confluent.flink/num_records_out',
  'io.confluent.flink/pending_records',
  'io.confluent.flink/operator/state_size_bytes',
  'io.confluent.flink/current_input_watermark_milliseconds',
  'io.confluent.flink/current_output_watermark_milliseconds',
];
const LABELS: readonly Schemas['MetricLabel'][] = [
  'resource.compute_pool.id',
  'resource.environment.id',
  'resource.flink_statement.name',
  'resource.flink_statement.uid',
];
const GRANULARITIES = ['PT1M', 'PT5M', 'PT15M', 'PT30M', 'PT1H', 'PT4H', 'PT6H', 'PT12H', 'P1D', 'ALL'] as const;

/** `pending_records` or the full `io.confluent.flink/pending_records`. */
function metricName(value: string): Schemas['QueryableMetric'] {
  const full = (value.startsWith(PREFIX) ? value : `${PREFIX}${value}`) as Schemas['QueryableMetric'];
  if (!METRICS.includes(full)) {
    throw new UsageError(
      `Unknown metric "${value}". Metrics: ${METRICS.map((m) => m.slice(PREFIX.length)).join(', ')} (see \`cflink metrics descriptors\`).`,
    );
  }
  return full;
}

/** `statement` or `resource.flink_statement.name`, and the other labels by their short names. */
function labelName(value: string): Schemas['MetricLabel'] {
  const short: Record<string, Schemas['MetricLabel']> = {
    'compute-pool': 'resource.compute_pool.id',
    environment: 'resource.environment.id',
    statement: 'resource.flink_statement.name',
    'statement-uid': 'resource.flink_statement.uid',
  };
  const label = short[value] ?? (value as Schemas['MetricLabel']);
  if (!LABELS.includes(label)) {
    throw new UsageError(`Cannot group by "${value}": use ${Object.keys(short).join(', ')} or ${LABELS.join(', ')}.`);
  }
  return label;
}

interface QueryOptions {
  metric: Schemas['QueryableMetric'];
  statement?: string;
  computePool?: string;
  environment?: string;
  interval: string;
  granularity: (typeof GRANULARITIES)[number];
  groupBy?: string;
  limit?: number;
}

export function registerMetricsCommands(program: Command, ctx: CliContext): void {
  const metrics = program
    .command('metrics')
    .description('Flink metrics (Metrics API v2): CFUs, CFU-minutes, records, lag, state size, watermarks.');

  examples(
    metrics
      .command('query')
      .description(
        'Query one metric over an interval, per time bucket. Filters narrow it to a statement or pool; ' +
          '--group-by gives a series per label value (by default: per statement when --statement is given).',
      )
      .requiredOption(
        '--metric <name>',
        'e.g. pending_records, num_records_in, compute_pool_utilization/cfu_minutes_consumed',
        metricName,
      )
      .option('--statement <name>', 'only this statement (resource.flink_statement.name)')
      .option('--compute-pool <id>', 'only this compute pool (resource.compute_pool.id)')
      .option('--environment <env-id>', 'only this environment (resource.environment.id)')
      .option(
        '--interval <interval>',
        'ISO-8601 start/end, start/duration or duration/end; now-based: now-1h|m/now|m',
        'now-1h|m/now|m',
      )
      .addOption(new Option('--granularity <period>', 'bucket length').choices(GRANULARITIES).default('PT1M'))
      .option('--group-by <labels>', 'comma-separated: statement, compute-pool, environment, statement-uid')
      .option('--limit <n>', 'at most this many series (default 100)', integer('--limit'))
      .action(async (opts: QueryOptions, cmd: Command) => {
        const s = ctx.session(cmd);
        const filters: Schemas['MetricFieldFilter'][] = [];
        if (opts.statement) filters.push({ field: 'resource.flink_statement.name', op: 'EQ', value: opts.statement });
        if (opts.computePool) filters.push({ field: 'resource.compute_pool.id', op: 'EQ', value: opts.computePool });
        if (opts.environment) filters.push({ field: 'resource.environment.id', op: 'EQ', value: opts.environment });
        const groupBy = opts.groupBy
          ? [...new Set(opts.groupBy.split(',').map((l) => labelName(l.trim())))]
          : opts.statement
            ? (['resource.flink_statement.name'] as Schemas['MetricLabel'][])
            : [];
        const body: Schemas['MetricsQuery'] = {
          aggregations: [{ metric: opts.metric }],
          granularity: opts.granularity,
          intervals: [opts.interval],
          format: 'FLAT',
          ...(groupBy.length ? { group_by: groupBy } : {}),
          ...(filters.length === 1 ? { filter: filters[0] } : {}),
          ...(filters.length > 1 ? { filter: { op: 'AND', filters } } : {}),
          limit: opts.limit ?? 100,
        };
        const result = await s.call(s.client.POST('/v2/metrics/cloud/query', { body }));
        const fields: Field[] = [
          { key: 'timestamp', title: 'Timestamp' },
          ...groupBy.map((label) => ({ key: label, title: label.replace(/^resource\./, '').replace(/[._]/g, ' ') })),
          { key: 'value', title: opts.metric.slice(PREFIX.length) },
        ];
        ctx.printer(cmd).list(fields, result.data as Row[]);
      }),
    [
      'cflink metrics query --metric pending_records --statement copy-big',
      'cflink metrics query --metric compute_pool_utilization/cfu_minutes_consumed --group-by compute-pool --granularity PT1H --interval now-1d|h/now|h',
      'cflink metrics query --metric num_records_out --compute-pool lfcp-a1b2c3 --interval 2026-11-27T10:00:00Z/PT30M -o json',
    ],
  );

  examples(
    metrics
      .command('descriptors')
      .description('List the metrics the API serves: their type, unit, resources and labels.')
      .addOption(
        new Option('--resource-type <type>', 'only metrics of this resource').choices([
          'compute_pool',
          'flink_statement',
        ]),
      )
      .action(async (opts: { resourceType?: string }, cmd: Command) => {
        const s = ctx.session(cmd);
        const items: Schemas['MetricDescriptor'][] = [];
        let page_token: string | undefined;
        do {
          const page = await s.call(
            s.client.GET('/v2/metrics/cloud/descriptors/metrics', {
              params: { query: { resource_type: opts.resourceType, page_size: 1000, page_token } },
            }),
          );
          items.push(...page.data);
          page_token = page.meta.pagination.next_page_token || undefined;
        } while (page_token);
        const printer = ctx.printer(cmd);
        const joined = (values: string[]) => (printer.format === 'human' ? values.join(',') : values);
        printer.list(
          [
            { key: 'name', title: 'Name' },
            { key: 'type', title: 'Type' },
            { key: 'unit', title: 'Unit' },
            { key: 'resources', title: 'Resources' },
            { key: 'labels', title: 'Labels' },
            { key: 'description', title: 'Description' },
          ],
          items.map((d) => ({
            name: d.name,
            type: d.type,
            unit: d.unit,
            resources: joined(d.resources),
            labels: joined(d.labels.map((l) => l.key)),
            description: d.description,
          })),
        );
      }),
    ['cflink metrics descriptors', 'cflink metrics descriptors --resource-type flink_statement -o json'],
  );
}
