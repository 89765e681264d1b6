package io.cflink.examples;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;

/**
 * {@code 'connector' = 'cflink-examples'}: a table of {@code examples.marketplace} ({@code 'table'
 * = 'orders'}, …). The DDL must declare the table's columns as they are, and a keyed table its
 * primary key, so what the catalog shows is what the source produces.
 */
public final class ExamplesTableFactory implements DynamicTableSourceFactory {
  public static final String IDENTIFIER = "cflink-examples";

  public static final ConfigOption<String> TABLE =
      ConfigOptions.key("table").stringType().noDefaultValue().withDescription("clicks, customers, orders or products");

  public static final ConfigOption<Double> ROWS_PER_SECOND =
      ConfigOptions.key("rows-per-second")
          .doubleType()
          .defaultValue(5.0)
          .withDescription("Rows generated per second (after a keyed table's snapshot of one row per key).");

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(TABLE);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(ROWS_PER_SECOND);
  }

  @Override
  public DynamicTableSource createDynamicTableSource(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    helper.validate();
    String name = helper.getOptions().get(TABLE);
    ExampleTable table = ExampleTable.of(name);
    if (table == null) {
      throw new ValidationException(
          "Unknown example table '" + name + "': use clicks, customers, orders or products.");
    }
    double rate = helper.getOptions().get(ROWS_PER_SECOND);
    if (!(rate > 0 && rate <= 1000)) {
      throw new ValidationException("'rows-per-second' must be above 0 and at most 1000, not " + rate + ".");
    }
    ResolvedSchema schema = context.getCatalogTable().getResolvedSchema();
    DataType physical = schema.toPhysicalRowDataType();
    if (!physical.getLogicalType().equals(table.rowType().getLogicalType())) {
      throw new ValidationException(
          "Example table '" + name + "' has the columns " + table.rowType() + ", not " + physical + ".");
    }
    List<String> key = schema.getPrimaryKey().map(UniqueConstraint::getColumns).orElse(List.of());
    List<String> expected = table.keyed() ? List.of(table.key()) : List.of();
    if (!key.equals(expected)) {
      throw new ValidationException(
          "Example table '" + name + "' has "
              + (expected.isEmpty() ? "no primary key" : "the primary key " + expected)
              + ", not " + (key.isEmpty() ? "none" : key.stream().collect(Collectors.joining(", ", "[", "]"))) + ".");
    }
    return new ExamplesTableSource(table, rate, physical);
  }
}
