/**
 * Reports from engine workers to the control plane, carried by Kafka (kafkajs). Keyed by
 * statement uid so one statement's reports stay ordered within a partition; each carries a
 * per-statement sequence number so duplicates and stale reports are ignored. The scheduler
 * reads them through `StatementEventContract` and `MetricSampleContract`.
 */
import { z } from 'zod';
import { REPORTED_PHASES, SQL_KINDS, TABLE_ACCESSES, type ColumnDataType, type TableUse } from '#domain';
import {
  boundedText,
  cfu,
  computePoolId,
  flinkJobId,
  isoTime,
  kafkaClusterId,
  statePath,
  topicName,
  uid,
} from './fields';
import { defineMessage } from './message';

export const STATEMENT_EVENTS_TOPIC = 'cflink.statement-events';
export const STATEMENT_METRICS_TOPIC = 'cflink.statement-metrics';

/** Flink table names as the catalog keeps them; also part of a topic name, so Kafka's bound applies. */
const tableName = z.string().min(1).max(200);

/** sql/v1 ColumnDataType (libs/domain columnDataType). */
export const ColumnDataTypeSchema: z.ZodType<ColumnDataType> = z.lazy(() =>
  z.strictObject({
    type: boundedText(64),
    nullable: z.boolean(),
    length: z.int().min(0).optional(),
    precision: z.int().min(0).optional(),
    scale: z.int().min(0).optional(),
    element_type: ColumnDataTypeSchema.optional(),
    key_type: ColumnDataTypeSchema.optional(),
    value_type: ColumnDataTypeSchema.optional(),
    fields: z
      .array(z.strictObject({ name: boundedText(1024), field_type: ColumnDataTypeSchema }))
      .max(1000)
      .optional(),
  }),
);

/** A table a running job reads or writes (libs/domain TableUse); its rights are re-checked while it runs. */
export const TableUseSchema: z.ZodType<TableUse> = z.strictObject({
  table: boundedText(1024),
  topicCrn: z.string().max(2048).startsWith('crn://'),
  access: z.enum(TABLE_ACCESSES),
});
export const TableUsesSchema = z.array(TableUseSchema).max(500);

/** Create/alter a table of the statement's environment's catalog. */
const CatalogPutSchema = z
  .strictObject({
    op: z.literal('put'),
    databaseId: kafkaClusterId,
    table: tableName,
    /** libs/domain storedDefinition: SHOW CREATE TABLE after the name, without engine options. */
    definition: z
      .string()
      .min(1)
      .max(256 * 1024),
    topic: topicName,
    partitions: z.int().min(1).max(1024),
  })
  // libs/domain topicOf: a table's topic is in its own logical cluster, never another's.
  .refine((c) => c.topic === `${c.databaseId}.${c.table}`, { message: 'topic is not the table’s', path: ['topic'] });

export type CatalogPut = z.infer<typeof CatalogPutSchema>;

/** Create/alter (`put`) or drop a table of the statement's environment's catalog. */
export const CatalogChangeSchema = z.discriminatedUnion('op', [
  CatalogPutSchema,
  z.strictObject({ op: z.literal('drop'), databaseId: kafkaClusterId, table: tableName }),
]);
export type CatalogChange = z.infer<typeof CatalogChangeSchema>;

const OFFSETS = /^partition:\d{1,9},offset:\d{1,19}(;partition:\d{1,9},offset:\d{1,19})*$/;

export const StatementEventV1 = z.strictObject({
  version: z.literal(1),
  statementUid: uid,
  /**
   * Increasing per statement: the publishing worker's clock in microseconds, bumped past its
   * previous value (apps/worker/src/events). Workers handing a statement over rely on clocks
   * being closer than the time between two commands for the same statement.
   */
  seq: z.int().min(1),
  at: isoTime,
  phase: z.enum(REPORTED_PHASES),
  /** status.traits.sql_kind (libs/domain sqlKind). */
  sqlKind: z.enum(SQL_KINDS).optional(),
  detail: boundedText(8000).optional(),
  flinkJobId: flinkJobId.optional(),
  cfu: cfu.optional(),
  savepointPath: statePath.optional(),
  /** table → "partition:0,offset:100;partition:1,offset:200" */
  latestOffsets: z
    .record(
      boundedText(1024),
      z
        .string()
        .max(64 * 1024)
        .regex(OFFSETS, 'expected partition:n,offset:n;…'),
    )
    .refine((o) => Object.keys(o).length <= 100, 'more than 100 tables')
    .optional(),
  exception: z.strictObject({ name: boundedText(500), message: boundedText(8000) }).optional(),
  /** status.traits the engine knows beyond sql_kind: boundedness and the result schema (sql/v1 StatementTraits). */
  traits: z
    .strictObject({
      is_bounded: z.boolean().optional(),
      is_append_only: z.boolean().optional(),
      schema: z
        .strictObject({
          columns: z.array(z.strictObject({ name: boundedText(1024), type: ColumnDataTypeSchema })).max(4096),
        })
        .optional(),
    })
    .optional(),
  /** With RUNNING: the tables the job reads and writes, whose rights are re-checked while it runs. */
  tableUses: TableUsesSchema.optional(),
  /** A table DDL's effect on the catalog, applied together with the phase it reports. */
  catalog: CatalogChangeSchema.optional(),
  /** With RUNNING: dead-letter tables the job created on first use; each is created only if still missing. */
  deadLetterTables: z.array(CatalogPutSchema).max(100).optional(),
});
export type StatementEvent = z.infer<typeof StatementEventV1>;

export const StatementEventContract = defineMessage('statement event', 512 * 1024, { 1: StatementEventV1 });

/** Counters and gauges Flink reports; watermarks are epoch milliseconds (Long.MIN_VALUE until one exists). */
const count = z.number().min(0).max(Number.MAX_SAFE_INTEGER);

export const MetricSampleV1 = z.strictObject({
  version: z.literal(1),
  statementUid: uid,
  computePoolId,
  at: isoTime,
  recordsIn: count,
  recordsOut: count,
  /** A source may not know its backlog; any bounded number is kept as reported. */
  pendingRecords: z.number().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
  currentCfu: cfu,
  stateSizeBytes: count,
  currentInputWatermarkMs: z.number().optional(),
  currentOutputWatermarkMs: z.number().optional(),
  /** The job's latest retained checkpoint, kept so a job the cluster loses can be resubmitted from it. */
  lastCheckpointPath: statePath.optional(),
  /** Records the job's sources could not deserialize and skipped (error-handling.mode ignore or log). */
  skippedRecords: count.optional(),
  /** Of those, the ones written to a dead-letter table (mode log). */
  deadLetterRecords: count.optional(),
  /** Busy and back-pressured share of the job's busiest task (0..1), for Autopilot. */
  busyRatio: z.number().min(0).max(1).optional(),
  backPressuredRatio: z.number().min(0).max(1).optional(),
  /** Partitions of the widest Kafka topic the job's sources read: parallelism beyond it stays idle. */
  sourcePartitions: z.int().min(1).max(100_000).optional(),
});
export type MetricSample = z.infer<typeof MetricSampleV1>;

export const MetricSampleContract = defineMessage('metric sample', 16 * 1024, { 1: MetricSampleV1 });
