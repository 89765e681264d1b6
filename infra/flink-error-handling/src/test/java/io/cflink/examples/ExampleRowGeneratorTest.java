package io.cflink.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

/** Rows have the reference's columns and ranges; keyed tables start with one row per key. */
class ExampleRowGeneratorTest {
  private static final int ROWS = 2000;

  @Test
  void ordersAreAppendOnlyWithinRanges() {
    ExampleRowGenerator orders = new ExampleRowGenerator(ExampleTable.ORDERS, false);
    for (long i = 0; i < ROWS; i++) {
      RowData row = orders.map(i);
      assertEquals(RowKind.INSERT, row.getRowKind());
      assertEquals(4, row.getArity());
      UUID.fromString(row.getString(0).toString());
      assertBetween(row.getInt(1), 3000, 3250);
      assertBetween(row.getInt(2), 1000, 1500);
      double price = row.getDouble(3);
      assertTrue(price >= 0 && price <= 100, "price " + price);
      assertEquals(price, Math.round(price * 100) / 100.0, "two decimals");
    }
  }

  @Test
  void clicksHaveAcmeUrlsAndViewTimes() {
    ExampleRowGenerator clicks = new ExampleRowGenerator(ExampleTable.CLICKS, false);
    for (long i = 0; i < ROWS; i++) {
      RowData row = clicks.map(i);
      UUID.fromString(row.getString(0).toString());
      assertBetween(row.getInt(1), 3000, 5000);
      assertTrue(row.getString(2).toString().matches("https://www\\.acme\\.com/product/[a-z]{5}"));
      assertTrue(row.getString(3).toString().startsWith("Mozilla/5.0"));
      assertBetween(row.getInt(4), 10, 120);
    }
  }

  @Test
  void customersStartWithEveryKeyThenUpdate() {
    ExampleRowGenerator customers = new ExampleRowGenerator(ExampleTable.CUSTOMERS, false);
    assertEquals(251, ExampleTable.CUSTOMERS.keyCount());
    for (long i = 0; i < 251; i++) {
      RowData row = customers.map(i);
      assertEquals(RowKind.INSERT, row.getRowKind());
      assertEquals(3000 + i, row.getInt(0));
      String name = row.getString(1).toString();
      String email = row.getString(5).toString();
      assertEquals(name.replace(' ', '.').toLowerCase() + "@example.com", email);
      assertTrue(row.getString(3).toString().matches("\\d{5}"));
    }
    Set<Integer> updated = new HashSet<>();
    for (long i = 251; i < 251 + ROWS; i++) {
      RowData row = customers.map(i);
      assertEquals(RowKind.UPDATE_AFTER, row.getRowKind());
      assertBetween(row.getInt(0), 3000, 3250);
      updated.add(row.getInt(0));
    }
    assertTrue(updated.size() > 200, "updates spread over the keys");
  }

  @Test
  void productsAreKeyedByProductId() {
    ExampleRowGenerator products = new ExampleRowGenerator(ExampleTable.PRODUCTS, false);
    assertEquals(501, ExampleTable.PRODUCTS.keyCount());
    assertEquals(1000, products.map(0L).getInt(0));
    assertEquals(1500, products.map(500L).getInt(0));
    RowData update = products.map(501L);
    assertEquals(RowKind.UPDATE_AFTER, update.getRowKind());
    assertBetween(update.getInt(0), 1000, 1500);
    assertEquals(5, update.getArity());
  }

  @Test
  void appendsTheGenerationTimeWhenRead() {
    long before = System.currentTimeMillis();
    RowData row = new ExampleRowGenerator(ExampleTable.ORDERS, true).map(0L);
    long after = System.currentTimeMillis();
    assertEquals(5, row.getArity());
    long at = row.getTimestamp(4, 3).getMillisecond();
    assertTrue(at >= before && at <= after);
  }

  private static void assertBetween(int value, int min, int max) {
    assertTrue(value >= min && value <= max, value + " not in " + min + ".." + max);
  }
}
