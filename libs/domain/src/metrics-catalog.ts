/**
 * The Flink metrics cflink serves (Metrics API v2, dataset `cloud`), pure: names, types, units,
 * labels, where each comes from and how it aggregates over time and across series. The query,
 * the descriptors and the export are all read from this one table.
 */
export const POOL_LABEL = 'resource.compute_pool.id';
export const ENVIRONMENT_LABEL = 'resource.environment.id';
export const STATEMENT_LABEL = 'resource.flink_statement.name';
export const STATEMENT_UID_LABEL = 'resource.flink_statement.uid';
export const METRIC_LABELS = [POOL_LABEL, ENVIRONMENT_LABEL, STATEMENT_LABEL, STATEMENT_UID_LABEL] as const;
export type MetricLabel = (typeof METRIC_LABELS)[number];
export type MetricLabels = Partial<Record<MetricLabel, string>>;

export function isMetricLabel(value: string): value is MetricLabel {
  return (METRIC_LABELS as readonly string[]).includes(value);
}

export type MetricResource = 'compute_pool' | 'flink_statement';

/**
 * Where a metric's values come from: the CFU-minute ledger (what billing reads), the engine's
 * metric samples, the pool's configuration, or the statement's current phase.
 */
export type MetricSource =
  | { kind: 'ledger'; value: 'cfu_minutes' | 'mean_cfus' }
  | { kind: 'samples'; column: SampleColumn; overTime: 'increase' | 'mean' | 'max' }
  | { kind: 'pool_limit' }
  | { kind: 'status' };

/** Columns of statement_metric_samples a metric reads. */
export type SampleColumn =
  | 'records_in'
  | 'records_out'
  | 'pending_records'
  | 'state_size_bytes'
  | 'input_watermark'
  | 'output_watermark'
  | 'skipped_records'
  | 'dead_letter_records';

/** How the series of a group combine into one value per bucket. */
export type AcrossSeries = 'SUM' | 'MIN';

export interface MetricDefinition {
  name: string;
  description: string;
  type: 'GAUGE_INT64' | 'GAUGE_DOUBLE' | 'COUNTER_INT64';
  /** UCUM. */
  unit: string;
  resource: MetricResource;
  source: MetricSource;
  across: AcrossSeries;
  /** Has a history the query serves (the statement status has only a current value). */
  queryable: boolean;
}

const PREFIX = 'io.confluent.flink/';

export const FLINK_METRICS: readonly MetricDefinition[] = [
  {
    name: `${PREFIX}statement_utilization/current_cfus`,
    description:
      'CFUs the statement holds on the engine (its parallelism), averaged over the bucket from the CFU-minute ledger.',
    type: 'GAUGE_DOUBLE',
    unit: '1',
    resource: 'flink_statement',
    source: { kind: 'ledger', value: 'mean_cfus' },
    across: 'SUM',
    queryable: true,
  },
  {
    name: `${PREFIX}compute_pool_utilization/current_cfus`,
    description: "CFUs the pool's statements hold, averaged over the bucket from the CFU-minute ledger.",
    type: 'GAUGE_DOUBLE',
    unit: '1',
    resource: 'compute_pool',
    source: { kind: 'ledger', value: 'mean_cfus' },
    across: 'SUM',
    queryable: true,
  },
  {
    name: `${PREFIX}compute_pool_utilization/cfu_limit`,
    description: "The pool's max_cfu: the most CFUs its statements may hold together.",
    type: 'GAUGE_INT64',
    unit: '1',
    resource: 'compute_pool',
    source: { kind: 'pool_limit' },
    across: 'SUM',
    queryable: true,
  },
  {
    name: `${PREFIX}compute_pool_utilization/cfu_minutes_consumed`,
    description: 'CFU-minutes consumed in the bucket, as metered for billing (at least 1 per statement that ran).',
    type: 'COUNTER_INT64',
    unit: '1',
    resource: 'compute_pool',
    source: { kind: 'ledger', value: 'cfu_minutes' },
    across: 'SUM',
    queryable: true,
  },
  {
    name: `${PREFIX}num_records_in`,
    description: "Records the statement's sources read in the bucket.",
    type: 'COUNTER_INT64',
    unit: '1',
    resource: 'flink_statement',
    source: { kind: 'samples', column: 'records_in', overTime: 'increase' },
    across: 'SUM',
    queryable: true,
  },
  {
    name: `${PREFIX}num_records_out`,
    description: "Records the statement's sinks wrote in the bucket.",
    type: 'COUNTER_INT64',
    unit: '1',
    resource: 'flink_statement',
    source: { kind: 'samples', column: 'records_out', overTime: 'increase' },
    across: 'SUM',
    queryable: true,
  },
  {
    name: `${PREFIX}num_records_in_errors`,
    description:
      "Records the statement's sources could not deserialize and skipped in the bucket (a table's error-handling.mode ignore or log), dead-lettered ones included.",
    type: 'COUNTER_INT64',
    unit: '1',
    resource: 'flink_statement',
    source: { kind: 'samples', column: 'skipped_records', overTime: 'increase' },
    across: 'SUM',
    queryable: true,
  },
  {
    name: `${PREFIX}num_records_in_dead_lettered`,
    description:
      "Of the skipped records, those written to the table's dead-letter table in the bucket (error-handling.mode log).",
    type: 'COUNTER_INT64',
    unit: '1',
    resource: 'flink_statement',
    source: { kind: 'samples', column: 'dead_letter_records', overTime: 'increase' },
    across: 'SUM',
    queryable: true,
  },
  {
    name: `${PREFIX}pending_records`,
    description: "Records waiting in the statement's sources (messages behind), averaged over the bucket.",
    type: 'GAUGE_INT64',
    unit: '1',
    resource: 'flink_statement',
    source: { kind: 'samples', column: 'pending_records', overTime: 'mean' },
    across: 'SUM',
    queryable: true,
  },
  {
    name: `${PREFIX}operator/state_size_bytes`,
    description: "Size of the statement's state (its last checkpoint), averaged over the bucket.",
    type: 'GAUGE_INT64',
    unit: 'By',
    resource: 'flink_statement',
    source: { kind: 'samples', column: 'state_size_bytes', overTime: 'mean' },
    across: 'SUM',
    queryable: true,
  },
  {
    name: `${PREFIX}current_input_watermark_milliseconds`,
    description:
      "Watermark at the statement's sinks, epoch milliseconds: the latest of the bucket, the earliest across statements.",
    type: 'GAUGE_INT64',
    unit: 'ms',
    resource: 'flink_statement',
    source: { kind: 'samples', column: 'input_watermark', overTime: 'max' },
    across: 'MIN',
    queryable: true,
  },
  {
    name: `${PREFIX}current_output_watermark_milliseconds`,
    description:
      "Watermark of the statement's sources, epoch milliseconds: the latest of the bucket, the earliest across statements.",
    type: 'GAUGE_INT64',
    unit: 'ms',
    resource: 'flink_statement',
    source: { kind: 'samples', column: 'output_watermark', overTime: 'max' },
    across: 'MIN',
    queryable: true,
  },
  {
    name: `${PREFIX}statement_status`,
    description:
      'The statement is in phase `metric.status` (value 1); current values only, in the export (no history to query).',
    type: 'GAUGE_INT64',
    unit: '1',
    resource: 'flink_statement',
    source: { kind: 'status' },
    across: 'SUM',
    queryable: false,
  },
];

