/**
 * The catalog's naming and DDL rules, pure. An environment is a Flink catalog, its logical Kafka
 * cluster is a database and a table is a Kafka topic plus the definition the user gave. The
 * definition is kept as Flink prints it (SHOW CREATE TABLE) minus the connector options the
 * engine adds in each session, so changing brokers or credentials never rewrites the catalog.
 */

export const EXAMPLES_CATALOG = 'examples';
export const EXAMPLES_DATABASE = 'marketplace';

/** Catalog names every session already has: Flink's built-in one and the examples. */
const RESERVED_CATALOGS = ['default_catalog', EXAMPLES_CATALOG];

/**
 * The Flink catalog of an environment: its display name, or its id when the display name is a
 * catalog every session already has (an environment called `examples` would otherwise shadow
 * the examples, or fail every statement).
 */
export function environmentCatalogName(displayName: string, environmentId: string): string {
  return RESERVED_CATALOGS.includes(displayName) ? environmentId : displayName;
}

/** The environment's logical Kafka cluster: `env-abc123` → `lkc-abc123`. */
export function kafkaClusterIdOf(environmentId: string): string {
  return `lkc-${environmentId.replace(/^env-/, '')}`;
}

/** The physical topic of a table: logical clusters share the region's Kafka under their id. */
export function topicOf(clusterId: string, table: string): string {
  return `${clusterId}.${table}`;
}

export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

export function qualifiedName(parts: readonly string[]): string {
  return parts.map(quoteIdentifier).join('.');
}

/** Default number of partitions of a table's topic without `DISTRIBUTED … INTO n BUCKETS`. */
export const DEFAULT_BUCKETS = 6;
export const MAX_BUCKETS = 1024;

/** Options a user may set on a table; the connector, topic and client properties are the engine's. */
const USER_OPTIONS = new Set([
  'changelog.mode',
  'key.format',
  'value.format',
  'key.fields-prefix',
  'value.fields-include',
  'scan.startup.mode',
  'scan.startup.timestamp-millis',
  'scan.startup.specific-offsets',
  'scan.bounded.mode',
  'scan.bounded.timestamp-millis',
  'scan.bounded.specific-offsets',
  'kafka.retention.time',
  'kafka.cleanup-policy',
]);
const USER_OPTION_PREFIXES = ['json.', 'key.json.', 'value.json.', 'raw.', 'key.raw.', 'value.raw.'];
export const FORMATS = ['json', 'raw'];

/** The first option the user may not set, with what to do instead; null when all are allowed. */
export function invalidUserOption(options: Record<string, string>): string | null {
  for (const [key, value] of Object.entries(options)) {
    const allowed = USER_OPTIONS.has(key) || USER_OPTION_PREFIXES.some((p) => key.startsWith(p));
    if (!allowed) {
      return `Table option '${key}' cannot be set: cflink manages the connector, topic and Kafka client of every table. Remove it; allowed options are ${[...USER_OPTIONS].join(', ')} and format options (json.*, raw.*).`;
    }
    if ((key === 'key.format' || key === 'value.format') && !FORMATS.includes(value)) {
      return `Table option '${key}' = '${value}' is not supported; use one of ${FORMATS.join(', ')}.`;
    }
  }
  return null;
}

export interface CanonicalTable {
  /** Columns, constraints, comment and partitioning: everything between the name and DISTRIBUTED/WITH. */
  body: string;
  distribution: { keys: string[]; buckets: number | null } | null;
  options: Record<string, string>;
  primaryKey: string[];
}

function unquote(s: string): string {
  return s.replace(/''/g, "'");
}

