/**
 * Time as Confluent Cloud has it: every table has the system column `$rowtime`, the Kafka
 * record's timestamp, with Confluent's default watermark on it, `SOURCE_WATERMARK()`.
 *
 * `SOURCE_WATERMARK()` is the watermark of cflink's Kafka source (infra/flink-error-handling,
 * AdaptiveWatermarks): per partition, nothing before 250 records, then the newest timestamp
 * minus a bound learned from how late the partition's recent records were; a partition without
 * records for the source idle timeout (5 minutes unless the statement sets
 * `sql.tables.scan.idle-timeout`) stops holding event time back. A table may declare its own
 * watermark instead.
 *
 * `$rowtime` is a virtual metadata column read under an alias (`METADATA FROM 'timestamp'
 * VIRTUAL`), and sessions expand `*` without such columns, so `SELECT *` does not return it
 * and it is not part of a table's sink schema; DESCRIBE and SHOW CREATE TABLE leave it out,
 * DESCRIBE EXTENDED shows it.
 */

import { keywordsAt, tokenize, type SqlToken } from './sql-text';

export const ROWTIME = '$rowtime';
/** The system column as a CREATE TABLE declares it. */
export const ROWTIME_COLUMN = "`$rowtime` TIMESTAMP_LTZ(3) NOT NULL METADATA FROM 'timestamp' VIRTUAL";
/** The default watermark, Confluent's: the source's own, learned per partition. */
export const DEFAULT_WATERMARK = 'WATERMARK FOR `$rowtime` AS SOURCE_WATERMARK()';
/** Default `table.exec.source.idle-timeout` (statement property `sql.tables.scan.idle-timeout`), Confluent's. */
export const DEFAULT_SOURCE_IDLE_TIMEOUT = '5 min';

/** Flink options every session has: `*` leaves `$rowtime` out, idle partitions stop holding event time. */
export const SESSION_TIME_DEFAULTS: Readonly<Record<string, string>> = {
  'table.column-expansion-strategy': 'EXCLUDE_ALIASED_VIRTUAL_METADATA_COLUMNS',
  'table.exec.source.idle-timeout': DEFAULT_SOURCE_IDLE_TIMEOUT,
};

/** How Flink prints the system column and the default watermark in SHOW CREATE TABLE. */
const SHOWN_ROWTIME_COLUMN = "`$rowtime` TIMESTAMP(3) WITH LOCAL TIME ZONE NOT NULL METADATA FROM 'timestamp' VIRTUAL";
const SHOWN_DEFAULT_WATERMARK = 'WATERMARK FOR `$rowtime` AS `SOURCE_WATERMARK`()';
/**
 * The default watermark of tables stored before `SOURCE_WATERMARK()` was, as Flink printed it: a
 * stored body carrying it gets today's default when a session re-creates the table.
 */
const FORMER_DEFAULT_WATERMARK = "WATERMARK FOR `$rowtime` AS `$rowtime` - INTERVAL '1' SECOND";

function isSymbol(t: SqlToken | undefined, text: string): boolean {
  return t?.type === 'symbol' && t.text === text;
}

function isRowtimeName(t: SqlToken | undefined): boolean {
  return (t?.type === 'word' || t?.type === 'quoted') && t.text === ROWTIME;
}

/** What a column list (the parenthesis at `tokens[open]`) declares about time. */
interface ColumnList {
  close: number;
  declaresRowtime: boolean;
  declaresWatermark: boolean;
}

function columnListAt(tokens: readonly SqlToken[], open: number): ColumnList | null {
  if (!isSymbol(tokens[open], '(')) return null;
  let depth = 0;
  let declaresRowtime = false;
  let declaresWatermark = false;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i];
    if (isSymbol(t, '(')) depth++;
    else if (isSymbol(t, ')') && --depth === 0) return { close: i, declaresRowtime, declaresWatermark };
    else if (depth === 1 && (isSymbol(tokens[i - 1], '(') || isSymbol(tokens[i - 1], ','))) {
      // An element of the list starts here: a column (its name first) or a constraint/watermark.
      if (isRowtimeName(t)) declaresRowtime = true;
      if (keywordsAt(tokens, i, 'WATERMARK')) declaresWatermark = true;
    }
  }
  return null;
}

export class RowtimeError extends Error {}

