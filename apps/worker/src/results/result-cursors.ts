import { Injectable } from '@nestjs/common';
import { PrismaService, type Statement } from '#db';
import type { ColumnInfo } from '#engine';
import { encodeResultRows, type EngineRow } from './result-writer';

/** Where a running query's results stand on the SQL Gateway, as stored in PostgreSQL. */
export interface ResultCursor {
  session: string;
  operation: string;
  /** URI of the next page to fetch; null once the results ended. */
  next: string | null;
  /** The last result row stored. */
  seq: bigint;
  columns: ColumnInfo[] | null;
}

/** The cursor a statement row holds, if its query stored one. */
export function cursorOf(
  row: Pick<Statement, 'resultSession' | 'resultOperation' | 'resultNext' | 'resultSeq' | 'resultColumns'>,
): ResultCursor | null {
  if (!row.resultSession || !row.resultOperation) return null;
  return {
    session: row.resultSession,
    operation: row.resultOperation,
    next: row.resultNext,
    seq: row.resultSeq,
    columns: (row.resultColumns as unknown as ColumnInfo[] | null) ?? null,
  };
}

/**
 * Result cursors of foreground queries, kept in PostgreSQL so any engine worker of the pool can
 * continue fetching a query whose worker stopped. A page's rows and the cursor's move past it
 * are stored in one statement, and only from the position the writer read: a page is stored once
 * even when two workers fetched it (the gateway hands out the last page again for the same
 * token), and a worker whose position another one moved learns it from a failed move.
 */
@Injectable()
export class ResultCursors {
  constructor(private readonly prisma: PrismaService) {}

  async load(uid: string): Promise<ResultCursor | null> {
    const row = await this.prisma.statement.findUnique({
      where: { uid },
      select: { resultSession: true, resultOperation: true, resultNext: true, resultSeq: true, resultColumns: true },
    });
    return row ? cursorOf(row) : null;
  }

  /**
   * Stores a new run's cursor with the rows read before its job id showed up; they follow the
   * rows of the statement's earlier runs. Null when the statement is gone.
   */
  async begin(
    uid: string,
    at: { session: string; operation: string; next: string | null; columns: ColumnInfo[] | null },
    rows: EngineRow[],
  ): Promise<ResultCursor | null> {
    const [stored] = await this.prisma.$queryRaw<{ seq: bigint }[]>`
      UPDATE statements
      SET result_session = ${at.session}, result_operation = ${at.operation}, result_next = ${at.next}::text,
          result_columns = ${JSON.stringify(at.columns)}::jsonb
      WHERE uid = ${uid}::uuid
      RETURNING result_seq AS seq`;
    if (!stored) return null;
    const cursor: ResultCursor = { ...at, seq: stored.seq };
    return rows.length ? this.advance(uid, cursor, rows, at.next, at.columns) : cursor;
  }

  /**
   * Stores `rows` after the cursor `from` and moves it to `next`; null when the stored cursor is
   * no longer `from` (another worker moved it, the statement started again or is gone).
   */
  async advance(
    uid: string,
    from: ResultCursor,
    rows: EngineRow[],
    next: string | null,
    columns: ColumnInfo[] | null,
  ): Promise<ResultCursor | null> {
    const encoded = encodeResultRows(columns ?? [], rows);
    const ops = encoded.map((r) => r.op);
    const values = encoded.map((r) => JSON.stringify(r.row));
    const [moved] = await this.prisma.$queryRaw<{ n: number }[]>`
      WITH moved AS (
        UPDATE statements
        SET result_next = ${next}::text, result_seq = result_seq + ${rows.length}, result_columns = ${JSON.stringify(columns)}::jsonb
        WHERE uid = ${uid}::uuid AND result_session = ${from.session} AND result_operation = ${from.operation}
          AND result_seq = ${from.seq} AND result_next IS NOT DISTINCT FROM ${from.next}::text
        RETURNING uid
      ), stored AS (
        INSERT INTO statement_result_rows (statement_uid, seq, op, "row")
        SELECT moved.uid, ${from.seq}::bigint + r.ord, r.op, r.value::jsonb
        FROM moved, unnest(${ops}::smallint[], ${values}::text[]) WITH ORDINALITY AS r(op, value, ord)
        ON CONFLICT DO NOTHING
      )
      SELECT count(*)::int AS n FROM moved`;
    if (!moved || moved.n === 0) return null;
    return { ...from, next, seq: from.seq + BigInt(rows.length), columns };
  }
}
