package io.cflink.errorhandling;

import java.io.Serializable;
import java.util.Properties;

/**
 * A table's error handling as its source or sink runs it: the mode, and for mode log the dead-letter
 * topic, the Kafka client settings to reach it (the source's own, so the statement's principal
 * writes it) and what the dead-letter records say about where they came from.
 */
public record ErrorHandlingConfig(
    Mode mode,
    String deadLetterTopic,
    Properties clientProperties,
    String statement,
    String catalog,
    String database,
    String table)
    implements Serializable {

  /** The same handling, reaching Kafka with these client settings (a sink's own). */
  ErrorHandlingConfig withClientProperties(Properties properties) {
    return new ErrorHandlingConfig(mode, deadLetterTopic, properties, statement, catalog, database, table);
  }
}
