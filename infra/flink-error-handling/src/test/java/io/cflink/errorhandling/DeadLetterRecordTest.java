package io.cflink.errorhandling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonRowDataDeserializationSchema;
import org.apache.flink.kafka.shaded.org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.Test;

/** A dead letter's JSON must be a row of the dead-letter table as Flink's json format reads it. */
class DeadLetterRecordTest {
  /** The dead-letter table's columns, as the worker creates it (libs/domain dead-letter.ts). */
  static final RowType DLQ =
      (RowType)
          DataTypes.ROW(
                  DataTypes.FIELD("error_timestamp", DataTypes.TIMESTAMP_LTZ(3).notNull()),
                  DataTypes.FIELD("error_code", DataTypes.INT().notNull()),
                  DataTypes.FIELD("error_reason", DataTypes.STRING().notNull()),
                  DataTypes.FIELD("error_message", DataTypes.STRING().notNull()),
                  DataTypes.FIELD(
                      "error_details", DataTypes.MAP(DataTypes.STRING().notNull(), DataTypes.STRING()).notNull()),
                  DataTypes.FIELD("processor", DataTypes.STRING().notNull()),
                  DataTypes.FIELD("statement_name", DataTypes.STRING()),
                  DataTypes.FIELD("affected_type", DataTypes.STRING().notNull()),
                  DataTypes.FIELD("affected_catalog", DataTypes.STRING()),
                  DataTypes.FIELD("affected_database", DataTypes.STRING()),
                  DataTypes.FIELD("affected_name", DataTypes.STRING()),
                  DataTypes.FIELD(
                      "source_record",
                      DataTypes.ROW(
                          DataTypes.FIELD("topic", DataTypes.STRING()),
                          DataTypes.FIELD("partition", DataTypes.INT()),
                          DataTypes.FIELD("offset", DataTypes.BIGINT()),
                          DataTypes.FIELD("timestamp", DataTypes.TIMESTAMP_LTZ(3)),
                          DataTypes.FIELD("timestamp_type", DataTypes.STRING()),
                          DataTypes.FIELD("headers", DataTypes.MAP(DataTypes.STRING().notNull(), DataTypes.BYTES())),
                          DataTypes.FIELD("key", DataTypes.BYTES()),
                          DataTypes.FIELD("value", DataTypes.BYTES()))))
              .getLogicalType();

  @Test
  void readsBackAsARowOfTheDeadLetterTable() throws Exception {
    byte[] value = new byte[] {(byte) 0xff, 0, '"', '\n'};
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("lkc-1.orders", 3, 42L, null, value);
    record.headers().add("h", "v".getBytes(StandardCharsets.UTF_8));
    ErrorHandlingConfig config =
        new ErrorHandlingConfig(Mode.LOG, "lkc-1.error_log", new Properties(), "s \"1\"", "env", "cluster_0", "orders");
    DeadLetterRecord d =
        DeadLetterRecord.of(record, "value", new java.io.IOException("bad\tjson \u0001"), config, 1_700_000_000_123L);

    JsonRowDataDeserializationSchema json = new JsonRowDataDeserializationSchema(DLQ, new GenericTypeInfo<>(RowData.class), true, false, TimestampFormat.SQL);
    json.open(null);
    RowData row = json.deserialize(d.toJsonBytes());
    assertEquals(1_700_000_000_123L, row.getTimestamp(0, 3).getMillisecond());
    assertEquals(DeadLetterRecord.DESERIALIZATION_ERROR, row.getInt(1));
    assertEquals("bad\tjson \u0001", row.getString(3).toString());
    assertEquals("value", row.getMap(4).valueArray().getString(0).toString());
    assertEquals("s \"1\"", row.getString(6).toString());
    assertEquals("orders", row.getString(10).toString());
    RowData source = row.getRow(11, 8);
    assertEquals(StringData.fromString("lkc-1.orders"), source.getString(0));
    assertEquals(3, source.getInt(1));
    assertEquals(42L, source.getLong(2));
    assertNotNull(source.getString(4));
    assertArrayEquals("v".getBytes(StandardCharsets.UTF_8), source.getMap(5).valueArray().getBinary(0));
    assertEquals(true, source.isNullAt(6));
    assertArrayEquals(value, source.getBinary(7));
    assertEquals(Map.of("part", "value", "exception", "java.io.IOException"), d.errorDetails());
  }
}
