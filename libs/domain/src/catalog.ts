/**
 * The catalog's naming and DDL rules, pure. An environment is a Flink catalog, its logical Kafka
 * cluster is a database and a table is a Kafka topic plus the definition the user gave. The
 * definition is kept as Flink prints it (SHOW CREATE TABLE) minus the connector options the
 * engine adds in each session, so changing brokers or credentials never rewrites the catalog.
 */

import { keywordsAt, nameAt, sqlOptionPairs, SqlTextError, tokenize, topLevelKeyword, type SqlToken } from './sql-text';
import { TOPIC_OPTIONS, topicConfigOf } from './topic-options';
import {
  ERROR_HANDLING_CONNECTOR_OPTIONS,
  ERROR_HANDLING_LOG_TARGET,
  ERROR_HANDLING_OPTIONS,
  errorHandlingOf,
  invalidErrorHandlingOption,
} from './error-handling';

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
]);
const USER_OPTION_PREFIXES = ['json.', 'key.json.', 'value.json.', 'raw.', 'key.raw.', 'value.raw.'];
export const FORMATS = ['json', 'raw'];

/**
 * The first option the user may not set, with what to do instead; null when all are allowed.
 * `table` (the table's name) lets a dead-letter target naming the table itself be refused.
 */
export function invalidUserOption(options: Record<string, string>, table: string | null = null): string | null {
  for (const [key, value] of Object.entries(options)) {
    if (key.startsWith('kafka.')) {
      const topic = topicConfigOf({ [key]: value });
      if (!topic.ok) return topic.detail;
      continue;
    }
    if (key.startsWith('error-handling.')) {
      const invalid = invalidErrorHandlingOption(table, { [key]: value });
      if (invalid) return invalid;
      continue;
    }
    const allowed = USER_OPTIONS.has(key) || USER_OPTION_PREFIXES.some((p) => key.startsWith(p));
    if (!allowed) {
      return `Table option '${key}' cannot be set: cflink manages the connector, topic and Kafka client of every table. Remove it; allowed options are ${[...USER_OPTIONS].join(', ')}, the topic options (${Object.keys(TOPIC_OPTIONS).join(', ')}), the error-handling options (${ERROR_HANDLING_OPTIONS.join(', ')}) and format options (json.*, raw.*).`;
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

/**
 * `ddl` with the inside of every `'…'` literal and `` `…` `` identifier blanked, same length: a
 * search in it finds only the statement's structure, never text a comment or a name carries
 * (a comment holding "\nWITH (\n" must not end the table's body).
 */
function structureOf(ddl: string): string {
  let out = '';
  let i = 0;
  while (i < ddl.length) {
    const quote = ddl[i];
    if (quote !== "'" && quote !== '`') {
      out += quote;
      i++;
      continue;
    }
    let j = i + 1;
    while (j < ddl.length && (ddl[j] !== quote || ddl[j + 1] === quote)) j += ddl[j] === quote ? 2 : 1;
    const end = Math.min(j, ddl.length);
    out += quote + '_'.repeat(end - i - 1) + (j < ddl.length ? quote : '');
    i = j + 1;
  }
  return out;
}

/** The identifiers of a `a`, `b` list, split at the commas outside them. */
function identifierList(text: string, structure: string): string[] {
  const names: string[] = [];
  let from = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || structure[i] === ',') {
      const name = text.slice(from, i).trim();
      if (name) names.push(name.replace(/^`|`$/g, '').replace(/``/g, '`'));
      from = i + 1;
    }
  }
  return names;
}

/** Reads the output of SHOW CREATE TABLE (`CREATE TABLE \`c\`.\`d\`.\`t\` (…) … WITH (…)`). */
export function parseCanonicalTable(ddl: string): CanonicalTable {
  const head = /^CREATE (?:TEMPORARY )?TABLE (?:`(?:[^`]|``)*`\.){2}`(?:[^`]|``)*`\s*/.exec(ddl);
  if (!head) throw new Error(`Not a CREATE TABLE statement as Flink prints it: ${ddl.slice(0, 80)}`);
  let rest = ddl.slice(head[0].length);
  let structure = structureOf(rest);
  const options: Record<string, string> = {};
  const withAt = structure.search(/\nWITH \(\n/);
  if (withAt >= 0) {
    for (const m of rest.slice(withAt).matchAll(/'((?:[^']|'')*)' = '((?:[^']|'')*)'/g)) {
      options[unquote(m[1])] = unquote(m[2]);
    }
    rest = rest.slice(0, withAt + 1);
    structure = structure.slice(0, withAt + 1);
  }
  let distribution: CanonicalTable['distribution'] = null;
  const dist = /^DISTRIBUTED (?:BY (?:HASH|RANGE)?\(([^)]*)\)\s*)?(?:INTO (\d+) BUCKETS)?\s*$/dm.exec(structure);
  if (dist) {
    const [keysFrom, keysTo] = dist.indices?.[1] ?? [0, 0];
    const keys = identifierList(rest.slice(keysFrom, keysTo), structure.slice(keysFrom, keysTo));
    distribution = { keys, buckets: dist[2] ? Number(dist[2]) : null };
    rest = rest.slice(0, dist.index) + rest.slice(dist.index + dist[0].length);
    structure = structure.slice(0, dist.index) + structure.slice(dist.index + dist[0].length);
  }
  const pk = /PRIMARY KEY \(([^)]*)\)/d.exec(structure);
  const [pkFrom, pkTo] = pk?.indices?.[1] ?? [0, 0];
  const primaryKey = pk ? identifierList(rest.slice(pkFrom, pkTo), structure.slice(pkFrom, pkTo)) : [];
  return { body: rest.trim(), distribution, options, primaryKey };
}

export function bucketsOf(table: CanonicalTable): number {
  return table.distribution?.buckets ?? DEFAULT_BUCKETS;
}

function optionList(options: Record<string, string>): string {
  return sqlOptionPairs(options, ',\n  ');
}

/** The stored definition: what SHOW CREATE TABLE showed, with the engine's options left out. */
export function storedDefinition(table: CanonicalTable): string {
  const dist = table.distribution
    ? `\nDISTRIBUTED ${table.distribution.keys.length ? `BY HASH(${table.distribution.keys.map(quoteIdentifier).join(', ')}) ` : ''}INTO ${bucketsOf(table)} BUCKETS`
    : '';
  const opts = Object.keys(table.options).length ? `\nWITH (\n  ${optionList(table.options)}\n)` : '';
  return `${table.body}${dist}${opts}`;
}

/** Who reads a table in a session: named in its dead letters, which go to its cluster's topics. */
export interface ReadingStatement {
  name: string;
  clusterId: string;
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
 * Kafka sink does not take buckets (the topic's partitions are the buckets). The connectors are
 * cflink's (infra/flink-error-handling), Flink's own with the table's error-handling mode: its
 * dead-letter target becomes the target's topic, and the statement is named in dead letters.
 */
export function connectorOptions(
  table: CanonicalTable,
  topic: string,
  connection: EngineConnection,
  transactionalIdPrefix: string,
  /** The statement's scan options (sql.tables.scan.* properties), over the table's own. */
  scan: Readonly<Record<string, string>> = {},
  statement: ReadingStatement | null = null,
): Record<string, string> {
  const user = table.options;
  const valueFormat = user['value.format'] ?? 'json';
  const errors = errorHandlingOf(user);
  const common: Record<string, string> = {
    [ERROR_HANDLING_CONNECTOR_OPTIONS.mode]: errors.mode,
    ...(errors.mode === 'log' && statement
      ? { [ERROR_HANDLING_CONNECTOR_OPTIONS.deadLetterTopic]: topicOf(statement.clusterId, errors.target) }
      : {}),
    ...(statement ? { [ERROR_HANDLING_CONNECTOR_OPTIONS.statement]: statement.name } : {}),
    topic,
    'properties.bootstrap.servers': connection.bootstrapServers,
    'properties.isolation.level': 'read_committed',
    'sink.delivery-guarantee': 'exactly-once',
    'sink.transactional-id-prefix': transactionalIdPrefix,
    ...Object.fromEntries(Object.entries(connection.properties ?? {}).map(([k, v]) => [`properties.${k}`, v])),
  };
  const rest = Object.fromEntries(
    Object.entries(user).filter(
      // The topic's own options are applied to the topic (topic-options.ts), not to the connector;
      // the dead-letter target is given to the connector as its topic (above).
      ([k]) => k !== 'changelog.mode' && !k.startsWith('kafka.') && k !== ERROR_HANDLING_LOG_TARGET,
    ),
  );
  if (table.primaryKey.length > 0) {
    const upsert = { ...rest };
    for (const k of Object.keys(upsert)) if (k.startsWith('scan.')) delete upsert[k];
    return {
      ...upsert,
      connector: 'cflink-upsert-kafka',
      'key.format': user['key.format'] ?? 'json',
      'value.format': valueFormat,
      ...common,
    };
  }
  const keys = table.distribution?.keys ?? [];
  return {
    'scan.startup.mode': 'earliest-offset',
    ...rest,
    ...scan,
    connector: 'cflink-kafka',
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
      ? topLevelKeyword(tokens, name.next, 'AS') >= 0
        ? 'create_as'
        : 'create'
      : verb === 'ALTER'
        ? 'alter'
        : 'drop';
  return { op, name: name.name, ifNotExists, ifExists, temporary };
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

/** Resolves a 1–3 part name against the session's current catalog and database. */
export function resolveName(name: readonly string[], catalog: string, database: string): [string, string, string] {
  if (name.length === 3) return [name[0], name[1], name[2]];
  if (name.length === 2) return [catalog, name[0], name[1]];
  return [catalog, database, name[0]];
}

export function tableKey(parts: readonly [string, string, string]): string {
  return parts.join('\u0000');
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
  const as = topLevelKeyword(tokens, name.next, 'AS');
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
