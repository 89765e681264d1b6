package io.cflink.errorhandling;

import java.util.Optional;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.lineage.TypeDatasetFacet;
import org.apache.flink.connector.kafka.lineage.TypeDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.kafka.shaded.org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.flink.kafka.shaded.org.apache.kafka.common.header.Header;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.DataType;

/**
 * The Kafka sink's record schema with error handling: a row the connector's own schema cannot
 * turn into a Kafka record (its key or value format fails on it, e.g. a JSON map with a null key),
 * or whose record is larger than the topic or the producer takes (which would otherwise fail the
 * sink's transaction on every restart), fails the job without restarting, is skipped, or is skipped and written to the dead-letter
 * topic, as the sink table's mode says. Kafka's writer sends nothing for a null record. Skips
 * and dead letters are counted under the source's metric names, so a statement's counts cover
 * both ends.
 */
public final class ErrorHandlingSerializationSchema
    implements KafkaRecordSerializationSchema<RowData>, KafkaDatasetFacetProvider, TypeDatasetFacetProvider {
  private static final long serialVersionUID = 1L;
  /** At most this many characters of a failed row are kept in a detail or a dead letter. */
  static final int ROW_TEXT_LIMIT = 1000;

  private final KafkaRecordSerializationSchema<RowData> inner;
  private final ErrorHandlingConfig config;
  private final DeadLetterWriter.Factory writerFactory;
  private final String topic;
  private final DataType rowType;
  private final int maxRecordBytes;
  private transient DeadLetterWriter writer;
  private transient DataStructureConverter<Object, Object> rows;
  private transient Counter skipped;
  private transient Counter deadLetters;

  ErrorHandlingSerializationSchema(
      KafkaRecordSerializationSchema<RowData> inner,
      ErrorHandlingConfig config,
      DeadLetterWriter.Factory writerFactory,
      String topic,
      DataType rowType,
      int maxRecordBytes) {
    this.inner = inner;
    this.maxRecordBytes = maxRecordBytes;
    this.config = config;
    this.writerFactory = writerFactory;
    this.topic = topic;
    this.rowType = rowType;
  }

  @Override
  public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) throws Exception {
    inner.open(context, sinkContext);
    // Kafka's writer opens its record schema more than once; a counter registered again under the
    // same name would not be reported, so the first registration is kept.
    if (skipped != null) return;
    skipped = context.getMetricGroup().counter(ErrorHandlingDeserializationSchema.SKIPPED_METRIC);
    deadLetters = context.getMetricGroup().counter(ErrorHandlingDeserializationSchema.DEAD_LETTER_METRIC);
    rows = DataStructureConverters.getConverter(rowType);
    rows.open(context.getUserCodeClassLoader().asClassLoader());
    if (config.mode() == Mode.LOG) writer = writerFactory.open(config);
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(RowData row, KafkaSinkContext context, Long timestamp) {
    ProducerRecord<byte[], byte[]> record;
    try {
      record = inner.serialize(row, context, timestamp);
    } catch (RuntimeException failure) {
      handle(row, timestamp, failure);
      return null;
    }
    int size = record == null ? 0 : sizeOf(record);
    if (size > maxRecordBytes) {
      handle(row, timestamp, new RecordTooLargeException(size, maxRecordBytes));
      return null;
    }
    return record;
  }

  /**
   * An upper bound of the record's size as Kafka's producer and broker count it: a batch of one
   * record (61 bytes of batch header, at most 21 of record header) with its key, value and headers.
   */
  static int sizeOf(ProducerRecord<byte[], byte[]> record) {
    long n = 61 + 21 + length(record.key()) + length(record.value());
    for (Header h : record.headers()) {
      n += 10 + h.key().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + length(h.value());
    }
    return (int) Math.min(n, Integer.MAX_VALUE);
  }

  private static int length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }

  private void handle(RowData row, Long timestamp, RuntimeException failure) {
    switch (config.mode()) {
      case FAIL:
        // The same row would fail every restart: a USER error, FAILED at once.
        throw new SuppressRestartsException(new RowSerializationException(describe(failure)));
      case LOG:
        try {
          writer.write(DeadLetterRecord.ofRow(topic, timestamp, text(row), failure, config, System.currentTimeMillis()));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        deadLetters.inc();
        skipped.inc();
        break;
      default:
        skipped.inc();
    }
  }

  String describe(Exception failure) {
    String cause = ErrorHandlingDeserializationSchema.printable(ErrorHandlingDeserializationSchema.rootMessage(failure));
    if (cause.length() > 500) cause = cause.substring(0, 499) + "…";
    return String.format(
        "Could not serialize a row for table `%s`.`%s`.`%s` (topic %s, error-handling.mode is fail): %s: %s",
        config.catalog(),
        config.database(),
        config.table(),
        topic,
        failure.getClass().getSimpleName(),
        cause);
  }

  /** The row as Flink prints it (kind and fields), cut to {@link #ROW_TEXT_LIMIT} characters. */
  String text(RowData row) {
    String s;
    try {
      s = String.valueOf(rows.toExternalOrNull(row));
    } catch (RuntimeException e) {
      s = row.getRowKind().shortString() + " (a row whose fields cannot be printed: " + e.getMessage() + ")";
    }
    return s.length() > ROW_TEXT_LIMIT ? s.substring(0, ROW_TEXT_LIMIT - 1) + "…" : s;
  }

  @Override
  public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
    return inner instanceof KafkaDatasetFacetProvider p ? p.getKafkaDatasetFacet() : Optional.empty();
  }

  @Override
  public Optional<TypeDatasetFacet> getTypeDatasetFacet() {
    return inner instanceof TypeDatasetFacetProvider p ? p.getTypeDatasetFacet() : Optional.empty();
  }

  /** A row whose record the topic would refuse (or the producer would not send). */
  public static final class RecordTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RecordTooLargeException(int size, int limit) {
      super(
          String.format(
              "the record would be about %d bytes, over the limit of %d bytes (the topic's"
                  + " kafka.max-message-size, or the producer's max.request.size)",
              size,
              limit));
    }
  }

  /** The exception a failing row leaves in the job's exceptions (the statement's detail). */
  public static final class RowSerializationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RowSerializationException(String message) {
      super(message);
    }
  }
}
