/**
 * Table options for records a source cannot deserialize (Confluent's `error-handling.*`), and
 * the dead-letter table of mode `log`. The engine side is infra/flink-error-handling: the
 * connectors `cflink-kafka` / `cflink-upsert-kafka` take the mode, the dead-letter topic and the
 * statement's name as connector options the worker sets; tenants set only the two table options.
 */

export const ERROR_HANDLING_MODES = ['fail', 'ignore', 'log'] as const;
export type ErrorHandlingMode = (typeof ERROR_HANDLING_MODES)[number];

export const ERROR_HANDLING_MODE = 'error-handling.mode';
export const ERROR_HANDLING_LOG_TARGET = 'error-handling.log.target';
export const DEFAULT_DEAD_LETTER_TABLE = 'error_log';

/** The table options a user may set (the connector options of the same prefix are the worker's). */
export const ERROR_HANDLING_OPTIONS: readonly string[] = [ERROR_HANDLING_MODE, ERROR_HANDLING_LOG_TARGET];

/** Connector options of infra/flink-error-handling that only the worker sets. */
export const ERROR_HANDLING_CONNECTOR_OPTIONS = {
  mode: ERROR_HANDLING_MODE,
  deadLetterTopic: 'error-handling.log.topic',
  statement: 'error-handling.statement',
  /** The topic's max.message.bytes (kafka.max-message-size): a larger record a sink writes follows the mode. */
  maxRecordBytes: 'error-handling.max-record-bytes',
} as const;

/** A dead-letter table is a table of the same database: a plain name, topic-safe. */
const TARGET = /^[A-Za-z_][A-Za-z0-9_-]{0,199}$/;

export interface ErrorHandling {
  mode: ErrorHandlingMode;
  /** The dead-letter table (mode log), in the table's own database. */
  target: string;
}

/** A table's error handling from its options; options not validated here are taken as default. */
export function errorHandlingOf(options: Readonly<Record<string, string>>): ErrorHandling {
  const mode = options[ERROR_HANDLING_MODE];
  return {
    mode: (ERROR_HANDLING_MODES as readonly string[]).includes(mode ?? '') ? (mode as ErrorHandlingMode) : 'fail',
    target: options[ERROR_HANDLING_LOG_TARGET] ?? DEFAULT_DEAD_LETTER_TABLE,
  };
}

/** The detail for the first bad `error-handling.*` option of a table; null when all are good. */
export function invalidErrorHandlingOption(
  table: string | null,
  options: Readonly<Record<string, string>>,
): string | null {
  for (const [key, value] of Object.entries(options)) {
    if (!key.startsWith('error-handling.')) continue;
    if (key === ERROR_HANDLING_MODE) {
      if (!(ERROR_HANDLING_MODES as readonly string[]).includes(value)) {
        return `Table option '${key}' must be one of ${ERROR_HANDLING_MODES.join(', ')}, not '${value}'.`;
      }
    } else if (key === ERROR_HANDLING_LOG_TARGET) {
      if (!TARGET.test(value)) {
        return `Table option '${key}' must name a table of the same database (letters, digits, _ and -, starting with a letter or _), not '${value}'.`;
      }
      if (table !== null && value === table) {
        return `Table option '${key}' cannot name the table itself: its dead letters would be read back as records.`;
      }
    } else {
      return `Table option '${key}' is not supported: the error-handling options are ${ERROR_HANDLING_OPTIONS.join(', ')}.`;
    }
  }
  return null;
}

/**
 * The dead-letter table's definition as the catalog stores it (after the name): Confluent's DLQ
 * schema, one JSON record per failed record with the raw key and value as bytes. One partition:
 * dead letters are rare and kept in the order they were found.
 */
export const DEAD_LETTER_DEFINITION = `(
  \`error_timestamp\` TIMESTAMP_LTZ(3) NOT NULL,
  \`error_code\` INT NOT NULL,
  \`error_reason\` STRING NOT NULL,
  \`error_message\` STRING NOT NULL,
  \`error_details\` MAP<STRING NOT NULL, STRING> NOT NULL,
  \`processor\` STRING NOT NULL,
  \`statement_name\` STRING,
  \`affected_type\` STRING NOT NULL,
  \`affected_catalog\` STRING,
  \`affected_database\` STRING,
  \`affected_name\` STRING,
  \`source_record\` ROW<\`topic\` STRING, \`partition\` INT, \`offset\` BIGINT, \`timestamp\` TIMESTAMP_LTZ(3), \`timestamp_type\` STRING, \`headers\` MAP<STRING NOT NULL, VARBINARY>, \`key\` VARBINARY, \`value\` VARBINARY>
)
DISTRIBUTED INTO 1 BUCKETS
WITH (
  'value.format' = 'json'
)`;
export const DEAD_LETTER_PARTITIONS = 1;

/**
 * SHOW CREATE TABLE as a user should read it: the dead-letter topic and the reading statement
 * are the session's wiring (the target and the mode are the table's options, and stay).
 */
export function withoutSessionErrorOptions(ddl: string): string {
  const internal = [
    ERROR_HANDLING_CONNECTOR_OPTIONS.deadLetterTopic,
    ERROR_HANDLING_CONNECTOR_OPTIONS.statement,
    ERROR_HANDLING_CONNECTOR_OPTIONS.maxRecordBytes,
  ];
  const lines = ddl.split('\n').filter((line) => !internal.some((key) => line.trimStart().startsWith(`'${key}' =`)));
  return lines.join('\n').replace(/,(\n\))/g, '$1');
}
