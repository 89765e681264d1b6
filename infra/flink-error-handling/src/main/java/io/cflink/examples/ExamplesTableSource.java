package io.cflink.examples;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.RowKind;

/**
 * An unbounded example table: Flink's {@code DataGeneratorSource} (one reader, a bounded rate)
 * mapping the sequence to rows of the table. Its one metadata key, {@code timestamp}, is the
 * time a row was generated, read as {@code $rowtime}; a keyed table is an upsert changelog.
 */
public final class ExamplesTableSource implements ScanTableSource, SupportsReadingMetadata {
  public static final String TIMESTAMP = "timestamp";
  private final ExampleTable table;
  private final double rowsPerSecond;
  private DataType producedType;
  private boolean withTimestamp;

  ExamplesTableSource(ExampleTable table, double rowsPerSecond, DataType physicalType) {
    this.table = table;
    this.rowsPerSecond = rowsPerSecond;
    this.producedType = physicalType;
  }

  /**
   * A keyed table upserts without ever deleting. Leaving DELETE out also keeps Flink 2.2's planner
   * from rewriting the watermark assigner above it for deletes, which it fails at.
   */
  static final ChangelogMode UPSERT_WITHOUT_DELETES =
      ChangelogMode.newBuilder().addContainedKind(RowKind.INSERT).addContainedKind(RowKind.UPDATE_AFTER).build();

  @Override
  public ChangelogMode getChangelogMode() {
    return table.keyed() ? UPSERT_WITHOUT_DELETES : ChangelogMode.insertOnly();
  }

  @Override
  public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
    TypeInformation<RowData> type = context.createTypeInformation(producedType);
    DataGeneratorSource<RowData> source =
        new DataGeneratorSource<>(
            new ExampleRowGenerator(table, withTimestamp),
            Long.MAX_VALUE,
            new SnapshotRateLimiterStrategy<>(table.keyCount(), rowsPerSecond),
            type);
    // One reader: the snapshot of a keyed table is in order, and the rate is the table's.
    return SourceProvider.of(source, 1);
  }

  @Override
  public Map<String, DataType> listReadableMetadata() {
    return Map.of(TIMESTAMP, DataTypes.TIMESTAMP_LTZ(3).notNull());
  }

  @Override
  public void applyReadableMetadata(List<String> metadataKeys, DataType producedDataType) {
    withTimestamp = metadataKeys.contains(TIMESTAMP);
    producedType = producedDataType;
  }

  @Override
  public DynamicTableSource copy() {
    ExamplesTableSource copy = new ExamplesTableSource(table, rowsPerSecond, producedType);
    copy.withTimestamp = withTimestamp;
    return copy;
  }

  @Override
  public String asSummaryString() {
    return "cflink examples: " + table.tableName();
  }

  ExampleTable table() {
    return table;
  }

  boolean withTimestamp() {
    return withTimestamp;
  }
}
