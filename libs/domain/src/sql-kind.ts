import { createTableAsKeyword, keywordsAt, nameAt, SqlTextError, tokenize, type SqlToken } from './sql-text';

/**
 * What a statement's SQL does (status.traits.sql_kind), and whether a tenant may run it at all.
 * This is the allowlist of the SQL boundary: a statement is one of the kinds below or it fails
 * before it reaches the engine. Anything Flink can parse that is not listed here — SET/RESET,
 * ADD/REMOVE JAR, LOAD/UNLOAD MODULE, CALL, COMPILE/EXECUTE PLAN, CREATE CATALOG/FUNCTION/VIEW,
 * temporary tables, SHOW JOBS or STOP JOB (which see every tenant's jobs), and kinds a future
 * Flink adds — is refused.
 */
export const SQL_KINDS = [
  'CREATE_TABLE',
  'CREATE_TABLE_AS',
  'ALTER_TABLE',
  'DROP_TABLE',
  'INSERT_INTO',
  'EXECUTE_STATEMENT_SET',
  'SELECT',
  'SHOW',
  'DESCRIBE',
  'EXPLAIN',
  'USE',
  'OTHER',
] as const;
export type SqlKind = (typeof SQL_KINDS)[number];

export type StatementVerdict = { allowed: true; kind: SqlKind } | { allowed: false; kind: 'OTHER'; detail: string };

/** What SHOW may list: only what the statement's own session holds. */
const SHOW_OBJECTS: readonly (readonly string[])[] = [
  ['CATALOGS'],
  ['CURRENT', 'CATALOG'],
  ['DATABASES'],
  ['CURRENT', 'DATABASE'],
  ['TABLES'],
  ['VIEWS'],
  ['COLUMNS'],
  ['FUNCTIONS'],
  ['USER', 'FUNCTIONS'],
  ['CREATE', 'TABLE'],
];

/** EXPLAIN details that describe the plan; JSON_EXECUTION_PLAN is left out (it carries table options). */
const EXPLAIN_DETAILS = new Set(['ESTIMATED_COST', 'CHANGELOG_MODE', 'PLAN_ADVICE']);

const SUPPORTED =
  'CREATE/ALTER/DROP TABLE, CREATE TABLE … AS SELECT, SELECT, INSERT INTO, EXECUTE STATEMENT SET, ' +
  'SHOW, DESCRIBE, EXPLAIN and USE';

function refuse(what: string): StatementVerdict {
  return {
    allowed: false,
    kind: 'OTHER',
    detail: `${what} is not supported. Statements may be ${SUPPORTED}; statement properties go in spec.properties.`,
  };
}

function allow(kind: SqlKind): StatementVerdict {
  return { allowed: true, kind };
}

/** The first words of a statement as written, for a detail (at most four tokens). */
function leading(tokens: readonly SqlToken[], from = 0): string {
  return tokens
    .slice(from, from + 4)
    .map((t) => (t.type === 'word' ? t.upper : t.text))
    .join(' ');
}

/** A query: SELECT, WITH, VALUES or a parenthesised query. */
function isQueryAt(tokens: readonly SqlToken[], i: number): boolean {
  const t = tokens[i];
  if (t?.type === 'symbol' && t.text === '(') return isQueryAt(tokens, i + 1);
  return keywordsAt(tokens, i, 'SELECT') || keywordsAt(tokens, i, 'WITH') || keywordsAt(tokens, i, 'VALUES');
}