/**
 * A CREATE TABLE text (or a stored body, from its column list on) with the system column and,
 * unless it declares a watermark, the default one added at the end of its column list. `from` is
 * the token index where the column list starts (or would). A text that declares `$rowtime` as a
 * column of its own is refused: the column is the system's. Idempotent on stored bodies, which
 * already carry the column as the system declares it; one stored with the former default
 * watermark gets today's.
 */
export function withRowtime(text: string, from = 0, stored = false): string {
  const sql = stored ? withCurrentDefaultWatermark(text) : text;
  const tokens = tokenize(sql);
  const list = columnListAt(tokens, from);
  if (!list) {
    const at = from < tokens.length ? tokens[from].at : sql.length;
    return `${sql.slice(0, at)}(\n  ${ROWTIME_COLUMN},\n  ${DEFAULT_WATERMARK}\n) ${sql.slice(at)}`;
  }
  if (list.declaresRowtime && !stored) {
    throw new RowtimeError(
      '`$rowtime` is a system column of every table (the Kafka record timestamp): remove it from the column list. Its watermark can be declared: WATERMARK FOR `$rowtime` AS ….',
    );
  }
  const additions = [
    ...(list.declaresRowtime ? [] : [ROWTIME_COLUMN]),
    ...(list.declaresWatermark ? [] : [DEFAULT_WATERMARK]),
  ];
  if (additions.length === 0) return sql;
  const closeAt = tokens[list.close].at;
  const before = sql.slice(0, closeAt);
  const trimmed = before.trimEnd();
  // Right after the last element when only whitespace follows it (as Flink prints); otherwise
  // (a trailing comment) just before the parenthesis, which is outside any comment.
  const lastCode = tokenize(`${trimmed},`).at(-1);
  const afterCode = lastCode?.type === 'symbol' && lastCode.at === trimmed.length;
  const at = afterCode ? trimmed.length : closeAt;
  const indent = /\n( *)\S[^\n]*$/.exec(trimmed)?.[1] ?? ' ';
  const inserted = additions.map((a) => `,\n${indent}${a}`).join('');
  return `${sql.slice(0, at)}${inserted}${afterCode ? '' : '\n'}${sql.slice(at)}`;
}

/** A stored body (Flink prints one element of the column list a line) with the former default replaced. */
function withCurrentDefaultWatermark(body: string): string {
  return body
    .split('\n')
    .map((line) => {
      const element = /^(\s*)(.*?)(,?)$/.exec(line)!;
      return element[2] === FORMER_DEFAULT_WATERMARK ? `${element[1]}${DEFAULT_WATERMARK}${element[3]}` : line;
    })
    .join('\n');
}

/**
 * SHOW CREATE TABLE as a user reads it: without the system column and the default watermark
 * (a watermark the table declares stays); `systemWatermark` when the system gave the table
 * another one (the examples). Flink prints one element of the column list a line.
 */
export function withoutSystemColumns(shown: string, systemWatermark = SHOWN_DEFAULT_WATERMARK): string {
  const lines = shown.split('\n');
  const open = lines.findIndex((l) => l.endsWith('('));
  const close = lines.findIndex((l, i) => i > open && l === ')');
  if (open < 0 || close < 0) return shown;
  const hidden = [SHOWN_ROWTIME_COLUMN, systemWatermark];
  const kept = lines.slice(open + 1, close).filter((l) => !hidden.includes(l.trim().replace(/,$/, '')));
  const columns = kept.map((l, i) => (i < kept.length - 1 ? l.replace(/,?$/, ',') : l.replace(/,$/, '')));
  return [...lines.slice(0, open + 1), ...columns, ...lines.slice(close)].join('\n');
}

/** Whether a stored or shown body still has the system column as the system declares it. */
export function hasSystemRowtime(body: string): boolean {
  return body.includes(SHOWN_ROWTIME_COLUMN);
}

/** Whether a SHOW statement lists a table's columns (`SHOW COLUMNS FROM t`): rows like DESCRIBE's. */
export function showsColumns(statement: string): boolean {
  return keywordsAt(tokenize(statement), 0, 'SHOW', 'COLUMNS');
}

/** DESCRIBE and SHOW COLUMNS leave the system column out; DESCRIBE EXTENDED shows it. */
export function describedRows<R extends { fields: unknown[] }>(statement: string, rows: R[]): R[] {
  const tokens = tokenize(statement);
  const extended = keywordsAt(tokens, 1, 'EXTENDED');
  return extended ? rows : rows.filter((r) => r.fields[0] !== ROWTIME);
}
