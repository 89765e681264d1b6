/**
 * When the scheduler's notification check reports dead letters and CFU-minute budgets
 * (docs/notifications.md): windows, periods and thresholds, without I/O.
 */
import { parseCanonicalTable } from './canonical-table';
import { errorHandlingOf } from './error-handling';

const MINUTE_MS = 60_000;

/** Start of the dead-letter window holding `at`: windows of `minutes` aligned to the Unix epoch (UTC). */
export function deadLetterWindowStart(at: Date, minutes: number): Date {
  const size = minutes * MINUTE_MS;
  return new Date(Math.floor(at.getTime() / size) * size);
}

/** A sample's increase of a statement's cumulative dead-letter counter (reset-aware, as the Metrics API counts it). */
export interface DeadLetterGrowth {
  at: Date;
  increase: number;
}

/**
 * The dead letters a statement wrote in the window holding `now` (null when none): one
 * notification per statement and window, so a steady trickle sends one per window.
 */
export function deadLettersInWindow(
  growth: readonly DeadLetterGrowth[],
  now: Date,
  minutes: number,
): { windowStart: Date; count: number } | null {
  const windowStart = deadLetterWindowStart(now, minutes);
  const count = growth
    .filter((g) => g.at >= windowStart && g.at <= now && g.increase > 0)
    .reduce((sum, g) => sum + g.increase, 0);
  return count > 0 ? { windowStart, count } : null;
}

/** Increase of a cumulative counter between two samples: a drop is a restarted job counting from 0. */
export function counterIncrease(previous: number | null, value: number): number {
  return previous === null || value < previous ? value : value - previous;
}

/** A table a statement reads (its stored TableUse): qualified name and topic CRN. */
export interface ReadTable {
  table: string;
  topicCrn: string;
}

/**
 * The dead-letter tables a statement writes: the `error-handling.log.target` of each table it
 * reads in mode `log`, in the read table's catalog and database. `definitionOf` gives a stored
 * table definition by cluster id and table name.
 */
export function deadLetterTablesOf(
  reads: readonly ReadTable[],
  definitionOf: (clusterId: string, table: string) => string | undefined,
): string[] {
  const out = new Set<string>();
  for (const read of reads) {
    const where = /\/kafka=([^/]+)\/topic=([^/]+)$/.exec(read.topicCrn);
    const parts = [...read.table.matchAll(/`((?:[^`]|``)*)`/g)].map((m) => m[0]);
    if (!where || parts.length !== 3) continue;
    const definition = definitionOf(where[1], where[2]);
    if (definition === undefined) continue;
    const handling = errorHandlingOf(parseCanonicalTable(`CREATE TABLE ${parts.join('.')} ${definition}\n`).options);
    if (handling.mode === 'log') out.add(`${parts[0]}.${parts[1]}.\`${handling.target.replace(/`/g, '``')}\``);
  }
  return [...out].sort();
}

/** The query that reads a statement's dead letters from one of its dead-letter tables. */
export function deadLetterQuery(table: string, statementName: string): string {
  return `SELECT * FROM ${table} WHERE statement_name = '${statementName.replace(/'/g, "''")}'`;
}

/** A CFU-minute budget's period: the calendar month (UTC) holding `now`. */
export function budgetPeriod(now: Date): { label: string; start: Date; end: Date } {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  return {
    label: `${y}-${String(m + 1).padStart(2, '0')}`,
    start: new Date(Date.UTC(y, m, 1)),
    end: new Date(Date.UTC(y, m + 1, 1)),
  };
}

/** CFU-minutes at which a threshold (percent of the budget) is crossed: reaching it counts. */
export function thresholdCfuMinutes(budgetCfuMinutes: number, percent: number): number {
  return Math.ceil((budgetCfuMinutes * percent) / 100);
}

/** The thresholds (percent of the budget) that `usedCfuMinutes` has reached, lowest first. */
export function crossedThresholds(
  usedCfuMinutes: number,
  budgetCfuMinutes: number,
  thresholdsPercent: readonly number[],
): number[] {
  return [...new Set(thresholdsPercent)]
    .filter((p) => usedCfuMinutes >= thresholdCfuMinutes(budgetCfuMinutes, p))
    .sort((a, b) => a - b);
}
