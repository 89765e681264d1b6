package io.cflink.examples;

import java.util.concurrent.ThreadLocalRandom;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.types.RowKind;

/**
 * The n-th row of an example table for Flink's {@code DataGeneratorSource}, with the generation
 * time appended when the table reads the {@code timestamp} metadata ({@code $rowtime}). A keyed
 * table's snapshot rows are inserts, its later rows updates (an upsert changelog).
 */
final class ExampleRowGenerator implements GeneratorFunction<Long, RowData> {
  private static final long serialVersionUID = 1L;
  private final ExampleTable table;
  private final boolean withTimestamp;

  ExampleRowGenerator(ExampleTable table, boolean withTimestamp) {
    this.table = table;
    this.withTimestamp = withTimestamp;
  }

  @Override
  public RowData map(Long index) {
    Object[] fields = table.fields(ThreadLocalRandom.current(), index);
    RowKind kind = index < table.keyCount() || !table.keyed() ? RowKind.INSERT : RowKind.UPDATE_AFTER;
    GenericRowData row = new GenericRowData(kind, fields.length + (withTimestamp ? 1 : 0));
    for (int i = 0; i < fields.length; i++) row.setField(i, fields[i]);
    if (withTimestamp) row.setField(fields.length, TimestampData.fromEpochMillis(System.currentTimeMillis()));
    return row;
  }
}
