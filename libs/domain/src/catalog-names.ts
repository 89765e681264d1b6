/**
 * How the catalog is named: an environment is a Flink catalog, its logical Kafka cluster is a
 * database and a table is a Kafka topic of that cluster.
 */

export const EXAMPLES_CATALOG = 'examples';
export const EXAMPLES_DATABASE = 'marketplace';

/** Catalog names taken: Flink's default name for a session's built-in catalog, and the examples. */
const RESERVED_CATALOGS = ['default_catalog', EXAMPLES_CATALOG];

/**
 * The Flink catalog of an environment: its display name, or its id when the display name is a
 * taken catalog name (an environment called `examples` would otherwise shadow the examples, or
 * fail every statement; `default_catalog` stays reserved so no environment's catalog changes name).
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

/** Resolves a 1–3 part name against the session's current catalog and database. */
export function resolveName(name: readonly string[], catalog: string, database: string): [string, string, string] {
  if (name.length === 3) return [name[0], name[1], name[2]];
  if (name.length === 2) return [catalog, name[0], name[1]];
  return [catalog, database, name[0]];
}

export function tableKey(parts: readonly [string, string, string]): string {
  return parts.join('\u0000');
}
