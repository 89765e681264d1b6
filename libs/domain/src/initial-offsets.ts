import { MAX_BUCKETS } from './table-options';
import type { StatementPhase } from './statement-lifecycle';

/**
 * `sql.tables.initial-offset-from` (Confluent's carry-over offsets): a new statement starts each
 * table another, stopped statement read from where that one stopped, so a stateless pipeline can
 * be replaced without losing or re-reading a record. The other statement's `status.latest_offsets`
 * holds, per table, the last offset it processed in each partition; the new statement's session
 * gives those tables `scan.startup.mode` `specific-offsets` one past them. Tables the other one
 * did not read keep their own startup mode.
 */
export const INITIAL_OFFSET_FROM = 'sql.tables.initial-offset-from';

/** A statement name (openapi StatementName), the value the property takes. */
export const STATEMENT_NAME = /^(?=.{1,100}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const OFFSETS = /^partition:(\d{1,9}),offset:(\d{1,19})(;partition:(\d{1,9}),offset:(\d{1,19}))*$/;

/** The statement whose offsets `properties` start from, if any. */
export function initialOffsetSource(properties: unknown): string | undefined {
  const value = (properties as Record<string, unknown> | null | undefined)?.[INITIAL_OFFSET_FROM];
  return typeof value === 'string' ? value : undefined;
}

/**
 * What admission does with a statement that starts from `source`'s offsets, by the source's
 * phase: `wait` while it may still read (Confluent waits for the old statement to stop), `start`
 * once it has stopped or cannot move on its own; the engine then takes its offsets, or fails the
 * statement saying why there are none.
 */
export function initialOffsetAdmission(sourcePhase: StatementPhase | undefined): 'wait' | 'start' {
  return sourcePhase === 'PENDING' ||
    sourcePhase === 'RUNNING' ||
    sourcePhase === 'DEGRADED' ||
    sourcePhase === 'STOPPING' ||
    sourcePhase === 'FAILING'
    ? 'wait'
    : 'start';
}

/** The detail of a statement admission holds back for its offset source. */
export function waitingForOffsetsDetail(source: string, sourcePhase: string): string {
  return `Waiting for statement ${source} (${sourcePhase}) to stop: ${INITIAL_OFFSET_FROM} starts this statement from the offsets ${source} stops at.`;
}

/**
 * `partition:0,offset:41;…` (last processed) → `partition:0,offset:42;…` (first to read), for
 * partitions 0…partitions-1. A partition the old statement read nothing from is absent from its
 * offsets; it starts at 0 (Flink falls back to the earliest offset if that is gone). Listing
 * every partition matters: Flink looks an unlisted one up in a consumer group, which statements
 * do not have, and entries for partitions the topic does not have are ignored.
 */
export function nextOffsets(lastProcessed: string, partitions: number = MAX_BUCKETS): string | null {
  if (!OFFSETS.test(lastProcessed)) return null;
  const next = new Map<number, string>();
  for (const part of lastProcessed.split(';')) {
    const [, p, o] = /^partition:(\d+),offset:(\d+)$/.exec(part)!;
    next.set(Number(p), (BigInt(o) + 1n).toString());
  }
  const count = Math.max(partitions, ...[...next.keys()].map((p) => p + 1));
  return Array.from({ length: count }, (_, p) => `partition:${p},offset:${next.get(p) ?? '0'}`).join(';');
}

export type InitialOffsets =
  { ok: true; scans: Record<string, Record<string, string>> } | { ok: false; detail: string };

/**
 * The scan options, per table name, that start a statement where `source` stopped. `phase` and
 * `latestOffsets` are the source's; only a STOPPED statement has offsets to hand on.
 */
export function initialOffsetScans(
  source: string,
  found: { phase: string; latestOffsets: unknown } | null,
): InitialOffsets {
  if (!found) {
    return {
      ok: false,
      detail: `${INITIAL_OFFSET_FROM} names statement ${source}, which does not exist in this environment (any more): there are no offsets to start from. Create the statement without the property, or name a stopped statement.`,
    };
  }
  if (found.phase !== 'STOPPED') {
    return {
      ok: false,
      detail: `${INITIAL_OFFSET_FROM} names statement ${source}, which is ${found.phase}: only a STOPPED statement has offsets to start from. Stop it (or resume and stop it), then resume this one.`,
    };
  }
  const scans: Record<string, Record<string, string>> = {};
  for (const [table, value] of Object.entries((found.latestOffsets ?? {}) as Record<string, unknown>)) {
    const next = typeof value === 'string' ? nextOffsets(value) : null;
    if (next === null) {
      return {
        ok: false,
        detail: `The latest offsets of statement ${source} for table ${table} are not partition:N,offset:M;…: '${String(value)}'.`,
      };
    }
    scans[table] = { 'scan.startup.mode': 'specific-offsets', 'scan.startup.specific-offsets': next };
  }
  return { ok: true, scans };
}
