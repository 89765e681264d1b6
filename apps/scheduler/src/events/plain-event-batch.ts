import type { StatementEvent } from '#contracts';
import type { PrismaService, Statement } from '#db';
import { decideEvent } from '#domain';
import { lockStatements } from '../metrics/statement-metrics-store';

/** An event that only moves a statement's phase, CFUs, job id, times, detail or offsets, decided against its row. */
export interface PlainEvent {
  event: StatementEvent;
  at: string;
  row: Statement;
  phase: string;
  cfu: number;
  detail: string | null;
  flinkJobId: string | null;
  startTime: Date | null;
  /** undefined: keep; null: clear. */
  endTime: Date | null | undefined;
}

/**
 * The event as a plain update of its row, or null when it needs the full path (it changes the
 * catalog, records an exception or traits, may notify, or is not an update at all).
 */
export function plainEvent(event: StatementEvent, at: string, row: Statement): PlainEvent | null {
  if (event.catalog || event.deadLetterTables?.length || event.exception || event.traits || event.tableUses)
    return null;
  if (event.savepointPath !== undefined || event.sqlKind !== undefined) return null;
  const decision = decideEvent(
    { phase: row.phase, stopped: row.stopped, lastEventSeq: Number(row.lastEventSeq), startTime: row.startTime },
    { ...event, at: new Date(event.at) },
  );
  if (decision.kind !== 'update' || decision.sqlKind !== undefined) return null;
  if (decision.phase !== row.phase && (decision.phase === 'FAILED' || decision.phase === 'DEGRADED')) return null;
  return {
    event,
    at,
    row,
    phase: decision.phase,
    cfu: decision.cfu,
    detail: decision.detail ?? null,
    flinkJobId: decision.flinkJobId ?? null,
    startTime: decision.startTime ?? null,
    endTime: decision.endTime,
  };
}

/**
 * Applies plain events in one statement: the engine's periodic reports of thousands of running
 * statements, which one round trip each does not keep up with. Each applies only if its row is
 * still as it was read (version, update time) and older than the event, as the one-by-one path
 * guards; returns those that did not apply, for that path to decide again on a fresh read.
 */
export async function applyPlainEvents(prisma: PrismaService, events: PlainEvent[]): Promise<PlainEvent[]> {
  if (events.length === 0) return [];
  const col = <T>(f: (e: PlainEvent) => T) => events.map(f);
  const offsets = (e: PlainEvent) => (e.event.latestOffsets ? JSON.stringify(e.event.latestOffsets) : null);
  const uids = col((e) => e.row.uid);
  const [, applied] = await prisma.$transaction([
    lockStatements(prisma, uids),
    prisma.$queryRaw<{ uid: string }[]>`
    UPDATE statements s SET
      last_event_seq = v.seq, phase = v.phase::statement_phase, cfu = v.cfu,
      detail = COALESCE(v.detail, s.detail),
      flink_job_id = COALESCE(v.job, s.flink_job_id),
      start_time = COALESCE(v.start_time, s.start_time),
      end_time = CASE WHEN v.end_set THEN v.end_time ELSE s.end_time END,
      latest_offsets = COALESCE(v.offsets, s.latest_offsets),
      latest_offsets_timestamp = CASE WHEN v.offsets IS NULL THEN s.latest_offsets_timestamp ELSE v.at END,
      updated_at = now()
    FROM unnest(${uids}::uuid[], ${col((e) => BigInt(e.event.seq))}::bigint[],
                ${col((e) => e.phase)}::text[], ${col((e) => e.cfu)}::int[], ${col((e) => e.detail)}::text[],
                ${col((e) => e.flinkJobId)}::text[], ${col((e) => e.startTime)}::timestamptz[],
                ${col((e) => e.endTime !== undefined)}::boolean[], ${col((e) => e.endTime ?? null)}::timestamptz[],
                ${col(offsets)}::jsonb[], ${col((e) => new Date(e.event.at))}::timestamptz[],
                ${col((e) => e.row.resourceVersion)}::int[], ${col((e) => e.row.updatedAt)}::timestamptz[])
      AS v(uid, seq, phase, cfu, detail, job, start_time, end_set, end_time, offsets, at, version, updated)
    WHERE s.uid = v.uid AND s.last_event_seq < v.seq AND s.resource_version = v.version AND s.updated_at = v.updated
    RETURNING s.uid::text AS uid`,
  ]);
  const done = new Set(applied.map((r) => r.uid));
  return events.filter((e) => !done.has(e.row.uid));
}
