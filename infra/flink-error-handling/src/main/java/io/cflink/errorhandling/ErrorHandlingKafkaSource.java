package io.cflink.errorhandling;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.kafka.shaded.org.apache.kafka.common.TopicPartition;
import org.apache.flink.streaming.connectors.kafka.config.BoundedMode;
import org.apache.flink.streaming.connectors.kafka.config.StartupMode;
import org.apache.flink.streaming.connectors.kafka.table.KafkaDynamicSource;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsSourceWatermark;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/**
 * Flink's Kafka table source with error handling: the source the Kafka (or upsert-Kafka) factory
 * made, whose key and value formats report failures instead of throwing and whose record schema
 * then applies the table's mode ({@link ErrorHandlingDeserializationSchema}). It also takes
 * {@code SOURCE_WATERMARK()}, the default watermark of every cflink table ({@link SourceWatermark}).
 */
public class ErrorHandlingKafkaSource extends KafkaDynamicSource implements SupportsSourceWatermark {
  private final ErrorHandlingConfig config;
  private final DeadLetterWriter.Factory writers;
  /** The session's source idle timeout, which {@code SOURCE_WATERMARK()} applies itself. */
  private final Duration idleTimeout;

  @SuppressWarnings("unchecked")
  ErrorHandlingKafkaSource(
      KafkaDynamicSource base, ErrorHandlingConfig config, DeadLetterWriter.Factory writers, Duration idleTimeout) {
    super(
        read(base, "physicalDataType"),
        (DecodingFormat<DeserializationSchema<RowData>>) read(base, "keyDecodingFormat"),
        (DecodingFormat<DeserializationSchema<RowData>>) read(base, "valueDecodingFormat"),
        read(base, "keyProjection"),
        read(base, "valueProjection"),
        read(base, "keyPrefix"),
        (List<String>) read(base, "topics"),
        (Pattern) read(base, "topicPattern"),
        (Properties) read(base, "properties"),
        (StartupMode) read(base, "startupMode"),
        (Map<TopicPartition, Long>) read(base, "specificStartupOffsets"),
        (long) (Long) read(base, "startupTimestampMillis"),
        (BoundedMode) read(base, "boundedMode"),
        (Map<TopicPartition, Long>) read(base, "specificBoundedOffsets"),
        (long) (Long) read(base, "boundedTimestampMillis"),
        (boolean) (Boolean) read(base, "upsertMode"),
        read(base, "tableIdentifier"),
        read(base, "parallelism"));
    this.producedDataType = read(base, "producedDataType");
    this.metadataKeys = read(base, "metadataKeys");
    this.watermarkStrategy = read(base, "watermarkStrategy");
    this.config = config;
    this.writers = writers;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public void applySourceWatermark() {
    this.watermarkStrategy = SourceWatermark.strategy(idleTimeout);
  }

  /** The connector's fields are protected: a subclass may read its own, not another instance's. */
  private static <T> T read(KafkaDynamicSource source, String name) {
    return ConnectorFields.read(KafkaDynamicSource.class, source, name);
  }

  @Override
  protected KafkaSource<RowData> createKafkaSource(
      DeserializationSchema<RowData> keyDeserialization,
      DeserializationSchema<RowData> valueDeserialization,
      TypeInformation<RowData> producedTypeInfo) {
    FailureSlot slot = new FailureSlot();
    KafkaSource<RowData> source =
        super.createKafkaSource(
            ErrorHandlingDeserializationSchema.capturing(keyDeserialization, "key", slot),
            ErrorHandlingDeserializationSchema.capturing(valueDeserialization, "value", slot),
            producedTypeInfo);
    KafkaRecordDeserializationSchema<RowData> inner =
        ConnectorFields.read(KafkaSource.class, source, "deserializationSchema");
    ConnectorFields.write(
        KafkaSource.class, source, "deserializationSchema", new ErrorHandlingDeserializationSchema(inner, slot, config, writers));
    return source;
  }

  @Override
  public DynamicTableSource copy() {
    return new ErrorHandlingKafkaSource(this, config, writers, idleTimeout);
  }

  @Override
  public String asSummaryString() {
    return "Kafka table source (error-handling.mode " + config.mode().name().toLowerCase() + ")";
  }

  @Override
  public boolean equals(Object o) {
    return super.equals(o)
        && o instanceof ErrorHandlingKafkaSource other
        && config.equals(other.config)
        && idleTimeout.equals(other.idleTimeout);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + config.hashCode();
  }
}