/** Reads the output of SHOW CREATE TABLE (`CREATE TABLE \`c\`.\`d\`.\`t\` (…) … WITH (…)`). */
export function parseCanonicalTable(ddl: string): CanonicalTable {
  const head = /^CREATE (?:TEMPORARY )?TABLE (?:`(?:[^`]|``)*`\.){2}`(?:[^`]|``)*`\s*/.exec(ddl);
  if (!head) throw new Error(`Not a CREATE TABLE statement as Flink prints it: ${ddl.slice(0, 80)}`);
  let rest = ddl.slice(head[0].length);
  const options: Record<string, string> = {};
  const withAt = rest.search(/\nWITH \(\n/);
  if (withAt >= 0) {
    for (const m of rest.slice(withAt).matchAll(/'((?:[^']|'')*)' = '((?:[^']|'')*)'/g)) {
      options[unquote(m[1])] = unquote(m[2]);
    }
    rest = rest.slice(0, withAt + 1);
  }
  let distribution: CanonicalTable['distribution'] = null;
  const dist = /^DISTRIBUTED (?:BY (?:HASH|RANGE)?\(([^)]*)\)\s*)?(?:INTO (\d+) BUCKETS)?\s*$/m.exec(rest);
  if (dist) {
    const keys = (dist[1] ?? '')
      .split(',')
      .map((k) => k.trim().replace(/^`|`$/g, '').replace(/``/g, '`'))
      .filter(Boolean);
    distribution = { keys, buckets: dist[2] ? Number(dist[2]) : null };
    rest = rest.slice(0, dist.index) + rest.slice(dist.index + dist[0].length);
  }
  const pk = /PRIMARY KEY \(([^)]*)\)/.exec(rest);
  const primaryKey = pk ? pk[1].split(',').map((k) => k.trim().replace(/^`|`$/g, '').replace(/``/g, '`')) : [];
  return { body: rest.trim(), distribution, options, primaryKey };
}

export function bucketsOf(table: CanonicalTable): number {
  return table.distribution?.buckets ?? DEFAULT_BUCKETS;
}

function optionList(options: Record<string, string>): string {
  return Object.entries(options)
    .map(([k, v]) => `'${k.replace(/'/g, "''")}' = '${v.replace(/'/g, "''")}'`)
    .join(',\n  ');
}

/** The stored definition: what SHOW CREATE TABLE showed, with the engine's options left out. */
export function storedDefinition(table: CanonicalTable): string {
  const dist = table.distribution
    ? `\nDISTRIBUTED ${table.distribution.keys.length ? `BY HASH(${table.distribution.keys.map(quoteIdentifier).join(', ')}) ` : ''}INTO ${bucketsOf(table)} BUCKETS`
    : '';
  const opts = Object.keys(table.options).length ? `\nWITH (\n  ${optionList(table.options)}\n)` : '';
  return `${table.body}${dist}${opts}`;
}

export interface EngineConnection {
  bootstrapServers: string;
  /** Extra Kafka client properties (`properties.*`), e.g. security settings of a remote cluster. */
  properties?: Record<string, string>;
}

/**
 * The connector options a session adds to a stored table: the Kafka connector (upsert-kafka for
 * a table with a primary key) on the table's topic, read-committed reads from the earliest
 * offset and exactly-once writes. Hash distribution keys become the record key, since Flink's
 * Kafka sink does not take buckets (the topic's partitions are the buckets).
 */
export function connectorOptions(
  table: CanonicalTable,
  topic: string,
  connection: EngineConnection,
  transactionalIdPrefix: string,
): Record<string, string> {
  const user = table.options;
  const valueFormat = user['value.format'] ?? 'json';
  const common: Record<string, string> = {
    topic,
    'properties.bootstrap.servers': connection.bootstrapServers,
    'properties.isolation.level': 'read_committed',
    'sink.delivery-guarantee': 'exactly-once',
    'sink.transactional-id-prefix': transactionalIdPrefix,
    ...Object.fromEntries(Object.entries(connection.properties ?? {}).map(([k, v]) => [`properties.${k}`, v])),
  };
  const rest = Object.fromEntries(
    Object.entries(user).filter(
      ([k]) => !['changelog.mode', 'kafka.retention.time', 'kafka.cleanup-policy'].includes(k),
    ),
  );
  if (table.primaryKey.length > 0) {
    const upsert = { ...rest };
    for (const k of Object.keys(upsert)) if (k.startsWith('scan.')) delete upsert[k];
    return {
      ...upsert,
      connector: 'upsert-kafka',
      'key.format': user['key.format'] ?? 'json',
      'value.format': valueFormat,
      ...common,
    };
  }
  const keys = table.distribution?.keys ?? [];
  return {
    'scan.startup.mode': 'earliest-offset',
    ...rest,
    connector: 'kafka',
    'value.format': valueFormat,
    ...(keys.length ? { 'key.format': user['key.format'] ?? 'json', 'key.fields': keys.join(';') } : {}),
    ...common,
  };
}

