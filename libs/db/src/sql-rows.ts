import type { ComputePool, Environment, Statement } from './generated/client.js';

/**
 * RFC 3339 in UTC with millisecond precision, exactly as `Date.prototype.toISOString` writes the
 * instants these columns hold (timestamptz(3), years 1000–9999).
 */
const WIRE_TIME = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * How a model's fields read from its table in plain SQL: the column of every field (the record
 * type makes a field added to the schema fail to compile until it is listed here) and the
 * BigInt ones, which node-postgres returns as strings. Rows come back shaped as Prisma's, except
 * the `wireTimes` fields: PostgreSQL formats those as the API writes them (see WIRE_TIME), so a
 * page of rows costs no Date parsing in node-postgres and no formatting in the view.
 */
export class SqlModel<T> {
  /** The select list, each column aliased to its field name. */
  readonly select: string;

  constructor(
    columns: Record<keyof T, string>,
    private readonly bigints: readonly (keyof T)[],
    wireTimes: readonly (keyof T)[] = [],
  ) {
    this.select = Object.entries<string>(columns)
      .map(([field, column]) =>
        wireTimes.includes(field as keyof T)
          ? `to_char(${column} AT TIME ZONE 'UTC', ${WIRE_TIME}) AS "${field}"`
          : field === column
            ? column
            : `${column} AS "${field}"`,
      )
      .join(', ');
  }

  row(raw: Record<string, unknown>): T {
    for (const field of this.bigints) raw[field as string] = BigInt(raw[field as string] as string);
    return raw as T;
  }
}

const STATEMENT_COLUMNS: Record<keyof Statement, string> = {
  uid: 'uid',
  organizationId: 'organization_id',
  environmentId: 'environment_id',
  name: 'name',
  resourceVersion: 'resource_version',
  labels: 'labels',
  statement: 'statement',
  properties: 'properties',
  computePoolId: 'compute_pool_id',
  flinkRegion: 'flink_region',
  principal: 'principal',
  transactionalIdPrefix: 'transactional_id_prefix',
  stopped: 'stopped',
  baselineCfu: 'baseline_cfu',
  phase: 'phase',
  cfu: 'cfu',
  detail: 'detail',
  traits: 'traits',
  scalingState: 'scaling_state',
  scalingUpdatedAt: 'scaling_updated_at',
  targetCfu: 'target_cfu',
  scalingDecidedAt: 'scaling_decided_at',
  latestOffsets: 'latest_offsets',
  latestOffsetsTimestamp: 'latest_offsets_timestamp',
  dispatched: 'dispatched',
  flinkJobId: 'flink_job_id',
  startToken: 'start_token',
  startSettled: 'start_settled',
  startJobId: 'start_job_id',
  tableUses: 'table_uses',
  checkpointPath: 'checkpoint_path',
  latestMetrics: 'latest_metrics',
  savepointPath: 'savepoint_path',
  lastEventSeq: 'last_event_seq',
  resultsReadAt: 'results_read_at',
  resultsReadSeq: 'results_read_seq',
  resultSession: 'result_session',
  resultOperation: 'result_operation',
  resultNext: 'result_next',
  resultSeq: 'result_seq',
  resultColumns: 'result_columns',
  pendingSince: 'pending_since',
  startTime: 'start_time',
  endTime: 'end_time',
  seq: 'seq',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

export const STATEMENT = new SqlModel<Statement>(STATEMENT_COLUMNS, [
  'startToken',
  'lastEventSeq',
  'resultsReadSeq',
  'resultSeq',
  'seq',
]);

const LISTED = [
  'uid',
  'organizationId',
  'environmentId',
  'name',
  'resourceVersion',
  'labels',
  'statement',
  'properties',
  'computePoolId',
  'principal',
  'stopped',
  'baselineCfu',
  'phase',
  'detail',
  'traits',
  'scalingState',
  'scalingUpdatedAt',
  'latestOffsets',
  'latestOffsetsTimestamp',
  'latestMetrics',
  'startTime',
  'endTime',
  'seq',
  'createdAt',
  'updatedAt',
] as const;

/** The listed instants, read as the API writes them (RFC 3339 text). */
const LISTED_TIMES = [
  'scalingUpdatedAt',
  'latestOffsetsTimestamp',
  'startTime',
  'endTime',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (typeof LISTED)[number][];
type ListedTime = (typeof LISTED_TIMES)[number];

/**
 * A statement as a list shows it (its API representation, and `seq` for paging): a page of
 * 100 reads and parses these columns only, not the engine's bookkeeping, and its instants as
 * the text the API writes.
 */
export type StatementListed = Omit<Pick<Statement, (typeof LISTED)[number]>, ListedTime> & {
  [F in ListedTime]: null extends Statement[F] ? string | null : string;
};

export const STATEMENT_LISTED = new SqlModel<StatementListed>(
  Object.fromEntries(LISTED.map((f) => [f, STATEMENT_COLUMNS[f]])) as Record<keyof StatementListed, string>,
  ['seq'],
  LISTED_TIMES,
);

export const ENVIRONMENT = new SqlModel<Environment>(
  {
    id: 'id',
    organizationId: 'organization_id',
    displayName: 'display_name',
    streamGovernancePackage: 'stream_governance_package',
    seq: 'seq',
    createdAt: 'created_at',
    updatedAt: 'updated_at',
  },
  ['seq'],
);

export const COMPUTE_POOL = new SqlModel<ComputePool>(
  {
    id: 'id',
    organizationId: 'organization_id',
    environmentId: 'environment_id',
    displayName: 'display_name',
    cloud: 'cloud',
    region: 'region',
    maxCfu: 'max_cfu',
    defaultPool: 'default_pool',
    enableAi: 'enable_ai',
    phase: 'phase',
    seq: 'seq',
    createdAt: 'created_at',
    updatedAt: 'updated_at',
  },
  ['seq'],
);
