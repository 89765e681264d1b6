package io.cflink.errorhandling;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaPartitioner;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.streaming.connectors.kafka.table.KafkaDynamicSink;
import org.apache.flink.streaming.connectors.kafka.table.SinkBufferFlushMode;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/**
 * Flink's Kafka table sink with error handling: the sink the Kafka (or upsert-Kafka) factory made,
 * whose record schema is wrapped ({@link ErrorHandlingSerializationSchema}) so that a row its key
 * or value format cannot write follows the table's mode.
 */
public class ErrorHandlingKafkaSink extends KafkaDynamicSink {
  private final ErrorHandlingConfig config;
  private final DeadLetterWriter.Factory writers;
  /** The topic's max.message.bytes as the worker knows it (Integer.MAX_VALUE: the broker's own). */
  private final int topicLimit;

  @SuppressWarnings("unchecked")
  ErrorHandlingKafkaSink(
      KafkaDynamicSink base, ErrorHandlingConfig config, DeadLetterWriter.Factory writers, int topicLimit) {
    super(
        read(base, "consumedDataType"),
        read(base, "physicalDataType"),
        (EncodingFormat<SerializationSchema<RowData>>) read(base, "keyEncodingFormat"),
        (EncodingFormat<SerializationSchema<RowData>>) read(base, "valueEncodingFormat"),
        read(base, "keyProjection"),
        read(base, "valueProjection"),
        read(base, "keyPrefix"),
        (List<String>) read(base, "topics"),
        (Pattern) read(base, "topicPattern"),
        (Properties) read(base, "properties"),
        (KafkaPartitioner<RowData>) read(base, "partitioner"),
        (DeliveryGuarantee) read(base, "deliveryGuarantee"),
        (boolean) (Boolean) read(base, "upsertMode"),
        (SinkBufferFlushMode) read(base, "flushMode"),
        read(base, "parallelism"),
        read(base, "transactionalIdPrefix"),
        (TransactionNamingStrategy) read(base, "transactionNamingStrategy"));
    this.metadataKeys = read(base, "metadataKeys");
    this.config = config.withClientProperties(properties);
    this.writers = writers;
    this.topicLimit = topicLimit;
  }

  /** The largest record the sink writes: the topic's limit, or the producer's when lower. */
  int maxRecordBytes() {
    int producer = PRODUCER_MAX_REQUEST_SIZE;
    String configured = properties == null ? null : properties.getProperty("max.request.size");
    if (configured != null) {
      try {
        producer = Integer.parseInt(configured.trim());
      } catch (NumberFormatException e) {
        // Kafka's client refuses it when the producer starts; keep its default here.
      }
    }
    return Math.min(producer, topicLimit);
  }

  /** Kafka's producer default for max.request.size. */
  static final int PRODUCER_MAX_REQUEST_SIZE = 1024 * 1024;

  private static <T> T read(KafkaDynamicSink sink, String name) {
    return ConnectorFields.read(KafkaDynamicSink.class, sink, name);
  }

  @Override
  public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
    SinkRuntimeProvider provider = super.getSinkRuntimeProvider(context);
    KafkaSink<RowData> sink = kafkaSinkOf(provider);
    KafkaRecordSerializationSchema<RowData> inner = ConnectorFields.read(KafkaSink.class, sink, "recordSerializer");
    String topic = topics == null || topics.isEmpty() ? String.valueOf(topicPattern) : topics.get(0);
    DataType rows = consumedDataType;
    ConnectorFields.write(
        KafkaSink.class,
        sink,
        "recordSerializer",
        new ErrorHandlingSerializationSchema(inner, config, writers, topic, rows, maxRecordBytes()));
    return provider;
  }

  /** The KafkaSink inside the provider: Flink's SinkV2Provider, or the buffering provider's captured one. */
  @SuppressWarnings("unchecked")
  private static KafkaSink<RowData> kafkaSinkOf(SinkRuntimeProvider provider) {
    if (provider instanceof org.apache.flink.table.connector.sink.SinkV2Provider v2
        && v2.createSink() instanceof KafkaSink<?> sink) {
      return (KafkaSink<RowData>) sink;
    }
    for (Field f : provider.getClass().getDeclaredFields()) {
      if (!KafkaSink.class.isAssignableFrom(f.getType())) continue;
      return ConnectorFields.read(provider.getClass(), provider, f.getName());
    }
    throw new IllegalStateException("Unsupported Kafka connector version: no KafkaSink in " + provider.getClass());
  }

  @Override
  public DynamicTableSink copy() {
    return new ErrorHandlingKafkaSink(this, config, writers, topicLimit);
  }

  @Override
  public String asSummaryString() {
    return "Kafka table sink (error-handling.mode " + config.mode().name().toLowerCase() + ")";
  }

  @Override
  public boolean equals(Object o) {
    return super.equals(o)
        && o instanceof ErrorHandlingKafkaSink other
        && config.equals(other.config)
        && topicLimit == other.topicLimit;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * super.hashCode() + config.hashCode()) + topicLimit;
  }
}