/** The DDL a session runs to make a stored table usable. */
export function sessionTableDdl(
  qualified: readonly string[],
  table: CanonicalTable,
  connector: Record<string, string>,
): string {
  return `CREATE TABLE ${qualifiedName(qualified)} ${table.body}\nWITH (\n  ${optionList(connector)}\n)`;
}

export type DdlOperation = 'create' | 'create_as' | 'alter' | 'drop';

export interface DdlTarget {
  op: DdlOperation;
  /** 1 to 3 identifier parts as written (table, database.table or catalog.database.table). */
  name: string[];
  ifNotExists: boolean;
  ifExists: boolean;
  temporary: boolean;
}

/** Reads one identifier (`quoted` or bare) at the start of `s`. */
function identifierAt(s: string): { name: string; rest: string } | null {
  if (s.startsWith('`')) {
    let i = 1;
    let name = '';
    while (i < s.length) {
      if (s[i] === '`') {
        if (s[i + 1] === '`') {
          name += '`';
          i += 2;
          continue;
        }
        return { name, rest: s.slice(i + 1) };
      }
      name += s[i++];
    }
    return null;
  }
  const m = /^[A-Za-z_$][\w$-]*/.exec(s);
  return m ? { name: m[0], rest: s.slice(m[0].length) } : null;
}

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

