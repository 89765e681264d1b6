package io.cflink.errorhandling;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.connectors.kafka.table.KafkaDynamicSink;
import org.apache.flink.streaming.connectors.kafka.table.KafkaDynamicSource;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * A Kafka table connector with error handling: Flink's own ({@link #delegate()}) given the table's
 * options without the error-handling ones, whose source and sink are then wrapped.
 */
abstract class ErrorHandlingFactory implements DynamicTableSourceFactory, DynamicTableSinkFactory {
  private static final Set<ConfigOption<?>> OWN =
      Set.of(
          ErrorHandlingOptions.MODE,
          ErrorHandlingOptions.LOG_TOPIC,
          ErrorHandlingOptions.STATEMENT,
          ErrorHandlingOptions.MAX_RECORD_BYTES);

  abstract <F extends DynamicTableSourceFactory & DynamicTableSinkFactory> F delegate();

  DeadLetterWriter.Factory writers() {
    return KafkaDeadLetterWriter.FACTORY;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return delegate().requiredOptions();
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    Set<ConfigOption<?>> options = new HashSet<>(delegate().optionalOptions());
    options.addAll(OWN);
    return options;
  }

  @Override
  public Set<ConfigOption<?>> forwardOptions() {
    return delegate().forwardOptions();
  }

  @Override
  public DynamicTableSource createDynamicTableSource(Context context) {
    DynamicTableSource base = delegate().createDynamicTableSource(withoutOwnOptions(context));
    if (!(base instanceof KafkaDynamicSource kafka)) {
      throw new ValidationException("Unexpected Kafka source " + base.getClass().getName());
    }
    ErrorHandlingConfig config = configOf(context).withClientProperties((java.util.Properties) kafkaProperties(kafka));
    return new ErrorHandlingKafkaSource(
        kafka, config, writers(), context.getConfiguration().get(SourceWatermark.IDLE_TIMEOUT));
  }

  @Override
  public DynamicTableSink createDynamicTableSink(Context context) {
    DynamicTableSink base = delegate().createDynamicTableSink(withoutOwnOptions(context));
    if (!(base instanceof KafkaDynamicSink kafka)) {
      throw new ValidationException("Unexpected Kafka sink " + base.getClass().getName());
    }
    int topicLimit =
        Configuration.fromMap(context.getCatalogTable().getOptions())
            .getOptional(ErrorHandlingOptions.MAX_RECORD_BYTES)
            .orElse(Integer.MAX_VALUE);
    return new ErrorHandlingKafkaSink(kafka, configOf(context), writers(), topicLimit);
  }

  /** The table's handling from its options; the client settings are the source's or sink's own. */
  private static ErrorHandlingConfig configOf(Context context) {
    Configuration own = Configuration.fromMap(context.getCatalogTable().getOptions());
    Mode mode = Mode.parse(own.get(ErrorHandlingOptions.MODE));
    String topic = own.get(ErrorHandlingOptions.LOG_TOPIC);
    if (mode == Mode.LOG && (topic == null || topic.isBlank())) {
      throw new ValidationException("error-handling.mode log needs error-handling.log.topic");
    }
    ObjectIdentifier id = context.getObjectIdentifier();
    return new ErrorHandlingConfig(
        mode,
        topic,
        null,
        own.get(ErrorHandlingOptions.STATEMENT),
        id.getCatalogName(),
        id.getDatabaseName(),
        id.getObjectName());
  }

  private static Object kafkaProperties(KafkaDynamicSource source) {
    return ConnectorFields.read(KafkaDynamicSource.class, source, "properties");
  }

  static Context withoutOwnOptions(Context context) {
    Map<String, String> options = new HashMap<>(context.getCatalogTable().getOptions());
    for (ConfigOption<?> o : OWN) options.remove(o.key());
    return new FactoryUtil.DefaultDynamicTableContext(
        context.getObjectIdentifier(),
        context.getCatalogTable().copy(options),
        context.getEnrichmentOptions(),
        context.getConfiguration(),
        context.getClassLoader(),
        context.isTemporary());
  }
}
