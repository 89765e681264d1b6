import { Injectable } from '@nestjs/common';
import { PrismaService } from '#db';
import { columnDataType, encodeRow, ROW_OPS, type EngineLogicalType } from '#domain';
import type { ColumnInfo, RowKind } from '#engine';

export type EngineRow = { kind: RowKind; fields: unknown[] };

/**
 * The rows of a statement that answers about the catalog (SHOW CREATE TABLE and the like) without
 * the Kafka client settings a session adds to tables, which hold the principal's credentials.
 * Query results are the user's data and are never rewritten.
 */
export function withoutClientProperties(rows: EngineRow[]): EngineRow[] {
  const redact = (value: unknown): unknown =>
    typeof value === 'string' && value.includes("'properties.")
      ? value.replace(/\n\s*'properties\.[^\n]*/g, '').replace(/,(\n\))/g, '$1')
      : value;
  return rows.map((r) => ({ ...r, fields: r.fields.map(redact) }));
}

/**
 * PostgreSQL's jsonb cannot hold NUL in a string: a value with one (e.g. raw record bytes cast
 * to STRING) would fail the query. It is stored as U+FFFD, the character for a value that cannot
 * be shown.
 */
export function storable(row: unknown): unknown {
  const json = JSON.stringify(row);
  // An escape `\u0000` (an odd run of backslashes before u0000): an escaped backslash is text.
  const nul = /(?<!\\)((?:\\\\)*)\\u0000/g;
  return nul.test(json) ? (JSON.parse(json.replace(nul, '$1\\ufffd')) as unknown) : row;
}

/** Rows as stored: the wire's op code and the encoded, storable row. */
export function encodeResultRows(columns: ColumnInfo[], rows: EngineRow[]): { op: number; row: unknown }[] {
  const types = columns.map((c) => ({ logicalType: c.logicalType as EngineLogicalType }));
  return rows.map((r) => ({ op: ROW_OPS[r.kind] ?? 0, row: storable(encodeRow(r.fields, types)) }));
}

/** Appends a statement's result rows to PostgreSQL, numbered from 1, for GET …/results. */
@Injectable()
export class ResultWriter {
  constructor(private readonly prisma: PrismaService) {}

  /** Writes `rows` after row `lastSeq`; returns the new last seq. */
  async append(statementUid: string, lastSeq: bigint, columns: ColumnInfo[], rows: EngineRow[]): Promise<bigint> {
    if (rows.length === 0) return lastSeq;
    let seq = lastSeq;
    await this.prisma.statementResultRow.createMany({
      data: encodeResultRows(columns, rows).map((r) => ({ statementUid, seq: ++seq, op: r.op, row: r.row as never })),
      // A retried start writes the same rows again.
      skipDuplicates: true,
    });
    return seq;
  }
}

/** status.traits.schema from the engine's result columns. */
export function schemaTraits(columns: ColumnInfo[] | undefined) {
  if (!columns) return undefined;
  return {
    schema: {
      columns: columns.map((c) => ({ name: c.name, type: columnDataType(c.logicalType as EngineLogicalType) })),
    },
  };
}
