package io.cflink.errorhandling;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.kafka.shaded.org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.flink.kafka.shaded.org.apache.kafka.common.header.Header;

/**
 * One dead letter: the record that could not be read, kept as raw bytes, and why. Its JSON is
 * the value of a row of the dead-letter table as Flink's json format reads it (timestamps in SQL
 * form with a trailing Z, bytes in base64), in the columns of Confluent's DLQ schema.
 */
public record DeadLetterRecord(
    long errorTimestamp,
    int errorCode,
    String errorReason,
    String errorMessage,
    Map<String, String> errorDetails,
    String processor,
    String statementName,
    String affectedType,
    String affectedCatalog,
    String affectedDatabase,
    String affectedName,
    String topic,
    Integer partition,
    Long offset,
    Long timestamp,
    String timestampType,
    Map<String, byte[]> headers,
    byte[] key,
    byte[] value) {

  /** error_code of a record its key or value format could not read. */
  public static final int DESERIALIZATION_ERROR = 1;

  /** error_code of a row a sink could not turn into a Kafka record. */
  public static final int SERIALIZATION_ERROR = 2;

  private static final DateTimeFormatter SQL_LTZ =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  static DeadLetterRecord of(
      ConsumerRecord<byte[], byte[]> record,
      String part,
      Exception failure,
      ErrorHandlingConfig config,
      long now) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("part", part);
    details.put("exception", failure.getClass().getName());
    Map<String, byte[]> headers = new LinkedHashMap<>();
    for (Header h : record.headers()) headers.put(h.key(), h.value());
    return new DeadLetterRecord(
        now,
        DESERIALIZATION_ERROR,
        "Could not deserialize the record's " + part,
        ErrorHandlingDeserializationSchema.rootMessage(failure),
        details,
        "source",
        config.statement(),
        "TABLE",
        config.catalog(),
        config.database(),
        config.table(),
        record.topic(),
        record.partition(),
        record.offset(),
        record.timestamp() < 0 ? null : record.timestamp(),
        record.timestampType() == null ? null : record.timestampType().toString(),
        headers,
        record.key(),
        record.value());
  }

  /**
   * A row a sink could not serialize: no record exists, so source_record names only the sink's
   * topic and the row's timestamp, and error_details holds the row as text ({@code row}).
   */
  static DeadLetterRecord ofRow(
      String topic, Long rowTimestamp, String row, Exception failure, ErrorHandlingConfig config, long now) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("exception", failure.getClass().getName());
    details.put("row", row);
    return new DeadLetterRecord(
        now,
        SERIALIZATION_ERROR,
        "Could not serialize the row for the sink",
        ErrorHandlingDeserializationSchema.rootMessage(failure),
        details,
        "sink",
        config.statement(),
        "TABLE",
        config.catalog(),
        config.database(),
        config.table(),
        topic,
        null,
        null,
        rowTimestamp,
        null,
        Map.of(),
        null,
        null);
  }

  /** The row as JSON, in the dead-letter table's column order. */
  public String toJson() {
    StringBuilder b = new StringBuilder(256).append('{');
    field(b, "error_timestamp", time(errorTimestamp));
    field(b, "error_code", Integer.toString(errorCode));
    field(b, "error_reason", string(errorReason));
    field(b, "error_message", string(errorMessage));
    StringBuilder m = new StringBuilder("{");
    errorDetails.forEach((k, v) -> field(m, k, string(v)));
    field(b, "error_details", close(m, '}'));
    field(b, "processor", string(processor));
    field(b, "statement_name", string(statementName));
    field(b, "affected_type", string(affectedType));
    field(b, "affected_catalog", string(affectedCatalog));
    field(b, "affected_database", string(affectedDatabase));
    field(b, "affected_name", string(affectedName));
    StringBuilder s = new StringBuilder("{");
    field(s, "topic", string(topic));
    field(s, "partition", partition == null ? "null" : partition.toString());
    field(s, "offset", offset == null ? "null" : offset.toString());
    field(s, "timestamp", timestamp == null ? "null" : time(timestamp));
    field(s, "timestamp_type", string(timestampType));
    StringBuilder h = new StringBuilder("{");
    headers.forEach((k, v) -> field(h, k, bytes(v)));
    field(s, "headers", close(h, '}'));
    field(s, "key", bytes(key));
    field(s, "value", bytes(value));
    field(b, "source_record", close(s, '}'));
    return close(b, '}');
  }

  private static void field(StringBuilder b, String name, String json) {
    if (b.length() > 1) b.append(',');
    b.append(string(name)).append(':').append(json);
  }

  private static String close(StringBuilder b, char c) {
    return b.append(c).toString();
  }

  private static String time(long millis) {
    return string(SQL_LTZ.format(Instant.ofEpochMilli(millis)));
  }

  private static String bytes(byte[] v) {
    return v == null ? "null" : string(Base64.getEncoder().encodeToString(v));
  }

  static String string(String v) {
    if (v == null) return "null";
    StringBuilder b = new StringBuilder(v.length() + 2).append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }

  byte[] toJsonBytes() {
    return toJson().getBytes(StandardCharsets.UTF_8);
  }
}
