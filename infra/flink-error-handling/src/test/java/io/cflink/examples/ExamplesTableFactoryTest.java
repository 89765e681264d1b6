package io.cflink.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

/** The factory is found by its identifier and takes only the example tables as they are. */
class ExamplesTableFactoryTest {
  private static final Column ROWTIME =
      Column.metadata("$rowtime", DataTypes.TIMESTAMP_LTZ(3).notNull(), "timestamp", true);

  @Test
  void makesAnAppendOnlyOrdersSourceWithRowtime() {
    ExamplesTableSource source = source("orders", columns(ExampleTable.ORDERS), null, Map.of());
    assertEquals(ExampleTable.ORDERS, source.table());
    assertEquals(ChangelogMode.insertOnly(), source.getChangelogMode());
    assertEquals(Map.of("timestamp", DataTypes.TIMESTAMP_LTZ(3).notNull()), source.listReadableMetadata());
    assertFalse(source.withTimestamp());
    source.applyReadableMetadata(List.of("timestamp"), DataTypes.ROW());
    assertTrue(((ExamplesTableSource) source.copy()).withTimestamp());
  }

  @Test
  void makesAnUpsertCustomersSourceKeyedByCustomerId() {
    ExamplesTableSource source =
        source("customers", columns(ExampleTable.CUSTOMERS), UniqueConstraint.primaryKey("pk", List.of("customer_id")), Map.of());
    ChangelogMode mode = source.getChangelogMode();
    assertTrue(mode.contains(RowKind.UPDATE_AFTER));
    assertFalse(mode.contains(RowKind.UPDATE_BEFORE));
    assertFalse(mode.contains(RowKind.DELETE));
  }

  @Test
  void refusesAKeyedTableWithoutItsKey() {
    String refused = refusal(() -> source("products", columns(ExampleTable.PRODUCTS), null, Map.of()));
    assertTrue(refused.contains("has the primary key [product_id], not none"), refused);
  }

  @Test
  void refusesOtherColumnsUnknownTablesAndRates() {
    List<Column> wrong = List.of(Column.physical("order_id", DataTypes.STRING().notNull()), ROWTIME);
    assertTrue(refusal(() -> source("orders", wrong, null, Map.of())).contains("has the columns"));
    assertTrue(refusal(() -> source("payments", wrong, null, Map.of())).contains("Unknown example table 'payments'"));
    assertTrue(
        refusal(() -> source("orders", columns(ExampleTable.ORDERS), null, Map.of("rows-per-second", "0")))
            .contains("'rows-per-second' must be above 0"));
  }

  /** Flink wraps a factory's refusal: its message is the cause's. */
  private static String refusal(org.junit.jupiter.api.function.Executable make) {
    Throwable e = assertThrows(ValidationException.class, make);
    StringBuilder messages = new StringBuilder();
    for (; e != null; e = e.getCause()) messages.append(e.getMessage()).append('\n');
    return messages.toString();
  }

  private static List<Column> columns(ExampleTable table) {
    List<Column> columns = new java.util.ArrayList<>();
    List<String> names = DataType.getFieldNames(table.rowType());
    List<DataType> types = DataType.getFieldDataTypes(table.rowType());
    for (int i = 0; i < names.size(); i++) columns.add(Column.physical(names.get(i), types.get(i)));
    columns.add(ROWTIME);
    return columns;
  }

  private static ExamplesTableSource source(
      String table, List<Column> columns, UniqueConstraint key, Map<String, String> extra) {
    Map<String, String> options = new HashMap<>(extra);
    options.put("connector", ExamplesTableFactory.IDENTIFIER);
    options.put("table", table);
    ResolvedSchema schema = new ResolvedSchema(columns, List.of(), key);
    CatalogTable unresolved =
        CatalogTable.newBuilder()
            .schema(org.apache.flink.table.api.Schema.newBuilder().fromResolvedSchema(schema).build())
            .options(options)
            .build();
    DynamicTableSource source =
        FactoryUtil.createDynamicTableSource(
            null,
            ObjectIdentifier.of("examples", "marketplace", table),
            new ResolvedCatalogTable(unresolved, schema),
            Map.of(),
            new Configuration(),
            ExamplesTableFactoryTest.class.getClassLoader(),
            true);
    return (ExamplesTableSource) source;
  }
}
