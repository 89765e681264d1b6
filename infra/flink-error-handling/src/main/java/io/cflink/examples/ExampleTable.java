package io.cflink.examples;

import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.DataTypes.Field;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.DataType;

/**
 * The four tables of {@code examples.marketplace}: their columns, the ranges of their values
 * (Confluent's example data), and for {@code customers} and {@code products} the key. A row is
 * made from the index of the generated sequence: a keyed table's first rows are one per key, in
 * key order (a snapshot, so joins find every key at once), the rest update random keys.
 */
public enum ExampleTable {
  CLICKS(null, 0, 0, string("click_id"), integer("user_id"), string("url"), string("user_agent"), integer("view_time")) {
    @Override
    Object[] fields(RandomGenerator random, long index) {
      StringBuilder page = new StringBuilder("https://www.acme.com/product/");
      for (int i = 0; i < 5; i++) page.append((char) random.nextInt('a', 'z' + 1));
      return new Object[] {
        uuid(), random.nextInt(3000, 5001), text(page.toString()), pick(random, AGENTS), random.nextInt(10, 121)
      };
    }
  },
  CUSTOMERS(
      "customer_id",
      3000,
      3250,
      integer("customer_id"),
      string("name"),
      string("address"),
      string("postcode"),
      string("city"),
      string("email")) {
    @Override
    Object[] fields(RandomGenerator random, long index) {
      String first = FIRST.get(random.nextInt(FIRST.size()));
      String last = LAST.get(random.nextInt(LAST.size()));
      String address = random.nextInt(1, 1000) + " " + STREETS.get(random.nextInt(STREETS.size()));
      return new Object[] {
        keyAt(random, index),
        text(first + " " + last),
        text(address),
        text(String.valueOf(random.nextInt(10000, 100000))),
        pick(random, CITIES),
        text((first + "." + last + "@example.com").toLowerCase())
      };
    }
  },
  ORDERS(null, 0, 0, string("order_id"), integer("customer_id"), integer("product_id"), doubles("price")) {
    @Override
    Object[] fields(RandomGenerator random, long index) {
      double price = Math.round(random.nextDouble(0, 100) * 100) / 100.0;
      return new Object[] {uuid(), random.nextInt(3000, 3251), random.nextInt(1000, 1501), price};
    }
  },
  PRODUCTS(
      "product_id",
      1000,
      1500,
      integer("product_id"),
      string("name"),
      string("brand"),
      string("vendor"),
      string("department")) {
    @Override
    Object[] fields(RandomGenerator random, long index) {
      return new Object[] {
        keyAt(random, index),
        text(ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + " " + NOUNS.get(random.nextInt(NOUNS.size()))),
        pick(random, BRANDS),
        pick(random, VENDORS),
        pick(random, DEPARTMENTS)
      };
    }
  };

  private static final List<String> FIRST =
      List.of("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Niklaus");
  private static final List<String> LAST =
      List.of("Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton", "Wirth");
  private static final List<String> STREETS =
      List.of("Main Street", "Elm Avenue", "Harbour Road", "Mill Lane", "Station Road", "Park Drive");
  private static final List<String> CITIES =
      List.of("Springfield", "Riverside", "Fairview", "Georgetown", "Salem", "Franklin", "Clinton", "Madison");
  private static final List<String> BRANDS =
      List.of("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne");
  private static final List<String> VENDORS =
      List.of("Amazing Goods", "Best Supply", "Cornerstore", "Direct Depot", "Everything Inc");
  private static final List<String> DEPARTMENTS =
      List.of("books", "electronics", "garden", "grocery", "home", "outdoors", "sports", "toys");
  private static final List<String> ADJECTIVES =
      List.of("Small", "Large", "Ergonomic", "Rustic", "Sleek", "Practical", "Durable", "Incredible");
  private static final List<String> NOUNS =
      List.of("Chair", "Lamp", "Keyboard", "Bottle", "Backpack", "Watch", "Table", "Kettle");
  private static final List<String> AGENTS =
      List.of(
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
          "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148");

  /** The key column's name, or null for an append-only table. */
  private final String key;

  private final int keyMin;
  private final int keyMax;
  private final List<Field> columns;

  ExampleTable(String key, int keyMin, int keyMax, Field... columns) {
    this.key = key;
    this.keyMin = keyMin;
    this.keyMax = keyMax;
    this.columns = List.of(columns);
  }

  /** The row's field values (Flink's internal data), in column order. */
  abstract Object[] fields(RandomGenerator random, long index);

  /** The table's name in {@code examples.marketplace} (the {@code table} option). */
  public String tableName() {
    return name().toLowerCase();
  }

  public static ExampleTable of(String name) {
    for (ExampleTable t : values()) if (t.tableName().equals(name)) return t;
    return null;
  }

  /** The columns as the table's DDL declares them (all NOT NULL). */
  public DataType rowType() {
    return DataTypes.ROW(columns.toArray(Field[]::new)).notNull();
  }

  public String key() {
    return key;
  }

  public boolean keyed() {
    return key != null;
  }

  /** How many keys the table has (0 when it has none): the length of its snapshot. */
  public long keyCount() {
    return keyed() ? keyMax - keyMin + 1 : 0;
  }

  /** The index-th key of the snapshot, then random keys. */
  int keyAt(RandomGenerator random, long index) {
    return index < keyCount() ? keyMin + (int) index : random.nextInt(keyMin, keyMax + 1);
  }

  private static Field string(String name) {
    return DataTypes.FIELD(name, DataTypes.STRING().notNull());
  }

  private static Field integer(String name) {
    return DataTypes.FIELD(name, DataTypes.INT().notNull());
  }

  private static Field doubles(String name) {
    return DataTypes.FIELD(name, DataTypes.DOUBLE().notNull());
  }

  private static StringData text(String s) {
    return StringData.fromString(s);
  }

  private static StringData uuid() {
    return text(UUID.randomUUID().toString());
  }

  private static StringData pick(RandomGenerator random, List<String> values) {
    return text(values.get(random.nextInt(values.size())));
  }
}
