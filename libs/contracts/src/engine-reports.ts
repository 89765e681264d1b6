/**
 * Reports from engine workers to the control plane, carried by Kafka (kafkajs). Keyed by
 * statement uid so one statement's reports stay ordered within a partition; each carries a
 * per-statement sequence number so duplicates and stale reports are ignored.
 */
import type { ColumnDataType, ReportedPhase, TableUse } from '#domain';

export const STATEMENT_EVENTS_TOPIC = 'cflink.statement-events';
export const STATEMENT_METRICS_TOPIC = 'cflink.statement-metrics';

export interface StatementEvent {
  version: 1;
  statementUid: string;
  /**
   * Increasing per statement: the publishing worker's clock in microseconds, bumped past its
   * previous value (apps/worker/src/events). Workers handing a statement over rely on clocks
   * being closer than the time between two commands for the same statement.
   */
  seq: number;
  at: string;
  phase: ReportedPhase;
  /** status.traits.sql_kind (libs/domain sqlKind). */
  sqlKind?: string;
  detail?: string;
  flinkJobId?: string;
  cfu?: number;
  savepointPath?: string;
  /** topic → "partition:0,offset:100;partition:1,offset:200" */
  latestOffsets?: Record<string, string>;
  exception?: { name: string; message: string };
  /** status.traits the engine knows beyond sql_kind: boundedness and the result schema (sql/v1 StatementTraits). */
  traits?: {
    is_bounded?: boolean;
    is_append_only?: boolean;
    schema?: { columns: { name: string; type: ColumnDataType }[] };
  };
  /** With RUNNING: the tables the job reads and writes, whose rights are re-checked while it runs. */
  tableUses?: TableUse[];
  /** A table DDL's effect on the catalog, applied together with the phase it reports. */
  catalog?: CatalogChange;
}

/** Create/alter (`put`) or drop a table of the statement's environment's catalog. */
export type CatalogChange =
  | {
      op: 'put';
      databaseId: string;
      table: string;
      /** libs/domain storedDefinition: SHOW CREATE TABLE after the name, without engine options. */
      definition: string;
      topic: string;
      partitions: number;
    }
  | { op: 'drop'; databaseId: string; table: string };

export interface MetricSample {
  version: 1;
  statementUid: string;
  computePoolId: string;
  at: string;
  recordsIn: number;
  recordsOut: number;
  pendingRecords: number;
  currentCfu: number;
  stateSizeBytes: number;
  currentInputWatermarkMs?: number;
  currentOutputWatermarkMs?: number;
  /** The job's latest retained checkpoint, kept so a job the cluster loses can be resubmitted from it. */
  lastCheckpointPath?: string;
}