export function metricDefinition(name: string): MetricDefinition | undefined {
  return FLINK_METRICS.find((m) => m.name === name);
}

const LABEL_DESCRIPTIONS: Record<MetricLabel, string> = {
  [POOL_LABEL]: 'ID of the compute pool (lfcp-…).',
  [ENVIRONMENT_LABEL]: 'ID of the environment (env-…).',
  [STATEMENT_LABEL]: 'Name of the Flink statement (unique within its environment).',
  [STATEMENT_UID_LABEL]: 'UID of the Flink statement (metadata.uid).',
};

/** Labels of a resource type: a statement carries its pool's and environment's too. */
export const RESOURCE_LABELS: Record<MetricResource, readonly MetricLabel[]> = {
  compute_pool: [POOL_LABEL, ENVIRONMENT_LABEL],
  flink_statement: [STATEMENT_LABEL, STATEMENT_UID_LABEL, POOL_LABEL, ENVIRONMENT_LABEL],
};

/** Labels a query of `metric` may filter and group by. */
export function labelsOf(metric: MetricDefinition): readonly MetricLabel[] {
  return metric.source.kind === 'ledger' ? RESOURCE_LABELS.flink_statement : RESOURCE_LABELS[metric.resource];
}

export interface LabelDescriptor {
  key: string;
  description: string;
  exportable: boolean;
}

/** Wire shape of a metric descriptor (GET /v2/metrics/cloud/descriptors/metrics). */
export function metricDescriptor(metric: MetricDefinition) {
  return {
    name: metric.name,
    description: metric.description,
    type: metric.type,
    unit: metric.unit,
    lifecycle_stage: 'GENERAL_AVAILABILITY' as const,
    exportable: true,
    resources: [metric.resource],
    labels:
      metric.source.kind === 'status'
        ? [{ key: 'status', description: 'The statement phase (status.phase).', exportable: true }]
        : [],
  };
}

/** Wire shape of the resource descriptors (GET /v2/metrics/cloud/descriptors/resources). */
export function resourceDescriptors() {
  const describe = (type: MetricResource, description: string) => ({
    type,
    description,
    labels: RESOURCE_LABELS[type].map((key) => ({
      key: key.slice('resource.'.length),
      description: LABEL_DESCRIPTIONS[key],
      exportable: true,
    })),
  });
  return [
    describe('compute_pool', 'A Flink compute pool: a CFU budget for statements.'),
    describe('flink_statement', 'A Flink SQL statement.'),
  ];
}

/**
 * Prometheus name of a metric in the export: `io.confluent.flink/num_records_in` →
 * `confluent_flink_num_records_in` (Prometheus names allow [a-zA-Z0-9_:] only).
 */
export function exportName(metric: MetricDefinition): string {
  return metric.name.replace(/^io\./, '').replace(/[^a-zA-Z0-9_]/g, '_');
}

/** Prometheus label name of a resource label, prefix dropped: `resource.compute_pool.id` → `compute_pool_id`. */
export function exportLabel(label: MetricLabel): string {
  return label.slice('resource.'.length).replace(/\./g, '_');
}
