/**
 * The read-only `examples`.`marketplace` database every environment sees: clicks, customers,
 * orders and products with the columns and value ranges of Confluent's example data. Each is a
 * table of the engine's `cflink-examples` connector (infra/flink-error-handling), whose rows are
 * generated as they are read (a few per second, unbounded); it has no sink, and cflink refuses
 * writes and DDL on the catalog before Flink sees them.
 *
 * Every example has `$rowtime`, the time its row was generated, as user tables have it: a virtual
 * metadata column, so `SELECT *`, DESCRIBE and SHOW CREATE TABLE leave it out. Its watermark is
 * the one Confluent gives its examples: the largest `$rowtime` seen. `customers` and `products`
 * are keyed as Confluent's are (customer_id, product_id): an upsert changelog with a primary key
 * and event time, which Flink takes for a versioned table, so a join with `orders` meets one
 * version of a customer, not every row ever generated for its id. A keyed table starts with one
 * row per key, then updates random keys.
 */
import { EXAMPLES_CATALOG, EXAMPLES_DATABASE, ROWTIME_COLUMN } from '#domain';

/** How an example appears in a plan, so plan checks know it is built in. */
export const EXAMPLE_SOURCES = [`${EXAMPLES_CATALOG}, ${EXAMPLES_DATABASE}, `];

/** Rows per second of every example (a keyed one's first rows, one per key, come at once). */
const RATE = 5;

/** The examples' watermark (as Flink also prints it), hidden from SHOW CREATE TABLE like a user table's default one. */
export const EXAMPLE_WATERMARK = 'WATERMARK FOR `$rowtime` AS `$rowtime`';

const STRING = 'STRING NOT NULL';
const INT = 'INT NOT NULL';

interface ExampleTable {
  name: string;
  columns: [string, string][];
  key?: string;
}

/** The columns the connector generates, in its order (it refuses any other declaration). */
const TABLES: ExampleTable[] = [
  {
    name: 'clicks',
    columns: [
      ['click_id', STRING],
      ['user_id', INT],
      ['url', STRING],
      ['user_agent', STRING],
      ['view_time', INT],
    ],
  },
  {
    name: 'customers',
    columns: [
      ['customer_id', INT],
      ['name', STRING],
      ['address', STRING],
      ['postcode', STRING],
      ['city', STRING],
      ['email', STRING],
    ],
    key: 'customer_id',
  },
  {
    name: 'orders',
    columns: [
      ['order_id', STRING],
      ['customer_id', INT],
      ['product_id', INT],
      ['price', 'DOUBLE NOT NULL'],
    ],
  },
  {
    name: 'products',
    columns: [
      ['product_id', INT],
      ['name', STRING],
      ['brand', STRING],
      ['vendor', STRING],
      ['department', STRING],
    ],
    key: 'product_id',
  },
];

function ddl(t: ExampleTable): string {
  const elements = [
    ...t.columns.map(([name, type]) => `\`${name}\` ${type}`),
    ROWTIME_COLUMN,
    ...(t.key ? [`PRIMARY KEY (\`${t.key}\`) NOT ENFORCED`] : []),
    EXAMPLE_WATERMARK,
  ];
  return `CREATE TABLE \`${EXAMPLES_CATALOG}\`.\`${EXAMPLES_DATABASE}\`.\`${t.name}\` (\n  ${elements.join(',\n  ')}\n) WITH ('connector' = 'cflink-examples', 'table' = '${t.name}', 'rows-per-second' = '${RATE}')`;
}

/** The CREATE TABLE statements of the examples, for a session's in-memory `examples` catalog. */
export const EXAMPLE_TABLES: { name: string; ddl: string }[] = TABLES.map((t) => ({ name: t.name, ddl: ddl(t) }));
