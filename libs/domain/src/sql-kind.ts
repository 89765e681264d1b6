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

/** Where the statement an EXPLAIN at `tokens[i]` explains starts (after PLAN FOR or its details). */
function explainedAt(tokens: readonly SqlToken[], i: number): number {
  let k = i + 1;
  if (keywordsAt(tokens, k, 'PLAN', 'FOR')) return k + 2;
  while (tokens[k]?.type === 'word' && EXPLAIN_DETAILS.has((tokens[k] as { upper: string }).upper)) {
    k++;
    if (tokens[k]?.type === 'symbol' && tokens[k].text === ',') k++;
  }
  return k;
}

/**
 * The statement an allowed EXPLAIN explains, as written (null for other statements): the worker
 * checks its plan like the statement's own, so an EXPLAIN cannot carry a hint or a table that
 * running it could not.
 */
export function explainedStatement(sql: string): string | null {
  if (judgeStatement(sql).kind !== 'EXPLAIN') return null;
  const tokens = tokenize(sql);
  const at = tokens[explainedAt(tokens, 0)]?.at;
  return at === undefined ? null : sql.slice(at);
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
    const k = explainedAt(tokens, i);
    if (tokens[k]?.type === 'word' && (tokens[k] as { upper: string }).upper === 'JSON_EXECUTION_PLAN') {
      return refuse('EXPLAIN JSON_EXECUTION_PLAN');
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

/**
 * Whether a `;` outside parentheses ends the statement before its last token, so that another
 * statement follows (judged by nobody). Inside a statement set a `;` may only separate its
 * INSERTs or come before its END (and a last `;`).
 */
function hasStatementAfter(tokens: readonly SqlToken[], kind: SqlKind): boolean {
  const inSet = kind === 'EXECUTE_STATEMENT_SET' || kind === 'EXPLAIN';
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type !== 'symbol') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (t.text === ';' && depth === 0 && i < tokens.length - 1) {
      if (!inSet) return true;
      if (keywordsAt(tokens, i + 1, 'INSERT')) continue;
      const afterEnd = i + 2;
      const last = afterEnd === tokens.length || (afterEnd === tokens.length - 1 && tokens[afterEnd].text === ';');
      if (!keywordsAt(tokens, i + 1, 'END') || !last) return true;
    }
  }
  return false;
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
  const verdict = judgeAt(tokens, 0);
  if (verdict.allowed && hasStatementAfter(tokens, verdict.kind)) {
    return {
      allowed: false,
      kind: 'OTHER',
      detail:
        'A statement holds one SQL statement (or one statement set): remove what follows the `;`, and submit it as a statement of its own.',
    };
  }
  return verdict;
}

export function sqlKind(sql: string): SqlKind {
  return judgeStatement(sql).kind;
}

/** Kinds whose job keeps running (or can be stopped and resumed) rather than completing at once. */
export function isResumableKind(kind: SqlKind): boolean {
  return kind === 'INSERT_INTO' || kind === 'EXECUTE_STATEMENT_SET' || kind === 'CREATE_TABLE_AS';
}
