package io.cflink.errorhandling;

import org.apache.flink.streaming.connectors.kafka.table.UpsertKafkaDynamicTableFactory;

/** {@code 'connector' = 'cflink-upsert-kafka'}: Flink's {@code upsert-kafka} with error handling. */
public final class ErrorHandlingUpsertKafkaFactory extends ErrorHandlingFactory {
  public static final String IDENTIFIER = "cflink-upsert-kafka";
  private final UpsertKafkaDynamicTableFactory delegate = new UpsertKafkaDynamicTableFactory();

  @Override
  @SuppressWarnings("unchecked")
  UpsertKafkaDynamicTableFactory delegate() {
    return delegate;
  }

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }
}
