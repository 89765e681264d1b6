package io.cflink.errorhandling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonFormatOptions;
import org.apache.flink.formats.json.JsonRowDataSerializationSchema;
import org.apache.flink.kafka.shaded.org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.Test;

class ErrorHandlingSerializationSchemaTest {
  private static final DataType ROW =
      DataTypes.ROW(
          DataTypes.FIELD("id", DataTypes.INT()),
          DataTypes.FIELD("tags", DataTypes.MAP(DataTypes.STRING(), DataTypes.STRING())));

  /** A metric group as Flink's behaves: a name registered again gets a counter nobody reports. */
  static final class Metrics extends UnregisteredMetricsGroup {
    final Map<String, Counter> counters = new HashMap<>();

    @Override
    public Counter counter(String name) {
      return counters.containsKey(name) ? new SimpleCounter() : counters.computeIfAbsent(name, n -> new SimpleCounter());
    }
  }

  static final class Fixture {
    final Metrics metrics = new Metrics();
    final List<DeadLetterRecord> deadLetters = new ArrayList<>();
    final ErrorHandlingSerializationSchema schema;

    Fixture(Mode mode) throws Exception {
      this(mode, Integer.MAX_VALUE);
    }

    Fixture(Mode mode, int maxRecordBytes) throws Exception {
      // Flink's json format refuses a map with a null key by default ('json.map-null-key.mode' FAIL).
      SerializationSchema<RowData> json =
          new JsonRowDataSerializationSchema(
              (RowType) ROW.getLogicalType(), TimestampFormat.SQL, JsonFormatOptions.MapNullKeyMode.FAIL, "null", false, false);
      KafkaRecordSerializationSchema<RowData> inner =
          KafkaRecordSerializationSchema.<RowData>builder().setTopic("lkc-1.sink").setValueSerializationSchema(json).build();
      ErrorHandlingConfig config =
          new ErrorHandlingConfig(mode, "lkc-1.error_log", new Properties(), "stmt-1", "env", "cluster_0", "sink");
      DeadLetterWriter.Factory writers = c -> deadLetters::add;
      schema = new ErrorHandlingSerializationSchema(inner, config, writers, "lkc-1.sink", ROW, maxRecordBytes);
      // Twice, as Kafka's writer does: the counters of the first open stay the ones counted.
      open();
      open();
    }

    void open() throws Exception {
      schema.open(
          new SerializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
              return metrics;
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
              return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
            }
          },
          new KafkaRecordSerializationSchema.KafkaSinkContext() {
            @Override
            public int getParallelInstanceId() {
              return 0;
            }

            @Override
            public int getNumberOfParallelInstances() {
              return 1;
            }

            @Override
            public int[] getPartitionsForTopic(String topic) {
              return new int[] {0};
            }
          });
    }

    ProducerRecord<byte[], byte[]> write(int id, String key) {
      Map<StringData, StringData> tags = new HashMap<>();
      tags.put(key == null ? null : StringData.fromString(key), StringData.fromString("x"));
      return schema.serialize(GenericRowData.of(id, new GenericMapData(tags)), null, 1_700_000_000_000L);
    }

    long count(String metric) {
      return metrics.counters.containsKey(metric) ? metrics.counters.get(metric).getCount() : 0;
    }
  }

  @Test
  void aRowTheFormatCanWritePassesThrough() throws Exception {
    Fixture f = new Fixture(Mode.LOG);
    ProducerRecord<byte[], byte[]> record = f.write(1, "a");
    assertNotNull(record);
    assertEquals("{\"id\":1,\"tags\":{\"a\":\"x\"}}", new String(record.value(), StandardCharsets.UTF_8));
    assertTrue(f.deadLetters.isEmpty());
    assertEquals(0, f.count(ErrorHandlingDeserializationSchema.SKIPPED_METRIC));
  }

  @Test
  void failModeFailsTheJobWithoutRestartsNamingTheTable() throws Exception {
    Fixture f = new Fixture(Mode.FAIL);
    SuppressRestartsException e = assertThrows(SuppressRestartsException.class, () -> f.write(2, null));
    assertInstanceOf(ErrorHandlingSerializationSchema.RowSerializationException.class, e.getCause());
    String message = e.getCause().getMessage();
    assertTrue(message.contains("table `env`.`cluster_0`.`sink` (topic lkc-1.sink, error-handling.mode is fail)"), message);
    assertTrue(message.contains("null keys"), message);
  }

  @Test
  void ignoreModeSkipsAndCounts() throws Exception {
    Fixture f = new Fixture(Mode.IGNORE);
    assertNull(f.write(2, null));
    assertNotNull(f.write(3, "b"));
    assertEquals(1, f.count(ErrorHandlingDeserializationSchema.SKIPPED_METRIC));
    assertTrue(f.deadLetters.isEmpty());
  }

  @Test
  void logModeWritesTheRowAsADeadLetterOfTheSinkTable() throws Exception {
    Fixture f = new Fixture(Mode.LOG);
    assertNull(f.write(2, null));
    assertEquals(1, f.deadLetters.size());
    DeadLetterRecord d = f.deadLetters.get(0);
    assertEquals(DeadLetterRecord.SERIALIZATION_ERROR, d.errorCode());
    assertEquals("sink", d.processor());
    assertEquals("sink", d.affectedName());
    assertEquals("stmt-1", d.statementName());
    assertEquals("lkc-1.sink", d.topic());
    assertNull(d.partition());
    assertNull(d.offset());
    assertEquals(1_700_000_000_000L, d.timestamp());
    assertNull(d.value());
    assertEquals("+I[2, {null=x}]", d.errorDetails().get("row"));
    assertTrue(d.errorMessage().contains("null keys"), d.errorMessage());
    assertTrue(d.toJson().contains("\"partition\":null,\"offset\":null"), d.toJson());
    assertEquals(1, f.count(ErrorHandlingDeserializationSchema.DEAD_LETTER_METRIC));
    assertEquals(1, f.count(ErrorHandlingDeserializationSchema.SKIPPED_METRIC));
  }

  @Test
  void aRecordOverTheTopicsLimitFollowsTheMode() throws Exception {
    ProducerRecord<byte[], byte[]> record = new Fixture(Mode.FAIL).write(1, "a");
    int size = ErrorHandlingSerializationSchema.sizeOf(record);
    // The value, plus the batch and record headers a batch of one record has at most.
    assertEquals(record.value().length + 82, size);
    assertNotNull(new Fixture(Mode.FAIL, size).write(1, "a"));
    SuppressRestartsException e =
        assertThrows(SuppressRestartsException.class, () -> new Fixture(Mode.FAIL, size - 1).write(1, "a"));
    String message = e.getCause().getMessage();
    assertTrue(message.contains("error-handling.mode is fail"), message);
    assertTrue(
        message.contains("RecordTooLargeException: the record would be about " + size + " bytes, over the limit of " + (size - 1)),
        message);

    Fixture log = new Fixture(Mode.LOG, size - 1);
    assertNull(log.write(1, "a"));
    assertEquals(1, log.deadLetters.size());
    assertEquals("+I[1, {a=x}]", log.deadLetters.get(0).errorDetails().get("row"));
    assertEquals(1, log.count(ErrorHandlingDeserializationSchema.DEAD_LETTER_METRIC));

    Fixture ignore = new Fixture(Mode.IGNORE, size - 1);
    assertNull(ignore.write(1, "a"));
    assertEquals(1, ignore.count(ErrorHandlingDeserializationSchema.SKIPPED_METRIC));
  }
}
