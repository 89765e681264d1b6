import type { Statement, StatementListed } from '#db';
import type { Urls } from '../common/urls';
import { ts, type Schemas } from '../common/views';

type Status = Schemas['StatementStatus'];

const ENDED: readonly string[] = ['COMPLETED', 'FAILED', 'STOPPED'];

/** ISO-8601 duration between two instants, e.g. PT2H30M5S. */
export function isoDuration(from: Date, to: Date): string {
  let seconds = Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
  const h = Math.floor(seconds / 3600);
  seconds -= h * 3600;
  const m = Math.floor(seconds / 60);
  const s = seconds - m * 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

/** The skip and dead-letter counts of the statement's latest metric sample, when it has them. */
export function errorHandlingStatus(latestMetrics: unknown): Status['error_handling'] {
  const sample = (latestMetrics ?? {}) as { skippedRecords?: unknown; deadLetterRecords?: unknown };
  if (typeof sample.skippedRecords !== 'number') return undefined;
  return {
    skipped_records: sample.skippedRecords,
    dead_letter_records: typeof sample.deadLetterRecords === 'number' ? sample.deadLetterRecords : 0,
  };
}

/** An instant as the API writes it: list rows carry it already formatted by PostgreSQL. */
const wireTime = (at: Date | string): string => (typeof at === 'string' ? at : ts(at));

/** A statement read whole (get, create, patch) or as a list reads it. */
export function statementView(row: Statement | StatementListed, urls: Urls): Schemas['Statement'] {
  // Formatted once: most rows were never rescaled, so scaling_status shows the same instant.
  const updatedAt = wireTime(row.updatedAt);
  const status: Status = {
    phase: row.phase,
    detail: row.detail,
    scaling_status: {
      scaling_state: row.scalingState,
      last_updated: row.scalingUpdatedAt ? wireTime(row.scalingUpdatedAt) : updatedAt,
    },
    network_kind: 'PUBLIC',
    identity: urls.crn.identity(row.organizationId, row.principal),
  };
  if (row.traits) status.traits = row.traits as Status['traits'];
  // Offsets are reported for stopped statements only.
  if (row.phase === 'STOPPED' && row.latestOffsets) {
    status.latest_offsets = row.latestOffsets as Record<string, string>;
    if (row.latestOffsetsTimestamp) status.latest_offsets_timestamp = wireTime(row.latestOffsetsTimestamp);
  }
  const errorHandling = errorHandlingStatus(row.latestMetrics);
  if (errorHandling) status.error_handling = errorHandling;
  if (ENDED.includes(row.phase) && row.endTime) {
    status.end_time = wireTime(row.endTime);
    if (row.startTime) status.duration = isoDuration(new Date(row.startTime), new Date(row.endTime));
  }
  const spec: Schemas['StatementSpec'] = {
    statement: row.statement,
    properties: row.properties as Record<string, string>,
    compute_pool_id: row.computePoolId,
    principal: row.principal,
    stopped: row.stopped,
  };
  if (row.baselineCfu !== null) spec.scaling = { baseline_cfu: row.baselineCfu };
  return {
    api_version: 'sql/v1',
    kind: 'Statement',
    name: row.name,
    organization_id: row.organizationId,
    environment_id: row.environmentId,
    metadata: {
      self: urls.statement(row.organizationId, row.environmentId, row.name),
      created_at: wireTime(row.createdAt),
      updated_at: updatedAt,
      uid: row.uid,
      resource_version: String(row.resourceVersion),
      labels: row.labels as Record<string, string>,
    },
    spec,
    status,
  };
}
