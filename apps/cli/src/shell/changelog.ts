/**
 * A query's result as it stands: the changelog rows of `/results` (+I, -U, +U, -D) applied in
 * order. An update keeps its row's place: +U goes where the matching -U was taken out.
 */
export type ResultRow = unknown[];

export const OP = { INSERT: 0, UPDATE_BEFORE: 1, UPDATE_AFTER: 2, DELETE: 3 } as const;

const same = (a: ResultRow, b: ResultRow) => JSON.stringify(a) === JSON.stringify(b);

export class ChangelogTable {
  readonly rows: ResultRow[] = [];
  private updateAt: number | undefined;
  /** Changes applied so far, for the status line. */
  changes = 0;

  apply(change: { op?: number; row: ResultRow }): void {
    this.changes++;
    const op = change.op ?? OP.INSERT;
    if (op === OP.INSERT) {
      this.rows.push(change.row);
    } else if (op === OP.UPDATE_AFTER) {
      if (this.updateAt !== undefined && this.updateAt <= this.rows.length)
        this.rows.splice(this.updateAt, 0, change.row);
      else this.rows.push(change.row);
      this.updateAt = undefined;
    } else {
      // -U and -D retract the most recent equal row.
      const at = this.rows.findLastIndex((r) => same(r, change.row));
      if (at >= 0) this.rows.splice(at, 1);
      this.updateAt = op === OP.UPDATE_BEFORE && at >= 0 ? at : undefined;
    }
  }
}

/** How a result value reads in a cell: SQL NULL as NULL, nested values as JSON. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