/** The table a CREATE/ALTER/DROP TABLE statement acts on, or null for other statements. */
export function ddlTarget(sql: string): DdlTarget | null {
  const s = stripLeading(sql);
  const m = /^(CREATE|ALTER|DROP)\s+(TEMPORARY\s+)?TABLE\s+(IF\s+NOT\s+EXISTS\s+|IF\s+EXISTS\s+)?/i.exec(s);
  if (!m) return null;
  let rest = s.slice(m[0].length);
  const name: string[] = [];
  for (;;) {
    const id = identifierAt(rest);
    if (!id) return null;
    name.push(id.name);
    rest = id.rest;
    if (!rest.startsWith('.') || name.length === 3) break;
    rest = rest.slice(1);
  }
  const verb = m[1].toUpperCase();
  const op: DdlOperation =
    verb === 'CREATE'
      ? /\bAS\s+(SELECT|WITH|VALUES|\()/i.test(rest)
        ? 'create_as'
        : 'create'
      : verb === 'ALTER'
        ? 'alter'
        : 'drop';
  const condition = (m[3] ?? '').toUpperCase().replace(/\s+/g, ' ').trim();
  return {
    op,
    name,
    ifNotExists: condition === 'IF NOT EXISTS',
    ifExists: condition === 'IF EXISTS',
    temporary: Boolean(m[2]),
  };
}

/** Resolves a 1–3 part name against the session's current catalog and database. */
export function resolveName(name: readonly string[], catalog: string, database: string): [string, string, string] {
  if (name.length === 3) return [name[0], name[1], name[2]];
  if (name.length === 2) return [catalog, name[0], name[1]];
  return [catalog, database, name[0]];
}

/**
 * Tables an EXPLAIN plan reads and writes, as `catalog.database.table` keys of `known`
 * (qualified names joined with NUL, which identifiers cannot contain). Matching against the
 * session's known tables avoids parsing names that themselves contain commas or dots.
 */
export function tablesInPlan(
  plan: string,
  known: ReadonlyMap<string, readonly [string, string, string]>,
): { reads: string[]; writes: string[] } {
  const ast = plan.split('\n== Optimized')[0];
  const reads = new Set<string>();
  const writes = new Set<string>();
  for (const [key, [c, d, t]] of known) {
    if (ast.includes(`TableScan(table=[[${c}, ${d}, ${t}]]`)) reads.add(key);
    if (ast.includes(`Sink(table=[${c}.${d}.${t}]`)) writes.add(key);
  }
  return { reads: [...reads], writes: [...writes] };
}

export function tableKey(parts: readonly [string, string, string]): string {
  return parts.join('\u0000');
}

/**
 * Splits `CREATE TABLE name [DISTRIBUTED …] [WITH (…)] AS <query>` into the part between the
 * name and AS, and the query: the first AS outside parentheses, strings, quoted identifiers and
 * comments.
 */
export function splitCreateTableAs(sql: string): { options: string; query: string } | null {
  const head = /^\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?/i.exec(sql);
  if (!head) return null;
  let i = head[0].length;
  // Skip the (possibly qualified, possibly quoted) name.
  for (;;) {
    const id = identifierAt(sql.slice(i));
    if (!id) return null;
    i = sql.length - id.rest.length;
    if (sql[i] !== '.') break;
    i++;
  }
  const start = i;
  let depth = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'" || ch === '`') {
      const close = ch;
      i++;
      while (i < sql.length && !(sql[i] === close && sql[i + 1] !== close)) i += sql[i] === close ? 2 : 1;
      i++;
      continue;
    }
    if (sql.startsWith('--', i)) {
      i = sql.indexOf('\n', i) < 0 ? sql.length : sql.indexOf('\n', i);
      continue;
    }
    if (sql.startsWith('/*', i)) {
      i = sql.indexOf('*/', i) < 0 ? sql.length : sql.indexOf('*/', i) + 2;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && /^AS\b/i.test(sql.slice(i, i + 3)) && /[\s)]/.test(sql[i - 1] ?? ' ')) {
      return { options: sql.slice(start, i).trim(), query: sql.slice(i + 2).trim() };
    }
    i++;
  }
  return null;
}

/**
 * `sql` with string literals and comments blanked (same length), and with quoted identifiers
 * blanked too when `identifiers` is set, so keywords are only found where they are SQL.
 */
function maskSql(sql: string, identifiers: boolean): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    let end = i + 1;
    if (ch === "'" || ch === '`') {
      while (end < sql.length && !(sql[end] === ch && sql[end + 1] !== ch)) end += sql[end] === ch ? 2 : 1;
      end = Math.min(end + 1, sql.length);
      const keep = ch === '`' && !identifiers;
      out += keep ? sql.slice(i, end) : ch + ' '.repeat(Math.max(end - i - 2, 0)) + (end - i > 1 ? ch : '');
    } else if (sql.startsWith('--', i)) {
      end = sql.indexOf('\n', i) < 0 ? sql.length : sql.indexOf('\n', i);
      out += ' '.repeat(end - i);
    } else if (sql.startsWith('/*', i)) {
      end = sql.indexOf('*/', i) < 0 ? sql.length : sql.indexOf('*/', i) + 2;
      out += ' '.repeat(end - i);
    } else {
      out += ch;
    }
    i = end;
  }
  return out;
}

/**
 * The tables a statement inserts into (`INSERT INTO`, `INSERT OVERWRITE`, `UPSERT INTO`, each
 * INSERT of a statement set), as written: 1 to 3 identifier parts. Strings and comments are not read.
 */
export function insertTargets(sql: string): string[][] {
  const names = maskSql(sql, false);
  const keywords = maskSql(sql, true);
  const targets: string[][] = [];
  for (const m of keywords.matchAll(/\b(?:INSERT|UPSERT)\s+(?:INTO|OVERWRITE)\s+/gi)) {
    let rest = names.slice(m.index + m[0].length);
    const name: string[] = [];
    for (;;) {
      const id = identifierAt(rest);
      if (!id) break;
      name.push(id.name);
      rest = id.rest;
      if (!rest.startsWith('.') || name.length === 3) break;
      rest = rest.slice(1);
    }
    if (name.length > 0) targets.push(name);
  }
  return targets;
}
