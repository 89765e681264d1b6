package io.cflink.errorhandling;

import java.io.IOException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.kafka.shaded.org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

/**
 * The Kafka source's record schema with error handling: the connector's own schema runs with
 * capturing key and value formats, and a record they could not read is failed on, skipped, or
 * skipped and written to the dead-letter topic, as the table's mode says. The source's metric
 * group counts skipped records ({@value #SKIPPED_METRIC}) and dead letters ({@value
 * #DEAD_LETTER_METRIC}).
 */
public final class ErrorHandlingDeserializationSchema implements KafkaRecordDeserializationSchema<RowData> {
  private static final long serialVersionUID = 1L;
  public static final String SKIPPED_METRIC = "errorHandlingSkippedRecords";
  public static final String DEAD_LETTER_METRIC = "errorHandlingDeadLetterRecords";

  private final KafkaRecordDeserializationSchema<RowData> inner;
  private final FailureSlot slot;
  private final ErrorHandlingConfig config;
  private final DeadLetterWriter.Factory writerFactory;
  private transient DeadLetterWriter writer;
  private transient Counter skipped;
  private transient Counter deadLetters;

  ErrorHandlingDeserializationSchema(
      KafkaRecordDeserializationSchema<RowData> inner,
      FailureSlot slot,
      ErrorHandlingConfig config,
      DeadLetterWriter.Factory writerFactory) {
    this.inner = inner;
    this.slot = slot;
    this.config = config;
    this.writerFactory = writerFactory;
  }

  /** Wraps a format's schema so that its failures reach this record schema. */
  static DeserializationSchema<RowData> capturing(
      DeserializationSchema<RowData> format, String part, FailureSlot slot) {
    return format == null ? null : new CapturingDeserializationSchema(format, part, slot);
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) throws Exception {
    inner.open(context);
    skipped = context.getMetricGroup().counter(SKIPPED_METRIC);
    deadLetters = context.getMetricGroup().counter(DEAD_LETTER_METRIC);
    if (config.mode() == Mode.LOG) writer = writerFactory.open(config);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RowData> out) throws IOException {
    slot.clear();
    inner.deserialize(record, out);
    Exception failure = slot.failure;
    if (failure == null) return;
    String part = slot.part;
    slot.clear();
    switch (config.mode()) {
      case FAIL:
        // Not restarted: the same record would fail every attempt (a USER error, FAILED). The
        // format's exception is told, not chained, so this one is the root cause users see.
        throw new SuppressRestartsException(new RecordDeserializationException(describe(record, part, failure)));
      case LOG:
        writer.write(DeadLetterRecord.of(record, part, failure, config, System.currentTimeMillis()));
        deadLetters.inc();
        skipped.inc();
        break;
      default:
        skipped.inc();
    }
  }

  /**
   * The failure as a statement's detail: where the record is and why it failed, with the format's
   * quotes of the record's bytes kept printable (control characters escaped, at most 500 chars).
   */
  static String describe(ConsumerRecord<byte[], byte[]> record, String part, Exception failure) {
    String cause = printable(rootMessage(failure));
    if (cause.length() > 500) cause = cause.substring(0, 499) + "…";
    return String.format(
        "Could not deserialize the %s of the record at offset %d of partition %d of topic %s"
            + " (error-handling.mode is fail): %s: %s",
        part,
        record.offset(),
        record.partition(),
        record.topic(),
        failure.getClass().getSimpleName(),
        cause);
  }

  static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c) && c != '\n' && c != '\t') b.append(String.format("\\u%04x", c));
              else b.appendCodePoint(c);
            });
    return b.toString();
  }

  static String rootMessage(Throwable failure) {
    StringBuilder message = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() == null || message.indexOf(t.getMessage()) >= 0) continue;
      if (message.length() > 0) message.append(": ");
      message.append(t.getMessage());
    }
    return message.length() > 0 ? message.toString() : failure.getClass().getName();
  }

  @Override
  public TypeInformation<RowData> getProducedType() {
    return inner.getProducedType();
  }

  /** The exception a failing record leaves in the job's exceptions (the statement's detail). */
  public static final class RecordDeserializationException extends IOException {
    private static final long serialVersionUID = 1L;

    RecordDeserializationException(String message) {
      super(message);
    }
  }
}
