package io.cflink.errorhandling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonRowDataDeserializationSchema;
import org.apache.flink.kafka.shaded.org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.Collector;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.Test;

class ErrorHandlingDeserializationSchemaTest {
  private static final RowType ROW =
      (RowType) DataTypes.ROW(DataTypes.FIELD("id", DataTypes.INT()), DataTypes.FIELD("name", DataTypes.STRING()))
          .getLogicalType();

  /** Counters by name, as a source's metric group would hold them. */
  static final class Metrics extends UnregisteredMetricsGroup {
    final java.util.Map<String, Counter> counters = new java.util.HashMap<>();

    @Override
    public Counter counter(String name) {
      return counters.computeIfAbsent(name, n -> new SimpleCounter());
    }
  }

  static final class Fixture {
    final Metrics metrics = new Metrics();
    final List<DeadLetterRecord> deadLetters = new ArrayList<>();
    final List<RowData> rows = new ArrayList<>();
    final ErrorHandlingDeserializationSchema schema;

    Fixture(Mode mode) throws Exception {
      FailureSlot slot = new FailureSlot();
      DeserializationSchema<RowData> json =
          new JsonRowDataDeserializationSchema(ROW, new GenericTypeInfo<>(RowData.class), false, false, TimestampFormat.SQL);
      KafkaRecordDeserializationSchema<RowData> inner =
          KafkaRecordDeserializationSchema.valueOnly(ErrorHandlingDeserializationSchema.capturing(json, "value", slot));
      ErrorHandlingConfig config =
          new ErrorHandlingConfig(mode, "lkc-1.error_log", new Properties(), "stmt-1", "env", "cluster_0", "orders");
      DeadLetterWriter.Factory writers = c -> deadLetters::add;
      schema = new ErrorHandlingDeserializationSchema(inner, slot, config, writers);
      schema.open(
          new DeserializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
              return metrics;
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
              return null;
            }
          });
    }

    void read(long offset, String value) throws Exception {
      ConsumerRecord<byte[], byte[]> record =
          new ConsumerRecord<>("lkc-1.orders", 2, offset, "k".getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
      schema.deserialize(record, collector(rows));
    }

    long count(String metric) {
      Counter c = metrics.counters.get(metric);
      return c == null ? 0 : c.getCount();
    }
  }

  static Collector<RowData> collector(List<RowData> rows) {
    return new Collector<>() {
      @Override
      public void collect(RowData row) {
        rows.add(row);
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void failModeFailsTheJobWithoutRestartsNamingTheRecord() throws Exception {
    Fixture f = new Fixture(Mode.FAIL);
    f.read(0, "{\"id\": 1, \"name\": \"a\"}");
    SuppressRestartsException e = assertThrows(SuppressRestartsException.class, () -> f.read(1, "{\"id\": 2, \"na"));
    assertInstanceOf(ErrorHandlingDeserializationSchema.RecordDeserializationException.class, e.getCause());
    String message = e.getCause().getMessage();
    assertTrue(message.contains("offset 1 of partition 2 of topic lkc-1.orders"), message);
    assertTrue(message.contains("error-handling.mode is fail"), message);
    assertEquals(1, f.rows.size());
  }

  @Test
  void ignoreModeSkipsAndCountsBadRecords() throws Exception {
    Fixture f = new Fixture(Mode.IGNORE);
    f.read(0, "{\"id\": 1, \"name\": \"a\"}");
    f.read(1, "not json");
    f.read(2, "{\"id\": \"x\"}");
    f.read(3, "{\"id\": 3, \"name\": \"c\"}");
    assertEquals(2, f.rows.size());
    assertEquals(3, f.rows.get(1).getInt(0));
    assertEquals(2, f.count(ErrorHandlingDeserializationSchema.SKIPPED_METRIC));
    assertTrue(f.deadLetters.isEmpty());
  }

  @Test
  void logModeWritesTheRawRecordAsADeadLetter() throws Exception {
    Fixture f = new Fixture(Mode.LOG);
    f.read(0, "{\"id\": 1, \"name\": \"a\"}");
    f.read(7, "{broken");
    assertEquals(1, f.rows.size());
    assertEquals(1, f.deadLetters.size());
    DeadLetterRecord d = f.deadLetters.get(0);
    assertEquals("lkc-1.orders", d.topic());
    assertEquals(2, d.partition());
    assertEquals(7, d.offset());
    assertArrayEquals("{broken".getBytes(StandardCharsets.UTF_8), d.value());
    assertArrayEquals("k".getBytes(StandardCharsets.UTF_8), d.key());
    assertEquals("stmt-1", d.statementName());
    assertEquals("orders", d.affectedName());
    assertEquals("value", d.errorDetails().get("part"));
    assertEquals(1, f.count(ErrorHandlingDeserializationSchema.DEAD_LETTER_METRIC));
    assertEquals(1, f.count(ErrorHandlingDeserializationSchema.SKIPPED_METRIC));
  }

  @Test
  void anErrorDownstreamOfTheSourceIsNotTakenForABadRecord() throws Exception {
    Fixture f = new Fixture(Mode.IGNORE);
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>("t", 0, 0, null, "{\"id\": 1}".getBytes(StandardCharsets.UTF_8));
    Collector<RowData> throwing =
        new Collector<>() {
          @Override
          public void collect(RowData row) {
            throw new ArithmeticException("division by zero");
          }

          @Override
          public void close() {}
        };
    assertThrows(ArithmeticException.class, () -> f.schema.deserialize(record, throwing));
    assertEquals(0, f.count(ErrorHandlingDeserializationSchema.SKIPPED_METRIC));
  }

  @Test
  void theDetailOfAFailureHasNoControlCharacters() {
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("t", 0, 9, null, new byte[] {0});
    String detail =
        ErrorHandlingDeserializationSchema.describe(record, "value", new java.io.IOException("bad \u0000 byte"));
    assertTrue(detail.contains("bad \\u0000 byte"), detail);
    assertTrue(detail.chars().noneMatch(c -> c == 0), detail);
  }

  @Test
  void modeIsParsedCaseInsensitivelyAndBadValuesAreRefused() {
    assertEquals(Mode.LOG, Mode.parse("Log"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mode.parse("skip"));
    assertTrue(e.getMessage().contains("fail, ignore or log"));
    assertNull(KafkaDeadLetterWriter.producerProperties(new Properties()).getProperty("isolation.level"));
  }
}