/** Judges the statement that starts at `tokens[i]` (a trailing `;` is allowed). */
function judgeAt(tokens: readonly SqlToken[], i: number): StatementVerdict {
  if (i >= tokens.length) return { allowed: false, kind: 'OTHER', detail: 'The statement is empty.' };
  if (isQueryAt(tokens, i)) return allow('SELECT');
  if (keywordsAt(tokens, i, 'INSERT', 'INTO') || keywordsAt(tokens, i, 'INSERT', 'OVERWRITE'))
    return allow('INSERT_INTO');
  if (keywordsAt(tokens, i, 'EXECUTE', 'STATEMENT', 'SET') || keywordsAt(tokens, i, 'BEGIN', 'STATEMENT', 'SET')) {
    return allow('EXECUTE_STATEMENT_SET');
  }
  if (keywordsAt(tokens, i, 'CREATE', 'TABLE')) {
    const name = nameAt(tokens, keywordsAt(tokens, i + 2, 'IF', 'NOT', 'EXISTS') ? i + 5 : i + 2);
    return allow(name && createTableAsKeyword(tokens, name.next) >= 0 ? 'CREATE_TABLE_AS' : 'CREATE_TABLE');
  }
  if (keywordsAt(tokens, i, 'ALTER', 'TABLE')) return allow('ALTER_TABLE');
  if (keywordsAt(tokens, i, 'DROP', 'TABLE')) return allow('DROP_TABLE');
  if (keywordsAt(tokens, i, 'CREATE', 'TEMPORARY') || keywordsAt(tokens, i, 'DROP', 'TEMPORARY')) {
    return refuse(`${leading(tokens, i)}: temporary objects`);
  }
  if (keywordsAt(tokens, i, 'SHOW')) {
    return SHOW_OBJECTS.some((words) => keywordsAt(tokens, i + 1, ...words))
      ? allow('SHOW')
      : refuse(leading(tokens, i));
  }
  if (keywordsAt(tokens, i, 'DESCRIBE') || keywordsAt(tokens, i, 'DESC')) {
    const at = keywordsAt(tokens, i + 1, 'EXTENDED') ? i + 2 : i + 1;
    const next = tokens[at];
    // DESCRIBE JOB/MODEL/… name things outside the session; a table called so can be quoted.
    if (next?.type === 'word' && ['JOB', 'MODEL', 'CATALOG', 'DATABASE', 'FUNCTION'].includes(next.upper)) {
      return refuse(leading(tokens, i));
    }
    return nameAt(tokens, at) ? allow('DESCRIBE') : refuse(leading(tokens, i));
  }
  if (keywordsAt(tokens, i, 'EXPLAIN')) {
    let k = i + 1;
    if (keywordsAt(tokens, k, 'PLAN', 'FOR')) k += 2;
    else {
      while (tokens[k]?.type === 'word' && EXPLAIN_DETAILS.has((tokens[k] as { upper: string }).upper)) {
        k++;
        if (tokens[k]?.type === 'symbol' && tokens[k].text === ',') k++;
      }
      if (tokens[k]?.type === 'word' && (tokens[k] as { upper: string }).upper === 'JSON_EXECUTION_PLAN') {
        return refuse('EXPLAIN JSON_EXECUTION_PLAN');
      }
    }
    const inner = judgeAt(tokens, k);
    if (!inner.allowed) return inner;
    return ['SELECT', 'INSERT_INTO', 'EXECUTE_STATEMENT_SET'].includes(inner.kind)
      ? allow('EXPLAIN')
      : refuse(`EXPLAIN of ${leading(tokens, k)}`);
  }
  if (keywordsAt(tokens, i, 'USE')) {
    if (keywordsAt(tokens, i + 1, 'MODULES')) return refuse('USE MODULES');
    const at = keywordsAt(tokens, i + 1, 'CATALOG') ? i + 2 : i + 1;
    const name = nameAt(tokens, at);
    return name && name.next >= tokens.length - (tokens.at(-1)?.text === ';' ? 1 : 0)
      ? allow('USE')
      : refuse(leading(tokens, i));
  }
  return refuse(leading(tokens, i) || 'This statement');
}

/** Whether a tenant may run `sql`, and what kind of statement it is. */
export function judgeStatement(sql: string): StatementVerdict {
  let tokens: SqlToken[];
  try {
    tokens = tokenize(sql);
  } catch (e) {
    if (e instanceof SqlTextError)
      return { allowed: false, kind: 'OTHER', detail: `The statement cannot be read: ${e.message}` };
    throw e;
  }
  return judgeAt(tokens, 0);
}

export function sqlKind(sql: string): SqlKind {
  return judgeStatement(sql).kind;
}

/** Kinds whose job keeps running (or can be stopped and resumed) rather than completing at once. */
export function isResumableKind(kind: SqlKind): boolean {
  return kind === 'INSERT_INTO' || kind === 'EXECUTE_STATEMENT_SET' || kind === 'CREATE_TABLE_AS';
}
