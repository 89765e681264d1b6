import type { SqlKind } from './sql-kind';
import { tokenize } from './sql-text';

/** Kinds that only read and write existing tables: their session needs no table they do not name. */
const NAMING_KINDS: ReadonlySet<SqlKind> = new Set<SqlKind>([
  'INSERT_INTO',
  'EXECUTE_STATEMENT_SET',
  'SELECT',
  'EXPLAIN',
]);

/**
 * Which of an environment's tables are replayed into a statement's gateway session (each is a
 * SQL Gateway round trip). A query, INSERT, statement set or EXPLAIN gets the tables whose name
 * appears in its text as an identifier, in any case: an over-approximation (a column that shares
 * a table's name costs one more CREATE TABLE), and a table it uses but does not name cannot
 * exist, as views are not supported. DDL, SHOW and DESCRIBE get every table. Leaving a table out
 * only hides the environment's own table from a statement that does not name it: what a session
 * may hold (the environment's tables, the examples) does not change.
 */
export function tablesToReplay(statement: string, kind: SqlKind, names: readonly string[]): Set<string> {
  if (!NAMING_KINDS.has(kind)) return new Set(names);
  const named = new Set(
    tokenize(statement)
      .filter((t) => t.type === 'word' || t.type === 'quoted')
      .map((t) => t.text.toLowerCase()),
  );
  return new Set(names.filter((n) => named.has(n.toLowerCase())));
}
