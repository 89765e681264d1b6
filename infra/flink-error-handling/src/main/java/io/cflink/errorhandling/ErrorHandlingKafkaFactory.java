package io.cflink.errorhandling;

import org.apache.flink.streaming.connectors.kafka.table.KafkaDynamicTableFactory;

/** {@code 'connector' = 'cflink-kafka'}: Flink's {@code kafka} connector with error handling. */
public final class ErrorHandlingKafkaFactory extends ErrorHandlingFactory {
  public static final String IDENTIFIER = "cflink-kafka";
  private final KafkaDynamicTableFactory delegate = new KafkaDynamicTableFactory();

  @Override
  @SuppressWarnings("unchecked")
  KafkaDynamicTableFactory delegate() {
    return delegate;
  }

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }
}
