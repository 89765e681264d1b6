/**
 * SqlKind: what a statement's SQL does, from its text alone (status.traits.sql_kind). Workers
 * use it to decide how a statement ends (DDL completes, INSERTs run a job).
 */
export const SQL_KINDS = [
  'CREATE_TABLE',
  'CREATE_TABLE_AS',
  'INSERT_INTO',
  'EXECUTE_STATEMENT_SET',
  'SELECT',
  'DDL',
  'OTHER',
] as const;
export type SqlKind = (typeof SQL_KINDS)[number];

/** Drops leading comments and whitespace so the first keyword decides. */
function stripLeading(sql: string): string {
  let s = sql;
  for (;;) {
    const next = s
      .replace(/^\s+/, '')
      .replace(/^--[^\n]*\n?/, '')
      .replace(/^\/\*[\s\S]*?\*\//, '');
    if (next === s) return s;
    s = next;
  }
}

export function sqlKind(sql: string): SqlKind {
  const s = stripLeading(sql).toUpperCase();
  if (/^CREATE\s+(TEMPORARY\s+)?TABLE\b/.test(s)) {
    // CTAS: an AS SELECT after the table's name and optional column list and WITH options.
    return /\bAS\s+(SELECT|WITH|\()/.test(s) ? 'CREATE_TABLE_AS' : 'CREATE_TABLE';
  }
  if (/^(INSERT|UPSERT)\s+(INTO|OVERWRITE)\b/.test(s)) return 'INSERT_INTO';
  if (/^(EXECUTE\s+)?STATEMENT\s+SET\b/.test(s) || /^BEGIN\s+STATEMENT\s+SET\b/.test(s)) return 'EXECUTE_STATEMENT_SET';
  if (/^(SELECT|WITH|VALUES)\b/.test(s)) return 'SELECT';
  if (/^(CREATE|ALTER|DROP)\b/.test(s)) return 'DDL';
  return 'OTHER';
}

/** Kinds whose job keeps running (or can be stopped and resumed) rather than completing at once. */
export function isResumableKind(kind: SqlKind): boolean {
  return kind === 'INSERT_INTO' || kind === 'EXECUTE_STATEMENT_SET' || kind === 'CREATE_TABLE_AS';
}
