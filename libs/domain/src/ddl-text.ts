/**
 * What a DDL or INSERT statement's text names, read on the tokens of the one SQL scanner
 * (sql-text.ts), so comments, quoting and case cannot disguise a keyword.
 */

import { withRowtime } from './rowtime';
import { createTableAsKeyword, keywordsAt, nameAt, SqlTextError, tokenize, type SqlToken } from './sql-text';

export type DdlOperation = 'create' | 'create_as' | 'alter' | 'drop';

export interface DdlTarget {
  op: DdlOperation;
  /** 1 to 3 identifier parts as written (table, database.table or catalog.database.table). */
  name: string[];
  ifNotExists: boolean;
  ifExists: boolean;
  temporary: boolean;
}

/** The table a CREATE/ALTER/DROP TABLE statement acts on, or null for other statements. */
export function ddlTarget(sql: string): DdlTarget | null {
  const tokens = tokensOrNull(sql);
  const verb = tokens?.[0]?.type === 'word' ? tokens[0].upper : '';
  if (!tokens || !['CREATE', 'ALTER', 'DROP'].includes(verb)) return null;
  let i = 1;
  const temporary = keywordsAt(tokens, i, 'TEMPORARY');
  if (temporary) i++;
  if (!keywordsAt(tokens, i++, 'TABLE')) return null;
  const ifNotExists = keywordsAt(tokens, i, 'IF', 'NOT', 'EXISTS');
  const ifExists = !ifNotExists && keywordsAt(tokens, i, 'IF', 'EXISTS');
  i += ifNotExists ? 3 : ifExists ? 2 : 0;
  const name = nameAt(tokens, i);
  if (!name) return null;
  const op: DdlOperation =
    verb === 'CREATE'
      ? createTableAsKeyword(tokens, name.next) >= 0
        ? 'create_as'
        : 'create'
      : verb === 'ALTER'
        ? 'alter'
        : 'drop';
  return { op, name: name.name, ifNotExists, ifExists, temporary };
}

/**
 * A CREATE TABLE statement with the system column `$rowtime` and, unless it declares one, the
 * default watermark in its column list (rowtime.ts); other statements unchanged.
 */
export function createTableWithRowtime(sql: string): string {
  const tokens = tokensOrNull(sql);
  if (!tokens || !keywordsAt(tokens, 0, 'CREATE', 'TABLE')) return sql;
  const name = nameAt(tokens, keywordsAt(tokens, 2, 'IF', 'NOT', 'EXISTS') ? 5 : 2);
  // CREATE TABLE … LIKE copies the base table's `$rowtime` and watermark (a session's tables all
  // have them); one that excludes them gets them back when its stored definition is replayed.
  return name && !hasLikeClause(tokens, name.next) ? withRowtime(sql, name.next) : sql;
}

/** Whether a LIKE clause follows `from`, outside any parenthesis (the column list). */
function hasLikeClause(tokens: readonly SqlToken[], from: number): boolean {
  let depth = 0;
  for (const t of tokens.slice(from)) {
    if (t.type === 'symbol' && t.text === '(') depth++;
    else if (t.type === 'symbol' && t.text === ')') depth--;
    else if (depth === 0 && t.type === 'word' && t.upper === 'LIKE') return true;
  }
  return false;
}

/** The table of a `SHOW CREATE TABLE name` statement, as written; null for other statements. */
export function showCreateTarget(sql: string): string[] | null {
  const tokens = tokensOrNull(sql);
  if (!tokens || !keywordsAt(tokens, 0, 'SHOW', 'CREATE', 'TABLE')) return null;
  return nameAt(tokens, 3)?.name ?? null;
}

function tokensOrNull(sql: string): SqlToken[] | null {
  try {
    return tokenize(sql);
  } catch (e) {
    if (e instanceof SqlTextError) return null;
    throw e;
  }
}

/**
 * Splits `CREATE TABLE name [DISTRIBUTED …] [WITH (…)] AS <query>` into the part between the
 * name and AS, and the query: AS is the first one outside parentheses (a computed column's AS
 * is inside the column list).
 */
export function splitCreateTableAs(sql: string): { options: string; query: string } | null {
  const target = ddlTarget(sql);
  const tokens = tokensOrNull(sql);
  if (!tokens || target?.op !== 'create_as' || target.temporary) return null;
  const start = target.ifNotExists ? 5 : 2;
  const name = nameAt(tokens, start)!;
  const as = createTableAsKeyword(tokens, name.next);
  const from = name.next < tokens.length ? tokens[name.next].at : sql.length;
  return { options: sql.slice(from, tokens[as].at).trim(), query: sql.slice(tokens[as].at + 2).trim() };
}

/**
 * The tables a statement inserts into (`INSERT INTO`, `INSERT OVERWRITE`, each INSERT of a
 * statement set), as written: 1 to 3 identifier parts. Strings and comments are not read.
 */
export function insertTargets(sql: string): string[][] {
  const tokens = tokensOrNull(sql) ?? [];
  const targets: string[][] = [];
  tokens.forEach((_, i) => {
    if (keywordsAt(tokens, i, 'INSERT', 'INTO') || keywordsAt(tokens, i, 'INSERT', 'OVERWRITE')) {
      const name = nameAt(tokens, i + 2);
      if (name) targets.push(name.name);
    }
  });
  return targets;
}
