/** The connector options a session gives each stored table. */

import { topicOf } from './catalog-names';
import type { CanonicalTable } from './canonical-table';
import { ERROR_HANDLING_CONNECTOR_OPTIONS, ERROR_HANDLING_LOG_TARGET, errorHandlingOf } from './error-handling';
import { topicConfigOf } from './topic-options';

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
 * dead-letter target becomes the target's topic, the statement is named in dead letters, and a
 * sink learns the topic's record size limit so that a larger record follows the mode too.
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
  const topicConfig = topicConfigOf(user);
  const maxMessageBytes = topicConfig.ok ? topicConfig.config['max.message.bytes'] : undefined;
  const common: Record<string, string> = {
    [ERROR_HANDLING_CONNECTOR_OPTIONS.mode]: errors.mode,
    ...(errors.mode === 'log' && statement
      ? { [ERROR_HANDLING_CONNECTOR_OPTIONS.deadLetterTopic]: topicOf(statement.clusterId, errors.target) }
      : {}),
    ...(statement ? { [ERROR_HANDLING_CONNECTOR_OPTIONS.statement]: statement.name } : {}),
    ...(maxMessageBytes ? { [ERROR_HANDLING_CONNECTOR_OPTIONS.maxRecordBytes]: maxMessageBytes } : {}),
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
